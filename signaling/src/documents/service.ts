import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '@shuoshi/db';
import type { Role } from '@shuoshi/protocol';
import { auditActorType } from '../auth/principal';
import { audit, auditAnonymous } from '../domain/audit';
import type { Ctx, ApiDeps } from '../domain/context';
import { BadInputCode, ConflictCode, DenyCode, badInput, conflictError, denied, notFoundError } from '../domain/errors';
import { canJoinSession, canManageSession, canReadSession, enforce } from '../domain/policy';
import { loadSession } from '../domain/sessions';
import type { RoomDocuments } from '../handlers/context';
import type { DocGrant } from './access';
import { readDocument, sha256, sniffMatches, writeDocument } from './files';
import { shownToParty } from './showings';

/** Shared documents of a case file: upload for a session, download by role or by a live-room grant. */
export interface UploadInput {
  name: string;
  mime: string;
  bytes: Buffer;
}

/** The host, whoever may work on the case, or an invited staff member or talk-room device uploads. */
export async function uploadSessionDocument(ctx: Ctx, sessionId: string, input: UploadInput) {
  const { prisma, now, documentsDir } = ctx.deps;
  const { row, facts } = await loadSession(prisma, sessionId);
  if (ctx.actor.kind === 'party') enforce({ allow: false, code: DenyCode.RoleNotAllowed, message: 'a party cannot add to the case file' });
  const manage = canManageSession(ctx.actor, facts);
  if (!manage.allow) enforce(canJoinSession(ctx.actor, facts));
  if (!row.caseId) throw conflictError(ConflictCode.NoCaseFile, 'a consultation session has no case file');
  if (!sniffMatches(input.bytes, input.mime)) throw badInput(BadInputCode.InvalidDocument, `the bytes are not a ${input.mime}`);
  const id = randomUUID();
  const digest = sha256(input.bytes);
  const rel = await writeDocument(documentsDir, row.caseId, id, input.bytes);
  const doc = await prisma.caseDocument.create({
    data: {
      id,
      caseId: row.caseId,
      sessionId,
      name: input.name,
      mime: input.mime,
      sizeBytes: input.bytes.length,
      sha256: digest,
      path: rel,
      uploaderType: auditActorType(ctx.actor),
      uploaderId: ctx.actor.id,
      uploadedAt: now(),
    },
  });
  await audit(prisma, ctx.actor, ctx.ip, { action: 'document.upload', entityType: 'CaseDocument', entityId: id, caseId: row.caseId, details: { sessionId, sha256: digest, sizeBytes: input.bytes.length, mime: input.mime } });
  return doc;
}

/** The session's documents (anyone who may read the session; a party, only those shown to them in the live room). */
export async function listSessionDocuments(ctx: Ctx, sessionId: string) {
  const { row, facts } = await loadSession(ctx.deps.prisma, sessionId);
  enforce(canReadSession(ctx.actor, facts));
  if (!row.caseId) return [];
  const shown = ctx.actor.kind === 'party' ? { showings: { some: { partyId: ctx.actor.id } } } : {};
  const docs = await ctx.deps.prisma.caseDocument.findMany({ where: { caseId: row.caseId, ...shown }, orderBy: { uploadedAt: 'asc' } });
  await audit(ctx.deps.prisma, ctx.actor, ctx.ip, { action: 'document.list', entityType: 'Session', entityId: sessionId, caseId: row.caseId, details: { documentIds: docs.map((d) => d.id) } });
  return docs;
}

export type DocumentReader = { kind: 'principal'; ctx: Ctx } | { kind: 'grant'; grant: DocGrant | null; ip: string | undefined };

const partyActor = (role: Role): 'PARTY' | 'DEVICE' | 'STAFF' => (role === 'party' ? 'PARTY' : role === 'operator' ? 'DEVICE' : 'STAFF');

/**
 * Reads a document's bytes: an API principal who may read its session (a mediator of
 * the township, the host, the invitees; a party only a document shown to them), or a live-room grant for this document, issued
 * in the room of its session. Every read and every refusal is audited with the case.
 */
export async function readCaseDocument(deps: ApiDeps, reader: DocumentReader, documentId: string) {
  const { prisma } = deps;
  const doc = await prisma.caseDocument.findUnique({ where: { id: documentId } });
  if (!doc) throw notFoundError('document');
  let allowed: { ok: true } | { ok: false; message: string };
  if (reader.kind === 'principal') {
    const sessionId = doc.sessionId;
    const d = sessionId ? canReadSession(reader.ctx.actor, (await loadSession(prisma, sessionId)).facts) : { allow: false as const, code: DenyCode.NotInvited, message: 'the document belongs to no session' };
    allowed = d.allow ? { ok: true } : { ok: false, message: d.message };
    // a party reads only what was shown to them in the live room (a caucus keeps its documents)
    const actor = reader.ctx.actor;
    if (allowed.ok && actor.kind === 'party' && !(await shownToParty(prisma, doc.id, actor.id))) allowed = { ok: false, message: 'this document was not shown to you' };
  } else {
    // the grant's room must belong to a session of the document's case (it may be shown in a later session)
    const g = reader.grant;
    const room = g && g.documentId === doc.id ? await prisma.session.findUnique({ where: { roomId: g.roomId }, select: { caseId: true } }) : null;
    allowed = room?.caseId === doc.caseId ? { ok: true } : { ok: false, message: 'no valid access to this document' };
  }
  const entry = { entityType: 'CaseDocument', entityId: doc.id, caseId: doc.caseId };
  const action = allowed.ok ? 'document.read' : 'document.read.denied';
  if (reader.kind === 'principal') await audit(prisma, reader.ctx.actor, reader.ctx.ip, { ...entry, action, details: { via: 'api' } });
  else {
    const claimed = { actorType: reader.grant ? partyActor(reader.grant.role) : 'SYSTEM', actorId: reader.grant?.peerId ?? null } as const;
    const row = { ...entry, action, details: { via: 'room', roomId: reader.grant?.roomId ?? null } };
    // a refused grant proves nothing: its rows are bounded per address (audit.ts auditAnonymous)
    if (allowed.ok) await prisma.auditLog.create({ data: { ...row, ...claimed, ip: reader.ip ?? null } });
    else await auditAnonymous(deps, reader.ip, row, claimed);
  }
  if (!allowed.ok) throw denied(DenyCode.NotInvited, allowed.message);
  const bytes = await readDocument(deps.documentsDir, doc.path);
  if (sha256(bytes) !== doc.sha256) throw new Error(`document ${doc.id} does not match its SHA-256`);
  return { doc, bytes };
}

/** For the live room: a document of the case file of the session that owns the room. */
export function prismaRoomDocuments(prisma: Pick<PrismaClient, 'session' | 'caseDocument'>): RoomDocuments {
  return {
    async find(roomId, documentId) {
      if (!/^[0-9a-f-]{36}$/i.test(documentId)) return null;
      const session = await prisma.session.findUnique({ where: { roomId }, select: { caseId: true } });
      if (!session?.caseId) return null;
      const doc = await prisma.caseDocument.findFirst({ where: { id: documentId, caseId: session.caseId }, select: { id: true, name: true, mime: true } });
      return doc ? { documentId: doc.id, name: doc.name, mime: doc.mime } : null;
    },
  };
}

import type { PrismaClient } from '@shuoshi/db';
import { audit } from './audit';
import { loadCase } from './case-facts';
import type { Ctx } from './context';
import { notFoundError } from './errors';
import { canWorkOnCase, enforce } from './policy';
import { loadSession } from './sessions';

/**
 * The mediator's private notes of a session (调解笔录 draft), kept in the case file.
 * Only those who may work on the case read or write them (canWorkOnCase: the case's
 * mediators, a village operator while the case is handled at village level); a party,
 * a talk-room device, the invited lawyer and the county administrator never do. Every
 * read and every save is audited.
 */
export interface NoteRow {
  sessionId: string;
  text: string;
  version: number;
  authorId: string | null;
  updatedAt: Date | null;
}

async function caseOfSession(ctx: Ctx, sessionId: string) {
  const { row, facts } = await loadSession(ctx.deps.prisma, sessionId);
  // a consultation has a lawyer's record, not a mediator's notes
  if (!row.caseId || !facts.case) throw notFoundError('mediation session');
  enforce(canWorkOnCase(ctx.actor, facts.case));
  return row.caseId;
}

/** The notes of one session (empty, version 0, when none were saved yet). */
export async function readSessionNotes(ctx: Ctx, sessionId: string): Promise<NoteRow> {
  const caseId = await caseOfSession(ctx, sessionId);
  const note = await ctx.deps.prisma.mediationNote.findUnique({ where: { sessionId } });
  await audit(ctx.deps.prisma, ctx.actor, ctx.ip, { action: 'notes.read', entityType: 'Session', entityId: sessionId, caseId, details: { version: note?.version ?? 0 } });
  return note ? view(note) : { sessionId, text: '', version: 0, authorId: null, updatedAt: null };
}

/** Replaces the session's notes (each save is the whole text; the page saves a moment after typing stops). */
export async function saveSessionNotes(ctx: Ctx, sessionId: string, text: string): Promise<NoteRow> {
  const caseId = await caseOfSession(ctx, sessionId);
  const { prisma, now } = ctx.deps;
  const at = now();
  const note = await prisma.mediationNote.upsert({
    where: { sessionId },
    create: { sessionId, caseId, text, authorId: ctx.actor.id, updatedAt: at },
    update: { text, authorId: ctx.actor.id, updatedAt: at, version: { increment: 1 } },
  });
  await audit(prisma, ctx.actor, ctx.ip, { action: 'notes.save', entityType: 'Session', entityId: sessionId, caseId, details: { version: note.version, length: text.length } });
  return view(note);
}

/** Every session's notes of a case, oldest session first (the case file). */
export async function readCaseNotes(ctx: Ctx, caseId: string): Promise<NoteRow[]> {
  const { facts } = await loadCase(ctx.deps.prisma, caseId);
  enforce(canWorkOnCase(ctx.actor, facts));
  const notes = await ctx.deps.prisma.mediationNote.findMany({ where: { caseId }, orderBy: { createdAt: 'asc' } });
  await audit(ctx.deps.prisma, ctx.actor, ctx.ip, { action: 'notes.read', entityType: 'Case', entityId: caseId, caseId, details: { sessions: notes.map((n) => n.sessionId) } });
  return notes.map(view);
}

type Note = NonNullable<Awaited<ReturnType<PrismaClient['mediationNote']['findUnique']>>>;
const view = (n: Note): NoteRow => ({ sessionId: n.sessionId, text: n.text, version: n.version, authorId: n.authorId, updatedAt: n.updatedAt });

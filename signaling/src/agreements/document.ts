import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { DisputeCategory, PartySide, PrismaClient } from '@shuoshi/db';

/** Everything an agreement document shows, loaded from the database and the signature files. */
export interface AgreementDocument {
  outcomeId: string;
  type: 'WRITTEN_AGREEMENT' | 'VERBAL_AGREEMENT';
  caseId: string;
  caseNumber: string;
  category: DisputeCategory;
  description: string;
  county: string;
  township: string;
  village: string | null;
  /** 人民调解委员会 that made it: the township's. */
  committee: string;
  parties: AgreementParty[];
  /** WRITTEN_AGREEMENT: the agreed terms; VERBAL_AGREEMENT: the content as recorded. */
  text: string;
  mediator: string;
  recordedAt: Date;
  signedAt: Date | null;
  judicialConfirmationDeadline: Date | null;
  /** VERBAL_AGREEMENT: the recording clips that back it. */
  clips: Array<{ id: string; sha256: string | null; fromMs: number | null; toMs: number | null; durationMs: number | null }>;
}

export interface AgreementParty {
  partyId: string;
  side: PartySide;
  name: string;
  idNumberMasked: string | null;
  /** The party's own village (recorded at intake), not the case's. */
  village: string | null;
  /** The party's own address as recorded at intake. */
  address: string | null;
  note: string | null;
  signature: AgreementSignatureImage | null;
}

export interface AgreementSignatureImage {
  mime: 'image/png' | 'image/jpeg';
  bytes: Buffer;
  sha256: string;
  signedAt: Date;
  /** The file's SHA-256 is the one stored when it was signed. */
  intact: boolean;
}

export type AgreementOutcomeType = AgreementDocument['type'];

/** Undefined when the outcome does not exist or is not an agreement. */
export async function loadAgreement(prisma: PrismaClient, outcomeId: string, signaturesDir: string): Promise<AgreementDocument | undefined> {
  const o = await prisma.outcome.findUnique({
    where: { id: outcomeId },
    include: {
      recordedBy: { select: { displayName: true } },
      signatures: true,
      clips: { where: { kind: 'CLIP' }, orderBy: { startedAt: 'asc' } },
      case: {
        include: {
          county: { select: { name: true } },
          township: { select: { name: true } },
          village: { select: { name: true } },
          parties: { include: { party: { include: { village: { select: { name: true } } } } }, orderBy: [{ side: 'asc' }, { addedAt: 'asc' }] },
        },
      },
    },
  });
  if (!o || (o.type !== 'WRITTEN_AGREEMENT' && o.type !== 'VERBAL_AGREEMENT')) return undefined;
  const c = o.case;
  const parties: AgreementParty[] = [];
  for (const cp of c.parties) {
    const sig = o.signatures.find((s) => s.partyId === cp.partyId);
    parties.push({
      partyId: cp.partyId,
      side: cp.side,
      name: cp.party.name,
      idNumberMasked: cp.party.idNumberMasked,
      village: cp.party.village?.name ?? null,
      address: cp.party.address,
      note: cp.note,
      signature: sig ? await readSignature(signaturesDir, sig.imagePath, sig.sha256, sig.signedAt) : null,
    });
  }
  return {
    outcomeId: o.id,
    type: o.type,
    caseId: c.id,
    caseNumber: c.caseNumber,
    category: c.category,
    description: c.description,
    county: c.county.name,
    township: c.township.name,
    village: c.village?.name ?? null,
    committee: `${c.township.name}人民调解委员会`,
    parties,
    text: (o.type === 'WRITTEN_AGREEMENT' ? o.terms : o.verbalContent) ?? '',
    mediator: o.recordedBy.displayName,
    recordedAt: o.recordedAt,
    signedAt: o.signedAt,
    judicialConfirmationDeadline: o.judicialConfirmationDeadline,
    clips: o.clips.map((r) => ({ id: r.id, sha256: r.sha256, fromMs: r.clipFromMs, toMs: r.clipToMs, durationMs: r.durationMs })),
  };
}

async function readSignature(dir: string, imagePath: string, sha256: string, signedAt: Date): Promise<AgreementSignatureImage | null> {
  const root = path.resolve(dir);
  const file = path.resolve(root, imagePath);
  if (!file.startsWith(root + path.sep)) return null;
  const bytes = await fs.readFile(file).catch(() => undefined);
  if (!bytes) return null;
  const mime = bytes[0] === 0x89 ? 'image/png' : 'image/jpeg';
  return { mime, bytes, sha256, signedAt, intact: createHash('sha256').update(bytes).digest('hex') === sha256 };
}

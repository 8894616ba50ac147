import type { Case, CaseStatus, DisputeCategory, HandlingLevel, IntakeChannel, PartySide, Prisma, PrismaClient } from './generated/prisma/client';

/** Case numbers and dates follow China Standard Time, whatever the server's zone. */
export const CASE_TIME_ZONE = 'Asia/Shanghai';

const yearFormat = new Intl.DateTimeFormat('en-US', { timeZone: CASE_TIME_ZONE, year: 'numeric' });

/** The calendar year of `at` in China (31 Dec 17:00 UTC is already next year). */
export function caseYear(at: Date): number {
  return Number(yearFormat.format(at));
}

/** "2026-青山镇-0042" */
export function formatCaseNumber(year: number, townshipName: string, sequence: number): string {
  return `${year}-${townshipName}-${String(sequence).padStart(4, '0')}`;
}

/**
 * The next sequence number for a township and year. Call it inside the
 * transaction that inserts the case: the counter row stays locked until commit,
 * so concurrent creators queue and a rolled-back case gives its number back.
 */
export async function allocateCaseNumber(tx: Prisma.TransactionClient, townshipId: string, year: number): Promise<number> {
  const rows = await tx.$queryRaw<Array<{ last_number: number }>>`
    INSERT INTO "case_number_counters" ("township_id", "year", "last_number")
    VALUES (${townshipId}::uuid, ${year}, 1)
    ON CONFLICT ("township_id", "year")
    DO UPDATE SET "last_number" = "case_number_counters"."last_number" + 1
    RETURNING "last_number"`;
  const n = rows[0]?.last_number;
  if (typeof n !== 'number') throw new Error('case number counter returned no row');
  return n;
}

export interface NewCase {
  /** The village the dispute belongs to; township and county follow from it. */
  villageId?: string;
  /** Required when there is no village (a township-level dispute). */
  townshipId?: string;
  category: DisputeCategory;
  intakeChannel: IntakeChannel;
  description: string;
  /** Default: VILLAGE when a village is given, else TOWNSHIP. */
  handlingLevel?: HandlingLevel;
  createdById: string;
  acceptedAt?: Date;
  parties?: Array<{ partyId: string; side: PartySide; note?: string }>;
}

/**
 * Accept (受理) a case: number it, attach its parties and write the CREATED event,
 * in one transaction.
 */
export async function createCase(prisma: PrismaClient, input: NewCase): Promise<Case> {
  return prisma.$transaction(async (tx) => {
    let townshipId = input.townshipId;
    if (input.villageId) {
      const village = await tx.village.findUniqueOrThrow({ where: { id: input.villageId }, select: { townshipId: true } });
      if (townshipId && townshipId !== village.townshipId) throw new Error(`village ${input.villageId} is not in township ${townshipId}`);
      townshipId = village.townshipId;
    }
    if (!townshipId) throw new Error('a case needs a village or a township');
    const township = await tx.township.findUniqueOrThrow({ where: { id: townshipId }, select: { name: true, countyId: true } });
    const acceptedAt = input.acceptedAt ?? new Date();
    const year = caseYear(acceptedAt);
    const sequence = await allocateCaseNumber(tx, townshipId, year);
    const created = await tx.case.create({
      data: {
        caseNumber: formatCaseNumber(year, township.name, sequence),
        year,
        sequence,
        category: input.category,
        intakeChannel: input.intakeChannel,
        description: input.description,
        handlingLevel: input.handlingLevel ?? (input.villageId ? 'VILLAGE' : 'TOWNSHIP'),
        countyId: township.countyId,
        townshipId,
        villageId: input.villageId ?? null,
        createdById: input.createdById,
        acceptedAt,
        parties: input.parties?.length ? { create: input.parties.map((p) => ({ partyId: p.partyId, side: p.side, note: p.note ?? null })) } : undefined,
        events: { create: { type: 'CREATED', actorId: input.createdById, payload: { caseNumber: formatCaseNumber(year, township.name, sequence) }, at: acceptedAt } },
      },
    });
    return created;
  });
}

/** The loop 受理 → 办理 → 回复 → 回访 → 结案; each status may move to these. */
export const CASE_STATUS_NEXT: Readonly<Record<CaseStatus, readonly CaseStatus[]>> = {
  ACCEPTED: ['IN_MEDIATION', 'CLOSED'],
  IN_MEDIATION: ['OUTCOME_GIVEN', 'CLOSED'],
  OUTCOME_GIVEN: ['FOLLOWED_UP', 'IN_MEDIATION', 'CLOSED'],
  FOLLOWED_UP: ['CLOSED', 'IN_MEDIATION'],
  CLOSED: [],
};

/** Days the parties have to apply for 司法确认 after signing (人民调解法 第33条). */
export const JUDICIAL_CONFIRMATION_DAYS = 30;

/** signedAt + 30 days (China has no daylight saving, so 30 × 24 h). */
export function judicialConfirmationDeadline(signedAt: Date): Date {
  return new Date(signedAt.getTime() + JUDICIAL_CONFIRMATION_DAYS * 24 * 60 * 60 * 1000);
}

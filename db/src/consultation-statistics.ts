import { Prisma, type DisputeCategory } from './generated/prisma/client';
import { runSql, type SqlClient } from './sql';

/**
 * Consultation statistics (远程法律咨询), one SQL statement with GROUPING SETS
 * (total, by village, by topic; villages by id, topics by name). Definitions (docs/api.md repeats them):
 * - in scope: consultations of the county asked in [from, to) (`requested_at`),
 *   placed by their talk room's township and village, `topic` as the category;
 * - requested = all of them; answered = status ANSWERED; abandoned = ABANDONED;
 * - live = accepted from the queue (accepted_at set, no call-back reason);
 *   waitP50S / waitP95S = percentiles (continuous) of accepted_at − requested_at
 *   over the live ones, in seconds (null when none);
 * - callbacks = became a call-back (any reason); callbacksKept / callbacksMissed =
 *   marked so by the lawyer.
 */
export interface ConsultationFilter {
  countyId: string;
  townshipId?: string | undefined;
  villageId?: string | undefined;
  topic?: DisputeCategory | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
}

export interface ConsultationFigures {
  requested: number;
  answered: number;
  abandoned: number;
  live: number;
  waitP50S: number | null;
  waitP95S: number | null;
  callbacks: number;
  callbacksKept: number;
  callbacksMissed: number;
}

export interface ConsultationStatistics {
  totals: ConsultationFigures;
  byVillage: Array<ConsultationFigures & { villageId: string | null; townshipId: string | null }>;
  byTopic: Array<ConsultationFigures & { topic: DisputeCategory }>;
}

interface Row {
  g: number;
  village_id: string | null;
  township_id: string | null;
  topic: DisputeCategory | null;
  requested: number;
  answered: number;
  abandoned: number;
  live: number;
  p50: number | null;
  p95: number | null;
  callbacks: number;
  kept: number;
  missed: number;
}

const round1 = (x: number | null) => (x === null ? null : Math.round(Number(x) * 10) / 10);

export async function consultationStatistics(db: SqlClient, f: ConsultationFilter): Promise<ConsultationStatistics> {
  const where = [Prisma.sql`q.county_id = ${f.countyId}::uuid`];
  if (f.townshipId) where.push(Prisma.sql`r.township_id = ${f.townshipId}::uuid`);
  if (f.villageId) where.push(Prisma.sql`r.village_id = ${f.villageId}::uuid`);
  if (f.topic) where.push(Prisma.sql`q.topic = ${f.topic}::dispute_category`);
  if (f.from) where.push(Prisma.sql`q.requested_at >= ${f.from}`);
  if (f.to) where.push(Prisma.sql`q.requested_at < ${f.to}`);
  const rows = await runSql<Row>(db, Prisma.sql`
    WITH scope AS (
      SELECT q.status, q.topic, r.village_id, r.township_id, q.callback_reason, q.callback_outcome,
             CASE WHEN q.accepted_at IS NOT NULL AND q.callback_reason IS NULL
                  THEN EXTRACT(EPOCH FROM (q.accepted_at - q.requested_at)) END AS wait_s
        FROM consultations q JOIN talk_rooms r ON r.id = q.talk_room_id
       WHERE ${Prisma.join(where, ' AND ')}
    )
    SELECT GROUPING(village_id, township_id, topic)::int AS g, village_id, township_id, topic,
           count(*)::int AS requested,
           (count(*) FILTER (WHERE status = 'ANSWERED'))::int AS answered,
           (count(*) FILTER (WHERE status = 'ABANDONED'))::int AS abandoned,
           count(wait_s)::int AS live,
           (percentile_cont(0.5) WITHIN GROUP (ORDER BY wait_s))::float8 AS p50,
           (percentile_cont(0.95) WITHIN GROUP (ORDER BY wait_s))::float8 AS p95,
           (count(*) FILTER (WHERE callback_reason IS NOT NULL))::int AS callbacks,
           (count(*) FILTER (WHERE callback_outcome = 'KEPT'))::int AS kept,
           (count(*) FILTER (WHERE callback_outcome = 'MISSED'))::int AS missed
      FROM scope
     GROUP BY GROUPING SETS ((), (village_id, township_id), (topic))
     ORDER BY g, village_id NULLS LAST, topic::text`);
  const figures = (r: Row | undefined): ConsultationFigures => ({
    requested: r?.requested ?? 0,
    answered: r?.answered ?? 0,
    abandoned: r?.abandoned ?? 0,
    live: r?.live ?? 0,
    waitP50S: round1(r?.p50 ?? null),
    waitP95S: round1(r?.p95 ?? null),
    callbacks: r?.callbacks ?? 0,
    callbacksKept: r?.kept ?? 0,
    callbacksMissed: r?.missed ?? 0,
  });
  // GROUPING bits (village_id, township_id, topic): 1 = not grouped by
  return {
    totals: figures(rows.find((r) => r.g === 0b111)),
    byVillage: rows.filter((r) => r.g === 0b001).map((r) => ({ villageId: r.village_id, townshipId: r.township_id, ...figures(r) })),
    byTopic: rows.filter((r) => r.g === 0b110).map((r) => ({ topic: r.topic!, ...figures(r) })),
  };
}

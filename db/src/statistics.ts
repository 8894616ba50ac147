import { Prisma, type CaseStatus, type DisputeCategory, type OutcomeType } from './generated/prisma/client';
import { runSql, type SqlClient } from './sql';
import { CASE_TIME_ZONE } from './cases';

/**
 * County statistics, computed by PostgreSQL in two statements (cases and
 * consultations), each one pass with GROUPING SETS.
 *
 * Definitions (docs/api.md repeats them):
 * - a case is in scope when it belongs to the county and matches the filters;
 *   the period filters `accepted_at` (受理) in [from, to);
 * - a case's outcome is its latest one (recorded_at, then id): a case that failed
 *   at the village and was then settled at the township counts as settled;
 * - concluded = the case has an outcome; resolved = that outcome is a written or
 *   verbal agreement; successRate = resolved ÷ concluded (null when nothing concluded);
 * - medianDaysToOutcome = median of (outcome.recorded_at − case.accepted_at) in days
 *   over concluded cases;
 * - followUpsOverdue = follow-ups of cases in scope not done and due before `now`;
 * - consultationsAnswered = consultations with status ANSWERED, placed by their talk
 *   room's township/village, `topic` as category, period on `requested_at`;
 * - month = the calendar month of accepted_at (requested_at) in Asia/Shanghai.
 * Groups without any case or consultation are left out.
 */
export interface StatisticsFilter {
  countyId: string;
  townshipId?: string | undefined;
  villageId?: string | undefined;
  category?: DisputeCategory | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  /** Reference time for "overdue" (default: now). */
  now?: Date | undefined;
}

export interface Figures {
  cases: number;
  concluded: number;
  resolved: number;
  successRate: number | null;
  written: number;
  verbal: number;
  failed: number;
  referred: number;
  medianDaysToOutcome: number | null;
  followUpsOverdue: number;
  consultations: number;
  consultationsAnswered: number;
}

export interface CountyStatistics {
  totals: Figures;
  byStatus: Record<CaseStatus, number>;
  byOutcome: Record<OutcomeType | 'NONE', number>;
  byTownship: Array<Figures & { townshipId: string }>;
  byVillage: Array<Figures & { villageId: string; townshipId: string }>;
  byCategory: Array<Figures & { category: DisputeCategory }>;
  byMonth: Array<Figures & { month: string }>;
}

const STATUSES: CaseStatus[] = ['ACCEPTED', 'IN_MEDIATION', 'OUTCOME_GIVEN', 'FOLLOWED_UP', 'CLOSED'];
const OUTCOMES: Array<OutcomeType | 'NONE'> = ['WRITTEN_AGREEMENT', 'VERBAL_AGREEMENT', 'FAILED', 'REFERRED', 'NONE'];

// GROUPING(township_id, village_id, category, month, status, outcome): 1 bit = not grouped by.
const G = { total: 0b111111, township: 0b011111, village: 0b001111, category: 0b110111, month: 0b111011, status: 0b111101, outcome: 0b111110 } as const;
// consultations: GROUPING(township_id, village_id, topic, month)
const CG = { total: 0b1111, township: 0b0111, village: 0b0011, category: 0b1101, month: 0b1110 } as const;

interface CaseRow {
  g: number;
  township_id: string | null;
  village_id: string | null;
  category: DisputeCategory | null;
  month: string | null;
  status: CaseStatus | null;
  outcome: OutcomeType | null;
  cases: number;
  concluded: number;
  resolved: number;
  written: number;
  verbal: number;
  failed: number;
  referred: number;
  median_days: number | null;
  overdue: number;
}

interface ConsultationRow {
  g: number;
  township_id: string | null;
  village_id: string | null;
  topic: DisputeCategory | null;
  month: string | null;
  total: number;
  answered: number;
}

export async function countyStatistics(db: SqlClient, f: StatisticsFilter): Promise<CountyStatistics> {
  const now = f.now ?? new Date();
  const tz = CASE_TIME_ZONE;
  const caseWhere = [
    Prisma.sql`c.county_id = ${f.countyId}::uuid`,
    ...(f.townshipId ? [Prisma.sql`c.township_id = ${f.townshipId}::uuid`] : []),
    ...(f.villageId ? [Prisma.sql`c.village_id = ${f.villageId}::uuid`] : []),
    ...(f.category ? [Prisma.sql`c.category = ${f.category}::dispute_category`] : []),
    ...(f.from ? [Prisma.sql`c.accepted_at >= ${f.from}`] : []),
    ...(f.to ? [Prisma.sql`c.accepted_at < ${f.to}`] : []),
  ];
  // One narrow row per case (its latest outcome, days to it, overdue follow-ups), then
  // every grouping in one pass. Narrow rows keep the grouping sorts cheap.
  const caseRows = await runSql<CaseRow>(db, Prisma.sql`
    WITH fin AS (
      SELECT DISTINCT ON (o.case_id) o.case_id, o.type, o.recorded_at
      FROM outcomes o JOIN cases c ON c.id = o.case_id
      WHERE ${Prisma.join(caseWhere, ' AND ')}
      ORDER BY o.case_id, o.recorded_at DESC, o.id DESC
    ), overdue AS (
      SELECT f.case_id, count(*)::int AS n FROM follow_ups f
      WHERE f.done_at IS NULL AND f.due_at < ${now}
      GROUP BY f.case_id
    ), s AS (
      SELECT c.township_id, c.village_id, c.category, c.status,
             date_trunc('month', c.accepted_at AT TIME ZONE ${tz})::date AS month,
             fin.type AS outcome,
             (extract(epoch FROM fin.recorded_at - c.accepted_at) / 86400)::float8 AS days,
             coalesce(overdue.n, 0) AS overdue
      FROM cases c
      LEFT JOIN fin ON fin.case_id = c.id
      LEFT JOIN overdue ON overdue.case_id = c.id
      WHERE ${Prisma.join(caseWhere, ' AND ')}
    )
    SELECT GROUPING(township_id, village_id, category, month, status, outcome)::int AS g,
           township_id::text AS township_id, village_id::text AS village_id, category, to_char(month, 'YYYY-MM') AS month, status, outcome,
           count(*)::int AS cases,
           count(outcome)::int AS concluded,
           count(*) FILTER (WHERE outcome IN ('WRITTEN_AGREEMENT', 'VERBAL_AGREEMENT'))::int AS resolved,
           count(*) FILTER (WHERE outcome = 'WRITTEN_AGREEMENT')::int AS written,
           count(*) FILTER (WHERE outcome = 'VERBAL_AGREEMENT')::int AS verbal,
           count(*) FILTER (WHERE outcome = 'FAILED')::int AS failed,
           count(*) FILTER (WHERE outcome = 'REFERRED')::int AS referred,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY days) AS median_days,
           sum(overdue)::int AS overdue
    FROM s
    GROUP BY GROUPING SETS ((), (township_id), (township_id, village_id), (category), (month), (status), (outcome))`);

  const consultationWhere = [
    Prisma.sql`q.county_id = ${f.countyId}::uuid`,
    ...(f.townshipId ? [Prisma.sql`t.township_id = ${f.townshipId}::uuid`] : []),
    ...(f.villageId ? [Prisma.sql`t.village_id = ${f.villageId}::uuid`] : []),
    ...(f.category ? [Prisma.sql`q.topic = ${f.category}::dispute_category`] : []),
    ...(f.from ? [Prisma.sql`q.requested_at >= ${f.from}`] : []),
    ...(f.to ? [Prisma.sql`q.requested_at < ${f.to}`] : []),
  ];
  const consultationRows = await runSql<ConsultationRow>(db, Prisma.sql`
    WITH scoped AS (
      SELECT t.township_id, t.village_id, q.topic, q.status,
             to_char(q.requested_at AT TIME ZONE ${tz}, 'YYYY-MM') AS month
      FROM consultations q JOIN talk_rooms t ON t.id = q.talk_room_id
      WHERE ${Prisma.join(consultationWhere, ' AND ')}
    )
    SELECT GROUPING(township_id, village_id, topic, month)::int AS g,
           township_id::text AS township_id, village_id::text AS village_id, topic, month,
           count(*)::int AS total,
           count(*) FILTER (WHERE status = 'ANSWERED')::int AS answered
    FROM scoped
    GROUP BY GROUPING SETS ((), (township_id), (township_id, village_id), (topic), (month))`);

  return assemble(caseRows, consultationRows);
}

const emptyFigures = (): Figures => ({
  cases: 0,
  concluded: 0,
  resolved: 0,
  successRate: null,
  written: 0,
  verbal: 0,
  failed: 0,
  referred: 0,
  medianDaysToOutcome: null,
  followUpsOverdue: 0,
  consultations: 0,
  consultationsAnswered: 0,
});

/** Days rounded to 2 decimals. */
const roundDays = (d: number | null) => (d === null ? null : Math.round(d * 100) / 100);
/** resolved ÷ concluded, rounded to 4 decimals. */
export const successRate = (resolved: number, concluded: number) => (concluded === 0 ? null : Math.round((resolved / concluded) * 10_000) / 10_000);

function fromCaseRow(r: CaseRow, into: Figures): Figures {
  Object.assign(into, {
    cases: r.cases,
    concluded: r.concluded,
    resolved: r.resolved,
    successRate: successRate(r.resolved, r.concluded),
    written: r.written,
    verbal: r.verbal,
    failed: r.failed,
    referred: r.referred,
    medianDaysToOutcome: roundDays(r.median_days),
    followUpsOverdue: r.overdue,
  });
  return into;
}

function assemble(caseRows: CaseRow[], consultationRows: ConsultationRow[]): CountyStatistics {
  const totals = emptyFigures();
  const byStatus = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<CaseStatus, number>;
  const byOutcome = Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<OutcomeType | 'NONE', number>;
  const townships = new Map<string, Figures & { townshipId: string }>();
  const villages = new Map<string, Figures & { villageId: string; townshipId: string }>();
  const categories = new Map<DisputeCategory, Figures & { category: DisputeCategory }>();
  const months = new Map<string, Figures & { month: string }>();

  const township = (id: string) => townships.get(id) ?? townships.set(id, { townshipId: id, ...emptyFigures() }).get(id)!;
  const village = (id: string, townshipId: string) => villages.get(id) ?? villages.set(id, { villageId: id, townshipId, ...emptyFigures() }).get(id)!;
  const category = (c: DisputeCategory) => categories.get(c) ?? categories.set(c, { category: c, ...emptyFigures() }).get(c)!;
  const month = (m: string) => months.get(m) ?? months.set(m, { month: m, ...emptyFigures() }).get(m)!;

  for (const r of caseRows) {
    if (r.g === G.total) fromCaseRow(r, totals);
    else if (r.g === G.township) fromCaseRow(r, township(r.township_id!));
    // cases handled at township level have no village: they count only for the township
    else if (r.g === G.village && r.village_id) fromCaseRow(r, village(r.village_id, r.township_id!));
    else if (r.g === G.category) fromCaseRow(r, category(r.category!));
    else if (r.g === G.month) fromCaseRow(r, month(r.month!));
    else if (r.g === G.status) byStatus[r.status!] = r.cases;
    else if (r.g === G.outcome) byOutcome[r.outcome ?? 'NONE'] = r.cases;
  }
  for (const r of consultationRows) {
    let into: Figures | undefined;
    if (r.g === CG.total) into = totals;
    else if (r.g === CG.township) into = township(r.township_id!);
    else if (r.g === CG.village && r.village_id) into = village(r.village_id, r.township_id!);
    else if (r.g === CG.category) into = category(r.topic!);
    else if (r.g === CG.month) into = month(r.month!);
    if (into) {
      into.consultations = r.total;
      into.consultationsAnswered = r.answered;
    }
  }
  const sorted = <T>(m: Map<string, T>) => [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
  return {
    totals,
    byStatus,
    byOutcome,
    byTownship: sorted(townships),
    byVillage: sorted(villages),
    byCategory: sorted(categories as Map<string, Figures & { category: DisputeCategory }>),
    byMonth: sorted(months),
  };
}

import { Prisma, type AuditActorType, type Case, type CaseStatus, type DisputeCategory, type HandlingLevel, type PrismaClient } from './generated/prisma/client';

/**
 * The case list, the API's hottest read ("my township's open cases"): one SQL
 * statement that selects the page, counts every match (window count) and writes
 * the audit row naming the cases shown (a data-modifying CTE), so a list costs one
 * round trip and is never served unaudited.
 */
export type CaseScope =
  | { kind: 'county'; countyId: string }
  | { kind: 'village'; countyId: string; villageId: string }
  /** the township's own cases and those referred to it */
  | { kind: 'township'; countyId: string; townshipId: string }
  /** cases with a session inviting this staff member, or a consultation they took */
  | { kind: 'invited'; countyId: string; staffId: string };

export interface CaseListFilter {
  status?: CaseStatus[] | undefined;
  category?: DisputeCategory | undefined;
  townshipId?: string | undefined;
  villageId?: string | undefined;
  level?: HandlingLevel | undefined;
  /** accepted_at in [from, to) */
  from?: Date | undefined;
  to?: Date | undefined;
}

export interface CaseListAudit {
  actorType: AuditActorType;
  actorId: string;
  ip: string | null;
}

function scopeSql(s: CaseScope): Prisma.Sql {
  const county = Prisma.sql`c.county_id = ${s.countyId}::uuid`;
  switch (s.kind) {
    case 'county':
      return county;
    case 'village':
      return Prisma.sql`${county} AND c.village_id = ${s.villageId}::uuid`;
    case 'township':
      return Prisma.sql`${county} AND (c.township_id = ${s.townshipId}::uuid OR c.id IN (SELECT r.case_id FROM referrals r WHERE r.to_township_id = ${s.townshipId}::uuid))`;
    case 'invited':
      return Prisma.sql`${county} AND (c.id IN (SELECT s.case_id FROM sessions s JOIN session_invites i ON i.session_id = s.id WHERE i.staff_id = ${s.staffId}::uuid AND s.case_id IS NOT NULL)
        OR c.id IN (SELECT q.case_id FROM consultations q WHERE q.lawyer_id = ${s.staffId}::uuid AND q.case_id IS NOT NULL))`;
  }
}

function filterSql(f: CaseListFilter): Prisma.Sql[] {
  return [
    ...(f.status?.length ? [Prisma.sql`c.status::text IN (${Prisma.join(f.status)})`] : []),
    ...(f.category ? [Prisma.sql`c.category = ${f.category}::dispute_category`] : []),
    ...(f.townshipId ? [Prisma.sql`c.township_id = ${f.townshipId}::uuid`] : []),
    ...(f.villageId ? [Prisma.sql`c.village_id = ${f.villageId}::uuid`] : []),
    ...(f.level ? [Prisma.sql`c.handling_level = ${f.level}::handling_level`] : []),
    ...(f.from ? [Prisma.sql`c.accepted_at >= ${f.from}`] : []),
    ...(f.to ? [Prisma.sql`c.accepted_at < ${f.to}`] : []),
  ];
}

interface Row {
  id: string;
  case_number: string;
  year: number;
  sequence: number;
  category: DisputeCategory;
  intake_channel: Case['intakeChannel'];
  description: string;
  handling_level: HandlingLevel;
  status: CaseStatus;
  county_id: string;
  township_id: string;
  village_id: string | null;
  legal_hold: boolean;
  created_by_id: string;
  accepted_at: Date;
  closed_at: Date | null;
  created_at: Date;
  updated_at: Date;
  total: number;
}

export async function listCasePage(
  prisma: PrismaClient,
  q: { scope: CaseScope; filter: CaseListFilter; page: number; pageSize: number; audit: CaseListAudit },
): Promise<{ items: Case[]; total: number }> {
  const where = Prisma.join([scopeSql(q.scope), ...filterSql(q.filter)], ' AND ');
  const offset = (q.page - 1) * q.pageSize;
  const rows = await prisma.$queryRaw<Row[]>`
    WITH page AS (
      SELECT c.id::text, c.case_number, c.year, c.sequence, c.category::text, c.intake_channel::text, c.description, c.handling_level::text,
             c.status::text, c.county_id::text, c.township_id::text, c.village_id::text, c.legal_hold, c.created_by_id::text,
             c.accepted_at, c.closed_at, c.created_at, c.updated_at, (count(*) OVER ())::int AS total
      FROM cases c
      WHERE ${where}
      ORDER BY c.accepted_at DESC, c.id DESC
      LIMIT ${q.pageSize} OFFSET ${offset}
    ), logged AS (
      INSERT INTO audit_logs (actor_type, actor_id, action, entity_type, ip, details)
      SELECT ${q.audit.actorType}::audit_actor_type, ${q.audit.actorId}, 'case.list', 'Case', ${q.audit.ip},
             jsonb_build_object('page', ${q.page}::int, 'pageSize', ${q.pageSize}::int, 'total', (SELECT max(total) FROM page),
                                'caseIds', coalesce((SELECT jsonb_agg(id ORDER BY accepted_at DESC, id DESC) FROM page), '[]'::jsonb))
    )
    SELECT * FROM page ORDER BY accepted_at DESC, id DESC`;
  let total = rows[0]?.total ?? 0;
  if (rows.length === 0 && offset > 0) {
    // past the last page: the window had nothing to count
    const n = await prisma.$queryRaw<Array<{ n: number }>>`SELECT count(*)::int AS n FROM cases c WHERE ${where}`;
    total = n[0]?.n ?? 0;
  }
  return {
    total,
    items: rows.map((r) => ({
      id: r.id,
      caseNumber: r.case_number,
      year: r.year,
      sequence: r.sequence,
      category: r.category,
      intakeChannel: r.intake_channel,
      description: r.description,
      handlingLevel: r.handling_level,
      status: r.status,
      countyId: r.county_id,
      townshipId: r.township_id,
      villageId: r.village_id,
      legalHold: r.legal_hold,
      createdById: r.created_by_id,
      acceptedAt: r.accepted_at,
      closedAt: r.closed_at,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    })),
  };
}

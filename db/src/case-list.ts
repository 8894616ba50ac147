import { Prisma, type AuditActorType, type Case, type CaseStatus, type DisputeCategory, type HandlingLevel } from './generated/prisma/client';
import { runSql, type SqlClient } from './sql';

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
  /** part of the case number or description (case-insensitive) */
  search?: string | undefined;
}

export interface CaseListAudit {
  actorType: AuditActorType;
  actorId: string;
  ip: string | null;
}

/**
 * The rows a scope may see, as a FROM source. A township's own cases and the cases of
 * other townships referred to it are two index-friendly branches of a UNION ALL
 * (an OR with a sub-select would scan the whole table); PostgreSQL pushes the
 * list filters down into both.
 */
function scopeSource(s: CaseScope): Prisma.Sql {
  switch (s.kind) {
    case 'county':
      return Prisma.sql`SELECT * FROM cases WHERE county_id = ${s.countyId}::uuid`;
    case 'village':
      return Prisma.sql`SELECT * FROM cases WHERE county_id = ${s.countyId}::uuid AND village_id = ${s.villageId}::uuid`;
    case 'township':
      return Prisma.sql`SELECT * FROM cases WHERE county_id = ${s.countyId}::uuid AND township_id = ${s.townshipId}::uuid
        UNION ALL
        SELECT * FROM cases y WHERE y.county_id = ${s.countyId}::uuid AND y.township_id <> ${s.townshipId}::uuid
          AND EXISTS (SELECT 1 FROM referrals r WHERE r.case_id = y.id AND r.to_township_id = ${s.townshipId}::uuid)`;
    case 'invited':
      return Prisma.sql`SELECT * FROM cases WHERE county_id = ${s.countyId}::uuid AND (
          id IN (SELECT s.case_id FROM sessions s JOIN session_invites i ON i.session_id = s.id WHERE i.staff_id = ${s.staffId}::uuid AND s.case_id IS NOT NULL)
          OR id IN (SELECT q.case_id FROM consultations q WHERE q.lawyer_id = ${s.staffId}::uuid AND q.case_id IS NOT NULL))`;
  }
}

function filterSql(f: CaseListFilter): Prisma.Sql[] {
  return [
    Prisma.sql`true`,
    ...(f.status?.length ? [Prisma.sql`c.status = ANY(${f.status}::case_status[])`] : []),
    ...(f.category ? [Prisma.sql`c.category = ${f.category}::dispute_category`] : []),
    ...(f.townshipId ? [Prisma.sql`c.township_id = ${f.townshipId}::uuid`] : []),
    ...(f.villageId ? [Prisma.sql`c.village_id = ${f.villageId}::uuid`] : []),
    ...(f.level ? [Prisma.sql`c.handling_level = ${f.level}::handling_level`] : []),
    ...(f.from ? [Prisma.sql`c.accepted_at >= ${f.from}`] : []),
    ...(f.to ? [Prisma.sql`c.accepted_at < ${f.to}`] : []),
    ...(f.search ? [Prisma.sql`(c.case_number ILIKE ${likePattern(f.search)} OR c.description ILIKE ${likePattern(f.search)})`] : []),
  ];
}

/** `%text%` with LIKE's own wildcards escaped (the default escape character is a backslash). */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
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
  db: SqlClient,
  q: { scope: CaseScope; filter: CaseListFilter; page: number; pageSize: number; audit: CaseListAudit },
): Promise<{ items: Case[]; total: number }> {
  const source = scopeSource(q.scope);
  const where = Prisma.join(filterSql(q.filter), ' AND ');
  const offset = (q.page - 1) * q.pageSize;
  const rows = await runSql<Row>(db, Prisma.sql`
    WITH page AS (
      SELECT c.id::text, c.case_number, c.year, c.sequence, c.category::text, c.intake_channel::text, c.description, c.handling_level::text,
             c.status::text, c.county_id::text, c.township_id::text, c.village_id::text, c.legal_hold, c.created_by_id::text,
             c.accepted_at, c.closed_at, c.created_at, c.updated_at, (count(*) OVER ())::int AS total
      FROM (${source}) c
      WHERE ${where}
      ORDER BY c.accepted_at DESC, c.id DESC
      LIMIT ${q.pageSize} OFFSET ${offset}
    ), logged AS (
      INSERT INTO audit_logs (actor_type, actor_id, action, entity_type, ip, details)
      SELECT ${q.audit.actorType}::audit_actor_type, ${q.audit.actorId}, 'case.list', 'Case', ${q.audit.ip},
             jsonb_build_object('page', ${q.page}::int, 'pageSize', ${q.pageSize}::int, 'total', (SELECT max(total) FROM page),
                                'caseIds', coalesce((SELECT jsonb_agg(id ORDER BY accepted_at DESC, id DESC) FROM page), '[]'::jsonb))
    )
    SELECT * FROM page ORDER BY accepted_at DESC, id DESC`);
  let total = rows[0]?.total ?? 0;
  if (rows.length === 0 && offset > 0) {
    // past the last page: the window had nothing to count
    const n = await runSql<{ n: number }>(db, Prisma.sql`SELECT count(*)::int AS n FROM (${source}) c WHERE ${where}`);
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

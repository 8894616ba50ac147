import type { Case, CaseScope, Prisma, PrismaClient } from '@shuoshi/db';
import type { StaffPrincipal } from '../auth/principal';
import { notFoundError } from './errors';
import type { CaseFacts } from './policy';

type Reader = Pick<PrismaClient, 'case'> | Prisma.TransactionClient;

/** A case and what the access rules need to know about it; 404 when there is no such case. */
export async function loadCase(db: Reader, caseId: string): Promise<{ row: Case; facts: CaseFacts }> {
  const row = await db.case.findUnique({
    where: { id: caseId },
    include: {
      referrals: { select: { toTownshipId: true } },
      sessions: { select: { invites: { where: { OR: [{ staffId: { not: null } }, { talkRoomId: { not: null } }] }, select: { staffId: true, talkRoomId: true } } } },
      consultations: { select: { lawyerId: true } },
    },
  });
  if (!row) throw notFoundError('case');
  const { referrals, sessions, consultations, ...rest } = row;
  return { row: rest, facts: caseFacts(rest, { referrals, sessions, consultations }) };
}

export function caseFacts(
  c: Pick<Case, 'countyId' | 'townshipId' | 'villageId' | 'handlingLevel'>,
  rel: {
    referrals: Array<{ toTownshipId: string | null }>;
    sessions: Array<{ invites: Array<{ staffId: string | null; talkRoomId?: string | null }> }>;
    consultations: Array<{ lawyerId: string | null }>;
  },
): CaseFacts {
  return {
    countyId: c.countyId,
    townshipId: c.townshipId,
    villageId: c.villageId,
    handlingLevel: c.handlingLevel,
    referredToTownshipIds: rel.referrals.flatMap((r) => (r.toTownshipId ? [r.toTownshipId] : [])),
    invitedStaffIds: rel.sessions.flatMap((s) => s.invites.flatMap((i) => (i.staffId ? [i.staffId] : []))),
    invitedTalkRoomIds: rel.sessions.flatMap((s) => s.invites.flatMap((i) => (i.talkRoomId ? [i.talkRoomId] : []))),
    consultationLawyerIds: rel.consultations.flatMap((q) => (q.lawyerId ? [q.lawyerId] : [])),
  };
}

/** The cases a staff member may see, as a filter (the list form of canReadCase). */
export function visibleCases(p: StaffPrincipal): Prisma.CaseWhereInput {
  switch (p.role) {
    case 'COUNTY_ADMIN':
      return { countyId: p.countyId };
    case 'VILLAGE_OPERATOR':
      return { countyId: p.countyId, villageId: p.villageId };
    case 'TOWNSHIP_MEDIATOR':
      return { countyId: p.countyId, OR: [{ townshipId: p.townshipId! }, { referrals: { some: { toTownshipId: p.townshipId! } } }] };
    case 'COUNTY_LEGAL_ADVISOR':
      return {
        countyId: p.countyId,
        OR: [{ sessions: { some: { invites: { some: { staffId: p.id } } } } }, { consultations: { some: { lawyerId: p.id } } }],
      };
  }
}

/** The same rule for the case list's SQL (db/src/case-list.ts). */
export function caseScope(p: StaffPrincipal): CaseScope {
  switch (p.role) {
    case 'COUNTY_ADMIN':
      return { kind: 'county', countyId: p.countyId };
    case 'VILLAGE_OPERATOR':
      return { kind: 'village', countyId: p.countyId, villageId: p.villageId! };
    case 'TOWNSHIP_MEDIATOR':
      return { kind: 'township', countyId: p.countyId, townshipId: p.townshipId! };
    case 'COUNTY_LEGAL_ADVISOR':
      return { kind: 'invited', countyId: p.countyId, staffId: p.id };
  }
}

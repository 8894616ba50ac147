import type { HandlingLevel, TalkRoomKind } from '@shuoshi/db';
import type { Principal, StaffPrincipal } from '../auth/principal';
import { DenyCode, denied } from './errors';

/**
 * Who may do what: pure decisions over facts the caller loaded. Every "no" names
 * its reason (a DenyCode) and becomes a 403. docs/api.md has the whole matrix.
 *
 * - VILLAGE_OPERATOR 说事拉理员: sees and creates the cases of their village; works on
 *   them (mediates, records outcomes, refers up) while the village handles them.
 * - TOWNSHIP_MEDIATOR: sees and works on the cases of their township and those
 *   referred to it.
 * - COUNTY_LEGAL_ADVISOR: sees the cases and consultations they are invited to
 *   (or took); works on consultations only.
 * - COUNTY_ADMIN: sees everything in the county, statistics and the audit log;
 *   changes no case; runs the county's organisation (townships, villages, talk
 *   rooms, staff accounts, talk-room devices).
 * - device: its talk room's sessions; party: its one session.
 */
export type Decision = { allow: true } | { allow: false; code: DenyCode; message: string };
const ALLOW: Decision = { allow: true };
const no = (code: DenyCode, message: string): Decision => ({ allow: false, code, message });

/** Throws the 403 for a refusal. */
export function enforce(d: Decision): void {
  if (!d.allow) throw denied(d.code, d.message);
}

/** What the rules need to know about a case. */
export interface CaseFacts {
  countyId: string;
  townshipId: string;
  villageId: string | null;
  handlingLevel: HandlingLevel;
  /** Townships it was referred to (Referral.toTownshipId). */
  referredToTownshipIds: readonly string[];
  /** Staff invited to any of its sessions. */
  invitedStaffIds: readonly string[];
  /** Talk rooms invited to any of its sessions. */
  invitedTalkRoomIds: readonly string[];
  /** Lawyers of the consultations linked to it. */
  consultationLawyerIds: readonly string[];
}

const staffOnly = (p: Principal, what: string): p is StaffPrincipal => {
  if (p.kind !== 'staff') throw denied(DenyCode.RoleNotAllowed, `a ${p.kind} cannot ${what}`);
  return true;
};

export function canReadCase(p: Principal, c: CaseFacts): Decision {
  if (p.kind !== 'staff') return no(DenyCode.RoleNotAllowed, `a ${p.kind} cannot read cases`);
  if (p.countyId !== c.countyId) return no(DenyCode.OutsideCounty, 'the case belongs to another county');
  switch (p.role) {
    case 'COUNTY_ADMIN':
      return ALLOW;
    case 'VILLAGE_OPERATOR':
      return c.villageId === p.villageId ? ALLOW : no(DenyCode.OutsideVillage, 'the case belongs to another village');
    case 'TOWNSHIP_MEDIATOR':
      return c.townshipId === p.townshipId || c.referredToTownshipIds.includes(p.townshipId!)
        ? ALLOW
        : no(DenyCode.OutsideTownship, 'the case belongs to another township and was not referred to yours');
    case 'COUNTY_LEGAL_ADVISOR':
      return c.invitedStaffIds.includes(p.id) || c.consultationLawyerIds.includes(p.id) ? ALLOW : no(DenyCode.NotInvited, 'you are not invited to this case');
  }
}

/**
 * The grid worker of a village talk room invited to one of the case's sessions: the
 * person beside a party who takes part from that room (who may live in another village
 * than the case's, or the case may be handled above the village).
 */
function invitedTalkRoomOperator(p: Principal, c: CaseFacts): boolean {
  return p.kind === 'staff' && p.role === 'VILLAGE_OPERATOR' && p.countyId === c.countyId && p.talkRoomId !== null && c.invitedTalkRoomIds.includes(p.talkRoomId);
}

/** The case file (GET /api/cases/:id): as canReadCase, and the invited talk room's grid worker, who witnesses signatures from it. */
export function canReadCaseFile(p: Principal, c: CaseFacts): Decision {
  const read = canReadCase(p, c);
  return read.allow || !invitedTalkRoomOperator(p, c) ? read : ALLOW;
}

/** Witness a party's signature of a written agreement: who may work on the case, or the invited talk room's grid worker. */
export function canWitnessSignature(p: Principal, c: CaseFacts): Decision {
  const work = canWorkOnCase(p, c);
  return work.allow || !invitedTalkRoomOperator(p, c) ? work : ALLOW;
}

/** Mediate: transitions, referrals, outcomes, signatures, sessions, invite codes, follow-ups. */
export function canWorkOnCase(p: Principal, c: CaseFacts): Decision {
  const read = canReadCase(p, c);
  if (!read.allow) return read;
  const s = p as StaffPrincipal;
  switch (s.role) {
    case 'COUNTY_ADMIN':
      return no(DenyCode.ReadOnlyRole, 'the county administrator has read-only access to cases');
    case 'COUNTY_LEGAL_ADVISOR':
      return no(DenyCode.RoleNotAllowed, 'a legal advisor advises; the mediator runs the case');
    case 'VILLAGE_OPERATOR':
      return c.handlingLevel === 'VILLAGE' ? ALLOW : no(DenyCode.CaseEscalated, `the case is handled at ${c.handlingLevel.toLowerCase()} level now`);
    case 'TOWNSHIP_MEDIATOR':
      return ALLOW;
  }
}

/** Which cases a staff member may list (the same rule as canReadCase, as a filter). */
export function assertCanListCases(p: Principal): asserts p is StaffPrincipal {
  staffOnly(p, 'list cases');
}

/** Without a target: whether the role may open cases at all. */
export function canCreateCase(p: Principal, target: { countyId: string; townshipId: string; villageId: string | null } | null): Decision {
  if (p.kind !== 'staff') return no(DenyCode.RoleNotAllowed, `a ${p.kind} cannot open cases`);
  if (target && p.countyId !== target.countyId) return no(DenyCode.OutsideCounty, 'that division belongs to another county');
  switch (p.role) {
    case 'COUNTY_ADMIN':
      return no(DenyCode.ReadOnlyRole, 'the county administrator has read-only access to cases');
    case 'COUNTY_LEGAL_ADVISOR':
      return no(DenyCode.RoleNotAllowed, 'cases are opened by village operators and township mediators');
    case 'VILLAGE_OPERATOR':
      return !target || target.villageId === p.villageId ? ALLOW : no(DenyCode.OutsideVillage, 'a village operator opens cases of their own village');
    case 'TOWNSHIP_MEDIATOR':
      return !target || target.townshipId === p.townshipId ? ALLOW : no(DenyCode.OutsideTownship, 'a mediator opens cases of their own township');
  }
}

/** Register a party (当事人) living in `villageId` (or of no village). */
export function canCreateParty(p: Principal, village: { countyId: string; townshipId: string; villageId: string } | null): Decision {
  if (p.kind !== 'staff') return no(DenyCode.RoleNotAllowed, `a ${p.kind} cannot register parties`);
  if (p.role === 'COUNTY_ADMIN') return no(DenyCode.ReadOnlyRole, 'the county administrator has read-only access');
  if (p.role === 'COUNTY_LEGAL_ADVISOR') return no(DenyCode.RoleNotAllowed, 'parties are registered by village operators and township mediators');
  if (!village) return ALLOW;
  if (village.countyId !== p.countyId) return no(DenyCode.OutsideCounty, 'that village belongs to another county');
  if (p.role === 'VILLAGE_OPERATOR' && village.villageId !== p.villageId) return no(DenyCode.OutsideVillage, 'a village operator registers villagers of their own village');
  if (p.role === 'TOWNSHIP_MEDIATOR' && village.townshipId !== p.townshipId) return no(DenyCode.OutsideTownship, 'that village is in another township');
  return ALLOW;
}

/** Where a party belongs: their village's county and township (without a village: those of who registered them). */
export interface PartyPlace {
  countyId: string | null;
  townshipId: string | null;
}

/**
 * Find a party, name them, or link them to a case or consultation: inside the caller's
 * county, and for village operators, township mediators and talk-room devices inside
 * their township too (a neighbouring village's party is theirs to mediate). A party
 * never decides this; a legal advisor sees parties through the cases they are invited to.
 */
export function canUseParty(p: Principal, party: PartyPlace): Decision {
  if (p.kind === 'party') return no(DenyCode.RoleNotAllowed, 'a party cannot use other parties');
  if (p.kind === 'staff' && p.role === 'COUNTY_LEGAL_ADVISOR') return no(DenyCode.RoleNotAllowed, 'legal advisors see parties through the cases they are invited to');
  if (party.countyId !== p.countyId) return no(DenyCode.OutsideCounty, 'the party belongs to another county');
  if (p.kind === 'staff' && p.role === 'COUNTY_ADMIN') return ALLOW;
  if (p.townshipId && party.townshipId && party.townshipId !== p.townshipId) return no(DenyCode.OutsideTownship, 'the party belongs to another township');
  return ALLOW;
}

export function canLookUpParty(p: Principal): Decision {
  if (p.kind !== 'staff') return no(DenyCode.RoleNotAllowed, `a ${p.kind} cannot look up parties`);
  return p.role === 'COUNTY_LEGAL_ADVISOR' ? no(DenyCode.RoleNotAllowed, 'legal advisors see parties through the cases they are invited to') : ALLOW;
}

export function canReadOrganisation(p: Principal): Decision {
  return p.kind === 'party' ? no(DenyCode.RoleNotAllowed, 'a party cannot browse the organisation') : ALLOW;
}

/** Enrol or revoke a talk room's devices: its village operator, or a county administrator. */
export function canManageDevices(p: Principal, room: { countyId: string; villageId: string | null; kind: TalkRoomKind }): Decision {
  if (p.kind !== 'staff') return no(DenyCode.RoleNotAllowed, `a ${p.kind} cannot enrol devices`);
  if (p.countyId !== room.countyId) return no(DenyCode.OutsideCounty, 'the talk room belongs to another county');
  if (p.role === 'COUNTY_ADMIN') return ALLOW;
  if (p.role === 'VILLAGE_OPERATOR') return room.villageId === p.villageId ? ALLOW : no(DenyCode.OutsideVillage, 'a village operator enrols devices of their own talk room');
  return no(DenyCode.RoleNotAllowed, 'devices are enrolled by the village operator or a county administrator');
}

/** Disable or re-enable a staff account: a county administrator, for their own county's staff. */
export function canManageStaff(p: Principal, target: { countyId: string }): Decision {
  if (p.kind !== 'staff' || p.role !== 'COUNTY_ADMIN') return no(DenyCode.RoleNotAllowed, 'staff accounts are managed by a county administrator');
  if (p.countyId !== target.countyId) return no(DenyCode.OutsideCounty, 'the account belongs to another county');
  return ALLOW;
}

/**
 * Create, rename or deactivate a township, village or talk room, create a staff account,
 * reset a password: a county administrator, in their own county. `target` is the county
 * of every division the request names (null: only the actor's own county is touched).
 */
export function canManageOrganisation(p: Principal, target: { countyId: string } | null): Decision {
  if (p.kind !== 'staff' || p.role !== 'COUNTY_ADMIN') return no(DenyCode.RoleNotAllowed, "the county's organisation is managed by a county administrator");
  if (target && p.countyId !== target.countyId) return no(DenyCode.OutsideCounty, 'that belongs to another county');
  return ALLOW;
}

/** Statistics: the county administrator for the county, a mediator for their own township. */
export function canReadStatistics(p: Principal, filter: { townshipId?: string | undefined; villageTownshipId?: string | undefined; countyId?: string | undefined }): Decision {
  if (p.kind !== 'staff') return no(DenyCode.RoleNotAllowed, `a ${p.kind} cannot read statistics`);
  if (filter.countyId && filter.countyId !== p.countyId) return no(DenyCode.OutsideCounty, 'that division belongs to another county');
  if (p.role === 'COUNTY_ADMIN') return ALLOW;
  if (p.role !== 'TOWNSHIP_MEDIATOR') return no(DenyCode.RoleNotAllowed, 'statistics are for county administrators and township mediators');
  if ((filter.townshipId && filter.townshipId !== p.townshipId) || (filter.villageTownshipId && filter.villageTownshipId !== p.townshipId)) {
    return no(DenyCode.OutsideTownship, 'a mediator sees the statistics of their own township');
  }
  return ALLOW;
}

export function canReadAudit(p: Principal): Decision {
  return p.kind === 'staff' && p.role === 'COUNTY_ADMIN' ? ALLOW : no(DenyCode.RoleNotAllowed, 'the audit log is for county administrators');
}

export function canListFollowUps(p: Principal): Decision {
  if (p.kind !== 'staff') return no(DenyCode.RoleNotAllowed, `a ${p.kind} has no follow-ups`);
  return p.role === 'COUNTY_LEGAL_ADVISOR' ? no(DenyCode.RoleNotAllowed, 'follow-ups (回访) are done by mediators') : ALLOW;
}

/** What the rules need to know about a session. */
export interface SessionFacts {
  id: string;
  hostId: string;
  countyId: string;
  invitedStaffIds: readonly string[];
  invitedTalkRoomIds: readonly string[];
  invitedPartyIds: readonly string[];
  /** For a mediation session: its case. */
  case: CaseFacts | null;
  /** For a consultation session: the talk room that asked and the lawyer. */
  consultation: { talkRoomId: string; villageId: string | null; lawyerId: string | null } | null;
}

export function canReadSession(p: Principal, s: SessionFacts): Decision {
  switch (p.kind) {
    case 'party':
      return p.sessionId === s.id ? ALLOW : no(DenyCode.NotYourSession, 'your code is for another session');
    case 'device':
      return s.invitedTalkRoomIds.includes(p.talkRoomId) ? ALLOW : no(DenyCode.NotInvited, 'this talk room is not invited to the session');
    case 'staff':
      if (p.countyId !== s.countyId) return no(DenyCode.OutsideCounty, 'the session belongs to another county');
      if (s.hostId === p.id || s.invitedStaffIds.includes(p.id)) return ALLOW;
      if (s.case) return canReadCase(p, s.case);
      if (p.role === 'COUNTY_ADMIN') return ALLOW;
      if (p.role === 'VILLAGE_OPERATOR' && s.consultation?.villageId === p.villageId) return ALLOW;
      return no(DenyCode.NotInvited, 'you are not invited to this session');
  }
}

/** A live-room join token: only the host and the invited (a staff member, a device of an invited talk room, the party). */
export function canJoinSession(p: Principal, s: SessionFacts): Decision {
  switch (p.kind) {
    case 'party':
      if (p.sessionId !== s.id) return no(DenyCode.NotYourSession, 'your code is for another session');
      return s.invitedPartyIds.includes(p.id) ? ALLOW : no(DenyCode.NotInvited, 'you are no longer invited to this session');
    case 'device':
      return s.invitedTalkRoomIds.includes(p.talkRoomId) ? ALLOW : no(DenyCode.NotInvited, 'this talk room is not invited to the session');
    case 'staff':
      if (p.countyId !== s.countyId) return no(DenyCode.OutsideCounty, 'the session belongs to another county');
      return s.hostId === p.id || s.invitedStaffIds.includes(p.id) ? ALLOW : no(DenyCode.NotInvited, 'you are not invited to this session');
  }
}

/** Start, end, issue invite codes: the host, or whoever may work on the case. */
export function canManageSession(p: Principal, s: SessionFacts): Decision {
  if (p.kind !== 'staff') return no(DenyCode.RoleNotAllowed, `a ${p.kind} cannot manage sessions`);
  if (p.countyId !== s.countyId) return no(DenyCode.OutsideCounty, 'the session belongs to another county');
  if (s.hostId === p.id) return ALLOW;
  if (s.case) return canWorkOnCase(p, s.case);
  if (p.role === 'COUNTY_ADMIN') return no(DenyCode.ReadOnlyRole, 'the county administrator has read-only access');
  return no(DenyCode.NotInvited, 'only the host manages a consultation session');
}

/** Consultations: a lawyer sees the county's queue and those they took; the talk room's operator those asked from it. */
export interface ConsultationFacts {
  countyId: string;
  villageId: string | null;
  talkRoomId: string;
  lawyerId: string | null;
  status: string;
  invitedStaffIds: readonly string[];
}

export function canReadConsultation(p: Principal, c: ConsultationFacts): Decision {
  if (p.kind === 'party') return no(DenyCode.RoleNotAllowed, 'a party cannot read consultations');
  if (p.kind === 'device') return p.talkRoomId === c.talkRoomId ? ALLOW : no(DenyCode.NotInvited, 'the consultation was asked from another talk room');
  if (p.countyId !== c.countyId) return no(DenyCode.OutsideCounty, 'the consultation belongs to another county');
  switch (p.role) {
    case 'COUNTY_ADMIN':
      return ALLOW;
    case 'COUNTY_LEGAL_ADVISOR':
      return c.lawyerId === p.id || c.invitedStaffIds.includes(p.id) || (c.status === 'QUEUED' && c.lawyerId === null)
        ? ALLOW
        : no(DenyCode.NotInvited, 'another lawyer took this consultation');
    case 'VILLAGE_OPERATOR':
      return c.villageId === p.villageId ? ALLOW : no(DenyCode.OutsideVillage, 'the consultation was asked from another village');
    case 'TOWNSHIP_MEDIATOR':
      return no(DenyCode.RoleNotAllowed, 'consultations are between villagers and county lawyers');
  }
}

/** Ask a consultation from a talk room: its device or its village operator. */
export function canAskConsultation(p: Principal, room: { id: string; countyId: string; villageId: string | null; kind: TalkRoomKind }): Decision {
  if (p.kind === 'device') return p.talkRoomId === room.id ? ALLOW : no(DenyCode.NotInvited, 'a device asks from its own talk room');
  if (p.kind !== 'staff') return no(DenyCode.RoleNotAllowed, 'a party cannot ask consultations here');
  if (p.countyId !== room.countyId) return no(DenyCode.OutsideCounty, 'the talk room belongs to another county');
  if (p.role === 'VILLAGE_OPERATOR') return room.villageId === p.villageId ? ALLOW : no(DenyCode.OutsideVillage, 'an operator asks from their own talk room');
  return p.role === 'COUNTY_ADMIN' ? no(DenyCode.ReadOnlyRole, 'the county administrator has read-only access') : no(DenyCode.RoleNotAllowed, 'consultations are asked from village talk rooms');
}

/** Take or answer a consultation: a lawyer of the county; once taken, only that lawyer. */
export function canAnswerConsultation(p: Principal, c: ConsultationFacts): Decision {
  if (p.kind !== 'staff' || p.role !== 'COUNTY_LEGAL_ADVISOR') {
    return p.kind === 'staff' && p.role === 'COUNTY_ADMIN' ? no(DenyCode.ReadOnlyRole, 'the county administrator has read-only access') : no(DenyCode.RoleNotAllowed, 'consultations are answered by county legal advisors');
  }
  if (p.countyId !== c.countyId) return no(DenyCode.OutsideCounty, 'the consultation belongs to another county');
  return c.lawyerId === null || c.lawyerId === p.id ? ALLOW : no(DenyCode.NotAssigned, 'another lawyer took this consultation');
}

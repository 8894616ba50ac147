import type { StaffRole } from '@shuoshi/db';

/**
 * Who is calling the API. Three kinds, three credentials:
 * - staff: a 15-minute access token (JWT) obtained with a password and refreshed;
 * - device: the long-lived credential of a talk-room device, checked against the
 *   database on every request (so revocation is immediate);
 * - party: a token scoped to one session, obtained with an invite code.
 */
export interface StaffPrincipal {
  kind: 'staff';
  id: string;
  role: StaffRole;
  countyId: string;
  townshipId: string | null;
  villageId: string | null;
  talkRoomId: string | null;
  name: string;
}

export interface DevicePrincipal {
  kind: 'device';
  id: string;
  talkRoomId: string;
  countyId: string;
  townshipId: string | null;
  villageId: string | null;
  name: string;
}

export interface PartyPrincipal {
  kind: 'party';
  /** The party's id. */
  id: string;
  sessionId: string;
  name: string;
}

export type Principal = StaffPrincipal | DevicePrincipal | PartyPrincipal;
export type PrincipalKind = Principal['kind'];

export const auditActorType = (p: Principal) => (p.kind === 'staff' ? 'STAFF' : p.kind === 'device' ? 'DEVICE' : 'PARTY') as 'STAFF' | 'DEVICE' | 'PARTY';

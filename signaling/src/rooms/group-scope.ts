import type { Peer } from './peer';

/**
 * What a room's group features (chat, shown documents) need of the room: which caucus
 * group a seat is in, who is admitted in a group now, and who hosts.
 */
export interface GroupScope {
  /** The seat's caucus group (null: the plenary). */
  groupOf(peerId: string): string | null;
  /** The admitted seats in a group now (null: the plenary, everyone). */
  audienceOf(groupId: string | null): string[] | null;
  /** The admitted seats in a group (null: the plenary). */
  inGroup(groupId: string | null): Peer[];
  isHost(peer: Peer): boolean;
}

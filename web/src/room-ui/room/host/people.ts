import type { Role } from '@shuoshi/protocol';
import type { RemotePeer, RoomClient } from '../../../room';

export interface Person {
  peerId: string;
  displayName: string;
  role: Role;
  self: boolean;
}

/** Me first, then everyone admitted, as the host lists them. */
export function everyone(client: RoomClient, peers: RemotePeer[]): Person[] {
  const me = client.self;
  const list: Person[] = me ? [{ peerId: me.peerId, displayName: me.displayName, role: me.role, self: true }] : [];
  for (const p of peers) list.push({ peerId: p.peerId, displayName: p.displayName, role: p.role, self: false });
  return list;
}

import type { Role } from '@shuoshi/protocol';
import type { RemotePeer, RoomClient } from '../../../room';

export interface Person {
  peerId: string;
  displayName: string;
  role: Role;
  self: boolean;
  /** Their media link as the server sees it (absent for oneself). */
  link?: RemotePeer['link'] | undefined;
}

/** Me first, then everyone admitted, as the host lists them (`names`: how their tiles name them, e.g. 青山村说事室 · 设备2). */
export function everyone(client: RoomClient, peers: RemotePeer[], names?: ReadonlyMap<string, { name: string }>): Person[] {
  const me = client.self;
  const list: Person[] = me ? [{ peerId: me.peerId, displayName: me.displayName, role: me.role, self: true }] : [];
  for (const p of peers) list.push({ peerId: p.peerId, displayName: names?.get(p.peerId)?.name ?? p.displayName, role: p.role, self: false, link: p.link });
  return list;
}

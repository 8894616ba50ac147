import type { CaucusGroups, Role } from '@shuoshi/protocol';
import { Peer } from './peer';
import type { HostImage } from './room-host';
import type { Room } from './room';

/** One seat as another node rebuilds it: who, and the instance its resume token names. */
export interface SeatImage {
  peerId: string;
  displayName: string;
  role: Role;
  talkRoom: string | null;
  sessionId: string;
  /** Waiting in the lobby since then (ISO time); absent: admitted. */
  waitingSince?: string;
}

/**
 * What of a live room survives its node (issue #15): the seats and their resume
 * credentials, admission and the lobby, the host and what the host set (mutes, hands,
 * lock), caucus groups, places kept and people removed or declined. Media is not in it:
 * a rebuilt room's seats set their transports up afresh. Chat is in the database already.
 * Plain JSON, versioned.
 */
export interface RoomImage {
  v: 1;
  roomId: string;
  seats: SeatImage[];
  host: HostImage;
  caucus: CaucusGroups;
  removed: string[];
  declined: string[];
  keptPlaces: Array<[string, number]>;
}

export function imageOf(room: Room): RoomImage {
  const lobby = room.lobby.image();
  const seat = (p: Peer, waitingSince?: string): SeatImage => ({
    peerId: p.id,
    displayName: p.displayName,
    role: p.role,
    talkRoom: p.talkRoom,
    sessionId: p.sessionId,
    ...(waitingSince ? { waitingSince } : {}),
  });
  return {
    v: 1,
    roomId: room.id,
    seats: [...[...room.peers.values()].map((p) => seat(p)), ...room.lobby.peers().map((p) => seat(p, lobby.since[p.id]))],
    host: room.host.image(),
    caucus: room.caucus.image(),
    removed: [...room.removed],
    declined: lobby.declined,
    keptPlaces: room.places.image(),
  };
}

/**
 * Rebuilds a room from its image, into a room just opened on this node (no seat yet).
 * Every seat comes back without a socket: the others see it reconnecting, and its owner's
 * `resume` re-binds it within the grace period (same seat, group and admission).
 */
export function restoreImage(room: Room, image: RoomImage): void {
  if (image.v !== 1 || image.roomId !== room.id || room.peers.size > 0 || room.lobby.size > 0) return;
  room.host.restore(image.host);
  room.caucus.restore(image.caucus);
  for (const id of image.removed) room.removed.add(id);
  room.lobby.restoreDeclined(image.declined);
  room.places.restore(image.keptPlaces);
  for (const s of image.seats) {
    const peer = new Peer(s.peerId, s.displayName, s.role, undefined, room.log.child({ peerId: s.peerId }), s.talkRoom, s.sessionId);
    if (s.waitingSince) room.lobby.enter(peer, peer.talkRoom, new Date(s.waitingSince));
    else {
      room.media.addPeer(peer.mediaKey);
      room.peers.set(peer.id, peer);
    }
    peer.awaitReturn(room.graceMs, () => room.expire(peer));
  }
  room.log.info({ seats: image.seats.length, groups: image.caucus.length }, 'room rebuilt from its image');
}

/** Reads an image back from its JSON; anything that is not one is ignored (undefined). */
export function parseImage(json: string | null): RoomImage | undefined {
  if (!json) return undefined;
  try {
    const img = JSON.parse(json) as RoomImage;
    return img && img.v === 1 && Array.isArray(img.seats) ? img : undefined;
  } catch {
    return undefined;
  }
}

import type { CaucusGroups, Role } from '@shuoshi/protocol';
import { Peer } from './peer';
import { parseRecordingImage, type RecordingImage } from './recording-image';
import type { HostImage } from './room-host';
import type { Room } from './room';
import type { ShowingImage } from './shared-docs';

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
 * lock), caucus groups, places kept and people removed or declined, and (v2) the
 * recording's consent round and policy (recording-image.ts), and the documents shown in
 * each group with who may see them. Media is not in it: a rebuilt
 * room's seats set their transports up afresh. Chat is in the database already.
 * Plain JSON, versioned: a v1 image (written before v2) still rebuilds, without recording.
 */
export interface RoomImage {
  v: 1 | 2;
  roomId: string;
  seats: SeatImage[];
  host: HostImage;
  caucus: CaucusGroups;
  removed: string[];
  declined: string[];
  keptPlaces: Array<[string, number]>;
  /** v2: the recording's state, when anyone asked to record in this room. */
  recording?: RecordingImage;
  /** v2: the documents shown now, by group, and who may see each (absent: none). */
  docs?: ShowingImage[];
}

/** The image formats this node reads. */
const READS = new Set([1, 2]);

export function imageOf(room: Room, recording?: RecordingImage): RoomImage {
  const lobby = room.lobby.image();
  const docs = room.docs.image();
  const seat = (p: Peer, waitingSince?: string): SeatImage => ({
    peerId: p.id,
    displayName: p.displayName,
    role: p.role,
    talkRoom: p.talkRoom,
    sessionId: p.sessionId,
    ...(waitingSince ? { waitingSince } : {}),
  });
  return {
    v: 2,
    roomId: room.id,
    seats: [...[...room.peers.values()].map((p) => seat(p)), ...room.lobby.peers().map((p) => seat(p, lobby.since[p.id]))],
    host: room.host.image(),
    caucus: room.caucus.image(),
    removed: [...room.removed],
    declined: lobby.declined,
    keptPlaces: room.places.image(),
    ...(recording ? { recording } : {}),
    ...(docs.length > 0 ? { docs } : {}),
  };
}

/**
 * Rebuilds a room from its image, into a room just opened on this node (no seat yet).
 * Every seat comes back without a socket: the others see it reconnecting, and its owner's
 * `resume` re-binds it within the grace period (same seat, group and admission).
 */
export function restoreImage(room: Room, image: RoomImage): void {
  if (!READS.has(image.v) || image.roomId !== room.id || room.peers.size > 0 || room.lobby.size > 0) return;
  room.host.restore(image.host);
  room.caucus.restore(image.caucus);
  for (const id of image.removed) room.removed.add(id);
  room.lobby.restoreDeclined(image.declined);
  room.places.restore(image.keptPlaces);
  room.docs.restore(image.docs ?? []);
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
    if (!img || !READS.has(img.v) || !Array.isArray(img.seats)) return undefined;
    const recording = parseRecordingImage(img.recording);
    const docs = Array.isArray(img.docs) ? img.docs.filter(isShowing) : [];
    const { recording: _dropped, docs: _docs, ...rest } = img;
    return { ...rest, ...(recording ? { recording } : {}), ...(docs.length > 0 ? { docs } : {}) };
  } catch {
    return undefined;
  }
}

function isShowing(s: unknown): s is ShowingImage {
  const x = s as Partial<ShowingImage> | null;
  return Boolean(
    x && x.doc && typeof x.doc.documentId === 'string' && typeof x.doc.name === 'string' && (x.audience === null || (Array.isArray(x.audience) && x.audience.every((id) => typeof id === 'string'))),
  );
}

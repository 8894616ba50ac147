import { waitingRoomView, type RoomView } from '@shuoshi/protocol';
import type { Peer } from './peer';
import type { Room } from './room';

/**
 * What a seat sees of the room now (the join and resume acks, `admitted`): the others,
 * the host, the caucus plan, the lock, its group's chat and shown document, hands and the
 * host's mutes. A waiting seat sees only whether a host is there and the lock.
 */
export function seatView(room: Room, peer: Peer): RoomView {
  if (room.isWaiting(peer)) return waitingRoomView(room.hostId, room.host.locked);
  const groupId = room.caucus.group(peer.id);
  return {
    peers: [...room.peers.values()].filter((p) => p !== peer).map((p) => p.info()),
    hostId: room.hostId,
    caucus: room.caucus.groups(),
    locked: room.host.locked,
    chat: room.chat.page(peer.id, groupId).messages,
    shownDocument: room.docs.for(groupId, peer),
    hands: room.host.raisedHands(),
    hostMutes: room.host.mutesList(),
    audioOnly: room.audioOnly.view(),
  };
}

import type { FastifyInstance, FastifyReply } from 'fastify';
import { TokenVerifier, type VideoGrant } from 'livekit-server-sdk';
import {
  ListParticipantsRequest, ListParticipantsResponse, ListRoomsRequest, ListRoomsResponse, MuteRoomTrackRequest, MuteRoomTrackResponse,
  RemoveParticipantResponse, Room as LkRoom, RoomParticipantIdentity,
} from '@livekit/protocol';
import type { Room } from '../rooms/room';
import type { LiveKitConfig } from './config';
import { participantInfo, seatView, trackInfo } from './participants';
import type { LiveKitDeps } from './session';

/** Twirp's error body and the statuses livekit-server-sdk maps back to a TwirpError. */
class TwirpFailure extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}
const fail = {
  auth: (m: string) => new TwirpFailure(401, 'unauthenticated', m),
  denied: (m: string) => new TwirpFailure(403, 'permission_denied', m),
  notFound: (m: string) => new TwirpFailure(404, 'not_found', m),
  bad: (m: string) => new TwirpFailure(400, 'invalid_argument', m),
};

/** What a RoomService caller needs: the deployment's API key, and a grant for the method. */
async function grantOf(cfg: LiveKitConfig, header: string | undefined): Promise<VideoGrant> {
  const token = /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1];
  if (!token) throw fail.auth('an Authorization: Bearer token signed with the API key is required');
  try {
    return (await new TokenVerifier(cfg.apiKey, cfg.apiSecret).verify(token)).video ?? {};
  } catch {
    throw fail.auth('the token is not signed with this deployment\'s API key and secret, or has expired');
  }
}

export interface RoomServiceDeps extends Pick<LiveKitDeps, 'rooms' | 'sids' | 'sessionRecord' | 'log'> {
  audit?: ((entry: { roomId: string; action: string; details: Record<string, unknown> }) => Promise<void>) | undefined;
}

/**
 * The subset of LiveKit's Twirp RoomService an operator needs, over the same rooms:
 * ListRooms (roomList grant), ListParticipants, RemoveParticipant and
 * MutePublishedTrack (roomAdmin for that room). JSON only (what livekit-server-sdk's
 * RoomServiceClient sends). A removal is for good and audited, as the host's is; a
 * mute is the host's hard mute (the participant's own unmute is refused until lifted).
 */
export function roomServiceRoutes(cfg: LiveKitConfig | undefined, deps: () => RoomServiceDeps | undefined) {
  return async (app: FastifyInstance) => {
    app.post<{ Params: { method: string } }>('/twirp/livekit.RoomService/:method', async (req, reply) => {
      try {
        const d = deps();
        if (!cfg || !d) throw fail.notFound('this deployment has no LiveKit endpoint');
        const grant = await grantOf(cfg, req.headers.authorization);
        if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) throw fail.bad('send JSON (application/json)');
        const body = (req.body ?? {}) as object;
        const admin = (room: string): Room => {
          if (!grant.roomAdmin || grant.room !== room) throw fail.denied('needs a roomAdmin grant for this room');
          const r = d.rooms.get(room);
          if (!r || r.closed) throw fail.notFound('no such room is live on this server');
          return r;
        };
        switch (req.params.method) {
          case 'ListRooms': {
            if (!grant.roomList) throw fail.denied('needs a roomList grant');
            const { names } = ListRoomsRequest.fromJson(body as never, { ignoreUnknownFields: true });
            const rooms = d.rooms.list().filter((r) => names.length === 0 || names.includes(r.id));
            return send(reply, new ListRoomsResponse({ rooms: rooms.map((r) => new LkRoom({ sid: `RM_${r.id.replace(/[^A-Za-z0-9]/g, '').slice(0, 24)}`, name: r.id, numParticipants: r.peers.size + r.lobby.size, numPublishers: [...r.peers.values()].filter((p) => p.producers.size > 0).length })) }).toJson());
          }
          case 'ListParticipants': {
            const r = admin(ListParticipantsRequest.fromJson(body as never, { ignoreUnknownFields: true }).room);
            const seats = [...r.peers.values(), ...r.lobby.peers()];
            return send(reply, new ListParticipantsResponse({ participants: seats.map((p) => participantInfo(d.sids, { ...seatView(p, 0), permission: { canSubscribe: !r.isWaiting(p), canPublish: !r.isWaiting(p) && p.role !== 'observer' } })) }).toJson());
          }
          case 'RemoveParticipant': {
            const { room, identity } = RoomParticipantIdentity.fromJson(body as never, { ignoreUnknownFields: true });
            const r = admin(room);
            if (!r.peers.has(identity) && !r.lobby.get(identity)) throw fail.notFound('no such participant in the room');
            r.removeParticipant(identity, 'out');
            await d.sessionRecord?.removed(r.id, identity, `livekit-api:${cfg.apiKey}`);
            await d.audit?.({ roomId: r.id, action: 'room.remove', details: { peerId: identity, by: 'livekit-room-service', apiKey: cfg.apiKey } });
            d.log.info({ roomId: r.id, peerId: identity }, 'removed through the LiveKit room service');
            return send(reply, new RemoveParticipantResponse().toJson());
          }
          case 'MutePublishedTrack': {
            const { room, identity, trackSid, muted } = MuteRoomTrackRequest.fromJson(body as never, { ignoreUnknownFields: true });
            const r = admin(room);
            const peer = r.peers.get(identity);
            const producerId = peer && d.sids.producerOf(trackSid, peer.producers.keys());
            const owned = producerId ? peer.producers.get(producerId) : undefined;
            if (!peer || !owned || !producerId) throw fail.notFound('no such track');
            await r.host.mute(identity, owned.source, muted);
            await d.audit?.({ roomId: r.id, action: 'room.mute', details: { peerId: identity, source: owned.source, muted, by: 'livekit-room-service', apiKey: cfg.apiKey } });
            const info = peer.producerInfos().find((p) => p.producerId === producerId)!;
            return send(reply, new MuteRoomTrackResponse({ track: trackInfo(d.sids, info) }).toJson());
          }
          default:
            throw new TwirpFailure(404, 'bad_route', `RoomService/${req.params.method} is not supported by this server`);
        }
      } catch (err) {
        if (err instanceof TwirpFailure) return send(reply, { code: err.code, msg: err.message }, err.status);
        deps()?.log.error({ err }, 'LiveKit room service failed');
        return send(reply, { code: 'internal', msg: 'the request failed on the server' }, 500);
      }
    });
  };
}

/** livekit-server-sdk reads an error body only when the type is exactly application/json. */
function send(reply: FastifyReply, body: unknown, status = 200) {
  return reply.status(status).header('content-type', 'application/json').send(Buffer.from(JSON.stringify(body))); // a Buffer: Fastify adds no charset
}

import { AccessToken, TokenVerifier, type ClaimGrants } from 'livekit-server-sdk';
import { Value } from '@sinclair/typebox/value';
import { ErrorCode, Role } from '@shuoshi/protocol';
import type { RoomClaims } from '../auth/room-token';
import { AppError } from '../errors';
import type { LiveKitConfig } from './config';

/**
 * LiveKit access tokens for our rooms: minted with livekit-server-sdk's AccessToken
 * (never by hand) for exactly the seat our own join token would give, and checked
 * with its TokenVerifier. Our seat claims (role, host, lobby skip, talk room) ride
 * in the token's attributes under `shuoshi.`; they are signed like the rest, and the
 * endpoint never shows them to other participants.
 */
const ATTR = { role: 'shuoshi.role', host: 'shuoshi.host', autoAdmit: 'shuoshi.autoAdmit', talkRoom: 'shuoshi.talkRoom' } as const;
export const SEAT_ATTRIBUTE_PREFIX = 'shuoshi.';

export async function mintLiveKitToken(cfg: LiveKitConfig, seat: RoomClaims, ttlSeconds: number): Promise<{ token: string; expiresAt: Date }> {
  const attributes: Record<string, string> = { [ATTR.role]: seat.role };
  if (seat.host) attributes[ATTR.host] = '1';
  if (seat.autoAdmit) attributes[ATTR.autoAdmit] = '1';
  if (seat.talkRoom) attributes[ATTR.talkRoom] = seat.talkRoom.slice(0, 64);
  const at = new AccessToken(cfg.apiKey, cfg.apiSecret, { identity: seat.peerId, name: seat.displayName, ttl: ttlSeconds, attributes });
  at.addGrant({ roomJoin: true, room: seat.roomId, canPublish: seat.role !== 'observer', canSubscribe: true, canPublishData: false, canUpdateOwnMetadata: false });
  const token = await at.toJwt();
  return { token, expiresAt: new Date(Date.now() + ttlSeconds * 1000) };
}

const unauthorized = (message: string) => new AppError(401, ErrorCode.Unauthorized, message);
const ID = /^[A-Za-z0-9_.:-]{1,128}$/;

/**
 * The seat a LiveKit token names. UNAUTHORIZED for a token not signed with our key
 * and secret, expired, without a room-join grant for one room, or without our claims
 * (a token some other LiveKit tool minted with the same key does not make a seat).
 */
export async function verifyLiveKitToken(cfg: LiveKitConfig, token: string): Promise<RoomClaims> {
  let grants: ClaimGrants & { sub?: string };
  try {
    grants = (await new TokenVerifier(cfg.apiKey, cfg.apiSecret).verify(token, 0)) as ClaimGrants & { sub?: string };
  } catch {
    throw unauthorized('invalid LiveKit token');
  }
  const video = grants.video;
  const identity = grants.sub;
  const role = grants.attributes?.[ATTR.role];
  if (!video?.roomJoin || typeof video.room !== 'string' || !ID.test(video.room) || !identity || !ID.test(identity) || !Value.Check(Role, role)) {
    throw unauthorized('the LiveKit token does not name a seat in one of our rooms');
  }
  const attrs = grants.attributes ?? {};
  return {
    roomId: video.room,
    role,
    displayName: (grants.name || role).slice(0, 64),
    peerId: identity,
    ...(attrs[ATTR.autoAdmit] === '1' ? { autoAdmit: true } : {}),
    ...(attrs[ATTR.host] === '1' ? { host: true } : {}),
    ...(attrs[ATTR.talkRoom] ? { talkRoom: attrs[ATTR.talkRoom]!.slice(0, 64) } : {}),
  };
}

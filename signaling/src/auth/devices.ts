import type { PrismaClient } from '@shuoshi/db';
import { audit } from '../domain/audit';
import type { Ctx } from '../domain/context';
import { AuthCode, ConflictCode, authError, conflictError, notFoundError } from '../domain/errors';
import { canManageDevices, enforce } from '../domain/policy';
import type { DevicePrincipal } from './principal';
import { DEVICE_TOKEN_PREFIX, randomToken, sha256Hex } from './tokens';

/**
 * Talk-room devices (the PC or TV box in a 说事拉理室): enrolled once by the village
 * operator or a county administrator, they get a long-lived credential (shown once,
 * stored as sha256) and stay signed in to that talk room until revoked.
 */
async function loadRoom(ctx: Ctx, talkRoomId: string) {
  const room = await ctx.deps.prisma.talkRoom.findUnique({ where: { id: talkRoomId } });
  if (!room) throw notFoundError('talk room');
  enforce(canManageDevices(ctx.actor, room));
  return room;
}

export async function enrolDevice(ctx: Ctx, talkRoomId: string, label: string | undefined) {
  const room = await loadRoom(ctx, talkRoomId);
  if (!room.active) throw conflictError(ConflictCode.TalkRoomInactive, 'the talk room is not active');
  const token = randomToken(DEVICE_TOKEN_PREFIX);
  const device = await ctx.deps.prisma.talkRoomDevice.create({
    data: { talkRoomId, label: label ?? null, tokenHash: sha256Hex(token), enrolledById: ctx.actor.id, enrolledAt: ctx.deps.now() },
  });
  await audit(ctx.deps.prisma, ctx.actor, ctx.ip, { action: 'device.enrol', entityType: 'TalkRoomDevice', entityId: device.id, details: { talkRoomId } });
  return { device, token };
}

export async function listDevices(ctx: Ctx, talkRoomId: string) {
  await loadRoom(ctx, talkRoomId);
  return ctx.deps.prisma.talkRoomDevice.findMany({ where: { talkRoomId }, orderBy: { enrolledAt: 'asc' } });
}

/** Idempotent: revoking a revoked device changes nothing (its sockets are closed again). */
export async function revokeDevice(ctx: Ctx, talkRoomId: string, deviceId: string) {
  await loadRoom(ctx, talkRoomId);
  let device = await ctx.deps.prisma.talkRoomDevice.findFirst({ where: { id: deviceId, talkRoomId } });
  if (!device) throw notFoundError('device');
  if (!device.revokedAt) {
    device = await ctx.deps.prisma.talkRoomDevice.update({ where: { id: deviceId }, data: { revokedAt: ctx.deps.now() } });
    await audit(ctx.deps.prisma, ctx.actor, ctx.ip, { action: 'device.revoke', entityType: 'TalkRoomDevice', entityId: deviceId, details: { talkRoomId } });
  }
  // its open sockets (queue and live room, any node) close now; announced again on a repeat, in case a node missed it
  ctx.deps.accessRevoked({ kind: 'device', id: deviceId });
  return device;
}

const SEEN_EVERY_MS = 5 * 60_000;

/** The device behind a credential; 401 when unknown, revoked, or its talk room is closed. */
export async function authenticateDevice(prisma: PrismaClient, token: string, now: Date): Promise<DevicePrincipal> {
  const d = await prisma.talkRoomDevice.findUnique({ where: { tokenHash: sha256Hex(token) }, include: { talkRoom: true } });
  if (!d) throw authError(AuthCode.TokenInvalid, 'invalid token');
  if (d.revokedAt || !d.talkRoom.active) throw authError(AuthCode.DeviceRevoked, 'this device was revoked: enrol it again');
  if (!d.lastSeenAt || now.getTime() - d.lastSeenAt.getTime() > SEEN_EVERY_MS) {
    await prisma.talkRoomDevice.update({ where: { id: d.id }, data: { lastSeenAt: now } });
  }
  return {
    kind: 'device',
    id: d.id,
    talkRoomId: d.talkRoomId,
    countyId: d.talkRoom.countyId,
    townshipId: d.talkRoom.townshipId,
    villageId: d.talkRoom.villageId,
    name: d.talkRoom.name,
  };
}

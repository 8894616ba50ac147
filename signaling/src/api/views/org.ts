import { Type, type Static } from '@fastify/type-provider-typebox';
import type { StaffAccount, TalkRoom, TalkRoomDevice } from '@shuoshi/db';
import type { Principal } from '../../auth/principal';
import { DateTime, Nullable, StaffRole, StringEnum, TalkRoomKind, Uuid, iso, isoOrNull } from '../schemas';

export const TalkRoomView = Type.Object({
  id: Uuid,
  kind: TalkRoomKind,
  name: Type.String(),
  countyId: Uuid,
  townshipId: Nullable(Uuid),
  villageId: Nullable(Uuid),
  active: Type.Boolean(),
});
export const talkRoomView = (r: TalkRoom): Static<typeof TalkRoomView> => ({
  id: r.id,
  kind: r.kind,
  name: r.name,
  countyId: r.countyId,
  townshipId: r.townshipId,
  villageId: r.villageId,
  active: r.active,
});

export const DeviceView = Type.Object({
  id: Uuid,
  talkRoomId: Uuid,
  label: Nullable(Type.String()),
  enrolledById: Uuid,
  enrolledAt: DateTime,
  lastSeenAt: Nullable(DateTime),
  revokedAt: Nullable(DateTime),
});
export const deviceView = (d: TalkRoomDevice): Static<typeof DeviceView> => ({
  id: d.id,
  talkRoomId: d.talkRoomId,
  label: d.label,
  enrolledById: d.enrolledById,
  enrolledAt: iso(d.enrolledAt),
  lastSeenAt: isoOrNull(d.lastSeenAt),
  revokedAt: isoOrNull(d.revokedAt),
});

export const StaffView = Type.Object({
  id: Uuid,
  username: Type.String(),
  displayName: Type.String(),
  role: StaffRole,
  countyId: Uuid,
  townshipId: Nullable(Uuid),
  villageId: Nullable(Uuid),
  talkRoomId: Nullable(Uuid),
});
export const staffView = (s: StaffAccount): Static<typeof StaffView> => ({
  id: s.id,
  username: s.username,
  displayName: s.displayName,
  role: s.role,
  countyId: s.countyId,
  townshipId: s.townshipId,
  villageId: s.villageId,
  talkRoomId: s.talkRoomId,
});

/** GET /api/auth/me: whoever holds the token. */
export const MeView = Type.Object({
  kind: StringEnum(['staff', 'device', 'party']),
  id: Uuid,
  name: Type.String(),
  role: Nullable(StaffRole),
  countyId: Nullable(Uuid),
  townshipId: Nullable(Uuid),
  villageId: Nullable(Uuid),
  talkRoomId: Nullable(Uuid),
  sessionId: Nullable(Uuid),
});
export const meView = (p: Principal): Static<typeof MeView> => ({
  kind: p.kind,
  id: p.id,
  name: p.name,
  role: p.kind === 'staff' ? p.role : null,
  countyId: p.kind === 'party' ? null : p.countyId,
  townshipId: p.kind === 'party' ? null : p.townshipId,
  villageId: p.kind === 'party' ? null : p.villageId,
  talkRoomId: p.kind === 'party' ? null : p.talkRoomId,
  sessionId: p.kind === 'party' ? p.sessionId : null,
});

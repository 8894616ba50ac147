export { DeviceView, MeView, StaffView, TalkRoomView } from '@shuoshi/protocol';
import type { Static } from '@sinclair/typebox';
import { DeviceView, MeView, StaffView, TalkRoomView } from '@shuoshi/protocol';
import type { StaffAccount, TalkRoom, TalkRoomDevice } from '@shuoshi/db';
import type { Principal } from '../../auth/principal';
import { iso, isoOrNull } from '../schemas';

export const talkRoomView = (r: TalkRoom): Static<typeof TalkRoomView> => ({
  id: r.id,
  kind: r.kind,
  name: r.name,
  countyId: r.countyId,
  townshipId: r.townshipId,
  villageId: r.villageId,
  active: r.active,
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

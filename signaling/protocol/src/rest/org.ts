import { Type, type Static } from '@sinclair/typebox';
import { DateTime, Nullable, StaffRole, StringEnum, TalkRoomKind, Uuid } from './common';

/** What the API shows of the county's organisation, its talk rooms, devices and staff. */
export const TalkRoomView = Type.Object({
  id: Uuid,
  kind: TalkRoomKind,
  name: Type.String(),
  countyId: Uuid,
  townshipId: Nullable(Uuid),
  villageId: Nullable(Uuid),
  active: Type.Boolean(),
});
export type TalkRoomView = Static<typeof TalkRoomView>;

export const DeviceView = Type.Object({
  id: Uuid,
  talkRoomId: Uuid,
  label: Nullable(Type.String()),
  enrolledById: Uuid,
  enrolledAt: DateTime,
  lastSeenAt: Nullable(DateTime),
  revokedAt: Nullable(DateTime),
});
export type DeviceView = Static<typeof DeviceView>;

/** POST /api/talk-rooms/:id/devices: the device and its credential, shown once. */
export const DeviceEnrolmentView = Type.Object({ device: DeviceView, token: Type.String({ description: 'the device sends it as "Authorization: Bearer shd_…"' }) });
export type DeviceEnrolmentView = Static<typeof DeviceEnrolmentView>;

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
export type StaffView = Static<typeof StaffView>;

/** The signed-in staff member as a token pair names them. */
export const StaffIdentity = Type.Omit(StaffView, ['username']);
export type StaffIdentity = Static<typeof StaffIdentity>;

/** POST /api/auth/login and /api/auth/refresh. */
export const TokenPair = Type.Object({
  accessToken: Type.String({ description: 'Bearer token for the API, valid 15 minutes' }),
  accessTokenExpiresAt: DateTime,
  refreshToken: Type.String({ description: 'single use: POST /api/auth/refresh returns the next one' }),
  refreshTokenExpiresAt: DateTime,
  staff: StaffIdentity,
});
export type TokenPair = Static<typeof TokenPair>;

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
export type MeView = Static<typeof MeView>;

const Division = { id: Uuid, name: Type.String(), code: Nullable(Type.String()), active: Type.Boolean({ description: 'false: deactivated (only the county administrator sees those)' }) };
export const DivisionView = Type.Object(Division);
export type DivisionView = Static<typeof DivisionView>;
/** GET /api/organisation: the county, its townships (乡镇) and villages (村). */
export const OrganisationView = Type.Object({
  county: Type.Object(Division),
  townships: Type.Array(Type.Object({ ...Division, villages: Type.Array(Type.Object(Division)) })),
});
export type OrganisationView = Static<typeof OrganisationView>;

export const StaffAccountView = Type.Object({ ...StaffView.properties, active: Type.Boolean({ description: 'false: the account cannot sign in; its tokens and sockets stopped working' }) });
export type StaffAccountView = Static<typeof StaffAccountView>;

/** GET /api/staff: the county's active staff, names and roles. */
export const StaffDirectoryEntry = Type.Object({ id: Uuid, displayName: Type.String(), role: StaffRole, townshipId: Nullable(Uuid), villageId: Nullable(Uuid) });
export type StaffDirectoryEntry = Static<typeof StaffDirectoryEntry>;

/** The county administrator's organisation (docs/api.md "County administration"). */
export const TownshipView = Type.Object({ id: Uuid, countyId: Uuid, name: Type.String(), code: Nullable(Type.String()), active: Type.Boolean() });
export type TownshipView = Static<typeof TownshipView>;
export const VillageView = Type.Object({ id: Uuid, townshipId: Uuid, name: Type.String(), code: Nullable(Type.String()), active: Type.Boolean() });
export type VillageView = Static<typeof VillageView>;
export const NewTownshipView = Type.Object({ township: TownshipView, mediationRoom: TalkRoomView });
export const NewVillageView = Type.Object({ village: VillageView, talkRoom: TalkRoomView });

/** GET /api/staff-accounts (the county administrator): every account, disabled ones included. */
export const StaffAccountDetail = Type.Object({
  ...StaffView.properties,
  phone: Nullable(Type.String()),
  active: Type.Boolean({ description: 'false: disabled, cannot sign in' }),
  lastLoginAt: Nullable(DateTime),
});
export type StaffAccountDetail = Static<typeof StaffAccountDetail>;
export const WithPassword = Type.Object({ account: StaffAccountDetail, password: Type.String({ description: 'a random password, shown only in this reply' }) });
export type WithPassword = Static<typeof WithPassword>;

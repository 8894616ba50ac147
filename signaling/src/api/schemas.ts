// TypeBox 1.x as re-exported by the Fastify type provider, so route types are inferred from these schemas.
import { Type, type Static, type TSchema } from '@fastify/type-provider-typebox';

/** Shared TypeBox pieces of the REST API (every route declares params, query, body and responses). */
export const Uuid = Type.String({ format: 'uuid', description: 'UUID' });
export const DateTime = Type.String({ format: 'date-time' });
export const DateOnly = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'calendar date YYYY-MM-DD (China time)', examples: ['2026-01-31'] });
export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

/** A string enum: `{ enum: [...] }` in OpenAPI, a union of literals in TypeScript. */
export const StringEnum = <const T extends readonly [string, ...string[]]>(values: T, description?: string) =>
  Type.Enum<[...T]>(values, description ? { description } : {});

export const CaseStatus = StringEnum(['ACCEPTED', 'IN_MEDIATION', 'OUTCOME_GIVEN', 'FOLLOWED_UP', 'CLOSED'], '受理 → 办理 → 回复 → 回访 → 结案');
export const DisputeCategory = StringEnum(['LAND_HOMESTEAD', 'MARRIAGE_FAMILY', 'NEIGHBOUR', 'CONTRACT_DEBT', 'LABOUR_WAGES', 'PERSONAL_INJURY', 'OTHER']);
export const IntakeChannel = StringEnum(['WALK_IN', 'PHONE', 'ONLINE', 'REFERRAL']);
export const HandlingLevel = StringEnum(['VILLAGE', 'TOWNSHIP', 'COUNTY']);
export const PartySide = StringEnum(['A', 'B', 'OTHER']);
export const StaffRole = StringEnum(['VILLAGE_OPERATOR', 'TOWNSHIP_MEDIATOR', 'COUNTY_LEGAL_ADVISOR', 'COUNTY_ADMIN']);
export const TalkRoomKind = StringEnum(['VILLAGE_TALK_ROOM', 'TOWNSHIP_MEDIATION_ROOM', 'COUNTY_LEGAL_OFFICE']);
export const OutcomeType = StringEnum(['WRITTEN_AGREEMENT', 'VERBAL_AGREEMENT', 'FAILED', 'REFERRED']);
export const FollowUpResult = StringEnum(['FULFILLED', 'PARTLY', 'NOT_FULFILLED']);
export const SessionKind = StringEnum(['MEDIATION', 'CONSULTATION']);
export const ConsultationStatus = StringEnum(['QUEUED', 'ACCEPTED', 'CALLBACK_SCHEDULED', 'ANSWERED', 'ABANDONED']);

/** Free text a person typed: trimmed length bounds. */
export const Text = (maxLength: number, minLength = 1) => Type.String({ minLength, maxLength, pattern: '\\S' });

export const ErrorBody = Type.Object(
  { error: Type.Object({ code: Type.String(), message: Type.String(), details: Type.Optional(Type.Unknown()) }) },
  { $id: 'ErrorBody', description: 'Every error: a stable code and a message' },
);
const E = Type.Ref('ErrorBody');
/** The error responses every protected route may give. */
export const Errors = { 400: E, 401: E, 403: E, 404: E, 409: E, 429: E } as const;

export const PageQuery = {
  page: Type.Integer({ minimum: 1, maximum: 100_000, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
};
export const PageOf = <T extends TSchema>(item: T) =>
  Type.Object({ items: Type.Array(item), page: Type.Integer(), pageSize: Type.Integer(), total: Type.Integer({ description: 'matching rows over all pages' }) });

export const IdParams = Type.Object({ id: Uuid });
export type IdParams = Static<typeof IdParams>;

export const iso = (d: Date) => d.toISOString();
export const isoOrNull = (d: Date | null) => (d ? d.toISOString() : null);

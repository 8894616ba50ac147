import { Type, type Static, type TSchema, type TUnknown } from '@sinclair/typebox';

/**
 * The REST API's shared TypeBox pieces (docs/api.md). The server declares every route
 * with them; the web derives its types from them with `Static`, so a change here that
 * the web does not follow fails `tsc -b`.
 */
export const Uuid = Type.String({ format: 'uuid', description: 'UUID' });
export const DateTime = Type.String({ format: 'date-time' });
export const DateOnly = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'calendar date YYYY-MM-DD (China time)', examples: ['2026-01-31'] });
export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

/** A string enum: `{ type: 'string', enum: [...] }` in OpenAPI, a union of literals in TypeScript. */
export const StringEnum = <const T extends readonly [string, ...string[]]>(values: T, description?: string) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...(description ? { description } : {}) });

export const CASE_STATUSES = ['ACCEPTED', 'IN_MEDIATION', 'OUTCOME_GIVEN', 'FOLLOWED_UP', 'CLOSED'] as const;
export const CaseStatus = StringEnum(CASE_STATUSES, '受理 → 办理 → 回复 → 回访 → 结案');
export type CaseStatus = Static<typeof CaseStatus>;
export const CATEGORIES = ['LAND_HOMESTEAD', 'MARRIAGE_FAMILY', 'NEIGHBOUR', 'CONTRACT_DEBT', 'LABOUR_WAGES', 'PERSONAL_INJURY', 'OTHER'] as const;
export const DisputeCategory = StringEnum(CATEGORIES);
export type DisputeCategory = Static<typeof DisputeCategory>;
export const INTAKE_CHANNELS = ['WALK_IN', 'PHONE', 'ONLINE', 'REFERRAL'] as const;
export const IntakeChannel = StringEnum(INTAKE_CHANNELS);
export type IntakeChannel = Static<typeof IntakeChannel>;
export const HandlingLevel = StringEnum(['VILLAGE', 'TOWNSHIP', 'COUNTY']);
export type HandlingLevel = Static<typeof HandlingLevel>;
export const PartySide = StringEnum(['A', 'B', 'OTHER']);
export type PartySide = Static<typeof PartySide>;
export const StaffRole = StringEnum(['VILLAGE_OPERATOR', 'TOWNSHIP_MEDIATOR', 'COUNTY_LEGAL_ADVISOR', 'COUNTY_ADMIN']);
export type StaffRole = Static<typeof StaffRole>;
export const TalkRoomKind = StringEnum(['VILLAGE_TALK_ROOM', 'TOWNSHIP_MEDIATION_ROOM', 'COUNTY_LEGAL_OFFICE']);
export type TalkRoomKind = Static<typeof TalkRoomKind>;
export const OutcomeType = StringEnum(['WRITTEN_AGREEMENT', 'VERBAL_AGREEMENT', 'FAILED', 'REFERRED']);
export type OutcomeType = Static<typeof OutcomeType>;
export const FollowUpResult = StringEnum(['FULFILLED', 'PARTLY', 'NOT_FULFILLED']);
export type FollowUpResult = Static<typeof FollowUpResult>;
export const SessionKind = StringEnum(['MEDIATION', 'CONSULTATION']);
export type SessionKind = Static<typeof SessionKind>;
export const ConsultationStatus = StringEnum(['QUEUED', 'ACCEPTED', 'CALLBACK_SCHEDULED', 'ANSWERED', 'ABANDONED']);
export type ConsultationStatus = Static<typeof ConsultationStatus>;
export const CallbackReason = StringEnum(['NO_LAWYER_ON_DUTY', 'QUEUE_TIMEOUT', 'LAWYER_SCHEDULED']);
export type CallbackReason = Static<typeof CallbackReason>;

/** Free text a person typed: trimmed length bounds. */
export const Text = (maxLength: number, minLength = 1) => Type.String({ minLength, maxLength, pattern: '\\S' });

export const ErrorBody = Type.Object(
  { error: Type.Object({ code: Type.String(), message: Type.String(), details: Type.Optional(Type.Unknown()) }) },
  { $id: 'ErrorBody', description: 'Every error: a stable code and a message' },
);
export type ErrorBody = Static<typeof ErrorBody>;

export const PageQuery = {
  page: Type.Integer({ minimum: 1, maximum: 100_000, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
};
export const PageOf = <T extends TSchema>(item: T) =>
  Type.Object({ items: Type.Array(item), page: Type.Integer(), pageSize: Type.Integer(), total: Type.Integer({ description: 'matching rows over all pages' }) });
/** A page of a list route's rows (the envelope PageOf declares, with the web's row type). */
export type Page<T> = Omit<Static<ReturnType<typeof PageOf<TUnknown>>>, 'items'> & { items: T[] };
/** A list route's reply that is not paged. */
export const ItemsOf = <T extends TSchema>(item: T) => Type.Object({ items: Type.Array(item) });
/** The reply of a list route that is not paged, with the web's row type. */
export type Items<T> = Omit<Static<ReturnType<typeof ItemsOf<TUnknown>>>, 'items'> & { items: T[] };

export const IdParams = Type.Object({ id: Uuid });
export type IdParams = Static<typeof IdParams>;

import { Type } from '@sinclair/typebox';

/**
 * The REST API's shared TypeBox pieces live in the protocol package (signaling/protocol/src/rest),
 * with the views, so that the web derives its types from the same schemas; what stays here is
 * only the server's: the error responses a route declares and the date formatting of the views.
 */
export {
  Uuid, DateTime, DateOnly, Nullable, StringEnum, CaseStatus, DisputeCategory, IntakeChannel, HandlingLevel, PartySide, StaffRole, TalkRoomKind,
  OutcomeType, FollowUpResult, SessionKind, ConsultationStatus, CallbackReason, Text, ErrorBody, PageQuery, PageOf, IdParams,
} from '@shuoshi/protocol';

const E = Type.Ref('ErrorBody');
/** The error responses every protected route may give. */
export const Errors = { 400: E, 401: E, 403: E, 404: E, 409: E, 429: E } as const;

export const iso = (d: Date) => d.toISOString();
export const isoOrNull = (d: Date | null) => (d ? d.toISOString() : null);

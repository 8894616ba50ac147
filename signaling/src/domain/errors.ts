import { AppError } from '../errors';

/**
 * Every code the REST API answers with, grouped by status. Codes are stable (clients
 * and tests match on them); messages are for people and logs.
 */
export const DenyCode = {
  /** This kind of principal or role can never do this. */
  RoleNotAllowed: 'ROLE_NOT_ALLOWED',
  /** The county administrator reads everything but changes nothing. */
  ReadOnlyRole: 'READ_ONLY_ROLE',
  OutsideCounty: 'OUTSIDE_COUNTY',
  OutsideTownship: 'OUTSIDE_TOWNSHIP',
  OutsideVillage: 'OUTSIDE_VILLAGE',
  /** A lawyer, device or staff member who is not invited to this case/session. */
  NotInvited: 'NOT_INVITED',
  /** A village operator on a case now handled by the township or county. */
  CaseEscalated: 'CASE_ESCALATED',
  /** A party token used for another session. */
  NotYourSession: 'NOT_YOUR_SESSION',
  /** A consultation taken by another lawyer. */
  NotAssigned: 'NOT_ASSIGNED',
} as const;
export type DenyCode = (typeof DenyCode)[keyof typeof DenyCode];

export const ConflictCode = {
  InvalidTransition: 'INVALID_TRANSITION',
  OutcomeRequired: 'OUTCOME_REQUIRED',
  AgreementNotSigned: 'AGREEMENT_NOT_SIGNED',
  FollowUpRequired: 'FOLLOW_UP_REQUIRED',
  ConcurrentUpdate: 'CONCURRENT_UPDATE',
  CaseClosed: 'CASE_CLOSED',
  CaseNotInMediation: 'CASE_NOT_IN_MEDIATION',
  ReferralNotAdjacent: 'REFERRAL_NOT_ADJACENT',
  NoVillage: 'CASE_HAS_NO_VILLAGE',
  NotWrittenAgreement: 'NOT_A_WRITTEN_AGREEMENT',
  AgreementAlreadySigned: 'AGREEMENT_ALREADY_SIGNED',
  AlreadySignedByParty: 'ALREADY_SIGNED_BY_PARTY',
  FollowUpAlreadyDone: 'FOLLOW_UP_ALREADY_DONE',
  SessionAlreadyStarted: 'SESSION_ALREADY_STARTED',
  SessionNotStarted: 'SESSION_NOT_STARTED',
  SessionOver: 'SESSION_OVER',
  PartyNotInvited: 'PARTY_NOT_INVITED',
  PartyExists: 'PARTY_EXISTS',
  /** The ID number belongs to a party outside the caller's township or county (not named). */
  PartyRegisteredElsewhere: 'PARTY_REGISTERED_ELSEWHERE',
  ConsultationState: 'CONSULTATION_STATE',
  TalkRoomInactive: 'TALK_ROOM_INACTIVE',
  /** A consultation session has no case file to keep documents in. */
  NoCaseFile: 'NO_CASE_FILE',
  /** Another lawyer accepted the consultation first. */
  ConsultationTaken: 'CONSULTATION_TAKEN',
  /** A lawyer must be on duty to accept from the live queue. */
  NotOnDuty: 'NOT_ON_DUTY',
  /** A duty slot overlaps one of the same lawyer's. */
  SlotOverlap: 'SLOT_OVERLAP',
  /** The consultation became a case already. */
  AlreadyACase: 'ALREADY_A_CASE',
  /** A county administrator cannot disable their own account (someone must be left to undo it). */
  OwnAccount: 'OWN_ACCOUNT',
  /** A township, village or talk room of that name is there already. */
  NameTaken: 'NAME_TAKEN',
  UsernameTaken: 'USERNAME_TAKEN',
  /** A deactivated township, village or talk room is offered for nothing new. */
  DivisionInactive: 'DIVISION_INACTIVE',
} as const;

export const BadInputCode = {
  UnknownVillage: 'UNKNOWN_VILLAGE',
  UnknownTownship: 'UNKNOWN_TOWNSHIP',
  UnknownParty: 'UNKNOWN_PARTY',
  UnknownTalkRoom: 'UNKNOWN_TALK_ROOM',
  UnknownStaff: 'UNKNOWN_STAFF',
  UnknownSession: 'UNKNOWN_SESSION',
  PartyNotInCase: 'PARTY_NOT_IN_CASE',
  PartyNotSignatory: 'PARTY_NOT_SIGNATORY',
  DuplicateParty: 'DUPLICATE_PARTY',
  InvalidIdNumber: 'INVALID_ID_NUMBER',
  InvalidImage: 'INVALID_IMAGE',
  /** A shared document that is not a PDF, PNG, JPEG or WebP, or whose bytes are not what its type says. */
  InvalidDocument: 'INVALID_DOCUMENT',
  InvalidPeriod: 'INVALID_PERIOD',
  TargetRequired: 'TARGET_REQUIRED',
  InvalidReferralTarget: 'INVALID_REFERRAL_TARGET',
  /** A duty slot's times are not HH:MM with start before end. */
  InvalidSlot: 'INVALID_SLOT',
  /** Not a county legal advisor of this county. */
  NotALawyer: 'NOT_A_LAWYER',
  /** The role needs another kind of place (a mediator a township, a grid worker a village talk room, a lawyer or admin the county). */
  JurisdictionMismatch: 'JURISDICTION_MISMATCH',
} as const;

export const AuthCode = {
  Required: 'AUTH_REQUIRED',
  TokenInvalid: 'TOKEN_INVALID',
  TokenExpired: 'TOKEN_EXPIRED',
  BadCredentials: 'BAD_CREDENTIALS',
  AccountDisabled: 'ACCOUNT_DISABLED',
  RefreshInvalid: 'REFRESH_TOKEN_INVALID',
  RefreshReused: 'REFRESH_TOKEN_REUSED',
  DeviceRevoked: 'DEVICE_REVOKED',
  InviteCodeInvalid: 'INVITE_CODE_INVALID',
  InviteCodeExpired: 'INVITE_CODE_EXPIRED',
  InviteCodeUsed: 'INVITE_CODE_USED',
  InviteCodeLocked: 'INVITE_CODE_LOCKED',
  TooManyAttempts: 'TOO_MANY_ATTEMPTS',
} as const;

export const denied = (code: DenyCode, message: string) => new AppError(403, code, message);
export const conflictError = (code: (typeof ConflictCode)[keyof typeof ConflictCode], message: string, details?: unknown) => new AppError(409, code, message, details);
export const badInput = (code: (typeof BadInputCode)[keyof typeof BadInputCode], message: string, details?: unknown) => new AppError(400, code, message, details);
export const authError = (code: (typeof AuthCode)[keyof typeof AuthCode], message: string) => new AppError(401, code, message);
export const notFoundError = (what: string) => new AppError(404, 'NOT_FOUND', `${what} not found`);
export const tooMany = (code: typeof AuthCode.TooManyAttempts | typeof AuthCode.InviteCodeLocked, message: string, retryAfterSeconds?: number) =>
  new AppError(429, code, message, retryAfterSeconds === undefined ? undefined : { retryAfterSeconds });

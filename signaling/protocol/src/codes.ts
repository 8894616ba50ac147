/**
 * Every request is answered by one ack: `{ ok: true, ...result }` or
 * `{ ok: false, error: { code, message } }`. Codes are stable; messages are for logs
 * and developers, the UI maps codes to its own words.
 */
export const ErrorCode = {
  /** The payload does not match the request's schema. */
  BadRequest: 'BAD_REQUEST',
  /** The message is longer than its request allows (docs/protocol.md, "Limits"): refused before it is parsed. */
  PayloadTooLarge: 'PAYLOAD_TOO_LARGE',
  /** No request of that name exists. */
  UnknownRequest: 'UNKNOWN_REQUEST',
  /** The join token is missing, forged, expired or for another room. */
  Unauthorized: 'UNAUTHORIZED',
  /** The resume credential no longer matches a seat (grace period over, or replaced). */
  SessionExpired: 'SESSION_EXPIRED',
  /** The session this room belongs to has ended (or was cancelled): its tokens no longer seat anyone. Same code as the REST API's. */
  SessionOver: 'SESSION_OVER',
  /** The request needs a joined socket. */
  NotJoined: 'NOT_JOINED',
  /** This socket already holds a seat. */
  AlreadyJoined: 'ALREADY_JOINED',
  /** The transport, producer or consumer named does not belong to this peer. */
  NotFound: 'NOT_FOUND',
  /** The peer's role may not do this. */
  Forbidden: 'FORBIDDEN',
  /** Only the host (the mediator running the session) may do this. */
  NotHost: 'NOT_HOST',
  /** The host muted this track (or stopped this camera): only the host can allow it again. */
  MutedByHost: 'MUTED_BY_HOST',
  /** The host locked the room: nobody new may take a seat. */
  RoomLocked: 'ROOM_LOCKED',
  /** The room belongs to no scheduled session (a development room): it cannot be recorded. */
  NoSession: 'NO_SESSION',
  /** Recording is being asked for or running: stop it first. */
  RecordingActive: 'RECORDING_ACTIVE',
  /** Nothing is being recorded or asked for. */
  RecordingNotActive: 'RECORDING_NOT_ACTIVE',
  /** Nobody asked this participant for consent now (no recording requested, or the round ended). */
  ConsentNotRequested: 'CONSENT_NOT_REQUESTED',
  /** The peer waits in the lobby: no media, chat or host requests until the host admits them. */
  NotAdmitted: 'NOT_ADMITTED',
  /** The host declined this person: they may not enter the lobby of this room again. */
  Declined: 'DECLINED',
  /** A shared document is unknown, or not one of this session's case file. */
  DocumentNotFound: 'DOCUMENT_NOT_FOUND',
  /** mediasoup refused the media parameters. */
  MediaRejected: 'MEDIA_REJECTED',
  /** The media service cannot host the room right now. */
  RoomUnavailable: 'ROOM_UNAVAILABLE',
  /**
   * Another node hosts this room (several nodes, docs/protocol.md): the error carries
   * `moveTo`, the address to connect the signalling to; ask again there.
   */
  RoomElsewhere: 'ROOM_ELSEWHERE',
  /** Too many requests on this socket. */
  RateLimited: 'RATE_LIMITED',
  /** Consultation queue: another lawyer accepted this consultation first. */
  ConsultationTaken: 'CONSULTATION_TAKEN',
  /** Consultation queue: switch on duty before accepting. */
  NotOnDuty: 'NOT_ON_DUTY',
  /** Consultation queue: the consultation is not in a state that allows this (e.g. answered). */
  ConsultationState: 'CONSULTATION_STATE',
  /** Anything else: details are logged on the server, not sent. */
  Internal: 'INTERNAL',
  /** Client side only: no ack arrived in time. */
  Timeout: 'TIMEOUT',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

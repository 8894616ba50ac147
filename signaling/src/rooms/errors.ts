import { ErrorCode } from '@shuoshi/protocol';
import { AppError } from '../errors';

/** Errors of the signalling rooms: each carries a protocol code that goes into the error ack. */
export const RoomErrors = {
  notJoined: () => new AppError(409, ErrorCode.NotJoined, 'join a room first'),
  alreadyJoined: () => new AppError(409, ErrorCode.AlreadyJoined, 'this connection already holds a seat; leave first'),
  sessionExpired: () => new AppError(410, ErrorCode.SessionExpired, 'the seat is gone: join again'),
  sessionOver: () => new AppError(409, ErrorCode.SessionOver, 'the session has ended'),
  unauthorized: (message: string) => new AppError(401, ErrorCode.Unauthorized, message),
  notFound: (what: string) => new AppError(404, ErrorCode.NotFound, `${what} not found for this peer`),
  notHost: () => new AppError(403, ErrorCode.NotHost, 'only the host may do this'),
  mutedByHost: (source: string) => new AppError(403, ErrorCode.MutedByHost, `the host muted this ${source}`),
  roomLocked: () => new AppError(423, ErrorCode.RoomLocked, 'the host locked the room'),
  notAdmitted: () => new AppError(403, ErrorCode.NotAdmitted, 'you are waiting in the lobby: the host has not admitted you yet'),
  declined: () => new AppError(403, ErrorCode.Declined, 'the host declined you in this room'),
  documentNotFound: () => new AppError(404, ErrorCode.DocumentNotFound, "no such document in this session's case file"),
  forbidden: (message: string) => new AppError(403, ErrorCode.Forbidden, message),
  mediaRejected: (message: string) => new AppError(400, ErrorCode.MediaRejected, message),
  /** Another node hosts the room: the client connects to `moveTo` and asks again. */
  elsewhere: (moveTo: string) => new AppError(307, ErrorCode.RoomElsewhere, 'another server hosts this room: connect there', { moveTo }),
  roomUnavailable: (message: string) => new AppError(503, ErrorCode.RoomUnavailable, message),
  badRequest: (message: string) => new AppError(400, ErrorCode.BadRequest, message),
  noSession: (message: string) => new AppError(409, ErrorCode.NoSession, message),
  recordingActive: () => new AppError(409, ErrorCode.RecordingActive, 'recording is being asked for or running: stop it first'),
  recordingNotActive: () => new AppError(409, ErrorCode.RecordingNotActive, 'nothing is being recorded or asked for'),
  consentNotRequested: () => new AppError(409, ErrorCode.ConsentNotRequested, 'no consent is being asked of this participant now'),
};

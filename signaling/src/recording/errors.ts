import { AppError } from '../errors';

/**
 * Errors of recording and evidence. Each has a stable code and the HTTP status the
 * API answers with; the recorder's own failures (ffmpeg would not start) are 5xx.
 */
export const RecordingCode = {
  NotFound: 'RECORDING_NOT_FOUND',
  FileMissing: 'RECORDING_FILE_MISSING',
  NotFinalised: 'RECORDING_NOT_FINALISED',
  RangeNotSatisfiable: 'RANGE_NOT_SATISFIABLE',
  AlreadyRecording: 'ALREADY_RECORDING',
  NotRecording: 'NOT_RECORDING',
  RecorderClosed: 'RECORDER_CLOSED',
  NoLiveRoom: 'NO_LIVE_MEDIA_ROOM',
  ToolFailed: 'RECORDING_TOOL_FAILED',
  NothingToRender: 'NOTHING_TO_RENDER',
  RenditionBusy: 'RENDITION_ALREADY_QUEUED',
  SessionNotOver: 'SESSION_NOT_OVER',
  BadClipWindow: 'BAD_CLIP_WINDOW',
  NotVerbalAgreement: 'NOT_A_VERBAL_AGREEMENT',
  NoSession: 'OUTCOME_HAS_NO_SESSION',
} as const;
export type RecordingCode = (typeof RecordingCode)[keyof typeof RecordingCode];

export class RecordingError extends AppError {
  constructor(statusCode: number, code: RecordingCode, message: string, details?: unknown) {
    super(statusCode, code, message, details);
    this.name = 'RecordingError';
  }
}

export const RecordingErrors = {
  notFound: (id: string) => new RecordingError(404, RecordingCode.NotFound, `recording ${id} not found`),
  fileMissing: (id: string) => new RecordingError(410, RecordingCode.FileMissing, `the file of recording ${id} is gone`),
  notFinalised: (id: string) => new RecordingError(409, RecordingCode.NotFinalised, `recording ${id} is still being written`),
  rangeNotSatisfiable: (size: number) => new RecordingError(416, RecordingCode.RangeNotSatisfiable, `the range is outside the file (${size} bytes)`, { size }),
  alreadyRecording: (producerId: string) => new RecordingError(409, RecordingCode.AlreadyRecording, `producer ${producerId} is being recorded already`),
  notRecording: (producerId: string) => new RecordingError(404, RecordingCode.NotRecording, `producer ${producerId} is not being recorded`),
  recorderClosed: (sessionId: string) => new RecordingError(410, RecordingCode.RecorderClosed, `the recorder of session ${sessionId} is closed`),
  noLiveRoom: (sessionId: string) => new RecordingError(409, RecordingCode.NoLiveRoom, `session ${sessionId} has no live media room on this node`),
  toolFailed: (what: string, detail: string) => new RecordingError(500, RecordingCode.ToolFailed, `${what} failed: ${detail}`),
  nothingToRender: (sessionId: string) => new RecordingError(409, RecordingCode.NothingToRender, `session ${sessionId} has no finished track recordings`),
  renditionBusy: (sessionId: string) => new RecordingError(409, RecordingCode.RenditionBusy, `a rendition of session ${sessionId} is queued or running`),
  sessionNotOver: (sessionId: string) => new RecordingError(409, RecordingCode.SessionNotOver, `session ${sessionId} is still being recorded`),
  badClipWindow: (message: string) => new RecordingError(400, RecordingCode.BadClipWindow, message),
  notVerbalAgreement: () => new RecordingError(409, RecordingCode.NotVerbalAgreement, 'a clip backs a verbal agreement (口头协议) only'),
  noSession: () => new RecordingError(409, RecordingCode.NoSession, 'the outcome names no session, so there is no recording to cut from'),
};

import { MuteTrackRequest, Pong, RequestResponse, RequestResponse_Reason, type SignalRequest, TrackPublishedResponse } from '@livekit/protocol';
import { ErrorCode } from '@shuoshi/protocol';
import { AppError } from '../errors';
import type { LiveKitSession } from './session';

type Req = NonNullable<SignalRequest['message']>;
type Case = NonNullable<Req['case']>;
type Handler<C extends Case> = (s: LiveKitSession, value: Extract<Req, { case: C }>['value']) => Promise<void> | void;

/** Our error codes as LiveKit's request-response reasons. */
function reasonOf(err: unknown): RequestResponse_Reason {
  const code = err instanceof AppError ? err.code : undefined;
  switch (code) {
    case ErrorCode.NotFound:
      return RequestResponse_Reason.NOT_FOUND;
    case ErrorCode.Forbidden:
    case ErrorCode.MutedByHost:
    case ErrorCode.NotAdmitted:
    case ErrorCode.NotJoined:
    case ErrorCode.ConsentNotRequested:
      return RequestResponse_Reason.NOT_ALLOWED;
    case 'UNSUPPORTED':
      return RequestResponse_Reason.UNSUPPORTED_TYPE;
    case ErrorCode.BadRequest:
    case ErrorCode.MediaRejected:
      return RequestResponse_Reason.INVALID_REQUEST;
    default:
      return RequestResponse_Reason.UNCLASSIFIED_ERROR;
  }
}

/** LiveKit's error response for a request (the request echoed where its schema has a place for it). */
export function refuse(s: LiveKitSession, req: Req, err: unknown): void {
  const message = err instanceof AppError && err.statusCode < 500 ? err.message : 'the request failed on the server';
  const echoed = req.case === 'trickle' || req.case === 'addTrack' || req.case === 'mute' || req.case === 'updateMetadata' || req.case === 'updateAudioTrack' || req.case === 'updateVideoTrack'
    ? ({ case: req.case, value: req.value } as RequestResponse['request'])
    : { case: undefined };
  const requestId = req.case === 'updateMetadata' ? req.value.requestId : 0; // livekit-client rejects the pending call by it
  s.send({ case: 'requestResponse', value: new RequestResponse({ requestId, reason: reasonOf(err), message, request: echoed }) });
  if (!(err instanceof AppError) || err.statusCode >= 500) s.log.error({ err, request: req.case }, 'LiveKit request failed');
  else s.log.info({ code: err.code, request: req.case }, 'LiveKit request refused');
}

/**
 * One handler per SignalRequest case; a case not in the table gets LiveKit's
 * UNSUPPORTED_TYPE response (never a silent drop). Handlers only bind the request
 * to the session's Publishing/Subscribing or the room.
 */
const HANDLERS: { [C in Case]?: Handler<C> } = {
  offer: async (s, sd) => {
    const answer = await s.publishing!.offer(sd);
    s.send({ case: 'answer', value: answer });
  },
  answer: (s, sd) => s.subscribing!.answer(sd),
  // mediasoup is ICE-lite: it learns the browser's addresses from its connectivity checks
  trickle: () => undefined,
  addTrack: (s, req) => {
    const track = s.publishing!.addTrack(req);
    s.send({ case: 'trackPublished', value: new TrackPublishedResponse({ cid: req.cid, track }) });
  },
  mute: async (s, req) => {
    try {
      await s.publishing!.mute(req.sid, req.muted);
    } catch (err) {
      // the host holds this microphone or camera: the client is told its track stays muted
      if (err instanceof AppError && err.code === ErrorCode.MutedByHost) s.send({ case: 'mute', value: new MuteTrackRequest({ sid: req.sid, muted: true }) });
      throw err;
    }
  },
  trackSetting: (s, req) => s.subscribing!.trackSettings(req.trackSids, req.width, req.height),
  // we subscribe every seat to everything its group may hear; a client's own choice is not kept
  subscription: () => undefined,
  updateLayers: () => undefined,
  leave: (s) => s.leaveRoom(),
  ping: (s, ts) => s.send({ case: 'pong', value: ts }),
  pingReq: (s, ping) => s.send({ case: 'pongResp', value: new Pong({ lastPingTimestamp: ping.timestamp, timestamp: BigInt(Date.now()) }) }),
  // after a resume the client states what it has; its PeerConnections are kept as they were
  syncState: (s) => s.subscribing!.resend(),
  // only the answer to the recording question (livekit/consent.ts); name, metadata, other attributes: refused
  updateMetadata: (s, req) => s.answerConsent(req),
};

export async function handleSignal(s: LiveKitSession, req: SignalRequest): Promise<void> {
  const msg = req.message;
  if (!msg.case) return;
  const handler = HANDLERS[msg.case] as Handler<Case> | undefined;
  try {
    if (!handler) {
      s.send({ case: 'requestResponse', value: new RequestResponse({ reason: RequestResponse_Reason.UNSUPPORTED_TYPE, message: `${msg.case} is not supported by this server` }) });
      return;
    }
    if (msg.case !== 'ping' && msg.case !== 'pingReq') s.held();
    await handler(s, msg.value as never);
  } catch (err) {
    refuse(s, msg, err);
  }
}

import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { WebSocketServer, type WebSocket } from 'ws';
import { DisconnectReason, LeaveRequest, LeaveRequest_Action, SignalRequest, SignalResponse } from '@livekit/protocol';
import { ErrorCode } from '@shuoshi/protocol';
import type { RoomClaims } from '../auth/room-token';
import { AppError } from '../errors';
import type { LiveKitConfig } from './config';
import { MAX_EARLY_FRAMES, isRelayed, relaySignal, type Frame, type Relay } from './relay';
import { handleSignal } from './requests';
import { LiveKitSession, type LiveKitDeps } from './session';
import { verifyLiveKitToken } from './tokens';

/** A signal message is small; a LiveKit SDP offer with many sections stays far below this. */
const MAX_MESSAGE_BYTES = 256 * 1024;

/**
 * Who the token seats, checked before the WebSocket opens (so a LiveKit client gets an
 * HTTP status, and /rtc/validate the reason): our signature, one of our rooms, and the
 * same standing checks as a socket.io join (session over, removed, disabled account).
 */
async function admit(cfg: LiveKitConfig, deps: LiveKitDeps, token: string | null): Promise<RoomClaims> {
  if (!token) throw new AppError(401, 'UNAUTHORIZED', 'no access_token');
  const claims = await verifyLiveKitToken(cfg, token);
  await deps.sessionRecord?.admit(claims.roomId, claims.peerId);
  return claims;
}

function refuseUpgrade(socket: Duplex, status: number, message: string): void {
  const text = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 409: 'Conflict' }[status] ?? 'Bad Request';
  socket.end(`HTTP/1.1 ${status} ${text}\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(message)}\r\nConnection: close\r\n\r\n${message}`);
}

/**
 * LiveKit's `/rtc` WebSocket on our HTTP server (beside socket.io). Only LiveKit's
 * dual-PeerConnection signalling (v0) is spoken: `/rtc/v1` answers 404, and
 * livekit-client then falls back to `/rtc` by itself. Returns a closer.
 */
export function attachLiveKitSignal(server: Server, cfg: LiveKitConfig, deps: LiveKitDeps): { sessions: Set<LiveKitSession>; close(): void } {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  const sessions = new Set<LiveKitSession>();
  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname.replace(/\/+$/, '');
    if (path === '/rtc/v1') return refuseUpgrade(socket, 404, 'v1 RTC path not found: this server speaks LiveKit signalling v0 (/rtc)');
    if (path !== '/rtc') return; // socket.io's, or nobody's
    admit(cfg, deps, url.searchParams.get('access_token')).then(
      (claims) => wss.handleUpgrade(req, socket, head, (ws) => open(ws, claims, url, isRelayed(req))),
      (err: unknown) => {
        const e = err instanceof AppError ? err : new AppError(500, 'INTERNAL', 'the server cannot check the token now');
        if (!(err instanceof AppError)) deps.log.error({ err }, 'LiveKit token check failed');
        deps.log.info({ status: e.statusCode, code: e.code }, 'LiveKit connection refused');
        refuseUpgrade(socket, e.statusCode, e.message);
      },
    );
  };
  /** `relayed`: this connection came through another node's relay (relay.ts): it is never relayed again. */
  const open = (ws: WebSocket, claims: RoomClaims, url: URL, relayed: boolean) => {
    const session = new LiveKitSession({ send: (b) => ws.send(b), close: (code, reason) => ws.close(code, reason) }, deps);
    sessions.add(session);
    let queue: Promise<void> = Promise.resolve();
    // until the room answers, messages wait here: for this node's session, or for the room's node (relay)
    let early: Frame[] | undefined = [];
    let relay: Relay | undefined;
    const dispatch = ({ data, isBinary }: Frame) => {
      let req: SignalRequest;
      try {
        req = isBinary ? SignalRequest.fromBinary(data) : SignalRequest.fromJsonString(data.toString('utf8'), { ignoreUnknownFields: true });
      } catch {
        session.log.info('LiveKit: an unreadable signal message; closing');
        ws.close(1003, 'unreadable message');
        return;
      }
      queue = queue.then(() => handleSignal(session, req));
    };
    ws.on('message', (raw, isBinary) => {
      const frame = { data: Array.isArray(raw) ? Buffer.concat(raw) : Buffer.from(raw as ArrayBuffer), isBinary };
      if (relay) return relay.send(frame);
      if (!early) return dispatch(frame);
      if (early.push(frame) > MAX_EARLY_FRAMES) ws.close(1008, 'too many messages before the join');
    });
    ws.on('close', () => {
      sessions.delete(session);
      queue = queue.then(() => session.socketClosed());
    });
    const resume = url.searchParams.get('reconnect') === '1' && url.searchParams.get('sid');
    const answered = () => {
      for (const f of early?.splice(0) ?? []) dispatch(f);
      early = undefined;
    };
    queue = queue.then(() =>
      (resume ? session.resume(claims, resume) : session.join(claims)).then(answered, (err: unknown) => {
        const moveTo = err instanceof AppError && err.code === ErrorCode.RoomElsewhere ? (err.details as { moveTo: string }).moveTo : undefined;
        if (moveTo && !relayed && ws.readyState === ws.OPEN) {
          // the placement answered "elsewhere": signalling goes there through this node (a LiveKit client cannot be redirected)
          sessions.delete(session);
          const log = deps.log.child({ roomId: claims.roomId, peerId: claims.peerId, livekit: true });
          relay = relaySignal(ws, { moveTo, search: url.search, maxPayload: MAX_MESSAGE_BYTES }, early ?? [], log);
          early = undefined;
          return;
        }
        early = undefined;
        // a full rejoin after a failed resume is the client's own next step; so is one after the room moved again under a relay
        const reason = err instanceof AppError && err.code === 'FORBIDDEN' ? DisconnectReason.PARTICIPANT_REMOVED : err instanceof AppError && err.code === 'DECLINED' ? DisconnectReason.USER_REJECTED : DisconnectReason.JOIN_FAILURE;
        const again = Boolean(resume) || Boolean(moveTo);
        const action = again ? LeaveRequest_Action.RECONNECT : LeaveRequest_Action.DISCONNECT;
        if (!(err instanceof AppError)) deps.log.error({ err }, 'LiveKit join failed');
        else deps.log.info({ code: err.code, peerId: claims.peerId, relayed }, 'LiveKit join refused');
        ws.send(new SignalResponse({ message: { case: 'leave', value: new LeaveRequest({ reason, action, canReconnect: again }) } }).toBinary());
        ws.close(1000, err instanceof AppError ? err.code : 'INTERNAL');
      }),
    );
  };
  server.on('upgrade', onUpgrade);
  return {
    sessions,
    close() {
      server.off('upgrade', onUpgrade);
      for (const c of wss.clients) c.terminate();
      wss.close();
    },
  };
}

/** GET /rtc/validate (livekit-client asks after a failed connect, to tell the user why); /rtc/v1/validate: 404, so it falls back to v0. */
export function liveKitValidateRoutes(cfg: LiveKitConfig | undefined, deps: () => LiveKitDeps | undefined) {
  return async (app: FastifyInstance) => {
    app.get('/rtc/v1/validate', async (_req, reply) => reply.status(404).type('text/plain').send('v1 RTC path not found'));
    app.get('/rtc/validate', async (req, reply) => {
      const d = deps();
      if (!cfg || !d) return reply.status(404).type('text/plain').send('this deployment has no LiveKit endpoint');
      const token = new URL(req.url, 'http://localhost').searchParams.get('access_token');
      try {
        await admit(cfg, d, token);
        return reply.type('text/plain').send('success');
      } catch (err) {
        const e = err instanceof AppError ? err : new AppError(500, 'INTERNAL', 'the server cannot check the token now');
        return reply.status(e.statusCode).type('text/plain').send(e.message);
      }
    });
  };
}

import type { IncomingMessage } from 'node:http';
import WebSocket from 'ws';
import type { Logger } from '../logger';

/**
 * The header a relaying node sets on its WebSocket to the room's node. A connection that
 * carries it and meets ROOM_ELSEWHERE again is told to reconnect, never relayed a second
 * time (no loops). It grants nothing: the room's node checks token, standing and admission
 * as for any client; a client that forges it only loses its relay (it is told to reconnect).
 */
export const RELAYED_HEADER = 'x-shuoshi-livekit-relay';

/** One WebSocket message, as it came (binary stays binary, text stays text). */
export interface Frame {
  data: Buffer;
  isBinary: boolean;
}

/** Early messages a client may send before its room answers; more is a misbehaving client. */
export const MAX_EARLY_FRAMES = 64;

export function isRelayed(req: IncomingMessage): boolean {
  return req.headers[RELAYED_HEADER] !== undefined;
}

/** `http(s)://node:port` → `ws(s)://node:port/rtc?<the client's own query>`. */
export function upstreamUrl(moveTo: string, search: string): string {
  const url = new URL(moveTo);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.pathname = '/rtc';
  url.search = search;
  return url.toString();
}

/** Closes `ws` as the other side was closed: same code and reason where a close frame may carry them. */
function closeLike(ws: WebSocket, code: number, reason: Buffer): void {
  if (ws.readyState === WebSocket.CLOSED || ws.readyState === WebSocket.CLOSING) return;
  if (code === 1006 || code === 1015) return ws.terminate(); // no close frame came: none goes on
  if (ws.readyState === WebSocket.CONNECTING) return ws.terminate();
  try {
    if (code === 1005) ws.close();
    else ws.close(code, reason);
  } catch {
    ws.terminate(); // a code a close frame may not carry
  }
}

export interface Relay {
  send(frame: Frame): void;
}

/**
 * LiveKit's own answer to "the room is on another node" (its signal relay): a LiveKit
 * client cannot be redirected to another URL, so this node pipes its signal WebSocket
 * to the room's node, messages verbatim both ways. `early` is what the client sent before
 * its room answered. Closing either side closes the other. Media never passes here: the
 * room's node puts its own ICE candidates in the SDP. Logs bind roomId/peerId, never the
 * URL (its query holds the access token).
 */
export function relaySignal(client: WebSocket, target: { moveTo: string; search: string; maxPayload: number }, early: Frame[], log: Logger): Relay {
  const upstream = new WebSocket(upstreamUrl(target.moveTo, target.search), { headers: { [RELAYED_HEADER]: '1' }, maxPayload: target.maxPayload, perMessageDeflate: false });
  const pending = [...early];
  const send = (f: Frame) => upstream.send(f.data, { binary: f.isBinary });
  upstream.on('open', () => {
    log.info({ to: new URL(target.moveTo).host }, 'LiveKit signal relayed to the room’s node');
    for (const f of pending.splice(0)) send(f);
  });
  upstream.on('message', (data, isBinary) => {
    if (client.readyState === WebSocket.OPEN) client.send(data as Buffer, { binary: isBinary });
  });
  upstream.on('unexpected-response', (_req, res) => {
    log.info({ status: res.statusCode }, 'LiveKit relay: the room’s node refused the connection');
    upstream.terminate();
    closeLike(client, 1011, Buffer.from('the room’s server refused the connection'));
  });
  upstream.on('error', (err) => log.warn({ err: err.message }, 'LiveKit relay: the connection to the room’s node failed'));
  upstream.on('close', (code, reason) => closeLike(client, code, reason));
  client.on('close', (code, reason) => closeLike(upstream, code, reason));
  return {
    send(f) {
      if (upstream.readyState === WebSocket.OPEN) send(f);
      else if (upstream.readyState === WebSocket.CONNECTING) pending.push(f);
    },
  };
}

import { io, type Socket } from 'socket.io-client';

/** A bare socket.io client (websocket only, no reconnection) for protocol tests and the fuzzer. */
export function rawSocket(url: string, opts: { namespace?: string; auth?: Record<string, unknown> } = {}): Socket {
  return io(`${url}${opts.namespace ?? ''}`, { transports: ['websocket'], forceNew: true, reconnection: false, ...(opts.auth ? { auth: opts.auth } : {}) });
}

export const connected = (s: Socket): Promise<void> =>
  new Promise((resolve, reject) => {
    if (s.connected) return resolve();
    s.once('connect', () => resolve());
    s.once('connect_error', reject);
  });

/** Sends a request and resolves with its ack (rejects after `timeoutMs` without one). */
export const ask = (s: Socket, event: string, ...args: unknown[]): Promise<any> => s.timeout(10_000).emitWithAck(event, ...args);

/** Resolves with the reason when the socket disconnects. */
export const disconnected = (s: Socket): Promise<string> =>
  new Promise((resolve) => {
    if (s.disconnected && !s.active) return resolve('already');
    s.once('disconnect', (reason) => resolve(reason));
  });

/** VP8 RTP parameters a send transport accepts (one encoding with this SSRC). */
export const vp8Parameters = (ssrc: number, mid?: string) => ({
  ...(mid ? { mid } : {}),
  codecs: [{ mimeType: 'video/VP8', payloadType: 96, clockRate: 90000, rtcpFeedback: [{ type: 'nack' }] }],
  headerExtensions: [],
  encodings: [{ ssrc }],
  rtcp: { cname: `c${ssrc}` },
});

/** What a receiver that decodes Opus and VP8 sends to `ready` (as mediasoup-client builds it). */
export const receiverCapabilities = {
  codecs: [
    { kind: 'audio', mimeType: 'audio/opus', preferredPayloadType: 100, clockRate: 48000, channels: 2, parameters: {}, rtcpFeedback: [{ type: 'transport-cc', parameter: '' }] },
    { kind: 'video', mimeType: 'video/VP8', preferredPayloadType: 101, clockRate: 90000, parameters: {}, rtcpFeedback: [{ type: 'nack', parameter: '' }, { type: 'ccm', parameter: 'fir' }] },
  ],
  headerExtensions: [{ kind: 'video', uri: 'urn:ietf:params:rtp-hdrext:sdes:mid', preferredId: 1, preferredEncrypt: false, direction: 'sendrecv' }],
};

/** DTLS parameters of a client (a made-up SHA-256 fingerprint). */
export const clientDtls = { role: 'client', fingerprints: [{ algorithm: 'sha-256', value: Array.from({ length: 32 }, () => 'AB').join(':') }] };

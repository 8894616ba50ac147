/**
 * Runs in Chromium (bundled by esbuild): a mediasoup-client peer that publishes the
 * fake camera (3 simulcast encodings) and microphone, then consumes both back from
 * the SFU and reports decode statistics. It talks to the test through
 * `window.sfuRequest`, a function the test exposes with page.exposeFunction.
 */
import { Device } from 'mediasoup-client';
import type { types } from 'mediasoup-client';

declare global {
  interface Window {
    sfuRequest(method: string, data: unknown): Promise<unknown>;
  }
}

type TransportInfo = {
  id: string;
  iceParameters: types.IceParameters;
  iceCandidates: types.IceCandidate[];
  dtlsParameters: types.DtlsParameters;
};
type ConsumerInfo = { id: string; producerId: string; kind: types.MediaKind; rtpParameters: types.RtpParameters };

export interface LoopbackResult {
  producerIds: { video: string; audio: string };
  consumerIds: { video: string; audio: string };
  /** ms from run() to the first decoded frame of the consumed video. */
  firstFrameMs: number;
  /** The same, from the page's navigation start. */
  firstFrameSinceNavigationMs: number;
  /** ms since run() at each step: device loaded, media captured, produced, consumers resumed. */
  marks: Record<string, number>;
  framesDecoded: number;
  frameHeight: number;
  audioBytesReceived: number;
}

const request = <T>(method: string, data: unknown = {}) => window.sfuRequest(method, data) as Promise<T>;

function wireConnect(transport: types.Transport): void {
  transport.on('connect', ({ dtlsParameters }, callback, errback) => {
    request('connect', { transportId: transport.id, dtlsParameters }).then(() => callback(), errback);
  });
}

let recvTransport: types.Transport | undefined;

export async function run(opts: { timeoutMs: number }): Promise<LoopbackResult> {
  const t0 = performance.now();
  const marks: Record<string, number> = {};
  const mark = (name: string) => (marks[name] = Math.round(performance.now() - t0));
  const device = new Device();
  await device.load({ routerRtpCapabilities: await request<types.RtpCapabilities>('routerRtpCapabilities') });
  mark('deviceLoaded');

  const send = device.createSendTransport(await request<TransportInfo>('createTransport', { direction: 'send' }));
  wireConnect(send);
  send.on('produce', ({ kind, rtpParameters, appData }, callback, errback) => {
    request<{ id: string }>('produce', { transportId: send.id, kind, rtpParameters, appData }).then(callback, errback);
  });

  const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 640, height: 480 } });
  const [videoTrack] = stream.getVideoTracks();
  const [audioTrack] = stream.getAudioTracks();
  if (!videoTrack || !audioTrack) throw new Error('the fake devices gave no tracks');
  mark('captured');
  const video = await send.produce({
    track: videoTrack,
    encodings: [
      { rid: 'r0', scaleResolutionDownBy: 4, maxBitrate: 150_000 },
      { rid: 'r1', scaleResolutionDownBy: 2, maxBitrate: 400_000 },
      { rid: 'r2', scaleResolutionDownBy: 1, maxBitrate: 900_000 },
    ],
    codecOptions: { videoGoogleStartBitrate: 1000 },
    appData: { source: 'camera' },
  });
  const audio = await send.produce({ track: audioTrack, appData: { source: 'mic' } });
  mark('produced');

  const recv = device.createRecvTransport(await request<TransportInfo>('createTransport', { direction: 'recv' }));
  recvTransport = recv;
  wireConnect(recv);
  const consumed: Record<string, string> = {};
  for (const producerId of [video.id, audio.id]) {
    const info = await request<ConsumerInfo>('consume', {
      transportId: recv.id,
      producerId,
      rtpCapabilities: device.recvRtpCapabilities,
    });
    const consumer = await recv.consume(info);
    // Play it as an app would: attach to a media element.
    const el = document.createElement(consumer.kind === 'video' ? 'video' : 'audio');
    el.srcObject = new MediaStream([consumer.track]);
    el.muted = true;
    document.body.appendChild(el);
    void el.play().catch(() => undefined);
    await request('resume', { consumerId: consumer.id });
    consumed[consumer.kind] = consumer.id;
  }
  mark('consumersResumed');

  const deadline = t0 + opts.timeoutMs;
  let firstFrameMs = -1;
  let firstFrameSinceNavigationMs = -1;
  for (;;) {
    const s = await inboundStats();
    if (s.framesDecoded > 0 && firstFrameMs < 0) {
      firstFrameSinceNavigationMs = Math.round(performance.now());
      firstFrameMs = performance.now() - t0;
    }
    if (s.framesDecoded >= 10 && s.audioBytesReceived > 0) {
      return {
        producerIds: { video: video.id, audio: audio.id },
        consumerIds: { video: consumed['video'] ?? '', audio: consumed['audio'] ?? '' },
        firstFrameMs: Math.round(firstFrameMs),
        firstFrameSinceNavigationMs,
        marks,
        ...s,
      };
    }
    if (performance.now() > deadline) throw new Error(`no media decoded in ${opts.timeoutMs} ms: ${JSON.stringify(s)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Video frames decoded (and the latest frame height) and audio bytes received, from the recv transport. */
export async function inboundStats(): Promise<{ framesDecoded: number; frameHeight: number; audioBytesReceived: number }> {
  const out = { framesDecoded: 0, frameHeight: 0, audioBytesReceived: 0 };
  if (!recvTransport) return out;
  const report = await recvTransport.getStats();
  report.forEach((s: { type: string; kind?: string; framesDecoded?: number; frameHeight?: number; bytesReceived?: number }) => {
    if (s.type !== 'inbound-rtp') return;
    if (s.kind === 'video') {
      out.framesDecoded += s.framesDecoded ?? 0;
      out.frameHeight = Math.max(out.frameHeight, s.frameHeight ?? 0);
    }
    if (s.kind === 'audio') out.audioBytesReceived += s.bytesReceived ?? 0;
  });
  return out;
}

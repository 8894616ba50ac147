import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';

const root = path.resolve(import.meta.dirname, '..', '..', '..');
/** The npm livekit-client, unmodified: its UMD bundle defines `LivekitClient`. */
const LIVEKIT_UMD = fs.readFileSync(path.join(root, 'node_modules/livekit-client/dist/livekit-client.umd.js'), 'utf8');

/**
 * The test page: plain livekit-client, as an app would use it (`new Room()`,
 * `room.connect(url, token)`, publish camera and microphone), plus a small hook
 * (`window.__lk`) that reads what each remote track received from WebRTC stats.
 */
const PAGE = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>LiveKit 客户端</title>
<script src="/__lk/livekit-client.umd.js"></script></head>
<body style="font-family:sans-serif"><h1 id="state">未连接</h1><div id="tiles"></div>
<script>
// remembers the signal socket, so that a test can drop it as a lost network would
const NativeWebSocket = window.WebSocket;
window.WebSocket = class extends NativeWebSocket { constructor(...a) { super(...a); if (String(a[0]).includes('/rtc')) window.__lkSocket = this; } };
const LK = window.LivekitClient;
const room = new LK.Room({ adaptiveStream: false, dynacast: false });
const log = [];
room.on(LK.RoomEvent.TrackSubscribed, (track, pub, p) => {
  const el = track.attach(); el.dataset.identity = p.identity; el.muted = true; document.getElementById('tiles').appendChild(el);
});
room.on(LK.RoomEvent.ParticipantPermissionsChanged, () => log.push('permissions'));
room.on(LK.RoomEvent.Reconnecting, () => log.push('reconnecting'));
room.on(LK.RoomEvent.Reconnected, () => log.push('reconnected'));
room.on(LK.RoomEvent.SignalReconnecting, () => log.push('signalReconnecting'));
room.on(LK.RoomEvent.Disconnected, (r) => { log.push('disconnected:' + r); document.getElementById('state').textContent = '已断开'; });
// recording as LiveKit tells it: the room's flag, and the question as the participant's own attribute
room.on(LK.RoomEvent.RecordingStatusChanged, (r) => log.push('recording:' + r));
room.on(LK.RoomEvent.ParticipantAttributesChanged, (changed, p) => { if (p === room.localParticipant && 'shuoshi.consent' in changed) log.push('consent:' + changed['shuoshi.consent']); });
window.__lk = {
  room, log,
  async connect(url, token) {
    const t0 = performance.now();
    await room.connect(url, token);
    document.getElementById('state').textContent = '已连接 ' + room.localParticipant.identity;
    return performance.now() - t0;
  },
  async publish() {
    await room.localParticipant.setMicrophoneEnabled(true);
    await room.localParticipant.setCameraEnabled(true);
  },
  /** The app's answer to the recording question; resolves with 'ok' or the SDK's error. */
  answer(value) { return room.localParticipant.setAttributes({ 'shuoshi.consent': value }).then(() => 'ok', (e) => 'error:' + (e && (e.reasonName || e.reason || e.message))); },
  consent() { return { isRecording: room.isRecording, asked: room.localParticipant.attributes['shuoshi.consent'] }; },
  canPublish() { return Boolean(room.localParticipant.permissions && room.localParticipant.permissions.canPublish); },
  remotes() { return [...room.remoteParticipants.values()].map((p) => ({ identity: p.identity, sid: p.sid, tracks: [...p.trackPublications.values()].map((t) => ({ sid: t.trackSid, kind: t.kind, muted: t.isMuted, subscribed: t.isSubscribed })) })); },
  async inbound() {
    const out = [];
    for (const p of room.remoteParticipants.values()) for (const pub of p.trackPublications.values()) {
      const r = pub.track && pub.track.receiver; if (!r) continue;
      const stats = await r.getStats();
      stats.forEach((s) => { if (s.type === 'inbound-rtp') out.push({ identity: p.identity, kind: s.kind, bytes: s.bytesReceived || 0, frames: s.framesDecoded || 0 }); });
    }
    return out;
  },
  async from(identity) {
    const s = (await this.inbound()).filter((x) => x.identity === identity);
    return { videoFrames: s.filter((x) => x.kind === 'video').reduce((n, x) => n + x.frames, 0), audioBytes: s.filter((x) => x.kind === 'audio').reduce((n, x) => n + x.bytes, 0) };
  },
  /** ms from \`since\` (performance.now()) to the first decoded video frame from \`identity\` (getStats polled every 10 ms). */
  async firstFrame(since, identity, timeoutMs = 20000) {
    for (;;) {
      if ((await this.from(identity)).videoFrames > 0) return performance.now() - since;
      if (performance.now() - since > timeoutMs) throw new Error('no frame from ' + identity);
      await new Promise((r) => setTimeout(r, 10));
    }
  },
  async outbound() {
    const out = [];
    for (const pub of room.localParticipant.trackPublications.values()) {
      const sender = pub.track && pub.track.sender; if (!sender) continue;
      (await sender.getStats()).forEach((s) => { if (s.type === 'outbound-rtp') out.push({ kind: s.kind, bytes: s.bytesSent || 0 }); });
    }
    return out;
  },
};
</script></body></html>`;

export interface LiveKitPage {
  page: Page;
  context: BrowserContext;
  connect(token: string): Promise<number>;
  run<A, R>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  from(identity: string): Promise<{ videoFrames: number; audioBytes: number }>;
  close(): Promise<void>;
}

/** Opens the livekit-client page on the server's own origin (served by the test, not the server). */
export async function openLiveKitPage(browser: Browser, serverUrl: string, name: string): Promise<LiveKitPage> {
  const context = await browser.newContext({ viewport: { width: 1000, height: 700 } });
  await context.route(`${serverUrl}/__lk/**`, (route) => {
    const url = new URL(route.request().url());
    if (url.pathname.endsWith('.js')) return route.fulfill({ status: 200, contentType: 'text/javascript', body: LIVEKIT_UMD });
    return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: PAGE });
  });
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error(`[${name}] page error`, err));
  if (process.env.LK_DEBUG) page.on('console', (m) => console.log(`[${name}] ${m.text()}`));
  await page.goto(`${serverUrl}/__lk/index.html`);
  const wsUrl = serverUrl.replace(/^http/, 'ws');
  const run = <A, R>(fn: (arg: A) => R | Promise<R>, arg: A) => (page.evaluate as (f: unknown, a: unknown) => Promise<R>)(fn, arg);
  return {
    page,
    context,
    run,
    connect: (token) => run(({ url, token: t }) => (globalThis as any).__lk.connect(url, t), { url: wsUrl, token }),
    from: (identity) => run((id) => (globalThis as any).__lk.from(id), identity),
    close: () => context.close().catch(() => undefined),
  };
}

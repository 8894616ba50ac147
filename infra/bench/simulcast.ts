/**
 * `npm run bench:simulcast`: what each simulcast layer of a camera really sends, against its cap
 * (issue #16: "the 135p layer sent up to 5× its 100 kbps cap with 8 cameras on").
 *
 * N people in one room in real Chromium (one context each), every camera a busy 960 × 540
 * picture (a test pattern with noise, so each layer's encoder wants more than its cap, as a
 * real camera's does); everyone receives everyone. For `--seconds` it samples once a second,
 * in every sender's page, the camera's outbound-rtp per rid (bytesSent, header and
 * retransmitted bytes, targetBitrate, frameHeight, qualityLimitationReason) and the encodings
 * the RTCRtpSender holds (maxBitrate, active), and on the SFU the producer's bitrate per rid
 * and the sender's transport's RTP and RTX bitrates.
 *
 * What it found (docs/sfu.md, "What a layer really sends"): r0's bytesSent runs to 4–5× its
 * cap only in seconds when the top layer is suspended for bandwidth; its targetBitrate stays
 * at the cap, its maxBitrate is kept, the SFU receives ~100 kbps of r0 media, and the excess
 * arrives as RTX: Chrome's padding to win back the estimate the top layer needs, which
 * libwebrtc sends as RTX copies of r0's packets and counts in r0's bytesSent.
 *
 * Writes bench-results/simulcast.json and prints a one-line JSON summary last (fields:
 * registry.ts). Options: --senders=4 --seconds=30; --smoke: 2 senders, 8 s.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { arg, report, root, round, sleep } from './common';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, Participant, eventually } from '../../signaling/test/support/browser';
import { startTestServer, type TestServer } from '../../signaling/test/support/test-server';

const SENDERS = arg('senders', 4, 2);
const SECONDS = arg('seconds', 30, 8);
const ROOM = 'bench-simulcast';
const log = (msg: string) => console.error(`[bench:simulcast] ${msg}`);

/** One second of one rid at one sender. */
interface RidSample {
  rid: string;
  kbps: number;
  headerKbps: number;
  rtxKbps: number;
  targetKbps: number | null;
  frameHeight: number | null;
  fps: number | null;
  limitation: string | null;
  maxKbps: number | null;
  active: boolean | null;
}

/** Records every RTCRtpSender the page makes, so the bench can read its encodings (what setParameters left). */
const SENDER_TRAP = `(() => {
  const senders = (globalThis.__benchSenders = []);
  const add = RTCPeerConnection.prototype.addTransceiver;
  RTCPeerConnection.prototype.addTransceiver = function (...args) {
    const t = add.apply(this, args);
    senders.push(t.sender);
    return t;
  };
})();`;

/** The page's camera, per rid, now: totals (bytes) and the sender's encodings. */
const READ_CAMERA = `(async () => {
  const out = [];
  for (const s of globalThis.__benchSenders) {
    if (!s.track || s.track.kind !== 'video') continue;
    const enc = s.getParameters().encodings;
    (await s.getStats()).forEach((r) => {
      if (r.type !== 'outbound-rtp') return;
      const e = enc.find((x) => x.rid === r.rid) || {};
      out.push({ rid: r.rid || '-', bytes: r.bytesSent || 0, header: r.headerBytesSent || 0, rtx: r.retransmittedBytesSent || 0, target: r.targetBitrate ?? null,
        frameHeight: r.frameHeight ?? null, fps: r.framesPerSecond ?? null, limitation: r.qualityLimitationReason ?? null,
        maxBitrate: e.maxBitrate ?? null, active: e.active ?? null, scale: e.scaleResolutionDownBy ?? null });
    });
  }
  return out;
})()`;

type CameraRead = Array<{ rid: string; bytes: number; header: number; rtx: number; target: number | null; frameHeight: number | null; fps: number | null; limitation: string | null; maxBitrate: number | null; active: boolean | null; scale: number | null }>;

function busyCamera(): string {
  const file = path.join(root, 'test-output', 'busy-camera-960x540.y4m');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    execFileSync('ffmpeg', ['-y', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=960x540:rate=24:duration=4,noise=alls=25:allf=t', '-pix_fmt', 'yuv420p', file]);
  }
  return file;
}

async function main(): Promise<void> {
  const server = await startTestServer();
  let browser: Browser | undefined;
  const people: Participant[] = [];
  try {
    // not launchChromium: its error-code guard's init script, compiled by tsx, needs a __name the page lacks (a test's concern, not a bench's)
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: [...CHROMIUM_ARGS, `--use-file-for-fake-video-capture=${busyCamera()}`] });
    for (let i = 0; i < SENDERS; i++) {
      const id = `peer-${i}`;
      const token = await server.token(ROOM, i === 0 ? 'mediator' : 'party', `发言人${i}`, id);
      const p = await Participant.open(browser, id, `about:blank`);
      await p.context.addInitScript(SENDER_TRAP);
      await p.page.goto(`${server.url}/room/${ROOM}#token=${token}`);
      people.push(p);
    }
    await Promise.all(people.map((p) => p.waitForState('joined', 60_000)));
    await eventually(async () => (await Promise.all(people.map((p) => p.inbound()))).every((s) => s.filter((x) => x.kind === 'video' && x.framesDecoded > 0).length === SENDERS - 1), 90_000, 'everyone decoding everyone');
    log(`${SENDERS} people in the room; sampling ${SECONDS} s`);

    const samples: Sample[] = [];
    let last = await Promise.all(people.map((p) => p.page.evaluate(READ_CAMERA) as Promise<CameraRead>));
    let lastAt = Date.now();
    for (let s = 0; s < SECONDS; s++) {
      await sleep(1_000);
      const now = await Promise.all(people.map((p) => p.page.evaluate(READ_CAMERA) as Promise<CameraRead>));
      const at = Date.now();
      const secs = (at - lastAt) / 1000;
      for (const [i, p] of people.entries()) {
        const before = new Map(last[i]!.map((r) => [r.rid, r]));
        const rids = now[i]!.map((r): RidSample => {
          const b = before.get(r.rid);
          const rate = (x: number, y: number | undefined) => round(((x - (y ?? x)) * 8) / 1000 / secs);
          return {
            rid: r.rid,
            kbps: rate(r.bytes, b?.bytes),
            headerKbps: rate(r.header, b?.header),
            rtxKbps: rate(r.rtx, b?.rtx),
            targetKbps: r.target === null ? null : round(r.target / 1000),
            frameHeight: r.frameHeight,
            fps: r.fps,
            limitation: r.limitation,
            maxKbps: r.maxBitrate === null ? null : r.maxBitrate / 1000,
            active: r.active,
          };
        });
        const { sfuKbps, uplink } = await sfuSide(server, p.name);
        samples.push({ sender: p.name, at, rids, sfuKbps, uplink });
      }
      last = now;
      lastAt = at;
    }

    report('simulcast', summarise(samples), { samples });
  } finally {
    for (const p of people) await p.close();
    await browser?.close().catch(() => undefined);
    await server.stop();
  }
}

/** The SFU's side of one sender now: its camera producer's bitrate per rid, its send transport's RTP and RTX bitrates (empty while a seat or transport is not there). */
async function sfuSide(server: TestServer, peerId: string): Promise<{ sfuKbps: Record<string, number>; uplink: Sample['uplink'] }> {
  const sfuKbps: Record<string, number> = {};
  const seat = server.rooms.get(ROOM)?.peers.get(peerId);
  const media = server.sfu.getRoom(ROOM);
  if (!seat || !media) return { sfuKbps, uplink: null };
  try {
    const cam = [...seat.producers.values()].find((o) => o.source === 'camera');
    const producer = cam ? media.getProducer(cam.producer.id) : undefined;
    for (const st of (await producer?.getStats()) ?? []) {
      const x = st as { rid?: string; bitrate?: number };
      sfuKbps[x.rid ?? '-'] = round((x.bitrate ?? 0) / 1000);
    }
    const sendTransport = [...seat.transports].find(([, dir]) => dir === 'send')?.[0];
    const [t] = sendTransport ? ((await media.getTransportStats(seat.mediaKey, sendTransport)) as Array<{ rtpRecvBitrate: number; rtxRecvBitrate: number }>) : [];
    return { sfuKbps, uplink: t ? { rtpKbps: round(t.rtpRecvBitrate / 1000), rtxKbps: round(t.rtxRecvBitrate / 1000) } : null };
  } catch (err) {
    log(`no SFU stats for ${peerId} this second: ${String(err)}`);
    return { sfuKbps, uplink: null };
  }
}

type Sample = { sender: string; at: number; rids: RidSample[]; sfuKbps: Record<string, number>; uplink: { rtpKbps: number; rtxKbps: number } | null };

/** The lowest layer's figures over every sender-second, and where its excess went. */
function summarise(samples: Sample[]): Record<string, unknown> {
  const r0 = samples.map((s) => ({ s, r: s.rids.find((r) => r.rid === 'r0') })).filter((x): x is { s: Sample; r: RidSample } => x.r !== undefined);
  const cap = r0[0]?.r.maxKbps ?? null;
  const over = cap === null ? [] : r0.filter(({ r }) => r.kbps > 1.5 * cap);
  const excess = over.reduce((n, { s, r }) => n + r.kbps - (s.sfuKbps['r0'] ?? 0), 0);
  const topOff = (s: Sample) => (s.rids.find((r) => r.rid === 'r2')?.kbps ?? 0) < 1;
  const max = (xs: number[]) => (xs.length ? Math.max(...xs) : null);
  return {
    senders: SENDERS,
    seconds: SECONDS,
    r0_cap_kbps: cap,
    r0_sent_max_kbps: max(r0.map(({ r }) => r.kbps)),
    r0_target_max_kbps: max(r0.map(({ r }) => r.targetKbps ?? 0)),
    r0_caps_kept: r0.every(({ r }) => r.maxKbps === cap),
    r0_sfu_max_kbps: max(r0.map(({ s }) => s.sfuKbps['r0'] ?? 0)),
    rtx_max_kbps: max(samples.map((s) => s.uplink?.rtxKbps ?? 0)),
    retransmitted_max_kbps: max(r0.map(({ r }) => r.rtxKbps)),
    r0_over_cap_seconds: over.length,
    r0_over_cap_top_off_seconds: over.filter(({ s }) => topOff(s)).length,
    // in those seconds: the RTX the SFU received over what r0 sent beyond the r0 media the SFU received (≈1: the excess is RTX)
    r0_excess_rtx_ratio: excess > 0 ? round(over.reduce((n, { s }) => n + (s.uplink?.rtxKbps ?? 0), 0) / excess, 2) : null,
  };
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

/**
 * A real Chromium session recorded through the running server: the page publishes
 * the fake camera (simulcast) and microphone into the session's media room with a
 * bundled mediasoup-client (sfu/test/browser/loopback-client.ts) and watches itself
 * back; the server's RecordingService records both tracks (until 10 s of each are on
 * disk, however long that takes) while the page keeps decoding; the files are checked with ffprobe and their hashes, fetched over
 * HTTP with Range, and the session rendition made by the background job.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@shuoshi/db';
import type { MediaRoom, mediasoupTypes as ms } from '@shuoshi/sfu';
import { bundleForBrowser } from '../../../infra/testing/bundle';
import { launchChromium, openTestPage, type ChromiumSession } from '../../../infra/testing/chromium';
import { issueAccessToken } from '../../src/auth/tokens';
import { staffPrincipal } from '../../src/auth/staff-sign-in';
import { startTestServer, type TestServer } from '../support/test-server';
import { seedEvidenceFixture, type EvidenceFixture } from './fixture';
import { ffprobe, lastPacketSeconds, sha256Of, untilOnDisk, waitFor } from './media-check';

const SENDER = 'party-liu';
const VIEWER = 'party-liu-view';
/** Seconds of media each track must have on disk before the recording is stopped. */
const RECORD_S = 10;
type Stats = { framesDecoded: number; audioBytesReceived: number };
type LoopbackApi = { run(o: { timeoutMs: number }): Promise<{ producerIds: { video: string; audio: string } } & Stats>; inboundStats(): Promise<Stats> };
const loopback = (page: Page) => ({
  run: () => page.evaluate(() => (globalThis as unknown as { loopback: LoopbackApi }).loopback.run({ timeoutMs: 30_000 })),
  stats: () => page.evaluate(() => (globalThis as unknown as { loopback: LoopbackApi }).loopback.inboundStats()),
});

describe(`recording a real Chromium session (${process.env.DATABASE_URL ? 'postgres' : 'embedded'})`, () => {
  let server: TestServer;
  let ownDb: TestDatabase | undefined;
  let fx: EvidenceFixture;
  let room: MediaRoom;
  let browser: ChromiumSession | undefined;
  let page: Page;
  let token: string;

  beforeAll(async () => {
    // with DATABASE_URL, a database of its own (the server would otherwise use that one as it is)
    ownDb = process.env.DATABASE_URL ? await createTestDatabase() : undefined;
    const [script, s] = await Promise.all([
      bundleForBrowser(path.resolve(import.meta.dirname, '../../../sfu/test/browser/loopback-client.ts'), { globalName: 'loopback' }),
      startTestServer(ownDb ? { env: { DATABASE_URL: ownDb.url } } : {}),
    ]);
    server = s;
    fx = await seedEvidenceFixture(server.db.prisma);
    token = (await issueAccessToken(server.config.authSecret, staffPrincipal(fx.staff.mediator))).token;
    room = await server.sfu.getOrCreateRoom(fx.roomId);
    const owner = new Map<string, string>();
    const handlers: Record<string, (d: Record<string, unknown>) => Promise<unknown>> = {
      routerRtpCapabilities: async () => room.rtpCapabilities,
      createTransport: async (d) => {
        const peer = d['direction'] === 'send' ? SENDER : VIEWER;
        const info = await room.createWebRtcTransport(peer, d['direction'] as 'send' | 'recv');
        owner.set(info.id, peer);
        return info;
      },
      connect: async (d) => room.connectTransport(owner.get(d['transportId'] as string)!, d['transportId'] as string, d['dtlsParameters'] as ms.DtlsParameters),
      produce: async (d) => ({
        id: (await room.produce(SENDER, d['transportId'] as string, { kind: d['kind'] as ms.MediaKind, rtpParameters: d['rtpParameters'] as ms.RtpParameters, appData: d['appData'] as Record<string, unknown> })).id,
      }),
      consume: async (d) => {
        const c = await room.consume(VIEWER, d['transportId'] as string, d['producerId'] as string, d['rtpCapabilities'] as ms.RtpCapabilities);
        return { id: c.id, producerId: c.producerId, kind: c.kind, rtpParameters: c.rtpParameters };
      },
      resume: async (d) => room.getPeerConsumer(VIEWER, d['consumerId'] as string).resume(),
    };
    browser = await launchChromium();
    page = await openTestPage(browser, { scripts: [script] });
    await page.exposeFunction('sfuRequest', (method: string, data: Record<string, unknown>) => handlers[method]!(data));
    await page.goto('http://localhost/');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await ownDb?.drop();
  });

  it('records the camera and microphone (10 s of each) without disturbing the call; ffprobe and the hashes agree', async () => {
    const published = await loopback(page).run();
    const recorder = await server.recordings.recorderFor(fx.sessionId);
    expect(await server.recordings.recorderFor(fx.sessionId)).toBe(recorder); // one per session
    const t0 = Date.now();
    const started = await Promise.all([
      recorder.start(published.producerIds.video, { label: '当事人 刘大山', peerId: SENDER }),
      recorder.start(published.producerIds.audio, { label: '当事人 刘大山', peerId: SENDER }),
    ]);
    const before = await loopback(page).stats();
    const files = started.map((t) => path.join(server.config.recordingsDir, t.path));
    const written = new Map((await untilOnDisk(files, RECORD_S, 120_000)).map((s, i) => [started[i]!.recordingId, s]));
    const during = await loopback(page).stats();
    const tracks = await recorder.close('session-ended');

    // the viewer kept decoding while the recorder consumed the same producers
    expect(during.framesDecoded).toBeGreaterThan(before.framesDecoded);
    expect(during.audioBytesReceived).toBeGreaterThan(before.audioBytesReceived);

    expect(tracks.map((t) => t.kind).sort()).toEqual(['audio', 'video']);
    for (const t of tracks) {
      const row = await server.db.prisma.recording.findUniqueOrThrow({ where: { id: t.recordingId } });
      const file = path.join(server.config.recordingsDir, row.path);
      expect(row.path.startsWith(path.join(fx.caseId, fx.sessionId))).toBe(true);
      expect(row.sha256).toBe(sha256Of(file));
      const p = await ffprobe(file);
      expect(p.streams.map((s) => s.codec_name)).toEqual([t.kind === 'video' ? 'vp8' : 'opus']);
      console.info(`[recording] ${t.kind}: ${p.durationS} s in the file, first packet after ${row.startedAt.getTime() - t0} ms, ${row.bytes} B`);
      // finalising kept everything that was on disk when the stop came (the figures against wall-clock time: npm run bench:recording)
      expect(await lastPacketSeconds(file), `${t.kind}: ${written.get(t.recordingId)} s were on disk before the stop`).toBeGreaterThanOrEqual(written.get(t.recordingId)!);
      expect(Math.abs(row.durationMs! / 1000 - p.durationS!)).toBeLessThan(0.1);
    }

    // streamed over HTTP by the running server, with Range
    const video = tracks.find((t) => t.kind === 'video')!;
    const res = await fetch(`${server.url}/api/recordings/${video.recordingId}/media`, { headers: { authorization: `Bearer ${token}`, range: 'bytes=0-3' } });
    expect(res.status).toBe(206);
    expect(Buffer.from(await res.arrayBuffer()).equals(Buffer.from([0x1a, 0x45, 0xdf, 0xa3]))).toBe(true); // EBML magic
  });

  it('assembles the session rendition in the background once the session ends', async () => {
    const done = await waitFor(async () => {
      const res = await fetch(`${server.url}/api/sessions/${fx.sessionId}/rendition`, { headers: { authorization: `Bearer ${token}` } });
      const s = (await res.json()) as { state: string; progress: number; recordingId: string | null; error: string | null };
      return s.state === 'done' || s.state === 'failed' ? s : undefined;
    }, 90_000, 'the rendition');
    expect(done.state, done.error ?? '').toBe('done');
    const row = await server.db.prisma.recording.findUniqueOrThrow({ where: { id: done.recordingId! } });
    const tracks = await server.db.prisma.recording.findMany({ where: { sessionId: fx.sessionId, kind: { in: ['AUDIO', 'VIDEO'] } } });
    const start = Math.min(...tracks.map((t) => t.startedAt.getTime()));
    const end = Math.max(...tracks.map((t) => t.startedAt.getTime() + t.durationMs!));
    const p = await ffprobe(path.join(server.config.recordingsDir, row.path));
    expect(p.streams.map((s) => s.codec_type).sort()).toEqual(['audio', 'video']);
    expect(Math.abs(p.durationS! - (end - start) / 1000)).toBeLessThan(1);
  });
});

/**
 * Real Chromium against the built worker: a mediasoup-client page publishes the fake
 * camera (simulcast, 3 encodings) and microphone, DTLS completes, the producers
 * receive media, and the page consumes both back (as another peer) and decodes them.
 * Then simulcast layer choice, priority, producer pause events and the active
 * speaker, and the worker is still alive at the end.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleForBrowser } from '../../infra/testing/bundle';
import { launchChromium, openTestPage, type ChromiumSession } from '../../infra/testing/chromium';
import { WorkerPool, type ActiveSpeaker, type MediaConsumer, type MediaRoom, type TransportState, type mediasoupTypes as ms } from '../src/index';
import { isAlive, nextEvent, testLogger, waitUntil } from './helpers';

const SENDER = 'mediator-1';
const VIEWER = 'party-1';

// Mirrors browser/loopback-client.ts (not imported: that file is typed against the DOM).
type LoopbackResult = {
  producerIds: { video: string; audio: string };
  consumerIds: { video: string; audio: string };
  firstFrameMs: number;
  firstFrameSinceNavigationMs: number;
  marks: Record<string, number>;
} & InboundStats;
type InboundStats = { framesDecoded: number; frameHeight: number; audioBytesReceived: number };
type LoopbackApi = { run(o: { timeoutMs: number }): Promise<LoopbackResult>; inboundStats(): Promise<InboundStats> };

describe('WebRTC with real Chromium', () => {
  let pool: WorkerPool;
  let room: MediaRoom;
  let browser: ChromiumSession | undefined;
  let page: Page;
  const transportOwner = new Map<string, string>();
  const consumers = new Map<string, MediaConsumer>();
  const states: TransportState[] = [];
  const speakers: Array<ActiveSpeaker | null> = [];
  const browserErrors: string[] = [];

  beforeAll(async () => {
    pool = new WorkerPool({ numWorkers: 1, webRtcServerPort: 0, listenIp: '127.0.0.1', announcedAddress: '127.0.0.1' }, testLogger());
    const [script] = await Promise.all([
      bundleForBrowser(path.join(import.meta.dirname, 'browser/loopback-client.ts'), { globalName: 'loopback' }),
      pool.start(),
    ]);
    room = await pool.createRoom('webrtc-room');
    room.on('transportstate', (s) => states.push(s));
    room.on('activespeaker', (s) => speakers.push(s));

    // The signalling a real server would do, reduced to one function the page calls.
    const handlers: Record<string, (d: Record<string, unknown>) => Promise<unknown>> = {
      routerRtpCapabilities: async () => room.rtpCapabilities,
      createTransport: async (d) => {
        const mediaKey = d['direction'] === 'send' ? SENDER : VIEWER;
        const info = await room.createWebRtcTransport(mediaKey, d['direction'] as 'send' | 'recv');
        transportOwner.set(info.id, mediaKey);
        return info;
      },
      connect: async (d) => {
        const transportId = d['transportId'] as string;
        await room.connectTransport(transportOwner.get(transportId) ?? '', transportId, d['dtlsParameters'] as ms.DtlsParameters);
      },
      produce: async (d) => {
        const producer = await room.produce(SENDER, d['transportId'] as string, {
          kind: d['kind'] as ms.MediaKind,
          rtpParameters: d['rtpParameters'] as ms.RtpParameters,
          appData: d['appData'] as Record<string, unknown>,
        });
        return { id: producer.id };
      },
      consume: async (d) => {
        const c = await room.consume(VIEWER, d['transportId'] as string, d['producerId'] as string, d['rtpCapabilities'] as ms.RtpCapabilities);
        consumers.set(c.id, c);
        return { id: c.id, producerId: c.producerId, kind: c.kind, rtpParameters: c.rtpParameters };
      },
      resume: async (d) => room.getPeerConsumer(VIEWER, d['consumerId'] as string).resume(),
    };

    browser = await launchChromium();
    page = await openTestPage(browser, { scripts: [script] }, (type, text) => {
      if (type === 'error') browserErrors.push(text);
    });
    await page.exposeFunction('sfuRequest', (method: string, data: Record<string, unknown>) => {
      const handler = handlers[method];
      if (!handler) throw new Error(`unknown method ${method}`);
      return handler(data);
    });
  });

  afterAll(async () => {
    await browser?.close();
    const pids = pool?.health().map((w) => w.pid) ?? [];
    await pool?.close();
    for (const pid of pids) expect(isAlive(pid)).toBe(false);
  });

  it('completes DTLS, receives simulcast + audio, and the browser decodes what it consumes back', async () => {
    const navStart = Date.now();
    await page.goto('http://localhost/');
    const result = await page.evaluate(() => (globalThis as unknown as { loopback: LoopbackApi }).loopback.run({ timeoutMs: 20_000 }));
    console.info(
      `[worker-webrtc] first decoded frame ${result.firstFrameMs} ms after run() (${result.firstFrameSinceNavigationMs} ms after ` +
        `navigation; goto→done ${Date.now() - navStart} ms); frames ${result.framesDecoded}, height ${result.frameHeight}, ` +
        `audio ${result.audioBytesReceived} B; steps ${JSON.stringify(result.marks)}`,
    );
    expect(result.framesDecoded).toBeGreaterThanOrEqual(10);
    expect(result.audioBytesReceived).toBeGreaterThan(0);

    // Both transports reached DTLS 'connected' (reported by events and by state).
    const connected = states.filter((s) => s.dtlsState === 'connected');
    expect(new Set(connected.map((s) => s.direction))).toEqual(new Set(['send', 'recv']));
    for (const [transportId, mediaKey] of transportOwner) {
      expect(room.transportState(mediaKey, transportId)).toMatchObject({ dtlsState: 'connected', iceState: expect.stringMatching(/connected|completed/) });
    }

    // The producers receive media: video as three simulcast encodings.
    const video = room.getPeerProducer(SENDER, result.producerIds.video);
    const audio = room.getPeerProducer(SENDER, result.producerIds.audio);
    expect(video.type).toBe('simulcast');
    expect(video.rtpParameters.encodings).toHaveLength(3);
    expect([video.source, audio.source]).toEqual(['camera', 'mic']);
    const layersWithBytes = await waitUntil(async () => {
      const n = (await video.getStats()).filter((s) => s.byteCount > 0).length;
      return n >= 2 ? n : 0;
    }, 15_000, 'two simulcast layers with bytes');
    const audioStats = await audio.getStats();
    expect(audioStats[0]?.byteCount).toBeGreaterThan(1_000);
    console.info(`[worker-webrtc] simulcast layers receiving bytes: ${layersWithBytes}/3`);

    const videoConsumer = consumers.get(result.consumerIds.video)!;
    expect(videoConsumer.type).toBe('simulcast');
    expect(videoConsumer.paused).toBe(false);
  });

  it('follows the preferred simulcast layer and priority of a receiver', async () => {
    const videoConsumer = [...consumers.values()].find((c) => c.kind === 'video')!;
    const loopback = () => page.evaluate(() => (globalThis as unknown as { loopback: LoopbackApi }).loopback.inboundStats());
    // A thumbnail: the lowest spatial layer (640x480 / 4 → 120 px high).
    const changes: Array<ms.ConsumerLayers | undefined> = [];
    videoConsumer.on('layerschange', (l) => changes.push(l));
    await videoConsumer.setPreferredLayers({ spatialLayer: 0 });
    await videoConsumer.setPriority(2);
    expect(videoConsumer.priority).toBe(2);
    await waitUntil(() => videoConsumer.currentLayers?.spatialLayer === 0, 10_000, 'current spatial layer 0');
    expect(changes.some((l) => l?.spatialLayer === 0)).toBe(true);
    const stats = await waitUntil(async () => {
      const s = await loopback();
      return s.frameHeight === 120 ? s : undefined;
    }, 10_000, 'the browser decoding 120 px frames');
    expect(stats.frameHeight).toBe(120);
  });

  it('tells the consumer when its producer pauses and resumes, and reports the active speaker', async () => {
    const audioConsumer = [...consumers.values()].find((c) => c.kind === 'audio')!;
    const audio = room.getProducer(audioConsumer.producerId)!;
    const paused = nextEvent(audioConsumer, 'producerpause', 5_000);
    await audio.pause();
    await paused;
    expect(audioConsumer.producerPaused).toBe(true);
    const resumed = nextEvent(audioConsumer, 'producerresume', 5_000);
    await audio.resume();
    await resumed;
    expect(audioConsumer.producerPaused).toBe(false);
    // Chromium's fake microphone beeps: the AudioLevelObserver names the sender.
    const speaker = await waitUntil(() => speakers.find((s) => s !== null), 10_000, 'an active speaker');
    expect(speaker).toMatchObject({ mediaKey: SENDER, producerId: audio.id });
  });

  it('keeps the worker alive; closing the sender closes what the viewer consumed', async () => {
    const [worker] = pool.health();
    expect(worker?.alive).toBe(true);
    expect(isAlive(worker!.pid)).toBe(true);
    const closed = [...consumers.values()].map((c) => nextEvent<[string]>(c, 'close', 5_000));
    room.closePeer(SENDER);
    for (const [reason] of await Promise.all(closed)) expect(reason).toBe('producerclose');
    expect(room.producers()).toHaveLength(0);
    expect(browserErrors).toEqual([]);
  });
});

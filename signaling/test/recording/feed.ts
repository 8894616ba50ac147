/**
 * Test participants without a browser: ffmpeg encodes a test pattern (VP8) and a
 * tone (Opus) and sends them as RTP into plain-RTP producers of a MediaRoom, the
 * way sfu/test/worker-media.test.ts does. Used by the recording tests, the child
 * process of the crash test, and `npm run bench:recording`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { pino } from 'pino';
import { WorkerPool, type MediaProducer, type MediaRoom } from '@shuoshi/sfu';

export async function startPool(): Promise<WorkerPool> {
  const pool = new WorkerPool({ numWorkers: 1, webRtcServerPort: 0, listenIp: '127.0.0.1', announcedAddress: '127.0.0.1' }, pino({ level: process.env['SFU_TEST_LOG'] ?? 'silent' }));
  await pool.start();
  return pool;
}

export interface FedParticipant {
  peerId: string;
  video: MediaProducer;
  audio: MediaProducer;
  ffmpeg: ChildProcess;
  /** Resolves when the feed ends (after `seconds`, or when stopped). */
  done: Promise<void>;
  stop(): void;
}

let nextSsrc = 30_000_000;

/** A participant sending `seconds` of 320x240@15 VP8 and Opus (a different tone each) into the room. */
export async function feedParticipant(room: MediaRoom, peerId: string, seconds: number, tone = 440): Promise<FedParticipant> {
  const vSsrc = nextSsrc++;
  const aSsrc = nextSsrc++;
  const video = await room.produceFromPlainRtp(peerId, {
    kind: 'video', mimeType: 'video/VP8', payloadType: 101, clockRate: 90000, ssrc: vSsrc, appData: { source: 'camera' },
  });
  const audio = await room.produceFromPlainRtp(peerId, {
    kind: 'audio', mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2, ssrc: aSsrc, appData: { source: 'mic' },
  });
  const rtp = (port: number, rtcp: number) => `rtp://127.0.0.1:${port}?rtcpport=${rtcp}&pkt_size=1200`;
  const ffmpeg = spawn(process.env['FFMPEG_PATH'] || 'ffmpeg', [
    '-nostdin', '-hide_banner', '-loglevel', 'error',
    '-re', '-t', String(seconds), '-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=15',
    '-re', '-t', String(seconds), '-f', 'lavfi', '-i', `sine=frequency=${tone}:sample_rate=48000`,
    '-map', '0:v', '-c:v', 'libvpx', '-b:v', '250k', '-deadline', 'realtime', '-cpu-used', '8', '-g', '15', '-threads', '1',
    '-ssrc', String(vSsrc), '-payload_type', '101', '-f', 'rtp', rtp(video.rtpPort, video.rtcpPort),
    '-map', '1:a', '-c:a', 'libopus', '-b:a', '32k', '-ac', '2', '-ar', '48000',
    '-ssrc', String(aSsrc), '-payload_type', '100', '-f', 'rtp', rtp(audio.rtpPort, audio.rtcpPort),
  ], { stdio: ['ignore', 'ignore', 'inherit'] });
  const done = new Promise<void>((resolve) => ffmpeg.once('exit', () => resolve()));
  return {
    peerId,
    video: video.producer,
    audio: audio.producer,
    ffmpeg,
    done,
    stop: () => {
      if (ffmpeg.exitCode === null && ffmpeg.signalCode === null) ffmpeg.kill('SIGKILL');
    },
  };
}

/** Resolves once the producer has received RTP (the feed is up). */
export async function untilFlowing(producer: MediaProducer, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const stats = await producer.getStats();
    if (stats.some((s) => s.byteCount > 0)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`producer ${producer.id} received nothing in ${timeoutMs} ms`);
}

/**
 * The built mediasoup worker routes real media: ffmpeg sends VP8 (testsrc) and Opus
 * (sine) RTP into PlainTransport producers; PlainTransport consumers (the recording
 * path) forward it to a UDP socket that counts packets per SSRC.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFfmpeg, type FfmpegRun } from '../../infra/testing/ffmpeg';
import { RtpSink, isVp8KeyFrameStart } from '../../infra/testing/rtp-sink';
import { WorkerPool, type MediaRoom } from '../src/index';
import { isAlive, testLogger, waitUntil } from './helpers';

const VIDEO_SSRC = 11_111_111;
const AUDIO_SSRC = 22_222_222;
const SECONDS = 3;

describe('worker media (ffmpeg → PlainTransport → router → PlainTransport → UDP)', () => {
  let pool: WorkerPool;
  let sink: RtpSink | undefined;
  let ffmpeg: FfmpegRun | undefined;

  beforeAll(async () => {
    pool = new WorkerPool({ numWorkers: 1, webRtcServerPort: 0, listenIp: '127.0.0.1' }, testLogger());
    await pool.start();
  });

  afterAll(async () => {
    ffmpeg?.kill();
    sink?.close();
    const pids = pool.health().map((w) => w.pid);
    await pool.close();
    for (const pid of pids) expect(isAlive(pid)).toBe(false);
  });

  it('forwards VP8 and Opus from ffmpeg to a plain RTP consumer, with a keyframe first', async () => {
    const room: MediaRoom = await pool.createRoom('media-plain');
    const video = await room.produceFromPlainRtp('ffmpeg-feed', {
      kind: 'video',
      mimeType: 'video/VP8',
      payloadType: 101,
      clockRate: 90000,
      ssrc: VIDEO_SSRC,
      appData: { source: 'camera' },
    });
    const audio = await room.produceFromPlainRtp('ffmpeg-feed', {
      kind: 'audio',
      mimeType: 'audio/opus',
      payloadType: 100,
      clockRate: 48000,
      channels: 2,
      ssrc: AUDIO_SSRC,
      appData: { source: 'mic' },
    });
    expect(room.producers().map((p) => p.source).sort()).toEqual(['camera', 'mic']);

    // The recording path: consumers on PlainTransports sending to our socket (rtcp-mux).
    sink = await RtpSink.open();
    const target = { ip: '127.0.0.1', port: sink.port };
    const videoOut = await room.consumeToPlainRtp(video.producer.id, target);
    const audioOut = await room.consumeToPlainRtp(audio.producer.id, target);
    expect(videoOut.kind).toBe('video');
    expect(videoOut.rtpParameters.codecs[0]?.mimeType).toBe('video/VP8');
    expect(audioOut.rtpParameters.codecs[0]?.mimeType).toBe('audio/opus');
    expect(room.transportCount).toBe(4);

    const started = Date.now();
    const rtp = (port: number, rtcp: number) => `rtp://127.0.0.1:${port}?rtcpport=${rtcp}&pkt_size=1200`;
    ffmpeg = startFfmpeg([
      '-re', '-t', String(SECONDS), '-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=15',
      '-re', '-t', String(SECONDS), '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
      '-map', '0:v', '-c:v', 'libvpx', '-b:v', '300k', '-deadline', 'realtime', '-cpu-used', '8', '-g', '15',
      '-ssrc', String(VIDEO_SSRC), '-payload_type', '101', '-f', 'rtp', rtp(video.rtpPort, video.rtcpPort),
      '-map', '1:a', '-c:a', 'libopus', '-b:a', '48k', '-ac', '2', '-ar', '48000',
      '-ssrc', String(AUDIO_SSRC), '-payload_type', '100', '-f', 'rtp', rtp(audio.rtpPort, audio.rtcpPort),
    ], 20_000);
    const { code, stderr } = await ffmpeg.done;
    expect(code, stderr).toBe(0);

    const videoSsrc = videoOut.rtpParameters.encodings?.[0]?.ssrc;
    const audioSsrc = audioOut.rtpParameters.encodings?.[0]?.ssrc;
    expect(videoSsrc).toBeTypeOf('number');
    expect(audioSsrc).toBeTypeOf('number');
    // the last packets in flight: wait until what was sent has arrived (the counts below), not a fixed 300 ms
    await waitUntil(() => sink!.stream(audioSsrc!).packets > 100 && sink!.stream(videoSsrc!).packets > 45 && sink!.stream(videoSsrc!).bytes > 20_000, 10_000, 'the forwarded packets').catch(() => undefined);
    const v = sink.stream(videoSsrc!);
    const a = sink.stream(audioSsrc!);
    console.info(
      `[worker-media] ${SECONDS} s of media in ${Date.now() - started} ms: video ${v.packets} pkts / ${v.bytes} B, ` +
        `audio ${a.packets} pkts / ${a.bytes} B, rtcp ${sink.rtcpPackets}`,
    );
    // 3 s of Opus at 20 ms frames is ~150 packets; VP8 at 15 fps and 300 kbps is well over 45.
    expect(a.packets).toBeGreaterThan(100);
    expect(v.packets).toBeGreaterThan(45);
    expect(v.bytes).toBeGreaterThan(20_000);
    expect([...v.payloadTypes]).toEqual([videoOut.rtpParameters.codecs[0]?.payloadType]);
    // A recording must start decodable: the consumer waits for (and asked for) a keyframe.
    expect(v.first && isVp8KeyFrameStart(v.first)).toBe(true);
    expect([...a.payloadTypes]).toEqual([audioOut.rtpParameters.codecs[0]?.payloadType]);

    const [vStat] = await video.producer.getStats();
    const [aStat] = await audio.producer.getStats();
    expect(vStat?.byteCount).toBeGreaterThan(20_000);
    expect(aStat?.byteCount).toBeGreaterThan(5_000);
    const outStats = await videoOut.getStats();
    const sent = outStats.find((s) => s.type === 'outbound-rtp');
    expect(sent?.packetCount).toBeGreaterThan(45);

    // The recording output closes with its producer.
    video.producer.close();
    await waitUntil(() => videoOut.closed, 5_000, 'the output to close with its producer');
    expect(room.transportCount).toBe(3);
    room.close();
    expect(audioOut.closed).toBe(true);
    expect(audio.producer.closed).toBe(true);
  });
});

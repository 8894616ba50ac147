/**
 * `npm run bench:recording`: the CPU cost of recording a 4-person session (4
 * participants × camera + microphone = 8 tracks), per recorded track, as a
 * percentage of one core: each track's ffmpeg (`-c copy`) plus the media worker's
 * extra work for the recording consumers.
 *
 * Four ffmpeg-fed participants (VP8 320x240@15 + Opus) send into one room on one
 * mediasoup worker. CPU is read from /proc/<pid>/stat (utime + stime) over fixed
 * windows: worker without recording, worker + recorders while recording, worker
 * without again; the worker's share is the recording window minus the mean of the
 * two windows around it. Afterwards the session rendition is timed.
 *
 * Writes bench-results/recording.json and prints a one-line JSON summary as its
 * last line (fields: registry.ts). Options: --window=15 (seconds per window; 1 tick =
 * 0.1 % at 10 s), --participants=4; --smoke: 1 participant, windows of 1 s.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { createTestDatabase } from '@shuoshi/db';
import { RenditionQueue } from '../../signaling/src/recording/rendition-queue';
import { SessionRecorder } from '../../signaling/src/recording/session-recorder';
import { RecordingStore } from '../../signaling/src/recording/store';
import { defaultTools } from '../../signaling/src/recording/tools';
import { SfuRecordableRoom } from '../../signaling/src/rooms/sfu-adapter';
import { feedParticipant, startPool, untilFlowing } from '../../signaling/test/recording/feed';
import { seedEvidenceFixture } from '../../signaling/test/recording/fixture';
import { idleWorkers, startTestJobs } from '../../signaling/test/support/jobs';
import { CLK_TCK, arg, cpuTicks, report, sleep, round as roundTo } from './common';

const WINDOW_S = arg('window', 15, 1);
const PARTICIPANTS = arg('participants', 4, 1);
const round = (n: number) => roundTo(n, 2);
const log = (msg: string) => process.stderr.write(`[bench:recording] ${msg}\n`);

/** CPU of each pid over `seconds`, as % of one core. */
async function measure(pids: number[], seconds: number): Promise<number[]> {
  const t0 = process.hrtime.bigint();
  const before = pids.map(cpuTicks);
  await sleep(seconds * 1000);
  const after = pids.map(cpuTicks);
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  return pids.map((_, i) => ((after[i]! - before[i]!) / CLK_TCK / wall) * 100);
}

async function main(): Promise<void> {
  const recordingsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shuoshi-bench-recording-'));
  const [db, pool] = await Promise.all([createTestDatabase(), startPool()]);
  const feeds: Array<Awaited<ReturnType<typeof feedParticipant>>> = [];
  try {
    const fx = await seedEvidenceFixture(db.prisma, 'bench-recording');
    const room = await pool.createRoom(fx.roomId);
    const workerPid = pool.health()[0]!.pid;
    const feedSeconds = WINDOW_S * 3 + 30;
    for (let i = 0; i < PARTICIPANTS; i++) feeds.push(await feedParticipant(room, `participant-${i + 1}`, feedSeconds, 300 + i * 150));
    await Promise.all(feeds.map((f) => untilFlowing(f.video)));
    log(`${PARTICIPANTS} participants sending; worker pid ${workerPid}; windows of ${WINDOW_S} s`);
    await sleep(2_000);

    const [workerBefore] = await measure([workerPid], WINDOW_S);
    log(`worker without recording: ${round(workerBefore!)} %`);

    const store = new RecordingStore(db.prisma);
    const recorder = new SessionRecorder({ session: { id: fx.sessionId, caseId: fx.caseId, roomId: fx.roomId }, room: new SfuRecordableRoom(room), store, recordingsDir, tools: defaultTools(), log: pino({ level: 'warn' }) });
    // ms from each start request to the track's recorded start (what the recorder tests no longer bound)
    const startLagMs: number[] = [];
    for (const [i, f] of feeds.entries()) {
      for (const producer of [f.video, f.audio]) {
        const asked = Date.now();
        const t = await recorder.start(producer.id, { label: `参与人 ${i + 1}`, peerId: f.peerId });
        startLagMs.push(t.startedAt.getTime() - asked);
      }
    }
    const toolPids = recorder.toolPids();
    await sleep(2_000);
    const [workerWith, ...tools] = await measure([workerPid, ...toolPids], WINDOW_S);
    const stopAt = Date.now();
    const tracks = await recorder.close('session-ended');
    // how far each file's duration is from the wall-clock time it was recorded (start to the stop request)
    const driftMs = tracks.map((t) => Math.abs((t.durationMs ?? 0) - (stopAt - t.startedAt.getTime())));
    log(`recording ${toolPids.length} tracks: worker ${round(workerWith!)} %, ffmpeg ${tools.map((t) => round(t)).join(' / ')} %`);

    await sleep(1_000);
    const [workerAfter] = await measure([workerPid], WINDOW_S);
    log(`worker without recording again: ${round(workerAfter!)} %`);

    const ffmpegTotal = tools.reduce((a, b) => a + b, 0);
    const workerShare = workerWith! - (workerBefore! + workerAfter!) / 2;
    const perTrack = (ffmpegTotal + Math.max(0, workerShare)) / toolPids.length;

    // the rendition as a job on the job engine (pg-boss on this database), timed from ffmpeg's start to the stored row
    const jobs = await startTestJobs(db, pino({ level: 'warn' }));
    const renditions = new RenditionQueue({ store, recordingsDir, tools: defaultTools(), jobs, fontFile: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', log: pino({ level: 'warn' }) });
    await jobs.serve({ ...idleWorkers, render: (id, signal) => renditions.run(id, signal) }, { purgeCron: null, firstPurgeAfterMs: null });
    renditions.enqueue(fx.sessionId);
    await renditions.idle();
    const rendition = renditions.status(fx.sessionId);
    const renderS = ((rendition?.finishedAt?.getTime() ?? 0) - (rendition?.startedAt?.getTime() ?? 0)) / 1000;
    const recordedS = Math.max(...tracks.map((t) => (t.durationMs ?? 0) / 1000));
    await renditions.close();
    await jobs.stop();

    const summary = { tracks: toolPids.length, cpu_pct_per_track: round(perTrack), rendition_realtime_factor: round(recordedS / renderS), start_lag_ms_max: Math.max(...startLagMs), duration_vs_wall_ms_max: Math.max(...driftMs) };
    report('recording', summary, {
      participants: PARTICIPANTS,
      window_s: WINDOW_S,
      ffmpeg_pct_per_track: round(ffmpegTotal / toolPids.length),
      ffmpeg_pct_each: tools.map((t) => round(t)),
      worker_pct: { without_before: round(workerBefore!), with_recording: round(workerWith!), without_after: round(workerAfter!) },
      worker_share_pct_total: round(workerShare),
      worker_share_pct_per_track: round(workerShare / toolPids.length),
      recorded_files: tracks.map((t) => ({ kind: t.kind, durationMs: t.durationMs, bytes: t.bytes, interrupted: t.interrupted })),
      rendition: { state: rendition?.state, seconds: round(renderS), session_seconds: round(recordedS), realtime_factor: round(recordedS / renderS) },
      method:
        'CPU = delta of utime+stime from /proc/<pid>/stat over each window / CLK_TCK / wall time, as % of one core. ' +
        'Per track = (sum of the recording ffmpeg processes + max(0, worker share)) / tracks; worker share = worker CPU while recording minus the mean of the windows before and after. ' +
        'Feeds: ffmpeg libvpx 320x240@15 ~250 kb/s + libopus 32 kb/s per participant over plain RTP (their own CPU is not counted).',
      database: db.kind,
    });
  } finally {
    for (const f of feeds) f.stop();
    await pool.close();
    await db.drop();
    fs.rmSync(recordingsDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);

/**
 * The recorder against a real mediasoup worker, real ffmpeg and a real database:
 * three participants send VP8 + Opus (ffmpeg test feeds); two are recorded, one of
 * them withdraws consent half-way; then the session rendition, a clip, and a
 * recording whose ffmpeg processes are killed with SIGKILL.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@shuoshi/db';
import type { MediaRoom, WorkerPool } from '@shuoshi/sfu';
import { RtpSink } from '../../../infra/testing/rtp-sink';
import { cutClip } from '../../src/recording/clip';
import { RenditionQueue, type RenditionStatus } from '../../src/recording/rendition-queue';
import { SessionRecorder, type FinishedTrack } from '../../src/recording/session-recorder';
import { RecordingStore } from '../../src/recording/store';
import { defaultTools } from '../../src/recording/tools';
import type { Jobs } from '../../src/jobs';
import { idleWorkers, startTestJobs } from '../support/jobs';
import { SfuRecordableRoom } from '../../src/rooms/sfu-adapter';
import { feedParticipant, startPool, untilFlowing, type FedParticipant } from './feed';
import { seedEvidenceFixture, type EvidenceFixture } from './fixture';
import { decodeAll, ffprobe, isAlive, lastPacketSeconds, sha256Of, tileLuma, untilOnDisk, waitFor } from './media-check';

const mode = process.env.DATABASE_URL ? 'postgres' : 'embedded';
const log = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
const tools = defaultTools();

describe(`SessionRecorder with ffmpeg-fed participants (${mode})`, () => {
  let db: TestDatabase;
  let fx: EvidenceFixture;
  let pool: WorkerPool;
  let room: MediaRoom;
  let dir: string;
  let store: RecordingStore;
  let recorder: SessionRecorder;
  const feeds: FedParticipant[] = [];
  let sink: RtpSink | undefined;
  let finished: FinishedTrack[] = [];
  let jobs: Jobs | undefined;
  const session = () => ({ id: fx.sessionId, caseId: fx.caseId, roomId: fx.roomId });

  beforeAll(async () => {
    [db, pool] = await Promise.all([createTestDatabase(), startPool()]);
    fx = await seedEvidenceFixture(db.prisma);
    room = await pool.createRoom(fx.roomId);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shuoshi-rec-test-'));
    store = new RecordingStore(db.prisma);
    for (const [i, peer] of ['mediator', 'party-a', 'party-b'].entries()) feeds.push(await feedParticipant(room, peer, 40, 300 + i * 200));
    await Promise.all(feeds.map((f) => untilFlowing(f.video)));
  });

  afterAll(async () => {
    await recorder?.close('shutdown');
    await jobs?.stop();
    for (const f of feeds) f.stop();
    sink?.close();
    const pids = pool?.health().map((w) => w.pid) ?? [];
    await pool?.close();
    await db?.drop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    for (const pid of pids) expect(isAlive(pid)).toBe(false);
  });

  it('records only the tracks it is told to, one finalised WebM each, with the hash in the row; the call is untouched', async () => {
    const [mediator, partyA, partyB] = feeds as [FedParticipant, FedParticipant, FedParticipant];
    // another consumer of the mediator's camera, as a viewer would be
    sink = await RtpSink.open();
    const viewer = await room.consumeToPlainRtp(mediator.video.id, { ip: '127.0.0.1', port: sink.port });
    const viewerPackets = () => [...sink!.streams.values()].reduce((n, s) => n + s.packets, 0);

    recorder = new SessionRecorder({ session: session(), room: new SfuRecordableRoom(room), store, recordingsDir: dir, tools, log });
    const started: string[] = [];
    const files = new Map<string, string[]>(); // by participant label
    recorder.on('trackstarted', (t) => {
      started.push(t.recordingId);
      files.set(t.participant.label, [...(files.get(t.participant.label) ?? []), path.join(dir, t.path)]);
    });
    const t0 = Date.now();
    await recorder.start(mediator.video.id, { label: '调解员 李明', peerId: mediator.peerId });
    await recorder.start(mediator.audio.id, { label: '调解员 李明', peerId: mediator.peerId });
    await recorder.start(partyA.video.id, { label: '当事人 刘大山', peerId: partyA.peerId });
    await recorder.start(partyA.audio.id, { label: '当事人 刘大山', peerId: partyA.peerId });
    expect(started).toHaveLength(4);
    await expect(recorder.start(mediator.video.id, { label: 'again' })).rejects.toMatchObject({ code: 'ALREADY_RECORDING' });
    const before = viewerPackets();

    // both participants recorded for a while (seconds of media on disk, however long that takes)
    await untilOnDisk([...files.values()].flat(), 2);
    const tA = Date.now(); // the stop requests (finalising takes a moment more)
    const withdrawn = await recorder.stopParticipant({ peerId: partyA.peerId }, 'consent-withdrawn');
    expect(withdrawn.map((t) => t.reason)).toEqual(['consent-withdrawn', 'consent-withdrawn']);
    // the mediator goes on: 2 s more of media than party A's tracks hold
    await untilOnDisk(files.get('调解员 李明')!, Math.max(...withdrawn.map((t) => t.durationMs ?? 0)) / 1000 + 2);
    const tEnd = Date.now();
    finished = await recorder.close('session-ended');
    await expect(recorder.start(partyB.video.id, { label: 'late' })).rejects.toMatchObject({ code: 'RECORDER_CLOSED' });

    // the viewer kept receiving all along, and still does
    const during = viewerPackets();
    expect(during - before).toBeGreaterThan(60);
    await waitFor(() => viewerPackets() > during, 15_000, 'the viewer to keep receiving');
    viewer.close();

    const rows = await db.prisma.recording.findMany({ where: { sessionId: fx.sessionId }, orderBy: { startedAt: 'asc' } });
    expect(rows).toHaveLength(4);
    expect(new Set(rows.map((r) => r.participantLabel))).toEqual(new Set(['调解员 李明', '当事人 刘大山']));
    expect(finished.map((f) => f.producerId)).not.toContain(partyB.video.id);
    const finalised = await db.prisma.auditLog.findMany({ where: { action: 'recording.finalise', actorType: 'SYSTEM' } });
    expect(finalised).toHaveLength(4);
    for (const row of rows) {
      expect(finalised.find((a) => a.entityId === row.id)?.details).toMatchObject({ sha256: row.sha256, interrupted: false });
      const file = path.join(dir, row.path);
      expect(row.path.startsWith(path.join(fx.caseId, fx.sessionId) + path.sep)).toBe(true);
      expect(row.sha256).toBe(sha256Of(file));
      expect(Number(row.bytes)).toBe(fs.statSync(file).size);
      expect(row.interrupted).toBe(false);
      const p = await ffprobe(file);
      expect(p.streams.map((s) => s.codec_name)).toEqual([row.kind === 'VIDEO' ? 'vp8' : 'opus']);
      expect(p.durationS).toBeDefined(); // finalised: the trailer has the duration
      expect(Math.abs(p.durationS! * 1000 - row.durationMs!)).toBeLessThan(100);
      // started by its start request, and ended by its stop (the withdrawal for party A, the close for the mediator)
      expect(row.startedAt.getTime()).toBeGreaterThanOrEqual(t0);
      expect(row.startedAt.getTime()).toBeLessThanOrEqual(row.participantLabel === '调解员 李明' ? tEnd : tA);
      expect(p.durationS!).toBeGreaterThan(0);
    }
    // the withdrawal stopped party A's tracks while the mediator's went on recording
    const seconds = (label: string, kind: 'AUDIO' | 'VIDEO') => rows.find((r) => r.participantLabel === label && r.kind === kind)!.durationMs!;
    for (const kind of ['AUDIO', 'VIDEO'] as const) expect(seconds('调解员 李明', kind)).toBeGreaterThan(seconds('当事人 刘大山', kind));
  });

  /** Seconds from the first track's start to the last one's: from then on everyone recorded is on disk. */
  const bothFromS = () => {
    const starts = finished.filter((f) => !f.empty).map((t) => t.startedAt.getTime());
    return (Math.max(...starts) - Math.min(...starts)) / 1000;
  };

  it('renders one file with every recorded participant, as long as the session, with progress', async () => {
    jobs = await startTestJobs(db, log);
    const queue = new RenditionQueue({ store, recordingsDir: dir, tools, jobs, fontFile: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', log });
    await jobs.serve({ ...idleWorkers, render: (sessionId, signal) => queue.run(sessionId, signal) }, { purgeCron: null, firstPurgeAfterMs: null });
    const seen: RenditionStatus[] = [];
    queue.on('progress', (s) => seen.push(s));
    queue.enqueue(fx.sessionId);
    expect(() => queue.enqueue(fx.sessionId)).toThrow(/queued or running/);
    await queue.idle();
    const status = queue.status(fx.sessionId)!;
    expect(status.state, status.error).toBe('done');
    expect(seen.map((s) => s.state)).toContain('running');
    expect(seen.every((s, i) => i === 0 || s.progress >= seen[i - 1]!.progress)).toBe(true);

    const row = await db.prisma.recording.findUniqueOrThrow({ where: { id: status.recordingId! } });
    const file = path.join(dir, row.path);
    expect(row.kind).toBe('RENDITION');
    expect(row.sha256).toBe(sha256Of(file));
    const tracks = finished.filter((f) => !f.empty);
    const start = Math.min(...tracks.map((t) => t.startedAt.getTime()));
    const end = Math.max(...tracks.map((t) => t.startedAt.getTime() + t.durationMs!));
    const p = await ffprobe(file);
    expect(p.streams.map((s) => s.codec_type).sort()).toEqual(['audio', 'video']);
    expect(Math.abs(p.durationS! - (end - start) / 1000)).toBeLessThan(1);
    const video = p.streams.find((s) => s.codec_type === 'video')!;
    expect([video.width, video.height]).toEqual([640, 240]); // two participants side by side

    // both participants' pictures while both were recorded (from the later start on: a loaded machine
    // starts the tracks one after another), the one who withdrew gone after
    const [both0, both1] = await tileLuma(file, bothFromS() + 1.2, 640, 240, 2, 1);
    expect(both0).toBeGreaterThan(80);
    expect(both1).toBeGreaterThan(80);
    const [after0, after1] = await tileLuma(file, p.durationS! - 1, 640, 240, 2, 1);
    expect(after0).toBeGreaterThan(80);
    expect(after1).toBeLessThan(70);
    // the originals are kept
    for (const t of tracks) expect(fs.existsSync(path.join(dir, t.path))).toBe(true);
    await queue.close();
  });

  it('cuts a clip of the marked stretch from every track without transcoding, hashed', async () => {
    // a stretch in which both were recorded (their tracks may have started a while apart)
    const fromMs = Math.round(bothFromS() * 1000) + 1_000;
    const clip = await cutClip({ store, recordingsDir: dir, tools, log }, { sessionId: fx.sessionId, fromMs, toMs: fromMs + 1_500 });
    const file = path.join(dir, clip.path);
    expect(clip.kind).toBe('CLIP');
    expect(clip.sha256).toBe(sha256Of(file));
    expect([clip.clipFromMs, clip.clipToMs]).toEqual([fromMs, fromMs + 1_500]);
    const p = await ffprobe(file);
    expect(p.streams.map((s) => s.codec_name).sort()).toEqual(['opus', 'opus', 'vp8', 'vp8']); // copied, not transcoded
    expect(p.streams.map((s) => s.tags?.['title'] ?? s.tags?.['TITLE'])).toContain('当事人 刘大山 视频');
    // video starts at the keyframe at or before the mark (the feeds send one a second)
    expect(p.durationS!).toBeGreaterThan(1.4);
    expect(p.durationS!).toBeLessThan(2.7);
    expect((await decodeAll(file)).code).toBe(0);
    await expect(cutClip({ store, recordingsDir: dir, tools, log }, { sessionId: fx.sessionId, fromMs: 3_000, toMs: 2_000 })).rejects.toMatchObject({ code: 'BAD_CLIP_WINDOW' });
  });

  it('keeps what was written when the recording ffmpeg processes are killed (SIGKILL)', async () => {
    const partyB = feeds[2]!;
    const s2 = await db.prisma.session.create({ data: { kind: 'MEDIATION', caseId: fx.caseId, roomId: `${fx.roomId}-2`, hostId: fx.staff.mediator.id } });
    const rec2 = new SessionRecorder({ session: { id: s2.id, caseId: fx.caseId, roomId: fx.roomId }, room: new SfuRecordableRoom(room), store, recordingsDir: dir, tools, log });
    const stopped: FinishedTrack[] = [];
    rec2.on('trackstopped', (t) => stopped.push(t));
    const paths: string[] = [];
    rec2.on('trackstarted', (t) => paths.push(t.path));
    await rec2.start(partyB.video.id, { label: '当事人 赵小河', peerId: partyB.peerId });
    await rec2.start(partyB.audio.id, { label: '当事人 赵小河', peerId: partyB.peerId });
    // media on disk, however long the machine takes to get there (not a fixed wait)
    const written = new Map((await untilOnDisk(paths.map((p) => path.join(dir, p)), 2)).map((s, i) => [paths[i]!, s]));
    const pids = rec2.toolPids();
    expect(pids).toHaveLength(2);
    for (const pid of pids) process.kill(pid, 'SIGKILL');
    await waitFor(() => stopped.length === 2, 15_000, 'both tracks to end');
    for (const t of stopped) {
      expect(t.reason).toBe('tool-exited');
      expect(t.interrupted).toBe(true);
      const file = path.join(dir, t.path);
      const decoded = await decodeAll(file);
      expect(decoded.code, decoded.errors.join('\n')).toBe(0);
      // everything that was on disk before the kill is still there (only the cluster in progress is lost)
      expect(await lastPacketSeconds(file)).toBeGreaterThanOrEqual(written.get(t.path)!);
      const row = await db.prisma.recording.findUniqueOrThrow({ where: { id: t.recordingId } });
      expect(row.interrupted).toBe(true);
      expect(row.sha256).toBe(sha256Of(file));
    }
    for (const pid of pids) expect(isAlive(pid)).toBe(false);
    await rec2.close();
  });
});

/**
 * A rendition whose node dies mid-transcode: two nodes (two job engines, two rendition
 * queues, one database, one recordings directory). Node A takes the job and starts
 * ffmpeg; it dies (its ffmpeg killed, none of its statements reaching the database
 * again). Once the job expires, node B renders the session: exactly one RENDITION row,
 * B's, whose file plays and matches its hash; nothing of A's attempt is listed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@shuoshi/db';
import { JOB_KINDS, Jobs } from '../../src/jobs';
import { RenditionQueue, type RenditionStatus } from '../../src/recording/rendition-queue';
import { RecordingStore } from '../../src/recording/store';
import { defaultTools } from '../../src/recording/tools';
import { idleWorkers, QUICK_JOBS } from '../support/jobs';
import { addTrack, type EvidenceApp } from './evidence-app';
import { seedEvidenceFixture, type EvidenceFixture } from './fixture';
import { ffprobe, renditionFfmpegsOf, sha256Of } from './media-check';
import { eventually } from '../support/browser';

const mode = process.env.DATABASE_URL ? 'postgres' : 'embedded';
/** Long enough that the transcode is seen running before it ends (then it is frozen). */
const SECONDS = 20;
const log = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

describe(`a rendition interrupted by its node's death (${mode})`, () => {
  let db: TestDatabase;
  let fx: EvidenceFixture;
  let poolA: pg.Pool;
  let dir: string;
  const stops: Array<() => Promise<unknown>> = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    fx = await seedEvidenceFixture(db.prisma);
    poolA = new pg.Pool({ connectionString: db.url, max: 2 });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shuoshi-rendition-failover-'));
    const e = { db, fx, recordingsDir: dir } as EvidenceApp;
    const t0 = new Date(Date.now() - 60_000);
    await addTrack(e, { kind: 'video', seconds: SECONDS, label: '调解员 李明', startedAt: t0 });
    await addTrack(e, { kind: 'audio', seconds: SECONDS, label: '当事人 刘大山', startedAt: t0 });
  });

  afterAll(async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    await poolA?.end();
    await db?.drop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('is rendered once, by the other node, after the job expires', async () => {
    const store = new RecordingStore(db.prisma);
    const tools = defaultTools();
    // node A: its statements stop reaching the database when it dies
    let dead = false;
    const jobsA = await Jobs.start({ sql: (t, v) => (dead ? Promise.reject(new Error('node A is dead')) : poolA.query(t, v)), log, timing: QUICK_JOBS });
    stops.push(() => jobsA.stop({ graceful: false }));
    const queueA = new RenditionQueue({ store, recordingsDir: dir, tools, jobs: jobsA, expireInSeconds: 20, log });
    const endedA = new Promise<RenditionStatus>((resolve) => (queueA.on('failed', resolve), queueA.on('done', resolve)));
    await jobsA.serve({ ...idleWorkers, render: (id, signal) => queueA.run(id, signal) }, { purgeCron: null, firstPurgeAfterMs: null });
    // node B is up, not yet taking renditions: it sees A's job running
    const jobsB = await Jobs.start({ sql: (t, v) => db.pool.query(t, v), log, timing: QUICK_JOBS });
    stops.push(() => jobsB.stop());
    const queueB = new RenditionQueue({ store, recordingsDir: dir, tools, jobs: jobsB, log });
    stops.push(() => queueB.close());
    expect(await queueB.statusAnywhere(fx.sessionId)).toBeUndefined();
    await queueA.request(fx.sessionId);
    // A's transcode is frozen (SIGSTOP) as soon as it runs: on a quiet machine the session renders in a second or two
    let transcode: number[] = [];
    await eventually(async () => (transcode = renditionFfmpegsOf(process.pid)).length > 0, 30_000, "node A's rendition ffmpeg");
    for (const pid of transcode) process.kill(pid, 'SIGSTOP');
    expect(await queueB.statusAnywhere(fx.sessionId)).toMatchObject({ state: 'running' });
    await expect(queueB.request(fx.sessionId)).rejects.toMatchObject({ code: 'RENDITION_ALREADY_QUEUED' });

    // A dies mid-transcode: its ffmpeg is killed, and it can no longer fail the job
    dead = true;
    await queueA.close();
    await jobsA.stop({ graceful: false }).catch(() => undefined);
    expect((await endedA).state).toBe('failed');

    // node B takes the expired job and renders the session
    const done = new Promise<RenditionStatus>((resolve) => queueB.on('done', resolve));
    await jobsB.serve({ ...idleWorkers, render: (id, signal) => queueB.run(id, signal) }, { purgeCron: null, firstPurgeAfterMs: null });
    const status = await done;
    expect(await queueB.statusAnywhere(fx.sessionId)).toMatchObject({ state: 'done', recordingId: status.recordingId });
    await expect.poll(() => jobsB.engine.count(JOB_KINDS.rendition.name, 'completed')).toBe(1);

    const rows = await db.prisma.recording.findMany({ where: { sessionId: fx.sessionId, kind: 'RENDITION' } });
    expect(rows.map((r) => r.id)).toEqual([status.recordingId]);
    const file = path.join(dir, rows[0]!.path);
    expect(rows[0]!.sha256).toBe(sha256Of(file));
    expect(Math.abs((await ffprobe(file)).durationS! - SECONDS)).toBeLessThan(1);
    const audits = await db.prisma.auditLog.findMany({ where: { action: 'recording.rendition' } });
    expect(audits.map((a) => a.entityId)).toEqual([status.recordingId]);
    // no other rendition file is left in the session's folder
    const folder = path.dirname(file);
    expect(fs.readdirSync(folder).filter((f) => f.includes('_rendition_'))).toEqual([path.basename(file)]);
  }, 300_000); // a hang guard: under two CI runs at once the other node took over two minutes to render
});

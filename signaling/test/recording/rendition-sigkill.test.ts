/**
 * A rendition whose node process is SIGKILLed mid-transcode (issue #15), with real
 * processes: two server nodes on one PostgreSQL, one Redis and one recordings directory.
 * Both start with a recorded session that has no rendition: one node queues it and one
 * takes it; its ffmpeg is frozen (so the kill lands mid-transcode on any machine) and its
 * node is killed (no goodbye; its ffmpeg dies with it). The other node takes the job once
 * the dead node's hold has lapsed (JOB_HOLD_SECONDS, 10 here) and renders the session:
 * exactly one RENDITION row and one audit row, the file plays and matches its hash.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/browser';
import { Cluster } from '../support/cluster';
import { addTrack, type EvidenceApp } from './evidence-app';
import { seedEvidenceFixture, type EvidenceFixture } from './fixture';
import { ffprobe, renditionFfmpegsOf, sha256Of } from './media-check';

const ready = Boolean(process.env.REDIS_URL && process.env.DATABASE_URL);
const SECONDS = 40;

describe.skipIf(!ready)('a rendition whose node is SIGKILLed (real node processes)', () => {
  let cluster: Cluster;
  let fx: EvidenceFixture;
  let dir: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shuoshi-rendition-kill-'));
    cluster = await Cluster.create({ RECORDINGS_DIR: dir, JOB_HOLD_SECONDS: '10' }); // short, so the dead node's hold lapses soon; not so short that a busy live node misses its renewals (3 s did under two CIs at once)
    fx = await seedEvidenceFixture(cluster.db.prisma);
    const e = { db: cluster.db, fx, recordingsDir: dir } as EvidenceApp;
    const t0 = new Date(Date.now() - 120_000);
    await addTrack(e, { kind: 'video', seconds: SECONDS, label: '调解员 李明', startedAt: t0 });
    await addTrack(e, { kind: 'audio', seconds: SECONDS, label: '当事人 刘大山', startedAt: t0 });
  }, 120_000);

  afterAll(async () => {
    await cluster?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('is finished by the other node, exactly once, and plays', async () => {
    const rendition = () => cluster.db.prisma.recording.findMany({ where: { sessionId: fx.sessionId, kind: 'RENDITION' } });
    // both nodes start with the session unrendered: one queues its rendition (once across them) and one takes it
    const nodes = await Promise.all([cluster.start('a'), cluster.start('b')]);
    let transcode: number[] = [];
    let holder = nodes[0]!;
    await eventually(
      async () => nodes.some((n) => (transcode = renditionFfmpegsOf(n.child.pid!)).length > 0 && (holder = n)),
      60_000,
      "a node's rendition ffmpeg",
    );
    // frozen mid-transcode (SIGSTOP), however fast this machine renders: its node dies holding the job
    for (const pid of transcode) process.kill(pid, 'SIGSTOP');
    expect(await rendition()).toEqual([]);
    const other = nodes.find((n) => n !== holder)!;

    await cluster.kill(holder.name);
    // the transcode died with its node (pdeathsig)
    await eventually(async () => transcode.every((pid) => !fs.existsSync(`/proc/${pid}`)), 10_000, "the dead node's ffmpeg gone");
    expect(other.child.exitCode).toBeNull();

    // the other node takes the job after the dead node's hold lapsed, and renders it (a hang guard, not a budget)
    await eventually(async () => (await rendition()).length > 0, 120_000, 'the rendition, by the other node', async () => {
      const { rows } = await cluster.db.pool.query(`SELECT state, retry_count FROM pgboss.job WHERE name = 'rendition'`);
      return rows;
    });
    const rows = await rendition();
    expect(rows).toHaveLength(1);
    const file = path.join(dir, rows[0]!.path);
    expect(rows[0]!.sha256).toBe(sha256Of(file));
    expect(Math.abs((await ffprobe(file)).durationS! - SECONDS)).toBeLessThan(1);
    const audits = await cluster.db.prisma.auditLog.findMany({ where: { action: 'recording.rendition' } });
    expect(audits.map((x) => x.entityId)).toEqual([rows[0]!.id]);
    // the job is done once: completed, nothing waiting or running for the session
    const { rows: jobs } = await cluster.db.pool.query(`SELECT state FROM pgboss.job WHERE name = 'rendition' AND singleton_key = $1`, [fx.sessionId]);
    expect(jobs.map((j: { state: string }) => j.state)).toEqual(['completed']);
  }, 300_000);
});

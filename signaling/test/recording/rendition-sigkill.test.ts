/**
 * A rendition whose node process is SIGKILLed mid-transcode (issue #15), with real
 * processes: two server nodes on one PostgreSQL, one Redis and one recordings directory.
 * Node A starts with a recorded session that has no rendition: it queues the rendition
 * and starts its ffmpeg. A is killed (no goodbye; its ffmpeg dies with it). Node B takes
 * the job once A's hold has lapsed (JOB_HOLD_SECONDS, 3 here) and renders the session:
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
import { ffprobe, sha256Of } from './media-check';

const ready = Boolean(process.env.REDIS_URL && process.env.DATABASE_URL);
const SECONDS = 40;

/** The ffmpeg processes a node started (setpriv execs ffmpeg in place: its parent is the node). */
function ffmpegsOf(pid: number): number[] {
  const found: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== pid) continue;
      const cmd = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (cmd.includes('ffmpeg') && cmd.includes('_rendition_')) found.push(Number(entry));
    } catch {
      /* gone meanwhile */
    }
  }
  return found;
}

describe.skipIf(!ready)('a rendition whose node is SIGKILLed (real node processes)', () => {
  let cluster: Cluster;
  let fx: EvidenceFixture;
  let dir: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shuoshi-rendition-kill-'));
    cluster = await Cluster.create({ RECORDINGS_DIR: dir, JOB_HOLD_SECONDS: '3' });
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
    // A queues the session's rendition at start and takes it
    const a = await cluster.start('a');
    let transcode: number[] = [];
    await eventually(async () => (transcode = ffmpegsOf(a.child.pid!)).length > 0, 60_000, "node A's rendition ffmpeg");
    // B is up meanwhile: it sees the job running and does not queue a second
    await cluster.start('b');
    expect(await rendition()).toEqual([]);

    await cluster.kill('a');
    // the transcode died with its node (pdeathsig)
    await eventually(async () => transcode.every((pid) => !fs.existsSync(`/proc/${pid}`)), 10_000, "node A's ffmpeg gone");

    // B takes the job after A's hold lapsed, and renders it (a hang guard, not a budget)
    await eventually(async () => (await rendition()).length > 0, 120_000, "the rendition, by node B", async () => {
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

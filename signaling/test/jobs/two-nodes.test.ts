/**
 * The job engine as two nodes see it: two engines (two "nodes", each with its own
 * connection pool) on one database. A schedule fires once per period across both,
 * not once per node; a job taken by a node that then dies (its engine stopped without
 * finishing, its handler never returning) expires and is completed by the other node,
 * exactly once. Real PostgreSQL with DATABASE_URL, embedded PGlite otherwise.
 */
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@shuoshi/db';
import { JOB_KINDS, Jobs } from '../../src/jobs';
import { idleWorkers, QUICK_JOBS } from '../support/jobs';

const mode = process.env.DATABASE_URL ? 'postgres' : 'embedded';
const log = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

describe(`background jobs on two nodes (${mode})`, () => {
  let db: TestDatabase;
  let otherPool: pg.Pool;
  const engines: Jobs[] = [];

  /** A node: its own pool (the second node's) and its own engine. */
  async function node(pool: pg.Pool): Promise<Jobs> {
    return (await mortalNode(pool)).jobs;
  }

  /**
   * A node that can die: from `die()` on, none of its statements reaches the database
   * (as after a SIGKILL: it can neither finish nor fail what it holds), and its engine's
   * timers are stopped.
   */
  async function mortalNode(pool: pg.Pool): Promise<{ jobs: Jobs; die(): Promise<void> }> {
    let dead = false;
    const sql = (text: string, values?: unknown[]) => (dead ? Promise.reject(new Error('this node is dead')) : pool.query(text, values));
    const jobs = await Jobs.start({ sql, log: log.child({ node: engines.length }), timing: QUICK_JOBS });
    engines.push(jobs);
    return {
      jobs,
      die: async () => {
        dead = true;
        await jobs.stop({ graceful: false }).catch(() => undefined);
      },
    };
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    otherPool = new pg.Pool({ connectionString: db.url, max: 2 });
  });

  // each test's nodes stop with it (one left serving would take the next test's jobs)
  afterEach(async () => {
    for (const e of engines) await e.stop({ graceful: false }).catch(() => undefined);
    engines.length = 0;
  });

  afterAll(async () => {
    await otherPool?.end();
    await db?.drop();
  });

  it('runs a scheduled job once per period across both nodes, not once per node', async () => {
    const [a, b] = [await node(db.pool), await node(otherPool)];
    const runs: Array<{ node: 'a' | 'b'; at: Date }> = [];
    const housekeeping = (who: 'a' | 'b') => async () => void runs.push({ node: who, at: new Date() });
    // every minute (pg-boss' finest period), both nodes checking the clock every second
    await a.serve({ ...idleWorkers, housekeeping: housekeeping('a') }, { purgeCron: '* * * * *', firstPurgeAfterMs: null });
    await b.serve({ ...idleWorkers, housekeeping: housekeeping('b') }, { purgeCron: '* * * * *', firstPurgeAfterMs: null });

    await expect.poll(() => runs.length, { timeout: 75_000, interval: 200 }).toBeGreaterThanOrEqual(2);
    const minute = (d: Date) => Math.floor(d.getTime() / 60_000);
    // two periods, one run each: never two runs in one minute
    expect(new Set(runs.map((r) => minute(r.at))).size).toBe(runs.length);
    // the last run's completion is written just after its handler returned
    await expect.poll(() => a.engine.count(JOB_KINDS.recordingPurge.name, 'completed'), { timeout: 10_000, interval: 200 }).toBe(runs.length);
  }, 150_000);

  it('hands a job whose node died mid-way to the other node, which completes it once', async () => {
    const [nodeA, b] = [await mortalNode(db.pool), await node(otherPool)];
    const a = nodeA.jobs;
    let takenByA: (id: string) => void = () => {};
    const taken = new Promise<string>((resolve) => (takenByA = resolve));
    // node A takes the rendition and never finishes it (a hung or killed transcode)
    await a.serve({ ...idleWorkers, render: (sessionId) => (takenByA(sessionId), new Promise<void>(() => {})) }, { purgeCron: null, firstPurgeAfterMs: null });
    expect(await a.request('session-1', 2)).toBe(true);
    expect(await b.request('session-1', 2)).toBe(false); // already waiting: one job per session
    expect(await taken).toBe('session-1');
    expect(await b.request('session-1', 2)).toBe(false); // running on A: not queued again

    // node A dies: it neither completes nor fails the job
    await nodeA.die();
    expect(await b.engine.count(JOB_KINDS.rendition.name, 'active')).toBe(1);

    // node B takes it once it has expired, and completes it
    const rendered: string[] = [];
    await b.serve({ ...idleWorkers, render: async (sessionId) => void rendered.push(sessionId) }, { purgeCron: null, firstPurgeAfterMs: null });
    await expect.poll(() => b.engine.count(JOB_KINDS.rendition.name, 'completed'), { timeout: 30_000, interval: 200 }).toBe(1);
    expect(rendered).toEqual(['session-1']);
    expect(await b.engine.count(JOB_KINDS.rendition.name, 'active')).toBe(0);
    // and the session can be queued again now that it is done
    expect(await b.request('session-1', 2)).toBe(true);
  }, 60_000);

  it('a long job (an hour of expiry) whose node died is taken by the other node after the hold, not after the hour; a live node keeps its hold', async () => {
    const [nodeA, b] = [await mortalNode(db.pool), await node(otherPool)];
    const a = nodeA.jobs;
    let takenByA: () => void = () => {};
    const taken = new Promise<void>((resolve) => (takenByA = resolve));
    let release: () => void = () => {};
    const finish = new Promise<void>((resolve) => (release = resolve));
    // (the session the previous test queued again is rendered at once)
    const render = (sessionId: string) => (sessionId === 'long-session' ? (takenByA(), finish) : Promise.resolve());
    await a.serve({ ...idleWorkers, render }, { purgeCron: null, firstPurgeAfterMs: null });
    expect(await a.request('long-session', 3_600)).toBe(true);
    await taken;
    const rendered: string[] = [];
    await b.serve({ ...idleWorkers, render: async (sessionId) => void (sessionId === 'long-session' && rendered.push(sessionId)) }, { purgeCron: null, firstPurgeAfterMs: null });
    // alive: A renews its hold (3 s) past several holds and maintenance passes; B does not take it
    await new Promise((r) => setTimeout(r, 8_000));
    expect(await b.engine.count(JOB_KINDS.rendition.name, 'active')).toBe(1);
    expect(rendered).toEqual([]);
    // A dies holding it: B takes it after the hold (and the kind's retry delay), long before the hour
    await nodeA.die();
    release();
    await expect.poll(() => rendered, { timeout: 45_000, interval: 250 }).toEqual(['long-session']);
    await expect.poll(() => b.engine.count(JOB_KINDS.rendition.name, 'active'), { timeout: 10_000, interval: 250 }).toBe(0);
  }, 90_000);
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mode, startApiTest, type ApiTest } from './helpers';
import type { StaffKey } from './fixture';

/**
 * GET /api/statistics/consultations (SQL) against an independent count: a queue day
 * played through the API with a moving clock (accepted after varied waits, abandoned,
 * call-backs kept and missed, answered), then the raw rows aggregated here in
 * TypeScript with the documented definitions.
 */
let t: ApiTest;
beforeAll(async () => {
  t = await startApiTest();
}, 60_000);
afterAll(async () => t?.close());

const SEC = 1000;
/** A small deterministic generator (mulberry32). */
function rng(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** percentile_cont: linear interpolation between the closest ranks. */
function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const pos = p * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}
const r1 = (x: number | null) => (x === null ? null : Math.round(x * 10) / 10);

interface Raw {
  village_id: string | null;
  township_id: string | null;
  topic: string;
  status: string;
  requested_at: Date;
  accepted_at: Date | null;
  callback_reason: string | null;
  callback_outcome: string | null;
}

function figures(rows: Raw[]) {
  const waits = rows.filter((r) => r.accepted_at && !r.callback_reason).map((r) => (r.accepted_at!.getTime() - r.requested_at.getTime()) / 1000).sort((a, b) => a - b);
  return {
    requested: rows.length,
    answered: rows.filter((r) => r.status === 'ANSWERED').length,
    abandoned: rows.filter((r) => r.status === 'ABANDONED').length,
    live: waits.length,
    waitP50S: r1(percentile(waits, 0.5)),
    waitP95S: r1(percentile(waits, 0.95)),
    callbacks: rows.filter((r) => r.callback_reason).length,
    callbacksKept: rows.filter((r) => r.callback_outcome === 'KEPT').length,
    callbacksMissed: rows.filter((r) => r.callback_outcome === 'MISSED').length,
  };
}

function expected(raw: Raw[], f: { villageId?: string; from?: Date; to?: Date }) {
  const rows = raw.filter((r) => (!f.villageId || r.village_id === f.villageId) && (!f.from || r.requested_at >= f.from) && (!f.to || r.requested_at < f.to));
  const villages = [...new Set(rows.map((r) => r.village_id!))].sort();
  const topics = [...new Set(rows.map((r) => r.topic))].sort();
  return {
    totals: figures(rows),
    byVillage: villages.map((v) => ({ villageId: v, townshipId: rows.find((r) => r.village_id === v)!.township_id, ...figures(rows.filter((r) => r.village_id === v)) })),
    byTopic: topics.map((topic) => ({ topic, ...figures(rows.filter((r) => r.topic === topic)) })),
  };
}

describe(`consultation statistics (${mode})`, () => {
  it('matches an independent count of a played-through queue, overall, by village and topic, and filtered', async () => {
    const rand = rng(7);
    const ops: StaffKey[] = ['operator1', 'operator1b', 'operator2'];
    const topics = ['LAND_HOMESTEAD', 'MARRIAGE_FAMILY', 'NEIGHBOUR', 'LABOUR_WAGES'];
    const lawyer = await t.token('lawyer');
    const call = async (method: 'POST' | 'GET', url: string, token: string, body?: unknown) => {
      const r = await t.call(method, url, { token, body });
      expect(r.status, `${url} ${JSON.stringify(r.body)}`).toBeLessThan(300);
      return r.body;
    };
    t.clock.now = new Date('2026-11-02T01:00:00Z');
    const periodStart = new Date(t.clock.now.getTime() + 12 * 3600 * SEC); // later used as a filter boundary
    for (let i = 0; i < 40; i++) {
      t.clock.advance(Math.floor(rand() * 1800) * SEC + SEC);
      const onDuty = rand() < 0.75;
      await call('POST', '/api/duty', lawyer, { onDuty });
      const op = ops[Math.floor(rand() * ops.length)]!;
      const opToken = await t.token(op);
      const asked = await call('POST', '/api/consultations', opToken, { topic: topics[Math.floor(rand() * topics.length)] });
      const id = asked.id as string;
      if (asked.callback) {
        const roll = rand();
        if (roll < 0.8) {
          await call('POST', `/api/consultations/${id}/callback/start`, lawyer);
          if (roll < 0.55) {
            await call('POST', `/api/consultations/${id}/callback/outcome`, lawyer, { kept: true });
            await call('POST', `/api/consultations/${id}/answer`, lawyer, { questionSummary: '问题', advice: '建议', shouldBecomeCase: false });
          } else {
            await call('POST', `/api/consultations/${id}/callback/outcome`, lawyer, { kept: false });
          }
        }
        continue;
      }
      const roll = rand();
      t.clock.advance(Math.floor(rand() * 600) * SEC + 5 * SEC);
      if (roll < 0.2) {
        await call('POST', `/api/consultations/${id}/abandon`, opToken);
      } else {
        await call('POST', `/api/consultations/${id}/accept`, lawyer);
        if (roll < 0.8) await call('POST', `/api/consultations/${id}/answer`, lawyer, { questionSummary: '问题', advice: '建议', shouldBecomeCase: false });
      }
    }
    const raw = (
      await t.db.pool.query<Raw>(
        `SELECT r.village_id, r.township_id, q.topic::text, q.status::text, q.requested_at, q.accepted_at, q.callback_reason::text, q.callback_outcome::text
           FROM consultations q JOIN talk_rooms r ON r.id = q.talk_room_id`,
      )
    ).rows;
    const all = expected(raw, {});
    // the play-through made every kind of figure
    expect(all.totals.requested).toBe(40);
    for (const k of ['answered', 'abandoned', 'live', 'callbacks', 'callbacksKept', 'callbacksMissed'] as const) expect(all.totals[k], k).toBeGreaterThan(0);

    const admin = await t.token('admin');
    const got = await t.call('GET', '/api/statistics/consultations', { token: admin });
    expect(got.status).toBe(200);
    expect({ totals: got.body.totals, byVillage: got.body.byVillage, byTopic: got.body.byTopic }).toEqual(all);

    const chinaDay = (d: Date) => new Date(d.getTime() + 8 * 3600 * SEC).toISOString().slice(0, 10);
    const from = chinaDay(periodStart);
    const filtered = await t.call('GET', '/api/statistics/consultations', { token: admin, query: { villageId: t.org.villages.v1a, from } });
    expect(filtered.status).toBe(200);
    const want = expected(raw, { villageId: t.org.villages.v1a, from: new Date(`${from}T00:00:00+08:00`) });
    expect({ totals: filtered.body.totals, byVillage: filtered.body.byVillage, byTopic: filtered.body.byTopic }).toEqual(want);

    // a mediator sees their township only
    const t1 = await t.call('GET', '/api/statistics/consultations', { token: await t.token('mediator1') });
    expect(t1.body.filters.townshipId).toBe(t.org.townships.t1);
    expect(t1.body.byVillage.every((v: { townshipId: string }) => v.townshipId === t.org.townships.t1)).toBe(true);
    expect(t1.body.totals.requested).toBe(raw.filter((r) => r.township_id === t.org.townships.t1).length);
  }, 120_000);
});

import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatabaseNotEmptyError, planCounty, seedCounty, type SeedCountyResult } from '../src/seed/county';
import { createTestDatabase, type TestDatabase } from '../src/testing';
import { idNumberHash, deriveKey, isValidIdNumber, ID_NUMBER_KEY_PURPOSE } from '../src/identity';
import { mode } from './helpers';

const SECRET = 'seed-test-secret-seed-test-secret-0000';
const asOf = new Date('2026-11-20T00:00:00+08:00');

/** Every generated row except password hashes (argon2 salts them at random). */
async function digest(seed: number) {
  const { tables } = await planCounty({ seed, cases: 800, asOf, secret: SECRET });
  const h = createHash('sha256');
  for (const t of Object.values(tables)) {
    const skip = t.columns.findIndex(([name]) => name === 'password_hash');
    for (const row of t.rows) h.update(JSON.stringify(row.filter((_, i) => i !== skip)));
  }
  return h.digest('hex');
}

describe('county generator: deterministic', () => {
  it('gives the same rows for the same seed and different rows for another', async () => {
    const [a, b, c] = [await digest(1), await digest(1), await digest(2)];
    expect(a).toBe(b);
    expect(c).not.toBe(a);
  });
});

describe(`county generator: a data set the workflow could have produced (${mode})`, () => {
  let db: TestDatabase;
  let r: SeedCountyResult;
  const one = async <T = Record<string, number>>(sql: string) => (await db.pool.query(sql)).rows[0] as T;
  beforeAll(async () => {
    db = await createTestDatabase();
    r = await seedCounty(db, { seed: 3, cases: 1_500, asOf, secret: SECRET });
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('creates 2 townships, 60 villages with talk rooms and staff, and the cases asked for', async () => {
    expect(await one('SELECT (SELECT count(*) FROM townships)::int AS t, (SELECT count(*) FROM villages)::int AS v, (SELECT count(*) FROM talk_rooms)::int AS r, (SELECT count(*) FROM cases)::int AS c'))
      .toEqual({ t: 2, v: 60, r: 63, c: 1_500 });
    expect(r.accounts.filter((a) => a.role === 'VILLAGE_OPERATOR')).toHaveLength(60);
    expect(await one(`SELECT count(*)::int AS n FROM cases WHERE accepted_at >= '${asOf.toISOString()}'`)).toEqual({ n: 0 });
    await expect(seedCounty(db, { seed: 3, cases: 10, asOf, secret: SECRET })).rejects.toBeInstanceOf(DatabaseNotEmptyError);
  });

  it('numbers cases per township and year without gaps, and the counters agree', async () => {
    expect(await one('SELECT count(DISTINCT case_number)::int AS n FROM cases')).toEqual({ n: 1_500 });
    expect(await one(`SELECT count(*)::int AS n FROM (SELECT township_id, year, max(sequence) AS m, count(*) AS c FROM cases GROUP BY 1, 2) x
      JOIN case_number_counters k USING (township_id, year) WHERE x.m <> x.c OR k.last_number <> x.m`)).toEqual({ n: 0 });
  });

  it('keeps the workflow rules: outcome before 回复, signatures before a written agreement counts, 回访 before 回访 status, closedAt iff CLOSED', async () => {
    const bad = await one(`
      WITH fin AS (SELECT DISTINCT ON (case_id) * FROM outcomes ORDER BY case_id, recorded_at DESC, id DESC)
      SELECT
        count(*) FILTER (WHERE c.status IN ('OUTCOME_GIVEN','FOLLOWED_UP','CLOSED') AND fin.id IS NULL)::int AS no_outcome,
        count(*) FILTER (WHERE c.status IN ('OUTCOME_GIVEN','FOLLOWED_UP','CLOSED') AND fin.type = 'WRITTEN_AGREEMENT' AND fin.signed_at IS NULL)::int AS unsigned,
        count(*) FILTER (WHERE c.status IN ('FOLLOWED_UP','CLOSED') AND NOT EXISTS (SELECT 1 FROM follow_ups f WHERE f.case_id = c.id AND f.done_at IS NOT NULL))::int AS no_follow_up,
        count(*) FILTER (WHERE (c.status = 'CLOSED') <> (c.closed_at IS NOT NULL))::int AS closed_at,
        count(*) FILTER (WHERE c.status IN ('ACCEPTED','IN_MEDIATION') AND EXISTS (SELECT 1 FROM follow_ups f WHERE f.case_id = c.id))::int AS early_follow_up
      FROM cases c LEFT JOIN fin ON fin.case_id = c.id`);
    expect(bad).toEqual({ no_outcome: 0, unsigned: 0, no_follow_up: 0, closed_at: 0, early_follow_up: 0 });
    expect(await one(`SELECT count(*)::int AS n FROM outcomes o WHERE o.signed_at IS NOT NULL AND (
        o.judicial_confirmation_deadline <> o.signed_at + interval '30 days'
        OR (SELECT count(*) FROM agreement_signatures s WHERE s.outcome_id = o.id) <> (SELECT count(*) FROM case_parties p WHERE p.case_id = o.case_id AND p.side IN ('A','B')))`)).toEqual({ n: 0 });
    expect(await one(`SELECT count(*)::int AS n FROM follow_ups f JOIN outcomes o ON o.id = f.outcome_id WHERE f.due_at <> coalesce(o.signed_at, f.created_at) + interval '30 days'`)).toEqual({ n: 0 });
    // the handling level is where the last referral sent the case
    expect(await one(`SELECT count(*)::int AS n FROM cases c JOIN LATERAL (SELECT to_level FROM referrals r WHERE r.case_id = c.id ORDER BY referred_at DESC LIMIT 1) last ON true WHERE last.to_level <> c.handling_level`)).toEqual({ n: 0 });
  });

  it('has believable proportions', async () => {
    const p = await one<Record<string, number>>(`
      WITH fin AS (SELECT DISTINCT ON (case_id) * FROM outcomes ORDER BY case_id, recorded_at DESC, id DESC)
      SELECT
        (count(*) FILTER (WHERE c.category IN ('LAND_HOMESTEAD','NEIGHBOUR','MARRIAGE_FAMILY'))::float / count(*)) AS top3,
        (count(fin.id) FILTER (WHERE fin.type IN ('WRITTEN_AGREEMENT','VERBAL_AGREEMENT'))::float / count(fin.id)) AS success,
        count(fin.id) FILTER (WHERE fin.type = 'WRITTEN_AGREEMENT')::int AS written,
        count(fin.id) FILTER (WHERE fin.type = 'VERBAL_AGREEMENT')::int AS verbal,
        (SELECT count(DISTINCT case_id) FROM referrals)::int AS referred,
        (SELECT count(*) FROM consultations WHERE status = 'ANSWERED')::int AS answered,
        (SELECT count(*) FROM consultations)::int AS consultations,
        (count(*) FILTER (WHERE c.status = 'CLOSED'))::float / count(*) AS closed
      FROM cases c LEFT JOIN fin ON fin.case_id = c.id`);
    expect(p.top3).toBeGreaterThan(0.65);
    expect(p.success).toBeGreaterThan(0.85);
    expect(p.success).toBeLessThan(0.95);
    expect(p.written).toBeGreaterThan(p.verbal!);
    expect(p.verbal).toBeGreaterThan(0.25 * p.written!);
    expect(p.referred).toBeGreaterThan(0.08 * 1_500);
    expect(p.answered! / p.consultations!).toBeGreaterThan(0.8);
    expect(p.closed).toBeGreaterThan(0.85);
  });

  it('stores ID numbers only masked and keyed-hashed (and the hashes find the party)', async () => {
    const party = await one<{ id_number_masked: string; id_number_hash: string }>('SELECT id_number_masked, id_number_hash FROM parties LIMIT 1');
    expect(party.id_number_masked).toMatch(/^9902\*{10}[0-9]{3}[0-9X]$/);
    expect(party.id_number_hash).toMatch(/^[0-9a-f]{64}$/);
    // rebuild a number the generator could have made and check the key is the server one
    const key = deriveKey(SECRET, ID_NUMBER_KEY_PURPOSE);
    expect(isValidIdNumber('11010519491231002X')).toBe(true);
    expect(idNumberHash(key, '11010519491231002x')).toBe(idNumberHash(key, '11010519491231002X'));
  });
});

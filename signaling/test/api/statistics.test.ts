import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedCounty, type SeedCountyResult } from '@shuoshi/db';
import { issueAccessToken } from '../../src/auth/tokens';
import { staffPrincipal } from '../../src/auth/staff-sign-in';
import { AUTH_SECRET, mode, startApiTest, type ApiTest } from './helpers';

/**
 * The statistics endpoint (SQL) against an independent count: the raw rows of a
 * generated county, aggregated here in TypeScript with the documented definitions.
 */
interface Raw {
  cases: Array<{ id: string; township_id: string; village_id: string | null; category: string; status: string; accepted_at: Date }>;
  outcomes: Array<{ id: string; case_id: string; type: string; recorded_at: Date }>;
  followUps: Array<{ case_id: string; due_at: Date; done_at: Date | null }>;
  consultations: Array<{ township_id: string | null; village_id: string | null; topic: string; status: string; requested_at: Date }>;
}
interface Filter {
  townshipId?: string;
  villageId?: string;
  category?: string;
  /** instants [from, to) */
  from?: Date;
  to?: Date;
}

const month = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 7);

function expected(raw: Raw, f: Filter, now: Date) {
  const inPeriod = (d: Date) => (!f.from || d >= f.from) && (!f.to || d < f.to);
  const cases = raw.cases.filter((c) => (!f.townshipId || c.township_id === f.townshipId) && (!f.villageId || c.village_id === f.villageId) && (!f.category || c.category === f.category) && inPeriod(c.accepted_at));
  const final = new Map<string, { type: string; recorded_at: Date; id: string }>();
  for (const o of raw.outcomes) {
    const cur = final.get(o.case_id);
    if (!cur || o.recorded_at > cur.recorded_at || (o.recorded_at.getTime() === cur.recorded_at.getTime() && o.id > cur.id)) final.set(o.case_id, o);
  }
  const overdue = new Map<string, number>();
  for (const fu of raw.followUps) if (!fu.done_at && fu.due_at < now) overdue.set(fu.case_id, (overdue.get(fu.case_id) ?? 0) + 1);
  const consultations = raw.consultations.filter((q) => (!f.townshipId || q.township_id === f.townshipId) && (!f.villageId || q.village_id === f.villageId) && (!f.category || q.topic === f.category) && inPeriod(q.requested_at));

  const figures = (cs: typeof cases, qs: typeof consultations) => {
    const outs = cs.map((c) => final.get(c.id)).filter((o) => o !== undefined);
    const count = (type: string) => outs.filter((o) => o.type === type).length;
    const resolved = count('WRITTEN_AGREEMENT') + count('VERBAL_AGREEMENT');
    const days = cs.flatMap((c) => (final.has(c.id) ? [(final.get(c.id)!.recorded_at.getTime() - c.accepted_at.getTime()) / 86_400_000] : [])).sort((a, b) => a - b);
    const median = days.length === 0 ? null : days.length % 2 ? days[(days.length - 1) / 2]! : (days[days.length / 2 - 1]! + days[days.length / 2]!) / 2;
    return {
      cases: cs.length,
      concluded: outs.length,
      resolved,
      successRate: outs.length ? Math.round((resolved / outs.length) * 10_000) / 10_000 : null,
      written: count('WRITTEN_AGREEMENT'),
      verbal: count('VERBAL_AGREEMENT'),
      failed: count('FAILED'),
      referred: count('REFERRED'),
      medianDaysToOutcome: median === null ? null : Math.round(median * 100) / 100,
      followUpsOverdue: cs.reduce((s, c) => s + (overdue.get(c.id) ?? 0), 0),
      consultations: qs.length,
      consultationsAnswered: qs.filter((q) => q.status === 'ANSWERED').length,
    };
  };
  const groups = <K extends string>(key: (c: (typeof cases)[number]) => K | null, qkey: (q: (typeof consultations)[number]) => K | null) => {
    const keys = new Set<K>([...cases.map(key), ...consultations.map(qkey)].filter((k): k is K => k !== null));
    return [...keys].sort().map((k) => [k, figures(cases.filter((c) => key(c) === k), consultations.filter((q) => qkey(q) === k))] as const);
  };
  const byStatus: Record<string, number> = { ACCEPTED: 0, IN_MEDIATION: 0, OUTCOME_GIVEN: 0, FOLLOWED_UP: 0, CLOSED: 0 };
  for (const c of cases) byStatus[c.status]!++;
  const byOutcome: Record<string, number> = { WRITTEN_AGREEMENT: 0, VERBAL_AGREEMENT: 0, FAILED: 0, REFERRED: 0, NONE: 0 };
  for (const c of cases) byOutcome[final.get(c.id)?.type ?? 'NONE']!++;
  const villageTownship = new Map(raw.cases.flatMap((c) => (c.village_id ? [[c.village_id, c.township_id] as const] : [])));
  for (const q of raw.consultations) if (q.village_id) villageTownship.set(q.village_id, q.township_id!);
  return {
    totals: figures(cases, consultations),
    byStatus,
    byOutcome,
    byTownship: groups((c) => c.township_id, (q) => q.township_id).map(([townshipId, x]) => ({ townshipId, ...x })),
    byVillage: groups((c) => c.village_id, (q) => q.village_id).map(([villageId, x]) => ({ villageId, townshipId: villageTownship.get(villageId)!, ...x })),
    byCategory: groups((c) => c.category, (q) => q.topic).map(([category, x]) => ({ category, ...x })),
    byMonth: groups((c) => month(c.accepted_at), (q) => month(q.requested_at)).map(([m, x]) => ({ month: m, ...x })),
  };
}

/** Medians are computed in floating point on both sides: equal to 0.01 day. */
function compare(actual: Record<string, unknown>, want: ReturnType<typeof expected>) {
  const strip = (x: unknown): unknown =>
    Array.isArray(x) ? x.map(strip) : x && typeof x === 'object' ? Object.fromEntries(Object.entries(x).filter(([k]) => k !== 'medianDaysToOutcome').map(([k, v]) => [k, strip(v)])) : x;
  const { filters: _f, ...rest } = actual;
  expect(strip(rest)).toEqual(strip(want));
  const medians = (x: { totals: { medianDaysToOutcome: number | null }; byMonth: Array<{ medianDaysToOutcome: number | null }> }) => [x.totals.medianDaysToOutcome, ...x.byMonth.map((m) => m.medianDaysToOutcome)];
  const a = medians(actual as never);
  const b = medians(want);
  a.forEach((v, i) => (v === null ? expect(b[i]).toBeNull() : expect(Math.abs(v - b[i]!)).toBeLessThan(0.011)));
}

describe(`statistics match an independent count over a generated county (${mode})`, () => {
  let t: ApiTest;
  let seeded: SeedCountyResult;
  let raw: Raw;
  let admin: string;
  beforeAll(async () => {
    t = await startApiTest({ fixture: false });
    seeded = await seedCounty(t.db, { cases: 2_500, seed: 7, secret: AUTH_SECRET });
    const q = async <T>(sql: string) => (await t.db.pool.query(sql)).rows as T[];
    raw = {
      cases: await q('SELECT id::text, township_id::text, village_id::text, category::text, status::text, accepted_at FROM cases'),
      outcomes: await q('SELECT id::text, case_id::text, type::text, recorded_at FROM outcomes'),
      followUps: await q('SELECT case_id::text, due_at, done_at FROM follow_ups'),
      consultations: await q('SELECT t.township_id::text, t.village_id::text, q.topic::text, q.status::text, q.requested_at FROM consultations q JOIN talk_rooms t ON t.id = q.talk_room_id'),
    };
    const row = await t.db.prisma.staffAccount.findUniqueOrThrow({ where: { username: 'admin' } });
    admin = (await issueAccessToken(AUTH_SECRET, staffPrincipal(row))).token;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('for the whole county', async () => {
    const r = await t.call('GET', '/api/statistics', { token: admin });
    expect(r.status, JSON.stringify(r.body).slice(0, 300)).toBe(200);
    expect(r.body.totals.cases).toBe(2_500);
    compare(r.body, expected(raw, {}, t.clock.now));
    // believable: ~85–95% settled, categories skewed to land, neighbours and family
    expect(r.body.totals.successRate).toBeGreaterThan(0.85);
    expect(r.body.totals.successRate).toBeLessThan(0.95);
    expect(r.body.totals.written).toBeGreaterThan(r.body.totals.verbal);
    expect(r.body.byVillage).toHaveLength(60);
    expect(r.body.byTownship).toHaveLength(2);
    expect(r.body.byMonth.length).toBeGreaterThanOrEqual(36);
  });

  it('filtered by township, category and period', async () => {
    const townshipId = seeded.townships[1]!.id;
    const query = { townshipId, category: 'LAND_HOMESTEAD', from: '2025-01-01', to: '2025-12-31' };
    const r = await t.call('GET', '/api/statistics', { token: admin, query });
    expect(r.status).toBe(200);
    expect(r.body.filters).toMatchObject(query);
    const want = expected(raw, { townshipId, category: 'LAND_HOMESTEAD', from: new Date('2025-01-01T00:00:00+08:00'), to: new Date('2026-01-01T00:00:00+08:00') }, t.clock.now);
    expect(want.totals.cases).toBeGreaterThan(50);
    compare(r.body, want);
  });

  it('for one village, and for a mediator (their own township only)', async () => {
    const village = raw.cases.find((c) => c.village_id)!;
    const r = await t.call('GET', '/api/statistics', { token: admin, query: { villageId: village.village_id! } });
    compare(r.body, expected(raw, { villageId: village.village_id! }, t.clock.now));

    const mediator = await t.db.prisma.staffAccount.findFirstOrThrow({ where: { role: 'TOWNSHIP_MEDIATOR', townshipId: seeded.townships[0]!.id } });
    const token = (await issueAccessToken(AUTH_SECRET, staffPrincipal(mediator))).token;
    const m = await t.call('GET', '/api/statistics', { token });
    expect(m.body.filters.townshipId).toBe(seeded.townships[0]!.id);
    compare(m.body, expected(raw, { townshipId: seeded.townships[0]!.id }, t.clock.now));
  });

  it("lists a township's open cases from the generated data", async () => {
    const mediator = await t.db.prisma.staffAccount.findFirstOrThrow({ where: { role: 'TOWNSHIP_MEDIATOR', townshipId: seeded.townships[0]!.id } });
    const token = (await issueAccessToken(AUTH_SECRET, staffPrincipal(mediator))).token;
    const r = await t.call('GET', '/api/cases', { token, query: { open: 'true', pageSize: '50' } });
    const open = raw.cases.filter((c) => c.status !== 'CLOSED' && c.township_id === seeded.townships[0]!.id).length;
    // plus cases referred in from the other township (none are generated)
    expect(r.body.total).toBe(open);
    expect(r.body.items.every((c: { status: string }) => c.status !== 'CLOSED')).toBe(true);
    const times = r.body.items.map((c: { acceptedAt: string }) => Date.parse(c.acceptedAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('reuses a computed result until a write through the API (or 30 s) makes it stale', async () => {
    const get = async () => (await t.call('GET', '/api/statistics', { token: admin })).body;
    const first = await get();
    // behind the API's back (as another node would): seen once the 30 s are over
    const c = raw.cases.find((x) => x.category === 'OTHER')!;
    await t.db.prisma.case.update({ where: { id: c.id }, data: { category: 'LABOUR_WAGES' } });
    const cat = (x: typeof first, k: string) => x.byCategory.find((g: { category: string }) => g.category === k).cases;
    expect(cat(await get(), 'OTHER')).toBe(cat(first, 'OTHER'));
    t.clock.advance(30_001);
    expect(cat(await get(), 'OTHER')).toBe(cat(first, 'OTHER') - 1);

    // through the API: at once
    const operator = await t.db.prisma.staffAccount.findFirstOrThrow({ where: { role: 'VILLAGE_OPERATOR' } });
    const party = await t.db.prisma.party.findFirstOrThrow({ where: { villageId: operator.villageId } });
    const token = (await issueAccessToken(AUTH_SECRET, staffPrincipal(operator))).token;
    const created = await t.call('POST', '/api/cases', { token, body: { category: 'NEIGHBOUR', intakeChannel: 'WALK_IN', description: '新纠纷', parties: [{ partyId: party.id, side: 'A' }] } });
    expect(created.status).toBe(201);
    expect((await get()).totals.cases).toBe(first.totals.cases + 1);
  });
});

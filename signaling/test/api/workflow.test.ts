import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PNG_1x1, mode, startApiTest, type ApiTest } from './helpers';

const DAY = 24 * 3600 * 1000;

describe(`case workflow over the API (${mode})`, () => {
  let t: ApiTest;
  let op: string;
  let med: string;
  beforeAll(async () => {
    t = await startApiTest();
    op = await t.token('operator1');
    med = await t.token('mediator1');
  });
  afterAll(async () => {
    await t?.close();
  });

  const open = async (token: string, body: Record<string, unknown> = {}) => {
    const r = await t.call('POST', '/api/cases', {
      token,
      body: { category: 'LAND_HOMESTEAD', intakeChannel: 'WALK_IN', description: '宅基地边界争议', parties: [{ partyId: t.org.parties.p1, side: 'A' }, { partyId: t.org.parties.p2, side: 'B' }], ...body },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body as { id: string; caseNumber: string; status: string; villageId: string | null; townshipId: string; handlingLevel: string };
  };
  const move = (token: string, id: string, to: string) => t.call('POST', `/api/cases/${id}/transitions`, { token, body: { to } });
  const outcome = (token: string, id: string, body: Record<string, unknown>) => t.call('POST', `/api/cases/${id}/outcomes`, { token, body });
  const detail = async (token: string, id: string) => (await t.call('GET', `/api/cases/${id}`, { token })).body;

  it('runs 受理 → 办理 → 回复 → 回访 → 结案 with a verbal agreement, refusing every step out of order', async () => {
    const c = await open(op);
    expect(c).toMatchObject({ status: 'ACCEPTED', villageId: t.org.villages.v1a, townshipId: t.org.townships.t1, handlingLevel: 'VILLAGE' });
    expect(c.caseNumber).toMatch(/^\d{4}-青山镇-\d{4}$/);

    // out of order from ACCEPTED: skipping, closing early, staying put
    for (const to of ['OUTCOME_GIVEN', 'FOLLOWED_UP', 'CLOSED', 'ACCEPTED']) {
      const r = await move(op, c.id, to);
      expect(r.status).toBe(409);
      expect(r.body.error).toMatchObject({ code: 'INVALID_TRANSITION', details: { from: 'ACCEPTED', to, allowed: ['IN_MEDIATION'] } });
    }
    expect((await move(op, c.id, 'IN_MEDIATION')).body.status).toBe('IN_MEDIATION');
    expect((await move(op, c.id, 'ACCEPTED')).body.error.code).toBe('INVALID_TRANSITION');
    expect((await move(op, c.id, 'FOLLOWED_UP')).body.error.code).toBe('INVALID_TRANSITION');

    // 回复 needs an outcome
    const noOutcome = await move(op, c.id, 'OUTCOME_GIVEN');
    expect(noOutcome.status).toBe(409);
    expect(noOutcome.body.error.code).toBe('OUTCOME_REQUIRED');
    const o = await outcome(op, c.id, { type: 'VERBAL_AGREEMENT', verbalContent: '双方同意以原界桩为准' });
    expect(o.status).toBe(201);
    expect(o.body).toMatchObject({ type: 'VERBAL_AGREEMENT', verbalContent: '双方同意以原界桩为准', signedAt: null, judicialConfirmationDeadline: null });

    const replied = await move(op, c.id, 'OUTCOME_GIVEN');
    expect(replied.status).toBe(200);
    expect(replied.body.status).toBe('OUTCOME_GIVEN');
    // the reply opens the 回访, due 30 days later, for whoever mediated
    let file = await detail(op, c.id);
    expect(file.followUps).toHaveLength(1);
    expect(file.followUps[0]).toMatchObject({ assigneeId: t.org.staff.operator1.id, outcomeId: o.body.id, doneAt: null });
    expect(Date.parse(file.followUps[0].dueAt) - t.clock.now.getTime()).toBe(30 * DAY);
    expect((await outcome(op, c.id, { type: 'FAILED', reason: 'x' })).body.error.code).toBe('CASE_NOT_IN_MEDIATION');

    // 回访 needs its result
    expect((await move(op, c.id, 'FOLLOWED_UP')).body.error.code).toBe('FOLLOW_UP_REQUIRED');
    const done = await t.call('POST', `/api/follow-ups/${file.followUps[0].id}/result`, { token: op, body: { result: 'FULFILLED', notes: '已履行' } });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ result: 'FULFILLED', notes: '已履行' });
    expect((await t.call('POST', `/api/follow-ups/${file.followUps[0].id}/result`, { token: op, body: { result: 'PARTLY' } })).body.error.code).toBe('FOLLOW_UP_ALREADY_DONE');
    expect((await move(op, c.id, 'CLOSED')).body.error.code).toBe('INVALID_TRANSITION');
    expect((await move(op, c.id, 'FOLLOWED_UP')).body.status).toBe('FOLLOWED_UP');
    const closed = await move(op, c.id, 'CLOSED');
    expect(closed.body).toMatchObject({ status: 'CLOSED', closedAt: t.clock.now.toISOString() });
    for (const to of ['ACCEPTED', 'IN_MEDIATION', 'OUTCOME_GIVEN', 'FOLLOWED_UP', 'CLOSED']) {
      const r = await move(op, c.id, to);
      expect(r.body.error).toMatchObject({ code: 'INVALID_TRANSITION', details: { allowed: [] } });
    }

    file = await detail(op, c.id);
    expect(file.timeline.map((e: { type: string }) => e.type)).toEqual([
      'CREATED', 'STATUS_CHANGED', 'OUTCOME_RECORDED', 'STATUS_CHANGED', 'FOLLOW_UP_SCHEDULED', 'FOLLOW_UP_DONE', 'STATUS_CHANGED', 'STATUS_CHANGED',
    ]);
  });

  it("the grid worker of another village's talk room invited to the session reads the case file and witnesses a signature there, and nothing more", async () => {
    const c = await open(med, { villageId: t.org.villages.v1a });
    await move(med, c.id, 'IN_MEDIATION');
    const o = (await outcome(med, c.id, { type: 'WRITTEN_AGREEMENT', terms: '两家各退半米' })).body;
    const other = await t.token('operator1b'); // 东坪村's case; this grid worker's talk room is in the next village
    const sign = (partyId: string) => t.call('POST', `/api/outcomes/${o.id}/signatures`, { token: other, body: { partyId, image: PNG_1x1 } });
    expect((await t.call('GET', `/api/cases/${c.id}`, { token: other })).body.error.code).toBe('OUTSIDE_VILLAGE');
    expect((await sign(t.org.parties.p2)).body.error.code).toBe('OUTSIDE_VILLAGE');

    const s = await t.call('POST', '/api/sessions', { token: med, body: { kind: 'MEDIATION', caseId: c.id, talkRoomIds: [t.org.rooms.v1a, t.org.rooms.v1b] } });
    expect(s.status, JSON.stringify(s.body)).toBe(201);
    expect((await t.call('GET', `/api/cases/${c.id}`, { token: other })).status).toBe(200);
    const signed = await sign(t.org.parties.p2);
    expect(signed.status, JSON.stringify(signed.body)).toBe(201);
    expect(signed.body.outcome.signatures[0]).toMatchObject({ partyId: t.org.parties.p2, witnessedById: t.org.staff.operator1b.id });
    // reading and witnessing only: the case is not theirs to work on
    expect((await move(other, c.id, 'OUTCOME_GIVEN')).body.error.code).toBe('OUTSIDE_VILLAGE');
    expect((await outcome(other, c.id, { type: 'FAILED', reason: '不同意' })).body.error.code).toBe('OUTSIDE_VILLAGE');
    expect((await t.call('GET', '/api/cases', { token: other })).body.items.map((x: { id: string }) => x.id)).not.toContain(c.id);
  });

  it('counts a written agreement only when every party has signed; signing schedules the 回访 and the 司法确认 deadline', async () => {
    const c = await open(med, { villageId: t.org.villages.v1a });
    await move(med, c.id, 'IN_MEDIATION');
    const o = (await outcome(med, c.id, { type: 'WRITTEN_AGREEMENT', terms: '甲方十五日内拆除越界部分' })).body;
    expect(o.signatures).toEqual([]);
    expect((await move(med, c.id, 'OUTCOME_GIVEN')).body.error.code).toBe('AGREEMENT_NOT_SIGNED');

    const sign = (partyId: string, image = PNG_1x1) => t.call('POST', `/api/outcomes/${o.id}/signatures`, { token: med, body: { partyId, image } });
    const first = await sign(t.org.parties.p1);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ signed: false, missingPartyIds: [t.org.parties.p2], followUpId: null });
    expect(first.body.outcome.signatures[0]).toMatchObject({ partyId: t.org.parties.p1, witnessedById: t.org.staff.mediator1.id });
    expect((await sign(t.org.parties.p1)).body.error.code).toBe('ALREADY_SIGNED_BY_PARTY');
    expect((await sign(t.org.parties.p4)).body.error.code).toBe('PARTY_NOT_SIGNATORY');
    expect((await sign(t.org.parties.p2, Buffer.from('GIF89a not a png').toString('base64'))).body.error.code).toBe('INVALID_IMAGE');
    expect((await move(med, c.id, 'OUTCOME_GIVEN')).body.error.code).toBe('AGREEMENT_NOT_SIGNED');

    t.clock.advance(3600_000);
    const last = await sign(t.org.parties.p2, `data:image/png;base64,${PNG_1x1}`);
    expect(last.status).toBe(201);
    const signedAt = t.clock.now.getTime();
    expect(last.body).toMatchObject({ signed: true, missingPartyIds: [] });
    expect(Date.parse(last.body.outcome.signedAt)).toBe(signedAt);
    expect(Date.parse(last.body.outcome.judicialConfirmationDeadline)).toBe(signedAt + 30 * DAY);
    expect((await sign(t.org.parties.p2)).body.error.code).toBe('AGREEMENT_ALREADY_SIGNED');

    let file = await detail(med, c.id);
    expect(file.followUps).toHaveLength(1);
    expect(file.followUps[0]).toMatchObject({ id: last.body.followUpId, assigneeId: t.org.staff.mediator1.id, outcomeId: o.id });
    expect(Date.parse(file.followUps[0].dueAt)).toBe(signedAt + 30 * DAY);
    expect(file.timeline.map((e: { type: string }) => e.type)).toContain('AGREEMENT_SIGNED');

    expect((await move(med, c.id, 'OUTCOME_GIVEN')).status).toBe(200);
    file = await detail(med, c.id);
    expect(file.followUps).toHaveLength(1); // the signing scheduled it: 回复 does not add a second

    // due / overdue lists
    const list = (state: string) => t.call('GET', '/api/follow-ups', { token: med, query: { state, mine: 'true' } });
    expect((await list('overdue')).body.items.map((f: { id: string }) => f.id)).not.toContain(file.followUps[0].id);
    t.clock.advance(31 * DAY);
    const overdue = (await list('overdue')).body.items.find((f: { id: string }) => f.id === file.followUps[0].id);
    expect(overdue).toMatchObject({ overdue: true, case: { caseNumber: c.caseNumber, status: 'OUTCOME_GIVEN' } });
    expect((await list('due')).body.items.map((f: { id: string }) => f.id)).toContain(file.followUps[0].id);

    await t.call('POST', `/api/follow-ups/${file.followUps[0].id}/result`, { token: med, body: { result: 'PARTLY' } });
    expect((await list('overdue')).body.items.map((f: { id: string }) => f.id)).not.toContain(file.followUps[0].id);
    expect((await list('done')).body.items.map((f: { id: string }) => f.id)).toContain(file.followUps[0].id);
    expect((await move(med, c.id, 'FOLLOWED_UP')).status).toBe(200);
    expect((await move(med, c.id, 'CLOSED')).status).toBe(200);
    expect((await sign(t.org.parties.p1)).body.error.code).toBe('AGREEMENT_ALREADY_SIGNED');
  });

  it('refers a case up and down one level at a time, keeping the history and moving who may work on it', async () => {
    const c = await open(op);
    await move(op, c.id, 'IN_MEDIATION');
    await outcome(op, c.id, { type: 'FAILED', reason: '村级调解未果' });
    const refer = (token: string, body: Record<string, unknown>) => t.call('POST', `/api/cases/${c.id}/referrals`, { token, body: { reason: '提请上级调解', ...body } });

    expect((await refer(op, { toLevel: 'VILLAGE' })).body.error.code).toBe('REFERRAL_NOT_ADJACENT');
    expect((await refer(op, { toLevel: 'COUNTY' })).body.error.code).toBe('REFERRAL_NOT_ADJACENT');
    expect((await refer(op, { toLevel: 'TOWNSHIP', toTownshipId: t.org.townships.t2 })).body.error.code).toBe('INVALID_REFERRAL_TARGET');
    const up = await refer(op, { toLevel: 'TOWNSHIP' });
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({ fromLevel: 'VILLAGE', fromVillageId: t.org.villages.v1a, fromTownshipId: t.org.townships.t1, toLevel: 'TOWNSHIP', toTownshipId: t.org.townships.t1 });

    // the operator still sees it but no longer works on it
    expect((await t.call('GET', `/api/cases/${c.id}`, { token: op })).status).toBe(200);
    const escalated = await move(op, c.id, 'OUTCOME_GIVEN');
    expect(escalated.status).toBe(403);
    expect(escalated.body.error.code).toBe('CASE_ESCALATED');

    expect((await refer(med, { toLevel: 'COUNTY', toTownshipId: t.org.townships.t1 })).body.error.code).toBe('INVALID_REFERRAL_TARGET');
    expect((await refer(med, { toLevel: 'COUNTY' })).status).toBe(201);
    const med2 = await t.token('mediator2');
    expect((await t.call('GET', `/api/cases/${c.id}`, { token: med2 })).body.error.code).toBe('OUTSIDE_TOWNSHIP');
    expect((await refer(med, { toLevel: 'TOWNSHIP', toTownshipId: t.org.townships.tB })).body.error.code).toBe('UNKNOWN_TOWNSHIP');
    expect((await refer(med, { toLevel: 'TOWNSHIP', toTownshipId: t.org.townships.t2 })).status).toBe(201);
    // referred to 白水乡: its mediator now sees it and works on it
    expect((await t.call('GET', `/api/cases/${c.id}`, { token: med2 })).status).toBe(200);
    const listed = await t.call('GET', '/api/cases', { token: med2, query: { open: 'true', status: ['IN_MEDIATION', 'CLOSED'] } });
    expect(listed.body.items.map((x: { id: string }) => x.id)).toContain(c.id);
    expect(listed.body.items.every((x: { status: string }) => x.status === 'IN_MEDIATION')).toBe(true);
    const down = await t.call('POST', `/api/cases/${c.id}/referrals`, { token: med2, body: { toLevel: 'VILLAGE', reason: '退回村级跟进' } });
    expect(down.body).toMatchObject({ fromLevel: 'TOWNSHIP', fromTownshipId: t.org.townships.t2, toLevel: 'VILLAGE', toVillageId: t.org.villages.v1a });

    const file = await detail(op, c.id);
    expect(file.handlingLevel).toBe('VILLAGE');
    expect(file.referrals.map((r: { fromLevel: string; toLevel: string }) => `${r.fromLevel}>${r.toLevel}`)).toEqual(['VILLAGE>TOWNSHIP', 'TOWNSHIP>COUNTY', 'COUNTY>TOWNSHIP', 'TOWNSHIP>VILLAGE']);
    expect(file.timeline.filter((e: { type: string }) => e.type === 'REFERRED')).toHaveLength(4);
    // back at the village: the operator works on it again
    expect((await outcome(op, c.id, { type: 'VERBAL_AGREEMENT', verbalContent: '和解' })).status).toBe(201);
  });

  it('has no village to send a township-level case down to, and does not refer closed cases', async () => {
    const c = await open(med);
    expect(c).toMatchObject({ villageId: null, handlingLevel: 'TOWNSHIP' });
    const down = await t.call('POST', `/api/cases/${c.id}/referrals`, { token: med, body: { toLevel: 'VILLAGE', reason: 'x' } });
    expect(down.status).toBe(409);
    expect(down.body.error.code).toBe('CASE_HAS_NO_VILLAGE');
    await move(med, c.id, 'IN_MEDIATION');
    await outcome(med, c.id, { type: 'REFERRED', reason: '移交县人民法院' });
    await move(med, c.id, 'OUTCOME_GIVEN');
    const f = (await detail(med, c.id)).followUps[0];
    await t.call('POST', `/api/follow-ups/${f.id}/result`, { token: med, body: { result: 'NOT_FULFILLED' } });
    await move(med, c.id, 'FOLLOWED_UP');
    await move(med, c.id, 'CLOSED');
    expect((await t.call('POST', `/api/cases/${c.id}/referrals`, { token: med, body: { toLevel: 'COUNTY', reason: 'x' } })).body.error.code).toBe('CASE_CLOSED');
  });
});

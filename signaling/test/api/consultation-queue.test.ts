import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepQueueTimeouts } from '../../src/domain/queue';
import { mode, startApiTest, type ApiTest } from './helpers';

/**
 * The consultation queue over REST (PGlite, or PostgreSQL with DATABASE_URL): duty,
 * roster and coverage, request → QUEUED with position and estimate, or a call-back
 * when nobody is on duty; accept (first wins), abandon, the timeout sweep, call-backs
 * taken, started and kept; the record turned into a case; bad input and wrong roles.
 */
let t: ApiTest;
beforeAll(async () => {
  t = await startApiTest();
  t.deps.consultation.queueTimeoutS = 300;
}, 60_000);
afterAll(async () => t?.close());

const SEC = 1000;
/** `YYYY-MM-DD` of `d` in China time, and the weekday (1 = Monday) of that date. */
const chinaDate = (d: Date) => new Date(d.getTime() + 8 * 3600 * SEC).toISOString().slice(0, 10);
const weekdayOf = (date: string) => new Date(`${date}T12:00:00+08:00`).getUTCDay() || 7;

async function ask(who: 'operator1' | 'operator2' | 'operator1b', topic = 'LAND_HOMESTEAD', question?: string) {
  t.clock.advance(SEC);
  const r = await t.call('POST', '/api/consultations', { token: await t.token(who), body: { topic, ...(question ? { question } : {}) } });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { id: string; status: string; callbackAt: string | null; callbackReason: string | null; queue: { position: number; queueLength: number; estimatedWaitS: number } | null; callback: { callbackAt: string; reason: string } | null };
}
const duty = async (who: 'lawyer' | 'lawyer2', onDuty: boolean) => expect((await t.call('POST', '/api/duty', { token: await t.token(who), body: { onDuty } })).status).toBe(200);

describe(`consultation queue over REST (${mode})`, () => {
  it('keeps the roster: lawyers their own slots, the administrator anyone’s; coverage shows the gaps', async () => {
    const lawyer = await t.token('lawyer');
    const admin = await t.token('admin');
    const add = (token: string, body: object) => t.call('POST', '/api/duty/roster', { token, body });
    const mine = await add(lawyer, { weekday: 1, start: '09:00', end: '12:00' });
    expect(mine.status).toBe(201);
    expect(mine.body).toMatchObject({ lawyerId: t.org.staff.lawyer.id, weekday: 1, start: '09:00', end: '12:00' });
    expect((await add(lawyer, { weekday: 1, start: '11:00', end: '13:00' })).body.error.code).toBe('SLOT_OVERLAP');
    expect((await add(lawyer, { lawyerId: t.org.staff.lawyer2.id, weekday: 2, start: '09:00', end: '10:00' })).status).toBe(403);
    expect((await add(lawyer, { weekday: 1, start: '14:00', end: '13:00' })).body.error.code).toBe('INVALID_SLOT');
    expect((await add(lawyer, { weekday: 8, start: '14:00', end: '15:00' })).status).toBe(400);
    expect((await add(lawyer, { weekday: 1, start: '25:00', end: '26:00' })).body.error.code).toBe('INVALID_SLOT');
    expect((await add(admin, { lawyerId: t.org.staff.operator1.id, weekday: 2, start: '09:00', end: '10:00' })).body.error.code).toBe('NOT_A_LAWYER');
    const theirs = await add(admin, { lawyerId: t.org.staff.lawyer2.id, weekday: 1, start: '10:30', end: '24:00' });
    expect(theirs.status).toBe(201);
    expect((await t.call('POST', '/api/duty/roster', { token: await t.token('mediator1'), body: { weekday: 3, start: '09:00', end: '10:00' } })).status).toBe(403);
    expect((await t.call('POST', '/api/duty/roster', { token: await t.token('operator1'), body: { weekday: 3, start: '09:00', end: '10:00' } })).status).toBe(403);

    const cov = await t.call('GET', '/api/duty/coverage', { token: admin });
    expect(cov.status).toBe(200);
    // Monday: 09:00–24:00 covered by the two lawyers together, 00:00–09:00 a gap; every other day one whole-day gap
    expect(cov.body.gaps).toEqual([
      { weekday: 1, start: '00:00', end: '09:00', startMinute: 0, endMinute: 540 },
      ...[2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '24:00', startMinute: 0, endMinute: 1440 })),
    ]);
    // hours 08…12 of Monday: 10:00–11:00 is the lawyer's only (lawyer2 from 10:30), 11:00–12:00 both
    expect(cov.body.hours[0].slice(8, 13)).toEqual([0, 1, 1, 2, 1]);
    expect(cov.body.hours[0][23]).toBe(1);
    expect(cov.body.hours[1].every((n: number) => n === 0)).toBe(true);
    expect(cov.body.coveredShare).toBeCloseTo(900 / (7 * 1440), 4);

    const list = await t.call('GET', '/api/duty/roster', { token: lawyer });
    expect(list.body.items.map((s: { start: string }) => s.start)).toEqual(['09:00', '10:30']);
    expect((await t.call('DELETE', `/api/duty/roster/${theirs.body.id}`, { token: lawyer })).status).toBe(403);
    expect((await t.call('DELETE', `/api/duty/roster/${theirs.body.id}`, { token: admin })).status).toBe(204);
    expect((await t.call('DELETE', `/api/duty/roster/${mine.body.id}`, { token: lawyer })).status).toBe(204);
    expect((await t.call('GET', '/api/duty/roster', { token: admin })).body.items).toEqual([]);
  });

  it('with nobody on duty, a request becomes a call-back at the next roster slot start', async () => {
    const tomorrow = chinaDate(new Date(t.clock.now.getTime() + 24 * 3600 * SEC));
    const slot = await t.call('POST', '/api/duty/roster', { token: await t.token('lawyer'), body: { weekday: weekdayOf(tomorrow), start: '10:00', end: '12:00' } });
    expect(slot.status).toBe(201);
    const r = await ask('operator1', 'NEIGHBOUR', '邻居占了我家的路怎么办？');
    expect(r.queue).toBeNull();
    expect(r.callback).toEqual({ callbackAt: new Date(`${tomorrow}T10:00:00+08:00`).toISOString(), reason: 'NO_LAWYER_ON_DUTY' });
    expect(r).toMatchObject({ status: 'CALLBACK_SCHEDULED', callbackReason: 'NO_LAWYER_ON_DUTY', callbackAt: r.callback!.callbackAt });
    expect((await t.call('DELETE', `/api/duty/roster/${slot.body.id}`, { token: await t.token('lawyer') })).status).toBe(204);
    // without a roster: the next 09:00 China time at least 30 minutes away
    const r2 = await ask('operator2', 'OTHER');
    const at = new Date(r2.callback!.callbackAt);
    expect(new Date(at.getTime() + 8 * 3600 * SEC).toISOString().slice(11, 16)).toBe('09:00');
    expect(at.getTime() - t.clock.now.getTime()).toBeGreaterThanOrEqual(30 * 60 * SEC);
    expect(at.getTime() - t.clock.now.getTime()).toBeLessThanOrEqual(24.5 * 3600 * SEC);
  });

  it('queues with position and estimate while a lawyer is on duty; exactly one lawyer accepts', async () => {
    await duty('lawyer', true);
    expect((await t.call('GET', '/api/duty', { token: await t.token('lawyer') })).body.onDuty).toBe(true);
    expect((await t.call('GET', '/api/duty/lawyers', { token: await t.token('operator1') })).body.items.map((l: { lawyerId: string }) => l.lawyerId)).toEqual([t.org.staff.lawyer.id]);
    const a = await ask('operator1', 'LAND_HOMESTEAD', '宅基地纠纷');
    const b = await ask('operator2', 'MARRIAGE_FAMILY');
    expect(a.status).toBe('QUEUED');
    // no history yet: 120 s per position, one lawyer on duty
    expect(a.queue).toEqual({ position: 1, queueLength: 1, estimatedWaitS: 120 });
    expect(b.queue).toEqual({ position: 2, queueLength: 2, estimatedWaitS: 240 });

    // a lawyer off duty, an operator, the administrator cannot accept
    expect((await t.call('POST', `/api/consultations/${a.id}/accept`, { token: await t.token('lawyer2') })).body.error.code).toBe('NOT_ON_DUTY');
    expect((await t.call('POST', `/api/consultations/${a.id}/accept`, { token: await t.token('operator1') })).status).toBe(403);
    expect((await t.call('POST', `/api/consultations/${a.id}/accept`, { token: await t.token('admin') })).status).toBe(403);

    await duty('lawyer2', true);
    t.clock.advance(30 * SEC);
    const [x, y] = await Promise.all([
      t.call('POST', `/api/consultations/${a.id}/accept`, { token: await t.token('lawyer') }),
      t.call('POST', `/api/consultations/${a.id}/accept`, { token: await t.token('lawyer2') }),
    ]);
    const statuses = [x.status, y.status].sort();
    expect(statuses).toEqual([200, 409]);
    const [win, lose] = x.status === 200 ? [x, y] : [y, x];
    expect(lose.body.error.code).toBe('CONSULTATION_TAKEN');
    expect(win.body.consultation.status).toBe('ACCEPTED');
    expect(win.body.join).toMatchObject({ role: 'lawyer' });
    expect(win.body.join.token.split('.')).toHaveLength(3);
    const sessions = await t.db.prisma.session.findMany({ where: { consultationId: a.id }, include: { invites: true } });
    expect(sessions).toHaveLength(1);
    expect(sessions[0]!.kind).toBe('CONSULTATION');
    expect(sessions[0]!.invites.map((i) => i.talkRoomId ?? i.staffId).sort()).toEqual([t.org.rooms.v1a, t.org.staff.operator1.id].sort());
    // the operator who asked joins the same session
    const opJoin = await t.call('POST', `/api/sessions/${sessions[0]!.id}/join-token`, { token: await t.token('operator1') });
    expect(opJoin.status).toBe(200);
    expect(opJoin.body.roomId).toBe(win.body.join.roomId);

    // b moved up; it is abandoned by its talk room (not by another village's operator)
    const standing = await t.call('GET', `/api/consultations/${b.id}/queue`, { token: await t.token('operator2') });
    expect(standing.body).toEqual({ status: 'QUEUED', queue: { position: 1, queueLength: 1, estimatedWaitS: 60 } });
    expect((await t.call('POST', `/api/consultations/${b.id}/abandon`, { token: await t.token('operator1') })).status).toBe(403);
    const ab = await t.call('POST', `/api/consultations/${b.id}/abandon`, { token: await t.token('operator2') });
    expect(ab.status).toBe(200);
    expect(ab.body.status).toBe('ABANDONED');
    expect((await t.call('POST', `/api/consultations/${b.id}/abandon`, { token: await t.token('operator2') })).body.error.code).toBe('CONSULTATION_STATE');
    expect((await t.call('POST', `/api/consultations/${b.id}/accept`, { token: await t.token('lawyer') })).body.error.code).toBe('CONSULTATION_STATE');
    expect((await t.call('POST', `/api/consultations/${a.id}/abandon`, { token: await t.token('operator1') })).body.error.code).toBe('CONSULTATION_TAKEN');

    // the record, then one action: a case of the village, the record carried along
    const winner = win === x ? 'lawyer' : 'lawyer2';
    const rec = await t.call('POST', `/api/consultations/${a.id}/answer`, {
      token: await t.token(winner),
      body: { questionSummary: '宅基地边界不清', advice: '先找村委会调取确权登记', shouldBecomeCase: true, category: 'LAND_HOMESTEAD' },
    });
    expect(rec.status).toBe(200);
    expect((await t.call('POST', `/api/consultations/${a.id}/case`, { token: await t.token(winner === 'lawyer' ? 'lawyer2' : 'lawyer'), body: { to: 'CASE' } })).status).toBe(403);
    const made = await t.call('POST', `/api/consultations/${a.id}/case`, { token: await t.token(winner), body: { to: 'CASE' } });
    expect(made.status).toBe(201);
    expect(made.body.handlingLevel).toBe('VILLAGE');
    expect((await t.call('POST', `/api/consultations/${a.id}/case`, { token: await t.token(winner), body: { to: 'TOWNSHIP' } })).body.error.code).toBe('ALREADY_A_CASE');
    const kase = await t.call('GET', `/api/cases/${made.body.caseId}`, { token: await t.token('operator1') });
    expect(kase.status).toBe(200);
    expect(kase.body.description).toContain('宅基地边界不清');
    expect(kase.body.description).toContain('先找村委会调取确权登记');
    expect(kase.body.villageId).toBe(t.org.villages.v1a);
  });

  it('turns a request nobody accepts in time into a call-back that a lawyer takes, starts and keeps; a referral goes to the township', async () => {
    const q = await ask('operator1b', 'CONTRACT_DEBT', '欠款不还');
    expect(q.status).toBe('QUEUED');
    t.clock.advance(299 * SEC);
    expect((await sweepQueueTimeouts(t.deps)).converted).toBe(0);
    t.clock.advance(2 * SEC);
    const swept = await sweepQueueTimeouts(t.deps);
    expect(swept.converted).toBe(1);
    expect(swept.nextDueAt).toBeNull();
    expect((await sweepQueueTimeouts(t.deps)).converted).toBe(0);
    const row = await t.db.prisma.consultation.findUniqueOrThrow({ where: { id: q.id } });
    expect(row.status).toBe('CALLBACK_SCHEDULED');
    expect(row.callbackReason).toBe('QUEUE_TIMEOUT');
    expect(row.callbackAt!.getTime()).toBeGreaterThan(t.clock.now.getTime());

    const lawyer = await t.token('lawyer');
    const open = await t.call('GET', '/api/consultations/callbacks', { token: lawyer });
    expect(open.body.items.map((c: { id: string }) => c.id)).toContain(q.id);
    expect((await t.call('GET', '/api/consultations/callbacks', { token: lawyer, query: { mine: 'true' } })).body.items).toEqual([]);
    expect((await t.call('GET', '/api/consultations/callbacks', { token: await t.token('operator1') })).status).toBe(403);
    expect((await t.call('POST', `/api/consultations/${q.id}/callback/take`, { token: lawyer })).status).toBe(200);
    expect((await t.call('POST', `/api/consultations/${q.id}/callback/take`, { token: await t.token('lawyer2') })).body.error.code).toBe('NOT_ASSIGNED');
    expect((await t.call('GET', '/api/consultations/callbacks', { token: lawyer, query: { mine: 'true' } })).body.items.map((c: { id: string }) => c.id)).toEqual([q.id]);
    const started = await t.call('POST', `/api/consultations/${q.id}/callback/start`, { token: lawyer });
    expect(started.status).toBe(200);
    expect(started.body.join.role).toBe('lawyer');
    expect(started.body.consultation.callbackStartedAt).not.toBeNull();
    const kept = await t.call('POST', `/api/consultations/${q.id}/callback/outcome`, { token: lawyer, body: { kept: true } });
    expect(kept.body.callbackOutcome).toBe('KEPT');
    expect((await t.call('POST', `/api/consultations/${q.id}/callback/outcome`, { token: lawyer, body: { kept: false } })).body.error.code).toBe('CONSULTATION_STATE');
    expect((await t.call('POST', `/api/consultations/${q.id}/answer`, { token: lawyer, body: { questionSummary: '借款到期不还', advice: '保留借条，协商不成可申请调解', shouldBecomeCase: true } })).status).toBe(200);
    const ref = await t.call('POST', `/api/consultations/${q.id}/case`, { token: lawyer, body: { to: 'TOWNSHIP', description: '请镇调解员介入' } });
    expect(ref.status).toBe(201);
    expect(ref.body.handlingLevel).toBe('TOWNSHIP');
    const kase = await t.call('GET', `/api/cases/${ref.body.caseId}`, { token: await t.token('mediator1') });
    expect(kase.status).toBe(200);
    expect(kase.body.description).toContain('请镇调解员介入');
    expect(kase.body.timeline.map((e: { type: string }) => e.type)).toEqual(['CREATED', 'NOTE']);
  });

  it('refuses bad input and wrong roles with 4xx codes, writing nothing', async () => {
    const before = await t.counts();
    const op = await t.token('operator1');
    expect((await t.call('POST', '/api/consultations', { token: op, body: { topic: 'WITCHCRAFT' } })).status).toBe(400);
    expect((await t.call('POST', '/api/consultations', { token: op, body: { topic: 'OTHER', question: '   ' } })).status).toBe(400);
    expect((await t.call('POST', '/api/consultations', { token: op, body: { topic: 'OTHER', extra: 1 } })).status).toBe(400);
    expect((await t.call('POST', '/api/consultations', { body: { topic: 'OTHER' } })).status).toBe(401);
    expect((await t.call('POST', '/api/consultations', { token: await t.token('mediator1'), body: { topic: 'OTHER' } })).status).toBe(403);
    expect((await t.call('POST', '/api/consultations', { token: await t.token('lawyer'), body: { topic: 'OTHER', talkRoomId: t.org.rooms.v1a } })).status).toBe(403);
    expect((await t.call('POST', '/api/consultations/not-a-uuid/accept', { token: await t.token('lawyer') })).status).toBe(400);
    expect((await t.call('POST', '/api/consultations/0190a3c4-0000-7000-8000-000000000000/accept', { token: await t.token('lawyer') })).status).toBe(404);
    expect((await t.call('POST', '/api/duty', { token: op, body: { onDuty: true } })).status).toBe(403);
    expect((await t.call('POST', '/api/duty', { token: await t.token('lawyer'), body: { onDuty: 'yes' } })).status).toBe(400);
    expect((await t.call('GET', '/api/duty/coverage', { token: await t.token('mediator1') })).status).toBe(403);
    expect((await t.call('GET', '/api/statistics/consultations', { token: await t.token('lawyer') })).status).toBe(403);
    expect((await t.call('GET', '/api/statistics/consultations', { token: await t.token('mediator1'), query: { townshipId: t.org.townships.t2 } })).status).toBe(403);
    expect((await t.call('GET', '/api/statistics/consultations', { token: await t.token('admin'), query: { from: '2026-02-30' } })).status).toBe(400);
    const after = await t.counts();
    delete before['audit_logs'];
    delete after['audit_logs'];
    expect(after).toEqual(before);
  });
});

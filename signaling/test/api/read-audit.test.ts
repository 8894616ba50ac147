import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANONYMOUS_AUDIT_ROWS } from '../../src/domain/context';
import { PNG_1x1, mode, startApiTest, type ApiTest } from './helpers';

/**
 * Issue #12 item 10: every read of confidential data writes its audit row (docs/api.md
 * "Audit"), and failures of callers who proved nothing (wrong passwords, wrong invite
 * codes, refused document grants) cannot grow audit_logs without bound from one address.
 */
describe(`every read is audited; unauthenticated failures are bounded (${mode})`, () => {
  let t: ApiTest;
  let mediator: string;
  let caseId: string;
  let sessionId: string;
  let docId: string;
  const rows = (action: string) => t.db.prisma.auditLog.findMany({ where: { action }, orderBy: { at: 'asc' } });

  beforeAll(async () => {
    t = await startApiTest();
    mediator = await t.token('mediator1');
    caseId = (
      await t.call('POST', '/api/cases', {
        token: mediator,
        body: { category: 'CONTRACT_DEBT', intakeChannel: 'WALK_IN', description: '借款', parties: [{ partyId: t.org.parties.p1, side: 'A' }, { partyId: t.org.parties.p2, side: 'B' }] },
      })
    ).body.id;
    const s = await t.call('POST', '/api/sessions', { token: mediator, body: { kind: 'MEDIATION', caseId, partyIds: [t.org.parties.p1], staffIds: [t.org.staff.lawyer.id] } });
    sessionId = s.body.id;
    const up = await t.app.inject({
      method: 'POST',
      url: `/api/sessions/${sessionId}/documents`,
      query: { name: 'a.png' },
      headers: { authorization: `Bearer ${mediator}`, 'content-type': 'image/png' },
      payload: Buffer.from(PNG_1x1, 'base64'),
    });
    docId = up.json().id;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('GET /sessions writes session.list naming the sessions shown', async () => {
    const r = await t.call('GET', '/api/sessions', { token: mediator });
    expect(r.status).toBe(200);
    const [row] = await rows('session.list');
    expect(row).toMatchObject({ actorId: t.org.staff.mediator1.id, entityType: 'Session', details: { sessionIds: [sessionId] } });
  });

  it("GET /sessions/:id/documents writes document.list with the case", async () => {
    const r = await t.call('GET', `/api/sessions/${sessionId}/documents`, { token: await t.token('lawyer') });
    expect(r.status).toBe(200);
    const [row] = await rows('document.list');
    expect(row).toMatchObject({ actorId: t.org.staff.lawyer.id, entityType: 'Session', entityId: sessionId, caseId, details: { documentIds: [docId] } });
  });

  it('GET /follow-ups writes follow_up.list', async () => {
    const r = await t.call('GET', '/api/follow-ups', { token: mediator, query: { state: 'all' } });
    expect(r.status).toBe(200);
    const [row] = await rows('follow_up.list');
    expect(row).toMatchObject({ actorId: t.org.staff.mediator1.id, entityType: 'FollowUp', details: { followUpIds: [] } });
  });

  it('the consultation lists (GET /consultations, /consultations/callbacks) write consultation.list', async () => {
    const asked = await t.call('POST', '/api/consultations', { token: await t.token('operator1'), body: { topic: 'NEIGHBOUR', question: '问' } });
    expect(asked.status).toBe(201);
    expect((await t.call('GET', '/api/consultations', { token: await t.token('operator1') })).status).toBe(200);
    expect((await t.call('GET', '/api/consultations/callbacks', { token: await t.token('lawyer') })).status).toBe(200);
    const list = await rows('consultation.list');
    expect(list).toHaveLength(2);
    expect(list[0]).toMatchObject({ actorId: t.org.staff.operator1.id, entityType: 'Consultation', details: { consultationIds: [asked.body.id] } });
    expect(list[1]).toMatchObject({ actorId: t.org.staff.lawyer.id, details: { view: 'callbacks', consultationIds: [asked.body.id] } });
  });

  it('GET /audit-logs writes audit.read (after the page, so it does not list itself)', async () => {
    const r = await t.call('GET', '/api/audit-logs', { token: await t.token('admin'), query: { action: 'session.list' } });
    expect(r.status).toBe(200);
    expect(r.body.items.map((i: { action: string }) => i.action)).toEqual(['session.list']);
    const [row] = await rows('audit.read');
    expect(row).toMatchObject({ actorId: t.org.staff.admin.id, entityType: 'AuditLog', details: { filter: { action: 'session.list' }, shown: 1 } });
  });

  it('a flood of unauthenticated failures from one address writes a bounded number of rows', async () => {
    const ip = '10.66.0.1';
    const before = await t.db.prisma.auditLog.count({ where: { ip } });
    expect(before).toBe(0);
    // wrong passwords for ever new usernames (the sign-in limit is per address and username)
    for (let i = 0; i < 60; i++) await t.call('POST', '/api/auth/login', { body: { username: `nobody-${i}`, password: 'x' }, ip });
    // forged document grants
    for (let i = 0; i < 40; i++) await t.call('GET', `/api/documents/${docId}/content`, { query: { access: `forged-${i}` }, ip });
    // wrong invite codes (the address runs out of tries first)
    for (let i = 0; i < 30; i++) await t.call('POST', '/api/auth/invite-code', { body: { sessionId, code: String(100000 + i) }, ip });
    const written = await t.db.prisma.auditLog.findMany({ where: { ip } });
    expect(written.length).toBe(ANONYMOUS_AUDIT_ROWS + 1);
    expect(written.filter((r) => r.action === 'audit.suppressed')).toHaveLength(1);
    // another address still gets its rows
    await t.call('POST', '/api/auth/login', { body: { username: 'nobody', password: 'x' }, ip: '10.66.0.2' });
    expect(await t.db.prisma.auditLog.count({ where: { ip: '10.66.0.2', action: 'auth.login_failed' } })).toBe(1);
  });
});

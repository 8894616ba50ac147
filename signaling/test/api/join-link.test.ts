import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mode, startApiTest, type ApiTest } from './helpers';

/**
 * Issue #13: the party's link is short enough to read out over the phone (/j/KMT-472).
 * The short code only names the session; the 6-digit invite code still admits, with
 * the same answers and limits: an unknown link looks like a wrong code, forged input
 * is refused with 400, an ended session with SESSION_OVER.
 */
describe(`short join links (${mode})`, () => {
  let t: ApiTest;
  let op: string;
  let caseId: string;
  beforeAll(async () => {
    t = await startApiTest();
    op = await t.token('operator1');
    caseId = (
      await t.call('POST', '/api/cases', {
        token: op,
        body: { category: 'NEIGHBOUR', intakeChannel: 'WALK_IN', description: '院墙滴水', parties: [{ partyId: t.org.parties.p1, side: 'A' }, { partyId: t.org.parties.p2, side: 'B' }] },
      })
    ).body.id;
  });
  afterAll(async () => {
    await t?.close();
  });

  let addr = 0;
  const ip = () => `10.88.${(++addr >> 8) & 255}.${addr & 255}`;
  const session = async () => {
    const s = await t.call('POST', '/api/sessions', { token: op, body: { kind: 'MEDIATION', caseId, partyIds: [t.org.parties.p1] } });
    expect(s.status, JSON.stringify(s.body)).toBe(201);
    const code = (await t.call('POST', `/api/sessions/${s.body.id}/invite-codes`, { token: op, body: { partyId: t.org.parties.p1 } })).body.code as string;
    return { id: s.body.id as string, linkCode: s.body.linkCode as string, code };
  };

  it('every new session has its own short code (three letters, three digits, no look-alikes)', async () => {
    const codes = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const s = await session();
      expect(s.linkCode).toMatch(/^[A-HJKMNP-Z]{3}-[2-9]{3}$/);
      codes.add(s.linkCode);
      expect((await t.call('GET', `/api/sessions/${s.id}`, { token: op })).body.linkCode).toBe(s.linkCode);
    }
    expect(codes.size).toBe(5);
  });

  it('the short code and the invite code admit the party, however the code is typed', async () => {
    const s = await session();
    const typed = s.linkCode.toLowerCase().replace('-', ''); // read out, typed in lower case without the dash
    const x = await t.call('POST', '/api/auth/invite-code', { body: { link: typed, code: s.code }, ip: ip() });
    expect(x.status, JSON.stringify(x.body)).toBe(200);
    expect(x.body.session.id).toBe(s.id);
    expect(x.body.join.role).toBe('party');
  });

  it('an unknown link looks like a wrong code; forged input is refused 400; a wrong code against a real link counts as usual', async () => {
    const s = await session();
    const unknown = await t.call('POST', '/api/auth/invite-code', { body: { link: s.linkCode === 'ZZZ-999' ? 'ZZZ-998' : 'ZZZ-999', code: s.code }, ip: ip() });
    expect(unknown.status).toBe(401);
    expect(unknown.body.error.code).toBe('INVITE_CODE_INVALID');
    for (const body of [{ link: "A'B-123", code: s.code }, { link: 'x'.repeat(5000), code: s.code }, { link: s.linkCode, sessionId: s.id, code: s.code }, { link: s.linkCode }]) {
      const bad = await t.call('POST', '/api/auth/invite-code', { body, ip: ip() });
      expect(bad.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(bad.body.error.code).toEqual(expect.any(String));
    }
    const wrong = await t.call('POST', '/api/auth/invite-code', { body: { link: s.linkCode, code: s.code === '000000' ? '000001' : '000000' }, ip: ip() });
    expect(wrong.status).toBe(401);
    const codeRow = await t.db.prisma.inviteCode.findFirstOrThrow({ where: { sessionId: s.id, usedAt: null }, orderBy: { createdAt: 'desc' } });
    expect(codeRow.attempts).toBe(1);
  });

  it('an ended session refuses its short link too (SESSION_OVER)', async () => {
    const s = await session();
    expect((await t.call('POST', `/api/sessions/${s.id}/start`, { token: op })).status).toBe(200);
    expect((await t.call('POST', `/api/sessions/${s.id}/end`, { token: op })).status).toBe(200);
    const x = await t.call('POST', '/api/auth/invite-code', { body: { link: s.linkCode, code: s.code }, ip: ip() });
    expect(x.status).toBe(409);
    expect(x.body.error.code).toBe('SESSION_OVER');
  });
});

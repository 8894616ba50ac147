import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaffKey } from './fixture';
import { mode, startApiTest, type ApiTest } from './helpers';

/** A valid resident ID number (GB 11643 check character) for a serial. */
function idNumber(serial: number): string {
  const body = `110105198${String(serial % 10)}0101${String(100 + (serial % 900)).padStart(3, '0')}`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, d, i) => s + Number(d) * w[i]!, 0);
  return body + '10X98765432'[sum % 11];
}

/**
 * Issue #12 item 7: a party's personal data stays inside the jurisdiction of whoever
 * registered them. From another county or another township, a duplicate ID number does
 * not name the existing party, a look-up finds nothing, and intake or a consultation
 * cannot link them (so no case file shows their name, phone and village).
 */
describe(`parties stay inside the caller's jurisdiction (${mode})`, () => {
  let t: ApiTest;
  let secretId: string; // 孙白水's neighbour in 白水乡 (township t2), registered with an ID number
  const ID = idNumber(7);
  const as = async (key: StaffKey) => t.token(key);
  beforeAll(async () => {
    t = await startApiTest();
    const r = await t.call('POST', '/api/parties', { token: await as('operator2'), body: { name: '机密 白水', idNumber: ID, phone: '13911112222' } });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    secretId = r.body.id;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('a duplicate ID number from another county or township is refused without naming the party', async () => {
    for (const key of ['mediatorB', 'mediator1', 'operator1'] as const) {
      const r = await t.call('POST', '/api/parties', { token: await as(key), body: { name: '冒名', idNumber: ID } });
      expect(r.status, key).toBe(409);
      expect(r.body.error.code, key).toBe('PARTY_REGISTERED_ELSEWHERE');
      expect(JSON.stringify(r.body), key).not.toContain(secretId);
    }
    // inside the township the existing party is named, to be used
    for (const key of ['operator2', 'mediator2'] as const) {
      const r = await t.call('POST', '/api/parties', { token: await as(key), body: { name: '同一人', idNumber: ID } });
      expect(r.status, key).toBe(409);
      expect(r.body.error).toMatchObject({ code: 'PARTY_EXISTS', details: { partyId: secretId } });
    }
  });

  it('a look-up from another county or township finds nothing', async () => {
    for (const key of ['mediatorB', 'adminB', 'mediator1', 'operator1'] as const) {
      const r = await t.call('POST', '/api/parties/lookup', { token: await as(key), body: { idNumber: ID } });
      expect(r.status, key).toBe(404);
      expect(JSON.stringify(r.body), key).not.toContain(secretId);
    }
    expect((await t.call('POST', '/api/parties/lookup', { token: await as('mediator2'), body: { idNumber: ID } })).body.id).toBe(secretId);
    expect((await t.call('POST', '/api/parties/lookup', { token: await as('admin'), body: { idNumber: ID } })).body.id).toBe(secretId);
  });

  it('intake from another county or township cannot link the party (no case file shows them)', async () => {
    const cases = await t.db.prisma.case.count();
    const attempts: Array<[StaffKey, string]> = [
      ['mediatorB', secretId],
      ['mediatorB', t.org.parties.p1],
      ['mediator1', secretId],
      ['operator1', t.org.parties.p3],
    ];
    for (const [key, partyId] of attempts) {
      const r = await t.call('POST', '/api/cases', { token: await as(key), body: { category: 'NEIGHBOUR', intakeChannel: 'WALK_IN', description: '越权', parties: [{ partyId, side: 'A' }] } });
      expect(r.status, `${key} ${partyId}`).toBe(400);
      expect(r.body.error.code).toBe('UNKNOWN_PARTY');
      expect(JSON.stringify(r.body)).not.toContain('13911112222');
    }
    expect(await t.db.prisma.case.count()).toBe(cases);
    // inside the township it works: a neighbouring village's party, and one's own
    const ok = await t.call('POST', '/api/cases', {
      token: await as('mediator2'),
      body: { category: 'NEIGHBOUR', intakeChannel: 'WALK_IN', description: '邻里', parties: [{ partyId: secretId, side: 'A' }, { partyId: t.org.parties.p3, side: 'B' }] },
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
  });

  it('a consultation cannot link a party of another township', async () => {
    const r = await t.call('POST', '/api/consultations', { token: await as('operator1'), body: { topic: 'NEIGHBOUR', question: '问一下', partyId: secretId } });
    expect(r.status, JSON.stringify(r.body)).toBe(400);
    expect(r.body.error.code).toBe('UNKNOWN_PARTY');
    const mine = await t.call('POST', '/api/consultations', { token: await as('operator1'), body: { topic: 'NEIGHBOUR', question: '问一下', partyId: t.org.parties.p1 } });
    expect(mine.status, JSON.stringify(mine.body)).toBe(201);
  });
});

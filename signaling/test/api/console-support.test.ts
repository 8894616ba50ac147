import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mode, startApiTest, type ApiTest } from './helpers';

/** What the staff console needs beyond the domain routes: case search (?q) and the staff directory. */
describe(`case search and the staff directory (${mode})`, () => {
  let t: ApiTest;
  let med: string;
  const opened: Array<{ id: string; caseNumber: string }> = [];

  beforeAll(async () => {
    t = await startApiTest();
    med = await t.token('mediator1');
    for (const description of ['宅基地界桩争议', '邻里排水沟堵塞 100%_done', '借款未还']) {
      const r = await t.call('POST', '/api/cases', {
        token: med,
        body: { villageId: t.org.villages.v1a, category: 'NEIGHBOUR', intakeChannel: 'WALK_IN', description, parties: [{ partyId: t.org.parties.p1, side: 'A' }] },
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      opened.push(r.body);
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  const search = async (q: string, token = med) => t.call('GET', '/api/cases', { token, query: { q } });

  it('finds cases by part of the description or the case number, case-insensitively, within what the caller may see', async () => {
    const byText = await search('排水沟');
    expect(byText.status).toBe(200);
    expect(byText.body.items.map((c: { id: string }) => c.id)).toEqual([opened[1]!.id]);
    expect(byText.body.total).toBe(1);

    const byNumber = await search(opened[2]!.caseNumber);
    expect(byNumber.body.items.map((c: { id: string }) => c.id)).toEqual([opened[2]!.id]);

    // another township's mediator does not find them
    const other = await search('排水沟', await t.token('mediator2'));
    expect(other.body.total).toBe(0);
  });

  it('treats LIKE wildcards in the search as plain characters', async () => {
    expect((await search('100%_done')).body.total).toBe(1);
    expect((await search('%')).body.items.map((c: { id: string }) => c.id)).toEqual([opened[1]!.id]);
    expect((await search('_')).body.items.map((c: { id: string }) => c.id)).toEqual([opened[1]!.id]);
  });

  it('refuses an over-long search', async () => {
    const r = await search('x'.repeat(65));
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('VALIDATION_FAILED');
  });

  it("lists the county's active staff by role, names only, for staff; not for other counties or devices", async () => {
    const r = await t.call('GET', '/api/staff', { token: med, query: { role: 'COUNTY_LEGAL_ADVISOR' } });
    expect(r.status).toBe(200);
    expect(r.body.items.map((s: { id: string }) => s.id).sort()).toEqual([t.org.staff.lawyer.id, t.org.staff.lawyer2.id].sort());
    expect(Object.keys(r.body.items[0]).sort()).toEqual(['displayName', 'id', 'role', 'townshipId', 'villageId']);

    const all = await t.call('GET', '/api/staff', { token: med });
    const countyA = Object.values(t.org.staff).filter((s) => s.countyId === t.org.staff.mediator1.countyId).map((s) => s.id).sort();
    expect(all.body.items.map((s: { id: string }) => s.id).sort()).toEqual(countyA);

    const fromB = await t.call('GET', '/api/staff', { token: await t.token('mediatorB') });
    expect(fromB.body.items.map((s: { id: string }) => s.id)).not.toContain(t.org.staff.lawyer.id);

    expect((await t.call('GET', '/api/staff')).status).toBe(401);
    const enrolled = await t.call('POST', `/api/talk-rooms/${t.org.rooms.v1a}/devices`, { token: await t.token('operator1'), body: {} });
    expect(enrolled.status).toBe(201);
    const byDevice = await t.call('GET', '/api/staff', { token: enrolled.body.token });
    expect(byDevice.status).toBe(403);
    expect(byDevice.body.error.code).toBe('ROLE_NOT_ALLOWED');
  });
});

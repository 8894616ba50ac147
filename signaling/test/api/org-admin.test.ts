import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mode, startApiTest, type ApiTest } from './helpers';

/**
 * A county runs its own organisation (issue #13): the county administrator creates,
 * renames and deactivates townships, villages and talk rooms, and creates staff
 * accounts and resets their passwords, in their own county only. Attackers first.
 */
describe(`county administration (${mode})`, () => {
  let t: ApiTest;
  let admin: string;
  beforeAll(async () => {
    t = await startApiTest();
    admin = await t.token('admin');
  });
  afterAll(async () => {
    await t?.close();
  });

  const deviceToken = async () => (await t.call('POST', `/api/talk-rooms/${t.org.rooms.v1a}/devices`, { token: admin, body: { label: 'attacker' } })).body.token as string;

  describe('attackers are refused, and nothing is written', () => {
    const WRITES = (t: ApiTest) => [
      { name: 'create a township', method: 'POST' as const, url: '/api/townships', body: { name: '入侵镇' } },
      { name: 'rename a township', method: 'PATCH' as const, url: `/api/townships/${t.org.townships.t1}`, body: { name: '改名镇' } },
      { name: 'create a village', method: 'POST' as const, url: '/api/villages', body: { townshipId: t.org.townships.t1, name: '入侵村' } },
      { name: 'deactivate a village', method: 'PATCH' as const, url: `/api/villages/${t.org.villages.v1a}`, body: { active: false } },
      { name: 'create a talk room', method: 'POST' as const, url: '/api/talk-rooms', body: { kind: 'VILLAGE_TALK_ROOM', villageId: t.org.villages.v1a, name: '第二说事室' } },
      { name: 'rename a talk room', method: 'PATCH' as const, url: `/api/talk-rooms/${t.org.rooms.v1a}`, body: { name: '改名室' } },
      { name: 'create a staff account', method: 'POST' as const, url: '/api/staff', body: { username: 'intruder', displayName: '入侵者', role: 'COUNTY_ADMIN' } },
      { name: 'reset a password', method: 'POST' as const, url: `/api/staff/${t.org.staff.operator1.id}/reset-password`, body: undefined },
      { name: 'list staff accounts', method: 'GET' as const, url: '/api/staff-accounts', body: undefined },
    ];
    const ATTACKERS: Array<[string, (t: ApiTest) => Promise<string | undefined>, number, string]> = [
      ['nobody', async () => undefined, 401, 'AUTH_REQUIRED'],
      ['an admin of another county', (t) => t.token('adminB'), 403, 'OUTSIDE_COUNTY'],
      ['a mediator', (t) => t.token('mediator1'), 403, 'ROLE_NOT_ALLOWED'],
      ['a lawyer', (t) => t.token('lawyer'), 403, 'ROLE_NOT_ALLOWED'],
      ['a grid worker', (t) => t.token('operator1'), 403, 'ROLE_NOT_ALLOWED'],
      ['a device', () => deviceToken(), 403, 'ROLE_NOT_ALLOWED'],
    ];
    for (const [who, tokenOf, status, code] of ATTACKERS) {
      it(`${who}: ${status} ${code}`, async () => {
        const token = await tokenOf(t);
        const before = await t.counts();
        for (const w of WRITES(t)) {
          // a create body naming no division of ours: the other county's admin may create in their own county (forged ids: below)
          if (who === 'an admin of another county' && (w.name === 'create a township' || w.name === 'create a staff account')) continue;
          const res = await t.call(w.method, w.url, { token, body: w.body });
          // the other county's admin lists only their own county's staff: allowed, and blind to ours
          if (who === 'an admin of another county' && w.method === 'GET') {
            expect(res.status, w.name).toBe(200);
            expect(res.body.items.map((s: { id: string }) => s.id)).not.toContain(t.org.staff.operator1.id);
            continue;
          }
          expect(res.status, `${w.name}: ${JSON.stringify(res.body)}`).toBe(status);
          expect(res.body.error.code, w.name).toBe(code);
        }
        const after = await t.counts();
        delete after.audit_logs;
        delete before.audit_logs;
        expect(after).toEqual(before);
        expect((await t.db.prisma.township.findUniqueOrThrow({ where: { id: t.org.townships.t1 } })).name).not.toBe('改名镇');
      });
    }

    it("an admin of another county cannot name our divisions in a create body (forged jurisdiction)", async () => {
      const adminB = await t.token('adminB');
      const before = await t.counts();
      const tries = [
        { url: '/api/villages', body: { townshipId: t.org.townships.t1, name: '伪造村' } },
        { url: '/api/talk-rooms', body: { kind: 'TOWNSHIP_MEDIATION_ROOM', townshipId: t.org.townships.t1, name: '伪造调解室' } },
        { url: '/api/staff', body: { username: 'forged.mediator', displayName: '伪造', role: 'TOWNSHIP_MEDIATOR', townshipId: t.org.townships.t1 } },
        { url: '/api/staff', body: { username: 'forged.operator', displayName: '伪造', role: 'VILLAGE_OPERATOR', villageId: t.org.villages.v1a } },
        { url: '/api/staff', body: { username: 'forged.operator2', displayName: '伪造', role: 'VILLAGE_OPERATOR', talkRoomId: t.org.rooms.v1a } },
      ];
      for (const x of tries) {
        const res = await t.call('POST', x.url, { token: adminB, body: x.body });
        expect(res.status, JSON.stringify(res.body)).toBe(403);
        expect(res.body.error.code).toBe('OUTSIDE_COUNTY');
      }
      const after = await t.counts();
      delete after.audit_logs;
      delete before.audit_logs;
      expect(after).toEqual(before);
    });

    it('a disabled administrator is refused at once', async () => {
      const created = await t.call('POST', '/api/staff', { token: admin, body: { username: 'admin.two', displayName: '第二管理员', role: 'COUNTY_ADMIN' } });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const login = await t.call('POST', '/api/auth/login', { body: { username: 'admin.two', password: created.body.password } });
      expect(login.status).toBe(200);
      const admin2 = login.body.accessToken as string;
      expect((await t.call('POST', '/api/townships', { token: admin2, body: { name: '二号镇' } })).status).toBe(201);
      expect((await t.call('POST', `/api/staff/${created.body.account.id}/disable`, { token: admin })).status).toBe(200);
      const res = await t.call('POST', '/api/townships', { token: admin2, body: { name: '三号镇' } });
      expect(res.status).toBe(401);
      expect((await t.call('POST', '/api/auth/login', { body: { username: 'admin.two', password: created.body.password } })).body.error.code).toBe('ACCOUNT_DISABLED');
    });
  });

  it('creates a township with its mediation room, a village with its talk room, renames and deactivates them (audited)', async () => {
    const tw = await t.call('POST', '/api/townships', { token: admin, body: { name: '新河镇', code: '990100300' } });
    expect(tw.status, JSON.stringify(tw.body)).toBe(201);
    expect(tw.body.township).toMatchObject({ name: '新河镇', code: '990100300', active: true });
    expect(tw.body.mediationRoom).toMatchObject({ kind: 'TOWNSHIP_MEDIATION_ROOM', name: '新河镇人民调解委员会调解室', townshipId: tw.body.township.id });
    expect((await t.call('POST', '/api/townships', { token: admin, body: { name: '新河镇' } })).body.error.code).toBe('NAME_TAKEN');

    const v = await t.call('POST', '/api/villages', { token: admin, body: { townshipId: tw.body.township.id, name: '柳湾村' } });
    expect(v.status, JSON.stringify(v.body)).toBe(201);
    expect(v.body.talkRoom).toMatchObject({ kind: 'VILLAGE_TALK_ROOM', name: '柳湾村说事拉理室', villageId: v.body.village.id });

    expect((await t.call('PATCH', `/api/villages/${v.body.village.id}`, { token: admin, body: { name: '柳湾社区' } })).body).toMatchObject({ name: '柳湾社区', active: true });
    // its talk room, still named after the village, follows the new name
    expect((await t.call('GET', `/api/talk-rooms/${v.body.talkRoom.id}`, { token: admin })).body.name).toBe('柳湾社区说事拉理室');
    const off = await t.call('PATCH', `/api/villages/${v.body.village.id}`, { token: admin, body: { active: false } });
    expect(off.body).toMatchObject({ active: false });
    // its talk room closes with it; nothing new is created in it; the row stays for the cases that name it
    expect((await t.call('GET', `/api/talk-rooms/${v.body.talkRoom.id}`, { token: admin })).body.active).toBe(false);
    expect((await t.call('POST', '/api/staff', { token: admin, body: { username: 'op.liuwan', displayName: '柳湾', role: 'VILLAGE_OPERATOR', villageId: v.body.village.id } })).body.error.code).toBe('DIVISION_INACTIVE');
    // a grid worker's organisation no longer offers it; the administrator still sees it, marked
    const forOperator = (await t.call('GET', '/api/organisation', { token: await t.token('operator1') })).body;
    expect(forOperator.townships.find((x: { id: string }) => x.id === tw.body.township.id).villages).toEqual([]);
    const forAdmin = (await t.call('GET', '/api/organisation', { token: admin })).body;
    expect(forAdmin.townships.find((x: { id: string }) => x.id === tw.body.township.id).villages[0]).toMatchObject({ name: '柳湾社区', active: false });

    const actions = (await t.db.prisma.auditLog.findMany({ where: { actorId: t.org.staff.admin.id, action: { in: ['township.create', 'village.create', 'village.update'] } } })).map((a) => a.action);
    expect(actions.sort()).toEqual(['township.create', 'village.create', 'village.update', 'village.update']);
  });

  it('creates a grid worker in a village talk room and a mediator in a township: the password is shown once and signs in', async () => {
    const op = await t.call('POST', '/api/staff', { token: admin, body: { username: 'op.dongping2', displayName: '东坪网格员 赵', role: 'VILLAGE_OPERATOR', talkRoomId: t.org.rooms.v1a } });
    expect(op.status, JSON.stringify(op.body)).toBe(201);
    expect(op.body.account).toMatchObject({ role: 'VILLAGE_OPERATOR', townshipId: t.org.townships.t1, villageId: t.org.villages.v1a, talkRoomId: t.org.rooms.v1a, active: true });
    expect(op.body.password).toMatch(/^\d{4}-\d{4}-\d{4}-\d{4}$/);
    const med = await t.call('POST', '/api/staff', { token: admin, body: { username: 'med.qingshan2', displayName: '调解员 钱', role: 'TOWNSHIP_MEDIATOR', townshipId: t.org.townships.t1 } });
    expect(med.body.account).toMatchObject({ townshipId: t.org.townships.t1, villageId: null, talkRoomId: t.org.rooms.t1 });
    expect((await t.call('POST', '/api/auth/login', { body: { username: 'med.qingshan2', password: med.body.password } })).status).toBe(200);
    // the password is never stored nor logged in the audit
    const row = await t.db.prisma.auditLog.findFirstOrThrow({ where: { action: 'staff.create', entityId: med.body.account.id } });
    expect(JSON.stringify(row.details)).not.toContain(med.body.password);

    // wrong jurisdictions are refused with words
    const bad = async (body: object, code: string) => {
      const res = await t.call('POST', '/api/staff', { token: admin, body: { username: `x${Math.random().toString(36).slice(2, 8)}`, displayName: '错', ...body } });
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body.error.code).toBe(code);
    };
    await bad({ role: 'TOWNSHIP_MEDIATOR' }, 'JURISDICTION_MISMATCH');
    await bad({ role: 'VILLAGE_OPERATOR', talkRoomId: t.org.rooms.t1 }, 'JURISDICTION_MISMATCH');
    await bad({ role: 'COUNTY_LEGAL_ADVISOR', townshipId: t.org.townships.t1 }, 'JURISDICTION_MISMATCH');
    await bad({ role: 'VILLAGE_OPERATOR', villageId: '01900000-0000-7000-8000-000000000000' }, 'UNKNOWN_VILLAGE');
    expect((await t.call('POST', '/api/staff', { token: admin, body: { username: 'op.dongping2', displayName: '重名', role: 'COUNTY_ADMIN' } })).body.error.code).toBe('USERNAME_TAKEN');
  });

  it('resets a password: a new random one, shown once; the old one and the old sign-ins stop', async () => {
    const login = (password: string) => t.call('POST', '/api/auth/login', { body: { username: 'operator1b', password } });
    const before = await login('correct horse 42');
    expect(before.status).toBe(200);
    const res = await t.call('POST', `/api/staff/${t.org.staff.operator1b.id}/reset-password`, { token: admin });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.password).toMatch(/^\d{4}-\d{4}-\d{4}-\d{4}$/);
    expect((await login('correct horse 42')).body.error.code).toBe('BAD_CREDENTIALS');
    expect((await login(res.body.password)).status).toBe(200);
    expect((await t.call('POST', '/api/auth/refresh', { body: { refreshToken: before.body.refreshToken } })).status).toBe(401);
    // the access token issued before the reset stops now, not 15 minutes later; the new sign-in's works
    const old = await t.call('GET', '/api/auth/me', { token: before.body.accessToken });
    expect(old.status, JSON.stringify(old.body)).toBe(401);
    expect(old.body.error.code).toBe('TOKEN_EXPIRED');
    const fresh = await login(res.body.password);
    expect((await t.call('GET', '/api/auth/me', { token: fresh.body.accessToken })).status).toBe(200);
    expect(await t.db.prisma.auditLog.count({ where: { action: 'staff.reset-password', entityId: t.org.staff.operator1b.id } })).toBe(1);
  });

  it('a deactivated village takes no new case; reactivated, it does again', async () => {
    const mediator = await t.token('mediator1');
    const open = () =>
      t.call('POST', '/api/cases', { token: mediator, body: { villageId: t.org.villages.v1b, category: 'OTHER', intakeChannel: 'PHONE', description: '停用村的新案件', parties: [{ partyId: t.org.parties.p1, side: 'A' }] } });
    expect((await t.call('PATCH', `/api/villages/${t.org.villages.v1b}`, { token: admin, body: { active: false } })).status).toBe(200);
    const refused = await open();
    expect(refused.status, JSON.stringify(refused.body)).toBe(409);
    expect(refused.body.error.code).toBe('DIVISION_INACTIVE');
    expect((await t.call('PATCH', `/api/villages/${t.org.villages.v1b}`, { token: admin, body: { active: true } })).status).toBe(200);
    expect((await t.call('PATCH', `/api/talk-rooms/${t.org.rooms.v1b}`, { token: admin, body: { active: true } })).body.active).toBe(true);
    expect((await open()).status).toBe(201);
  });

  it('lists every account of the county, disabled ones included, with where they work', async () => {
    const res = await t.call('GET', '/api/staff-accounts', { token: admin });
    expect(res.status).toBe(200);
    const op1 = res.body.items.find((s: { id: string }) => s.id === t.org.staff.operator1.id);
    expect(op1).toMatchObject({ username: 'operator1', role: 'VILLAGE_OPERATOR', villageId: t.org.villages.v1a, active: true });
    expect(res.body.items.some((s: { countyId: string }) => s.countyId !== t.org.countyId)).toBe(false);
    expect(res.body.items.some((s: { username: string; active: boolean }) => s.username === 'admin.two' && !s.active)).toBe(true);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCase, type CaseStatus, type HandlingLevel } from '@shuoshi/db';
import { mode, startApiTest, type ApiTest, type Reply } from './helpers';

/**
 * Who may do what: every action against every kind of caller, allowed and denied.
 * Each denial must be a 403 with its reason code (401 without a credential).
 */
const WHO = [
  'anonymous', 'admin', 'lawyer', 'lawyer2', 'mediator1', 'mediator2', 'operator1', 'operator1b', 'operator2', 'adminB', 'mediatorB', 'device', 'deviceOther', 'party', 'partyOther',
] as const;
type Who = (typeof WHO)[number];
/** A status, or a status and an error code. */
type Expect = number | [number, string];

interface World {
  caseX: string;
  sessionX: string;
  consultationQ: string;
  tokens: Record<Who, string | undefined>;
}
interface Action {
  name: string;
  /** Runs before each caller (e.g. a fresh case, so every allowed caller can succeed). */
  fresh?: (t: ApiTest, w: World) => Promise<Record<string, string>>;
  run: (t: ApiTest, token: string | undefined, w: World, f: Record<string, string>) => Promise<Reply>;
  expect: Record<Exclude<Who, 'anonymous'>, Expect>;
}

const R = 'ROLE_NOT_ALLOWED';
const RO = 'READ_ONLY_ROLE';
const OC = 'OUTSIDE_COUNTY';
const OT = 'OUTSIDE_TOWNSHIP';
const OV = 'OUTSIDE_VILLAGE';
const NI = 'NOT_INVITED';
const NYS = 'NOT_YOUR_SESSION';
const d = (code: string): Expect => [403, code];

/** Who may mediate a village-level case of 东坪村 with the lawyer invited to one of its sessions. */
const WORK_ON_CASE_X = (ok: number): Action['expect'] => ({
  admin: d(RO), lawyer: d(R), lawyer2: d(NI), mediator1: ok, mediator2: d(OT), operator1: ok, operator1b: d(OV), operator2: d(OV),
  adminB: d(OC), mediatorB: d(OC), device: d(R), deviceOther: d(R), party: d(R), partyOther: d(R),
});

async function freshCase(t: ApiTest, status: CaseStatus = 'ACCEPTED', level: HandlingLevel = 'VILLAGE') {
  const p = t.db.prisma;
  const c = await createCase(p, {
    villageId: t.org.villages.v1a, category: 'NEIGHBOUR', intakeChannel: 'WALK_IN', description: '排水沟堵塞', createdById: t.org.staff.operator1.id, handlingLevel: level,
    parties: [{ partyId: t.org.parties.p1, side: 'A' }, { partyId: t.org.parties.p2, side: 'B' }],
  });
  if (status !== 'ACCEPTED') await p.case.update({ where: { id: c.id }, data: { status } });
  // the lawyer is invited to one of its sessions: they may read it, not run it
  await p.session.create({ data: { kind: 'MEDIATION', caseId: c.id, roomId: `r-${c.id}`, hostId: t.org.staff.operator1.id, invites: { create: [{ staffId: t.org.staff.lawyer.id }, { partyId: t.org.parties.p1 }] } } });
  return c.id;
}

const ACTIONS: Action[] = [
  {
    name: 'list cases',
    run: (t, token) => t.call('GET', '/api/cases', { token }),
    expect: { admin: 200, lawyer: 200, lawyer2: 200, mediator1: 200, mediator2: 200, operator1: 200, operator1b: 200, operator2: 200, adminB: 200, mediatorB: 200, device: d(R), deviceOther: d(R), party: d(R), partyOther: d(R) },
  },
  {
    name: 'read a case',
    run: (t, token, w) => t.call('GET', `/api/cases/${w.caseX}`, { token }),
    expect: { admin: 200, lawyer: 200, lawyer2: d(NI), mediator1: 200, mediator2: d(OT), operator1: 200, operator1b: d(OV), operator2: d(OV), adminB: d(OC), mediatorB: d(OC), device: d(R), deviceOther: d(R), party: d(R), partyOther: d(R) },
  },
  {
    name: 'open a case in 东坪村',
    run: (t, token) =>
      t.call('POST', '/api/cases', { token, body: { villageId: t.org.villages.v1a, category: 'OTHER', intakeChannel: 'PHONE', description: '矩阵测试', parties: [{ partyId: t.org.parties.p1, side: 'A' }] } }),
    expect: { admin: d(RO), lawyer: d(R), lawyer2: d(R), mediator1: 201, mediator2: d(OT), operator1: 201, operator1b: d(OV), operator2: d(OV), adminB: d(RO), mediatorB: d(OC), device: d(R), deviceOther: d(R), party: d(R), partyOther: d(R) },
  },
  {
    name: 'move a case to IN_MEDIATION',
    fresh: async (t) => ({ caseId: await freshCase(t) }),
    run: (t, token, _w, f) => t.call('POST', `/api/cases/${f.caseId}/transitions`, { token, body: { to: 'IN_MEDIATION' } }),
    expect: WORK_ON_CASE_X(200),
  },
  {
    name: 'refer a case up to the township',
    fresh: async (t) => ({ caseId: await freshCase(t, 'IN_MEDIATION') }),
    run: (t, token, _w, f) => t.call('POST', `/api/cases/${f.caseId}/referrals`, { token, body: { toLevel: 'TOWNSHIP', reason: '村级调解未果' } }),
    expect: WORK_ON_CASE_X(201),
  },
  {
    name: 'record an outcome',
    fresh: async (t) => ({ caseId: await freshCase(t, 'IN_MEDIATION') }),
    run: (t, token, _w, f) => t.call('POST', `/api/cases/${f.caseId}/outcomes`, { token, body: { type: 'FAILED', reason: '一方拒绝调解' } }),
    expect: WORK_ON_CASE_X(201),
  },
  {
    name: 'schedule a mediation session',
    fresh: async (t) => ({ caseId: await freshCase(t, 'IN_MEDIATION') }),
    run: (t, token, _w, f) => t.call('POST', '/api/sessions', { token, body: { kind: 'MEDIATION', caseId: f.caseId, talkRoomIds: [t.org.rooms.v1a], partyIds: [t.org.parties.p1] } }),
    expect: WORK_ON_CASE_X(201),
  },
  {
    name: "work on a case escalated to the township (operator's rights end)",
    fresh: async (t) => ({ caseId: await freshCase(t, 'IN_MEDIATION', 'TOWNSHIP') }),
    run: (t, token, _w, f) => t.call('POST', `/api/cases/${f.caseId}/outcomes`, { token, body: { type: 'VERBAL_AGREEMENT', verbalContent: '和解' } }),
    expect: { ...WORK_ON_CASE_X(201), operator1: d('CASE_ESCALATED') },
  },
  {
    name: 'read a session',
    run: (t, token, w) => t.call('GET', `/api/sessions/${w.sessionX}`, { token }),
    expect: { admin: 200, lawyer: 200, lawyer2: d(NI), mediator1: 200, mediator2: d(OT), operator1: 200, operator1b: d(OV), operator2: d(OV), adminB: d(OC), mediatorB: d(OC), device: 200, deviceOther: d(NI), party: 200, partyOther: d(NYS) },
  },
  {
    name: 'get a live-room join token',
    run: (t, token, w) => t.call('POST', `/api/sessions/${w.sessionX}/join-token`, { token }),
    expect: { admin: d(NI), lawyer: 200, lawyer2: d(NI), mediator1: d(NI), mediator2: d(NI), operator1: 200, operator1b: d(NI), operator2: d(NI), adminB: d(OC), mediatorB: d(OC), device: 200, deviceOther: d(NI), party: 200, partyOther: d(NYS) },
  },
  {
    name: 'issue a party invite code',
    run: (t, token, w) => t.call('POST', `/api/sessions/${w.sessionX}/invite-codes`, { token, body: { partyId: t.org.parties.p1 } }),
    expect: { ...WORK_ON_CASE_X(201), device: d(R), deviceOther: d(R), party: d(R), partyOther: d(R) },
  },
  {
    name: 'register a party of 东坪村',
    run: (t, token) => t.call('POST', '/api/parties', { token, body: { name: '新当事人', villageId: t.org.villages.v1a } }),
    expect: { admin: d(RO), lawyer: d(R), lawyer2: d(R), mediator1: 201, mediator2: d(OT), operator1: 201, operator1b: d(OV), operator2: d(OV), adminB: d(RO), mediatorB: d(OC), device: d(R), deviceOther: d(R), party: d(R), partyOther: d(R) },
  },
  {
    name: 'look up a party by ID number',
    run: (t, token) => t.call('POST', '/api/parties/lookup', { token, body: { idNumber: '11010519491231002X' } }),
    expect: { admin: 200, lawyer: d(R), lawyer2: d(R), mediator1: 200, mediator2: [404, 'NOT_FOUND'], operator1: 200, operator1b: 200, operator2: [404, 'NOT_FOUND'], adminB: [404, 'NOT_FOUND'], mediatorB: [404, 'NOT_FOUND'], device: d(R), deviceOther: d(R), party: d(R), partyOther: d(R) },
  },
  {
    name: 'county statistics',
    run: (t, token) => t.call('GET', '/api/statistics', { token }),
    expect: { admin: 200, lawyer: d(R), lawyer2: d(R), mediator1: 200, mediator2: 200, operator1: d(R), operator1b: d(R), operator2: d(R), adminB: 200, mediatorB: 200, device: d(R), deviceOther: d(R), party: d(R), partyOther: d(R) },
  },
  {
    name: "another township's statistics",
    run: (t, token) => t.call('GET', '/api/statistics', { token, query: { townshipId: t.org.townships.t2 } }),
    expect: { admin: 200, lawyer: d(R), lawyer2: d(R), mediator1: d(OT), mediator2: 200, operator1: d(R), operator1b: d(R), operator2: d(R), adminB: d(OC), mediatorB: d(OC), device: d(R), deviceOther: d(R), party: d(R), partyOther: d(R) },
  },
  {
    name: 'read the audit log',
    run: (t, token) => t.call('GET', '/api/audit-logs', { token }),
    expect: { admin: 200, lawyer: d(R), lawyer2: d(R), mediator1: d(R), mediator2: d(R), operator1: d(R), operator1b: d(R), operator2: d(R), adminB: 200, mediatorB: d(R), device: d(R), deviceOther: d(R), party: d(R), partyOther: d(R) },
  },
  {
    name: "enrol a device for 东坪村's talk room",
    run: (t, token) => t.call('POST', `/api/talk-rooms/${t.org.rooms.v1a}/devices`, { token, body: { label: 'matrix' } }),
    expect: { admin: 201, lawyer: d(R), lawyer2: d(R), mediator1: d(R), mediator2: d(R), operator1: 201, operator1b: d(OV), operator2: d(OV), adminB: d(OC), mediatorB: d(OC), device: d(R), deviceOther: d(R), party: d(R), partyOther: d(R) },
  },
  {
    name: 'create a village in 青山镇 (county administration)',
    run: (t, token) => t.call('POST', '/api/villages', { token, body: { townshipId: t.org.townships.t1, name: `矩阵村${Math.random().toString(36).slice(2, 8)}` } }),
    expect: { admin: 201, lawyer: d(R), lawyer2: d(R), mediator1: d(R), mediator2: d(R), operator1: d(R), operator1b: d(R), operator2: d(R), adminB: d(OC), mediatorB: d(R), device: d(R), deviceOther: d(R), party: d(R), partyOther: d(R) },
  },
  {
    name: 'create a grid worker for 东坪村 (county administration)',
    run: (t, token) =>
      t.call('POST', '/api/staff', { token, body: { username: `m.${Math.random().toString(36).slice(2, 10)}`, displayName: '矩阵网格员', role: 'VILLAGE_OPERATOR', talkRoomId: t.org.rooms.v1a } }),
    expect: { admin: 201, lawyer: d(R), lawyer2: d(R), mediator1: d(R), mediator2: d(R), operator1: d(R), operator1b: d(R), operator2: d(R), adminB: d(OC), mediatorB: d(R), device: d(R), deviceOther: d(R), party: d(R), partyOther: d(R) },
  },
  {
    name: "reset 白水村 operator's password (county administration)",
    // a 白水村 grid worker of its own: a reset ends the target's sessions, and operator2 is a caller here
    fresh: async (t, w) => {
      const body = { username: `r.${Math.random().toString(36).slice(2, 10)}`, displayName: '白水村网格员', role: 'VILLAGE_OPERATOR', talkRoomId: t.org.rooms.v2a };
      const r = await t.call('POST', '/api/staff', { token: w.tokens.admin, body });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return { staffId: r.body.account.id as string };
    },
    run: (t, token, _w, f) => t.call('POST', `/api/staff/${f.staffId}/reset-password`, { token }),
    expect: { admin: 200, lawyer: d(R), lawyer2: d(R), mediator1: d(R), mediator2: d(R), operator1: d(R), operator1b: d(R), operator2: d(R), adminB: d(OC), mediatorB: d(R), device: d(R), deviceOther: d(R), party: d(R), partyOther: d(R) },
  },
  {
    name: 'read the organisation',
    run: (t, token) => t.call('GET', '/api/organisation', { token }),
    expect: { admin: 200, lawyer: 200, lawyer2: 200, mediator1: 200, mediator2: 200, operator1: 200, operator1b: 200, operator2: 200, adminB: 200, mediatorB: 200, device: 200, deviceOther: 200, party: d(R), partyOther: d(R) },
  },
  {
    name: 'list follow-ups',
    run: (t, token) => t.call('GET', '/api/follow-ups', { token }),
    expect: { admin: 200, lawyer: d(R), lawyer2: d(R), mediator1: 200, mediator2: 200, operator1: 200, operator1b: 200, operator2: 200, adminB: 200, mediatorB: 200, device: d(R), deviceOther: d(R), party: d(R), partyOther: d(R) },
  },
  {
    name: 'read a consultation taken by the lawyer',
    run: (t, token, w) => t.call('GET', `/api/consultations/${w.consultationQ}`, { token }),
    expect: { admin: 200, lawyer: 200, lawyer2: d(NI), mediator1: d(R), mediator2: d(R), operator1: 200, operator1b: d(OV), operator2: d(OV), adminB: d(OC), mediatorB: d(OC), device: 200, deviceOther: d(NI), party: d(R), partyOther: d(R) },
  },
  {
    name: 'answer a consultation taken by the lawyer',
    fresh: async (t) => {
      const q = await t.db.prisma.consultation.create({
        data: { countyId: t.org.countyId, talkRoomId: t.org.rooms.v1a, topic: 'CONTRACT_DEBT', question: '借款到期未还怎么办？', status: 'ACCEPTED', lawyerId: t.org.staff.lawyer.id, acceptedAt: new Date() },
      });
      return { id: q.id };
    },
    run: (t, token, _w, f) => t.call('POST', `/api/consultations/${f.id}/answer`, { token, body: { questionSummary: '借款纠纷', advice: '保留借条，先行调解', shouldBecomeCase: false } }),
    expect: { admin: d(RO), lawyer: 200, lawyer2: d('NOT_ASSIGNED'), mediator1: d(R), mediator2: d(R), operator1: d(R), operator1b: d(R), operator2: d(R), adminB: d(RO), mediatorB: d(R), device: d(R), deviceOther: d(R), party: d(R), partyOther: d(R) },
  },
];

describe(`role × action matrix (${mode})`, () => {
  let t: ApiTest;
  let w: World;
  beforeAll(async () => {
    t = await startApiTest();
    const tok = async (k: Parameters<ApiTest['token']>[0]) => t.token(k);
    const op1 = await tok('operator1');
    // a case of 东坪村 with a session: talk room, party 刘大山 and the lawyer invited
    const caseX = await freshCase(t);
    const s = await t.call('POST', '/api/sessions', { token: op1, body: { kind: 'MEDIATION', caseId: caseX, talkRoomIds: [t.org.rooms.v1a], partyIds: [t.org.parties.p1], staffIds: [t.org.staff.lawyer.id] } });
    expect(s.status, JSON.stringify(s.body)).toBe(201);
    const device = (await t.call('POST', `/api/talk-rooms/${t.org.rooms.v1a}/devices`, { token: op1, body: { label: '东坪村电视' } })).body.token;
    const deviceOther = (await t.call('POST', `/api/talk-rooms/${t.org.rooms.v2a}/devices`, { token: await tok('admin'), body: {} })).body.token;
    const partyToken = async (token: string, sessionId: string, partyId: string) => {
      const code = (await t.call('POST', `/api/sessions/${sessionId}/invite-codes`, { token, body: { partyId } })).body.code;
      return (await t.call('POST', '/api/auth/invite-code', { body: { sessionId, code } })).body.partyToken as string;
    };
    // another session (白水村) for the other party
    const op2 = await tok('operator2');
    const caseY = (await t.call('POST', '/api/cases', { token: op2, body: { category: 'NEIGHBOUR', intakeChannel: 'WALK_IN', description: '邻里纠纷', parties: [{ partyId: t.org.parties.p3, side: 'A' }] } })).body.id;
    const sY = (await t.call('POST', '/api/sessions', { token: op2, body: { kind: 'MEDIATION', caseId: caseY, partyIds: [t.org.parties.p3] } })).body.id;
    // a lawyer on duty, so the question waits in the live queue (else it becomes a call-back)
    await t.call('POST', '/api/duty', { token: await tok('lawyer2'), body: { onDuty: true } });
    const q = (await t.call('POST', '/api/consultations', { token: op1, body: { topic: 'LAND_HOMESTEAD', question: '宅基地确权怎么办？' } })).body.id;
    expect((await t.call('POST', `/api/consultations/${q}/take`, { token: await tok('lawyer'), body: {} })).status).toBe(200);
    const tokens = { anonymous: undefined, device, deviceOther, party: await partyToken(op1, s.body.id, t.org.parties.p1), partyOther: await partyToken(op2, sY, t.org.parties.p3) } as Record<Who, string | undefined>;
    for (const k of ['admin', 'lawyer', 'lawyer2', 'mediator1', 'mediator2', 'operator1', 'operator1b', 'operator2', 'adminB', 'mediatorB'] as const) tokens[k] = await tok(k);
    // a party with an ID number, for the look-up
    await t.call('POST', '/api/parties', { token: op1, body: { name: '周身份', idNumber: '11010519491231002X' } });
    w = { caseX, sessionX: s.body.id, consultationQ: q, tokens };
  });
  afterAll(async () => {
    await t?.close();
  });

  const rows = ACTIONS.flatMap((a) => WHO.map((who) => ({ a, who })));
  it.each(rows.map((r) => [r.a.name, r.who, r] as const))('%s as %s', async (_name, who, { a }) => {
    const f = a.fresh ? await a.fresh(t, w) : {};
    const res = await a.run(t, w.tokens[who], w, f);
    const want: Expect = who === 'anonymous' ? [401, 'AUTH_REQUIRED'] : a.expect[who];
    const [status, code] = Array.isArray(want) ? want : [want, undefined];
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    if (code) expect(res.body.error.code).toBe(code);
    if (status === 403) expect(res.body.error.message).toEqual(expect.any(String));
  });

  it('scopes the case list to what each role may see', async () => {
    const ids = async (who: Who) => (await t.call('GET', '/api/cases', { token: w.tokens[who], query: { pageSize: '100' } })).body.items.map((c: { id: string }) => c.id) as string[];
    const all = await ids('admin');
    expect(all).toContain(w.caseX);
    expect(await ids('operator1')).toContain(w.caseX);
    expect(await ids('mediator1')).toContain(w.caseX);
    expect(await ids('lawyer')).toContain(w.caseX);
    for (const who of ['operator1b', 'operator2', 'mediator2', 'lawyer2', 'adminB', 'mediatorB'] as const) expect(await ids(who)).not.toContain(w.caseX);
    expect(await ids('adminB')).toEqual([]);
    const byVillage = await t.db.prisma.case.count({ where: { villageId: t.org.villages.v1a } });
    expect((await ids('operator1')).length).toBe(byVillage);
  });

  it('audits every read of a case (actor, action, entity, case, ip, time)', async () => {
    await t.call('GET', `/api/cases/${w.caseX}`, { token: w.tokens.mediator1, ip: '10.1.2.3' });
    const row = await t.db.prisma.auditLog.findFirst({ where: { caseId: w.caseX, action: 'case.read', actorId: t.org.staff.mediator1.id }, orderBy: { id: 'desc' } });
    expect(row).toMatchObject({ actorType: 'STAFF', entityType: 'Case', entityId: w.caseX, ip: '10.1.2.3' });
    expect(row!.at).toBeInstanceOf(Date);
    const log = await t.call('GET', '/api/audit-logs', { token: w.tokens.admin, query: { caseId: w.caseX, action: 'case.read' } });
    expect(log.body.items[0]).toMatchObject({ actorId: t.org.staff.mediator1.id, ip: '10.1.2.3' });
    // denied reads are not served, hence not audited as reads
    const before = await t.db.prisma.auditLog.count({ where: { caseId: w.caseX, action: 'case.read' } });
    await t.call('GET', `/api/cases/${w.caseX}`, { token: w.tokens.operator2 });
    expect(await t.db.prisma.auditLog.count({ where: { caseId: w.caseX, action: 'case.read' } })).toBe(before);
  });
});

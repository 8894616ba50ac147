import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_CODE_WINDOW_HOURS } from '../../src/auth/invite-codes';
import { verifyRoomToken } from '../../src/auth/room-token';
import { AUTH_SECRET, mode, startApiTest, type ApiTest } from './helpers';

describe(`sessions, invite codes and join tokens (${mode})`, () => {
  let t: ApiTest;
  let op: string;
  let caseId: string;
  let sessionId: string;
  let roomId: string;
  beforeAll(async () => {
    t = await startApiTest();
    op = await t.token('operator1');
    caseId = (
      await t.call('POST', '/api/cases', {
        token: op,
        body: { category: 'MARRIAGE_FAMILY', intakeChannel: 'WALK_IN', description: '赡养费分摊', parties: [{ partyId: t.org.parties.p1, side: 'A' }, { partyId: t.org.parties.p2, side: 'B' }] },
      })
    ).body.id;
    const s = await t.call('POST', '/api/sessions', {
      token: op,
      body: { kind: 'MEDIATION', caseId, scheduledAt: new Date(Date.now() + 3600_000).toISOString(), talkRoomIds: [t.org.rooms.v1a, t.org.rooms.t1], partyIds: [t.org.parties.p1, t.org.parties.p2], staffIds: [t.org.staff.lawyer.id] },
    });
    expect(s.status, JSON.stringify(s.body)).toBe(201);
    sessionId = s.body.id;
    roomId = s.body.roomId;
  });
  afterAll(async () => {
    await t?.close();
  });

  const code = async (partyId: string, ttlMinutes?: number) => {
    const r = await t.call('POST', `/api/sessions/${sessionId}/invite-codes`, { token: op, body: { partyId, ...(ttlMinutes ? { ttlMinutes } : {}) } });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body as { id: string; code: string; expiresAt: string };
  };
  const exchange = (c: string, sid = sessionId, ip = '127.0.0.1') => t.call('POST', '/api/auth/invite-code', { body: { sessionId: sid, code: c }, ip });

  it('schedules a session with its invitees and a unique live room', async () => {
    const s = (await t.call('GET', `/api/sessions/${sessionId}`, { token: op })).body;
    expect(s).toMatchObject({ kind: 'MEDIATION', caseId, hostId: t.org.staff.operator1.id, startedAt: null });
    expect(s.roomId).toMatch(/^r-[0-9a-f-]{36}$/);
    expect(s.invites).toHaveLength(5);
    const file = (await t.call('GET', `/api/cases/${caseId}`, { token: op })).body;
    expect(file.sessions.map((x: { id: string }) => x.id)).toEqual([sessionId]);
    expect(file.timeline.map((e: { type: string }) => e.type)).toContain('SESSION_SCHEDULED');
  });

  it('exchanges a party invite code once for a session-scoped party token and a live-room join token', async () => {
    const c = await code(t.org.parties.p1);
    expect(c.code).toMatch(/^\d{6}$/);
    const scheduledAt = (await t.call('GET', `/api/sessions/${sessionId}`, { token: op })).body.scheduledAt as string;
    expect(Date.parse(c.expiresAt)).toBe(Date.parse(scheduledAt) + SESSION_CODE_WINDOW_HOURS * 3600_000);
    const stored = await t.db.prisma.inviteCode.findUniqueOrThrow({ where: { id: c.id } });
    expect(stored.codeHash).not.toContain(c.code);

    const r = await exchange(c.code);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ party: { id: t.org.parties.p1, name: '刘大山' }, session: { id: sessionId, roomId } });
    const claims = await verifyRoomToken(AUTH_SECRET, r.body.join.token);
    expect(claims).toEqual({ roomId, role: 'party', displayName: '刘大山', peerId: `party-${t.org.parties.p1}` });
    // a party waits in the lobby: no autoAdmit claim
    expect((await t.call('POST', `/api/sessions/${sessionId}/join-token`, { token: r.body.partyToken })).body.autoAdmit).toBe(false);

    const party = r.body.partyToken;
    expect((await t.call('GET', '/api/auth/me', { token: party })).body).toMatchObject({ kind: 'party', id: t.org.parties.p1, sessionId });
    expect((await t.call('GET', `/api/sessions/${sessionId}`, { token: party })).status).toBe(200);
    const mine = await t.call('GET', '/api/sessions', { token: party });
    expect(mine.body.items.map((x: { id: string }) => x.id)).toEqual([sessionId]);
    const join = await t.call('POST', `/api/sessions/${sessionId}/join-token`, { token: party });
    expect(join.body).toMatchObject({ roomId, role: 'party', peerId: `party-${t.org.parties.p1}` });
    // scoped to this session: nothing else
    expect((await t.call('GET', `/api/cases/${caseId}`, { token: party })).body.error.code).toBe('ROLE_NOT_ALLOWED');
    expect((await t.call('GET', '/api/organisation', { token: party })).body.error.code).toBe('ROLE_NOT_ALLOWED');

    const again = await exchange(c.code);
    expect(again.status).toBe(401);
    expect(again.body.error.code).toBe('INVITE_CODE_USED');
  });

  it('expires codes, and a new code replaces the earlier one', async () => {
    const c = await code(t.org.parties.p2, 5);
    t.clock.advance(5 * 60_000 + 1);
    expect((await exchange(c.code)).body.error.code).toBe('INVITE_CODE_EXPIRED');
    const c1 = await code(t.org.parties.p2);
    const c2 = await code(t.org.parties.p2);
    const replaced = await exchange(c1.code);
    expect(replaced.status).toBe(401);
    expect(['INVITE_CODE_EXPIRED', 'INVITE_CODE_INVALID']).toContain(replaced.body.error.code);
    expect((await exchange(c2.code)).status).toBe(200);
  });

  it('keeps a code issued today for a session tomorrow valid through the session, and no longer than a bounded window after its start', async () => {
    const start = new Date(t.clock.now.getTime() + 24 * 3600_000);
    const s = await t.call('POST', '/api/sessions', { token: op, body: { kind: 'MEDIATION', caseId, scheduledAt: start.toISOString(), partyIds: [t.org.parties.p1, t.org.parties.p2] } });
    expect(s.status, JSON.stringify(s.body)).toBe(201);
    const issue = async (partyId: string) => {
      const r = await t.call('POST', `/api/sessions/${s.body.id}/invite-codes`, { token: op, body: { partyId } });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.body as { code: string; expiresAt: string };
    };
    const c1 = await issue(t.org.parties.p1);
    const c2 = await issue(t.org.parties.p2);
    // valid until the end of the session's window, not one hour after issue
    expect(Date.parse(c1.expiresAt)).toBe(start.getTime() + SESSION_CODE_WINDOW_HOURS * 3600_000);
    t.clock.advance(24 * 3600_000 + 20 * 60_000); // 20 minutes into tomorrow's session
    expect((await exchange(c1.code, s.body.id)).status).toBe(200);
    t.clock.advance(SESSION_CODE_WINDOW_HOURS * 3600_000); // long after the session's window
    expect((await exchange(c2.code, s.body.id)).body.error.code).toBe('INVITE_CODE_EXPIRED');
  });

  it('locks the session codes after 5 wrong tries, and each address after 20', async () => {
    const c = await code(t.org.parties.p2);
    const wrong = c.code === '000000' ? '000001' : '000000';
    for (let i = 0; i < 5; i++) {
      const r = await exchange(wrong, sessionId, '10.9.9.1');
      expect(r.status).toBe(401);
      expect(r.body.error.code).toBe('INVITE_CODE_INVALID');
    }
    expect((await t.db.prisma.inviteCode.findUniqueOrThrow({ where: { id: c.id } })).attempts).toBe(5);
    const locked = await exchange(c.code, sessionId, '10.9.9.2');
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('INVITE_CODE_LOCKED');
    // staff issue a fresh code: it works
    expect((await exchange((await code(t.org.parties.p2)).code)).status).toBe(200);

    // an address guessing across sessions runs out of tries
    for (let i = 0; i < 20; i++) await exchange(wrong, '00000000-0000-7000-8000-000000000000', '10.9.9.3');
    const blocked = await exchange(wrong, sessionId, '10.9.9.3');
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe('TOO_MANY_ATTEMPTS');
  });

  it('refuses a code for another session, a party not invited, and a session that is over', async () => {
    const c = await code(t.org.parties.p1);
    const other = await t.call('POST', '/api/sessions', { token: op, body: { kind: 'MEDIATION', caseId, partyIds: [t.org.parties.p2] } });
    expect((await exchange(c.code, other.body.id)).body.error.code).toBe('INVITE_CODE_INVALID');
    const notInvited = await t.call('POST', `/api/sessions/${other.body.id}/invite-codes`, { token: op, body: { partyId: t.org.parties.p1 } });
    expect(notInvited.status).toBe(409);
    expect(notInvited.body.error.code).toBe('PARTY_NOT_INVITED');

    // a party token of the other session cannot join this one
    const otherCode = (await t.call('POST', `/api/sessions/${other.body.id}/invite-codes`, { token: op, body: { partyId: t.org.parties.p2 } })).body.code;
    const otherParty = (await exchange(otherCode, other.body.id)).body.partyToken;
    expect((await t.call('POST', `/api/sessions/${sessionId}/join-token`, { token: otherParty })).body.error.code).toBe('NOT_YOUR_SESSION');

    // over: no codes, no exchange, no join
    const late = (await t.call('POST', `/api/sessions/${other.body.id}/invite-codes`, { token: op, body: { partyId: t.org.parties.p2 } })).body.code as string;
    expect((await t.call('POST', `/api/sessions/${other.body.id}/start`, { token: op })).status).toBe(200);
    expect((await t.call('POST', `/api/sessions/${other.body.id}/end`, { token: op })).status).toBe(200);
    expect((await t.call('POST', `/api/sessions/${other.body.id}/join-token`, { token: otherParty })).body.error.code).toBe('SESSION_OVER');
    expect((await t.call('POST', `/api/sessions/${other.body.id}/invite-codes`, { token: op, body: { partyId: t.org.parties.p2 } })).body.error.code).toBe('SESSION_OVER');
    const afterEnd = await exchange(late, other.body.id);
    expect(afterEnd.status).toBe(409);
    expect(afterEnd.body.error.code).toBe('SESSION_OVER');
  });

  it('gives the host, invited staff and the invited talk room device join tokens with their live role and a stable peer id', async () => {
    const host = (await t.call('POST', `/api/sessions/${sessionId}/join-token`, { token: op })).body;
    expect(await verifyRoomToken(AUTH_SECRET, host.token)).toMatchObject({ roomId, role: 'operator', peerId: `staff-${t.org.staff.operator1.id}` });
    const again = (await t.call('POST', `/api/sessions/${sessionId}/join-token`, { token: op })).body;
    expect(again.peerId).toBe(host.peerId);
    expect(host.autoAdmit).toBe(true); // the session's own host never waits in the lobby
    const lawyer = (await t.call('POST', `/api/sessions/${sessionId}/join-token`, { token: await t.token('lawyer') })).body;
    expect(lawyer).toMatchObject({ role: 'lawyer', roomId, autoAdmit: true });
    // the invited lawyer skips the lobby: the claim is in the signed token, not just the reply
    expect(await verifyRoomToken(AUTH_SECRET, lawyer.token)).toMatchObject({ role: 'lawyer', autoAdmit: true });

    const enrolled = (await t.call('POST', `/api/talk-rooms/${t.org.rooms.t1}/devices`, { token: await t.token('admin'), body: { label: '调解室' } })).body;
    const dev = await t.call('POST', `/api/sessions/${sessionId}/join-token`, { token: enrolled.token });
    expect(dev.body).toMatchObject({ role: 'mediator', peerId: `device-${enrolled.device.id}`, roomId });
    // a talk-room device names its room for the host's lobby list
    const room = await t.db.prisma.talkRoom.findUniqueOrThrow({ where: { id: t.org.rooms.t1 } });
    expect(await verifyRoomToken(AUTH_SECRET, dev.body.token)).toMatchObject({ talkRoom: room.name });
    const mine = await t.call('GET', '/api/sessions', { token: enrolled.token });
    expect(mine.body.items.map((x: { id: string }) => x.id)).toContain(sessionId);
    const invites = await t.db.prisma.sessionInvite.findMany({ where: { sessionId, OR: [{ talkRoomId: t.org.rooms.t1 }, { staffId: t.org.staff.lawyer.id }] } });
    expect(invites.every((i) => i.joinedAt !== null)).toBe(true);
  });

  it('starts and ends a session once, in order', async () => {
    const s = (await t.call('POST', '/api/sessions', { token: op, body: { kind: 'MEDIATION', caseId } })).body;
    const go = (what: string) => t.call('POST', `/api/sessions/${s.id}/${what}`, { token: op });
    expect((await go('end')).body.error.code).toBe('SESSION_NOT_STARTED');
    const started = await go('start');
    expect(started.body.startedAt).toBe(t.clock.now.toISOString());
    expect((await go('start')).body.error.code).toBe('SESSION_ALREADY_STARTED');
    expect((await go('end')).status).toBe(200);
    expect((await go('end')).body.error.code).toBe('SESSION_OVER');
    expect((await go('start')).body.error.code).toBe('SESSION_OVER');
    const file = (await t.call('GET', `/api/cases/${caseId}`, { token: op })).body;
    expect(file.timeline.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(['SESSION_STARTED', 'SESSION_ENDED']));
  });

  it('runs a consultation: asked from a device, taken by a lawyer with a session, answered', async () => {
    const device = (await t.call('POST', `/api/talk-rooms/${t.org.rooms.v1b}/devices`, { token: await t.token('operator1b'), body: {} })).body.token;
    // a lawyer on duty, so the question waits in the live queue (else it becomes a call-back)
    expect((await t.call('POST', '/api/duty', { token: await t.token('lawyer'), body: { onDuty: true } })).status).toBe(200);
    const asked = await t.call('POST', '/api/consultations', { token: device, body: { topic: 'LABOUR_WAGES', question: '包工头拖欠工资怎么办？' } });
    expect(asked.status).toBe(201);
    expect(asked.body).toMatchObject({ status: 'QUEUED', talkRoomId: t.org.rooms.v1b, lawyerId: null });
    const lawyer = await t.token('lawyer');
    const queue = await t.call('GET', '/api/consultations', { token: lawyer, query: { status: 'QUEUED' } });
    expect(queue.body.items.map((q: { id: string }) => q.id)).toContain(asked.body.id);
    const s = await t.call('POST', '/api/sessions', { token: lawyer, body: { kind: 'CONSULTATION', consultationId: asked.body.id } });
    expect(s.status, JSON.stringify(s.body)).toBe(201);
    expect(s.body.invites.map((i: { talkRoomId: string | null }) => i.talkRoomId)).toEqual([t.org.rooms.v1b]);
    expect((await t.call('POST', `/api/sessions/${s.body.id}/join-token`, { token: device })).body.role).toBe('operator');
    const took = await t.call('GET', `/api/consultations/${asked.body.id}`, { token: lawyer });
    expect(took.body).toMatchObject({ status: 'ACCEPTED', lawyerId: t.org.staff.lawyer.id });
    expect((await t.call('POST', `/api/consultations/${asked.body.id}/take`, { token: lawyer, body: {} })).body.error.code).toBe('CONSULTATION_STATE');
    const answered = await t.call('POST', `/api/consultations/${asked.body.id}/answer`, { token: lawyer, body: { questionSummary: '欠薪', advice: '向劳动监察大队投诉', shouldBecomeCase: true } });
    expect(answered.body).toMatchObject({ status: 'ANSWERED', shouldBecomeCase: true });
    expect((await t.call('POST', `/api/consultations/${asked.body.id}/answer`, { token: lawyer, body: { questionSummary: 'x', advice: 'y', shouldBecomeCase: false } })).body.error.code).toBe('CONSULTATION_STATE');
  });
});

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CaseBrief } from '@shuoshi/protocol';
import { joinRoom, RoomSocket } from './support/room-socket';
import { mediationWithParty, startLiveWorld, type LiveWorld } from './support/live-world';
import { PASSWORD } from './api/fixture';
import { enrolDeviceByApi, type KioskFixture } from './support/kiosk';

/**
 * Issue #13 (what a mediator expects), from the attacker's side: the room's case brief
 * (`room:brief`) gives every admitted seat the case's number, kind and the parties'
 * names, sides and where they join from, and nothing private (no phone, ID number,
 * description, ids); the mediator's private notes (调解笔录 draft) are read and written
 * only by the case's handlers, every read audited.
 */
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

describe('the room brief and the mediator notes keep private things private', () => {
  let w: LiveWorld;
  const sockets: RoomSocket[] = [];
  const track = <T extends { socket: RoomSocket }>(j: T) => (sockets.push(j.socket), j);
  beforeAll(async () => {
    w = await startLiveWorld();
  });
  afterEach(() => {
    for (const s of sockets.splice(0)) s.close();
  });
  afterAll(async () => w?.server.stop());

  it('a party in the lobby gets no brief; once admitted, only names, sides, places and the start: never a phone, the description or an id', async () => {
    const m = await mediationWithParty(w);
    const stranger = new RoomSocket(w.server.url);
    sockets.push(stranger);
    await stranger.connected();
    expect(await stranger.request('room:brief')).toMatchObject({ ok: false, error: { code: 'NOT_JOINED' } });

    const host = track(await joinRoom(w.server.url, m.hostJoin.token));
    expect(host.ack).toMatchObject({ ok: true, admission: 'admitted' });
    const party = track(await joinRoom(w.server.url, m.party.join.token));
    expect(party.ack).toMatchObject({ ok: true, admission: 'waiting' });
    expect(await party.socket.request('room:brief')).toMatchObject({ ok: false, error: { code: 'NOT_ADMITTED' } });
    // forged input: a payload the request does not take
    expect(await party.socket.request('room:brief', { roomId: 'r-other', caseId: 'x' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });

    expect(await host.socket.request('host:admit', { peerId: m.party.join.peerId })).toMatchObject({ ok: true });
    const ack = await party.socket.request('room:brief');
    expect(ack.ok).toBe(true);
    const session = await w.server.db.prisma.session.findUniqueOrThrow({ where: { id: m.sessionId }, include: { case: true } });
    expect(ack.brief).toEqual({
      kind: 'MEDIATION',
      caseNumber: session.case!.caseNumber,
      category: 'MARRIAGE_FAMILY',
      parties: [
        { name: '刘大山', side: 'A', joinsFrom: { kind: 'phone' } },
        { name: '赵小河', side: 'B', joinsFrom: { kind: 'phone' } },
      ],
      startedAt: session.startedAt!.toISOString(),
      serverTime: expect.any(String),
    });
    // exactly the schema's fields, nothing a later edit could add by accident
    expect(Object.keys(ack.brief).sort()).toEqual(Object.keys(CaseBrief.properties).sort());
    const text = JSON.stringify(ack);
    for (const secret of ['13800000000', '赡养费分摊', m.sessionId, m.roomId]) expect(text).not.toContain(secret);
    expect(text).not.toMatch(UUID);
    // every read is audited with the reader's seat
    // (the audit row is written after the answer went: wait for it)
    await expect
      .poll(async () => (await w.server.db.prisma.auditLog.findMany({ where: { action: 'case.brief.read', entityId: m.roomId } })).map((r) => r.actorId))
      .toContain(m.party.join.peerId);
  });

  it('parties all invited both by phone and through their village talk room (the schedule defaults) join from either: the brief says both, not only the phone', async () => {
    const op = await w.token('operator1');
    const c = await w.rest('POST', '/api/cases', op, { category: 'NEIGHBOUR', intakeChannel: 'WALK_IN', description: '院墙滴水', parties: [{ partyId: w.org.parties.p1, side: 'A' }, { partyId: w.org.parties.p2, side: 'B' }] });
    expect(c.status, JSON.stringify(c.body)).toBe(201);
    // the schedule page's defaults: the village talk room, and a code for every party's phone
    const s = await w.rest('POST', '/api/sessions', op, { kind: 'MEDIATION', caseId: c.body.id, talkRoomIds: [w.org.rooms.v1a], partyIds: [w.org.parties.p1, w.org.parties.p2] });
    expect(s.status, JSON.stringify(s.body)).toBe(201);
    const hostJoin = await w.rest('POST', `/api/sessions/${s.body.id}/join-token`, op);
    const host = track(await joinRoom(w.server.url, hostJoin.body.token));
    expect(host.ack).toMatchObject({ ok: true, admission: 'admitted' });
    const ack = await host.socket.request('room:brief');
    const room = await w.server.db.prisma.talkRoom.findUniqueOrThrow({ where: { id: w.org.rooms.v1a } });
    expect(ack.brief.parties).toEqual([
      { name: '刘大山', side: 'A', joinsFrom: { kind: 'phoneOrTalkRoom', name: room.name } },
      { name: '赵小河', side: 'B', joinsFrom: { kind: 'phoneOrTalkRoom', name: room.name } },
    ]);
    // a code for only one of them says that one comes by phone (room-case.browser.test.ts: 在…参加 / 用手机参加)
  });

  it("only the case's handlers read and write the notes; parties, devices, the lawyer, the admin and other places are refused; huge or forged input is a 4xx", async () => {
    const m = await mediationWithParty(w);
    const notes = `/api/sessions/${m.sessionId}/notes`;
    const caseNotes = `/api/cases/${await caseIdOf(m.sessionId)}/notes`;
    const first = await w.rest('GET', notes, m.op);
    expect(first).toMatchObject({ status: 200, body: { sessionId: m.sessionId, text: '', version: 0, updatedAt: null } });
    const saved = await w.rest('PUT', notes, m.op, { text: '刘大山同意每月给付赡养费三百元，赵小河提出要分期。' });
    expect(saved).toMatchObject({ status: 200, body: { version: 1, text: '刘大山同意每月给付赡养费三百元，赵小河提出要分期。' } });

    const device = await enrolDeviceByApi(w.server.url, { operator: { id: w.org.staff.operator1.id, username: 'operator1', password: PASSWORD }, talkRoomId: w.org.rooms.v1a, talkRoomName: '东坪村说事拉理室' } as KioskFixture, '说事室电脑');
    const callers: Array<[string, string | undefined, number]> = [
      ['nobody', undefined, 401],
      ['the party (party token)', m.party.partyToken, 403],
      ["the talk room's device", device.token, 403],
      ['the invited-or-not lawyer', await w.token('lawyer'), 403],
      ['the county admin (read-only)', await w.token('admin'), 403],
      ['a grid worker of another village', await w.token('operator1b'), 403],
      ['a mediator of another township', await w.token('mediator2'), 403],
      ['a mediator of another county', await w.token('mediatorB'), 403],
    ];
    for (const [who, token, status] of callers) {
      for (const [method, url, body] of [['GET', notes, undefined], ['PUT', notes, { text: '改掉' }], ['GET', caseNotes, undefined]] as const) {
        const res = await w.rest(method, url, token, body);
        expect(res.status, `${who}: ${method} ${url}`).toBe(status);
        expect(res.body.error.code, who).toMatch(/^[A-Z_]+$/);
      }
    }
    // forged and huge input
    expect((await w.rest('GET', '/api/sessions/not-a-uuid/notes', m.op)).status).toBe(400);
    expect((await w.rest('GET', '/api/sessions/0190a1b2-0000-7000-8000-000000000000/notes', m.op)).status).toBe(404);
    expect((await w.rest('PUT', notes, m.op, { text: '长'.repeat(20_001) })).status).toBe(400);
    expect((await w.rest('PUT', notes, m.op, { text: 'x', sessionId: m.sessionId })).status).toBe(400);
    // concurrent saves: each is a whole text; the last one stands and every save counted
    const texts = Array.from({ length: 8 }, (_, i) => `第${i}稿`);
    const results = await Promise.all(texts.map((text) => w.rest('PUT', notes, m.op, { text })));
    expect(results.map((r) => r.status)).toEqual(texts.map(() => 200));
    const after = await w.rest('GET', notes, m.op);
    expect(after.body.version).toBe(1 + texts.length);
    expect(texts).toContain(after.body.text);
    expect(await w.server.db.prisma.mediationNote.count({ where: { sessionId: m.sessionId } })).toBe(1);
    // the case file lists them; reads are audited
    const file = await w.rest('GET', caseNotes, m.op);
    expect(file).toMatchObject({ status: 200, body: [{ sessionId: m.sessionId, text: after.body.text }] });
    const audit = await w.server.db.prisma.auditLog.findMany({ where: { action: { in: ['notes.read', 'notes.save'] }, actorId: w.org.staff.operator1.id } });
    expect(audit.filter((a) => a.action === 'notes.read').length).toBeGreaterThanOrEqual(3);
    expect(audit.filter((a) => a.action === 'notes.save').length).toBe(1 + texts.length);
  });

  const caseIdOf = async (sessionId: string) => (await w.server.db.prisma.session.findUniqueOrThrow({ where: { id: sessionId } })).caseId!;
});

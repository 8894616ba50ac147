import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { issueAccessToken } from '../src/auth/tokens';
import { staffPrincipal } from '../src/auth/staff-sign-in';
import { seedFixture, type Fixture } from './api/fixture';
import { PNG_1x1 } from './api/helpers';
import { startTestServer, type TestServer } from './support/test-server';
import { ensureWebBuilt } from './support/web-build';
import { Participant, eventually, launchChromium, mediaWindow } from './support/browser';
import { signalRequest } from './support/signal-request';

/**
 * The waiting room, session chat and shared documents in real Chromium with real
 * mediasoup, in the live room of a real mediation Session (so chat and documents are
 * kept with its case): a mediator hosts, a villager waits to be admitted, a lawyer
 * (auto-admitted) sits in another caucus group.
 */
type Name = 'mediator' | 'villager' | 'lawyer';
let server: TestServer;
let browser: Browser;
let fx: Fixture;
let roomId: string;
let sessionId: string;
let caseId: string;
const people = {} as Record<Name, Participant>;
const extra: Participant[] = [];
const id = (n: string) => `peer-${n}`;

const client = (p: Participant) =>
  p.run(() => {
    const c = globalThis.__shuoshi!.client!;
    return { state: c.state, reason: c.endReason, admission: c.admission, hostId: c.hostId, lobby: c.lobby, chat: c.chat, doc: c.shownDocument };
  });

/** Sends a protocol request from the page's own socket; resolves with the outcome. */
const send = signalRequest;

const open = async (name: string, role: 'mediator' | 'party' | 'lawyer', opts: { autoAdmit?: boolean; talkRoom?: string } = {}) =>
  Participant.open(browser, name, `${server.url}/room/${roomId}#token=${await server.token(roomId, role, name, id(name), opts)}`);

const api = async (method: string, path: string, token: string, body?: unknown, type = 'application/json') => {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': type }) },
    ...(body === undefined ? {} : { body: type === 'application/json' ? JSON.stringify(body) : (body as Buffer) }),
  });
  return { status: res.status, body: (await res.json()) as any };
};

const room = () => server.rooms.get(roomId)!;
/** Bytes `who` has received from `from` (audio + video frames). */
const heard = async (who: Participant, from: string) => {
  const s = await who.from(id(from));
  return s.audioBytes + s.videoFrames;
};

beforeAll(async () => {
  ensureWebBuilt();
  [server, browser] = await Promise.all([startTestServer(), launchChromium()]);
  fx = await seedFixture(server.db.prisma);
  const staff = (await issueAccessToken(server.config.authSecret, staffPrincipal(fx.staff.mediator1))).token;
  const created = await api('POST', '/api/cases', staff, {
    category: 'NEIGHBOUR',
    intakeChannel: 'WALK_IN',
    description: '宅基地边界',
    parties: [{ partyId: fx.parties.p1, side: 'A' }, { partyId: fx.parties.p2, side: 'B' }],
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  caseId = created.body.id;
  const s = await api('POST', '/api/sessions', staff, { kind: 'MEDIATION', caseId, partyIds: [fx.parties.p1] });
  expect(s.status, JSON.stringify(s.body)).toBe(201);
  sessionId = s.body.id;
  roomId = s.body.roomId;
}, 120_000);

afterAll(async () => {
  for (const p of [...Object.values(people), ...extra]) await p?.close();
  await browser?.close();
  await server?.stop();
});

describe('waiting room in real Chromium', () => {
  it('a villager who comes first waits with no host present, then is seen by the mediator and gets no media until admitted', async () => {
    people.villager = await open('villager', 'party', { autoAdmit: false, talkRoom: '东村说事室' });
    await people.villager.waitForState('joined');
    expect(await client(people.villager)).toMatchObject({ admission: 'waiting', hostId: null });
    // waiting: no media requests at all
    expect(await send(people.villager, 'createTransport', { direction: 'recv' })).toEqual({ ok: false, code: 'NOT_ADMITTED' });
    expect(await send(people.villager, 'chat:send', { text: '有人吗' })).toEqual({ ok: false, code: 'NOT_ADMITTED' });

    people.mediator = await open('mediator', 'mediator');
    await people.mediator.waitForState('joined');
    await eventually(async () => (await client(people.villager)).hostId === id('mediator'), 10_000, 'the villager to learn a host is here');
    const { lobby, admission } = await client(people.mediator);
    expect(admission).toBe('admitted');
    expect(lobby.map((w) => [w.peerId, w.role, w.talkRoom])).toEqual([[id('villager'), 'party', '东村说事室']]);

    // the mediator sends (a second of video leaves their page); nothing may reach the waiting villager
    await mediaWindow(async () => (await people.mediator.run(() => globalThis.__shuoshi!.client!.outboundStats())).reduce((n, s) => n + (Number(s.framesEncoded) || 0), 0), 30, "a second of the mediator's video sent");
    expect(await people.villager.inbound()).toEqual([]);
    expect(await heard(people.mediator, 'villager')).toBe(0);
    expect(room().peers.has(id('villager'))).toBe(false);
    expect(await people.mediator.peers()).toEqual([]);

    await people.mediator.run(() => globalThis.__shuoshi!.client!.admit('peer-villager'));
    await eventually(async () => (await client(people.villager)).admission === 'admitted', 10_000, 'the villager to be admitted');
    await eventually(async () => (await heard(people.villager, 'mediator')) > 0 && (await heard(people.mediator, 'villager')) > 0, 20_000, 'media both ways');
    expect((await client(people.mediator)).lobby).toEqual([]);
  }, 90_000);

  it('a declined person is told, leaves, and never receives media', async () => {
    const stranger = await open('stranger', 'party', { autoAdmit: false });
    extra.push(stranger);
    await stranger.waitForState('joined');
    await eventually(async () => (await client(people.mediator)).lobby.some((w) => w.peerId === id('stranger')), 10_000, 'the mediator to see the stranger');
    await people.mediator.run(() => globalThis.__shuoshi!.client!.decline('peer-stranger'));
    await eventually(async () => (await client(stranger)).state === 'left', 10_000, 'the stranger to leave');
    expect(await client(stranger)).toMatchObject({ state: 'left', reason: 'declined', admission: 'declined' });
    expect(await stranger.inbound()).toEqual([]);
    expect(room().lobby.size).toBe(0);
    expect(room().peers.has(id('stranger'))).toBe(false);
  }, 60_000);

  it('a locked room admits nobody new: no new lobby entrant, no admission of someone waiting', async () => {
    const early = await open('early', 'party', { autoAdmit: false });
    extra.push(early);
    await early.waitForState('joined');
    expect(await send(people.mediator, 'host:lock', { locked: true })).toEqual({ ok: true, code: undefined });
    const late = await open('late', 'party', { autoAdmit: false });
    extra.push(late);
    await late.waitForState('failed');
    expect((await client(late)).reason).toBe('ROOM_LOCKED');
    expect(await send(people.mediator, 'host:admit', { peerId: id('early') })).toEqual({ ok: false, code: 'ROOM_LOCKED' });
    expect((await client(early)).admission).toBe('waiting');
    expect(await send(people.mediator, 'host:lock', { locked: false })).toEqual({ ok: true, code: undefined });
    await early.run(() => globalThis.__shuoshi!.client!.leave());
    await eventually(async () => (await client(people.mediator)).lobby.length === 0, 10_000, 'the lobby to empty');
  }, 60_000);

  it('remove to the lobby closes their media and puts them back waiting; admitted again, media comes back', async () => {
    await people.mediator.run(() => globalThis.__shuoshi!.client!.removeParticipant('peer-villager', 'lobby'));
    await eventually(async () => (await client(people.villager)).admission === 'waiting', 10_000, 'the villager to wait again');
    await eventually(async () => !(await people.mediator.peers()).some((p) => p.peerId === id('villager')), 10_000, 'the mediator to see the villager go');
    expect((await client(people.mediator)).lobby.map((w) => w.peerId)).toEqual([id('villager')]);
    expect(await people.villager.inbound()).toEqual([]); // its receive transport is gone
    const seat = room().lobby.get(id('villager'))!;
    expect([seat.transports.size, seat.producers.size, seat.consumers.size]).toEqual([0, 0, 0]);
    expect([...room().peers.values()].flatMap((p) => [...p.consumers.values()]).filter((c) => c.fromPeerId === id('villager'))).toEqual([]);

    await people.mediator.run(() => globalThis.__shuoshi!.client!.admitAll());
    await eventually(async () => (await client(people.villager)).admission === 'admitted', 10_000, 'the villager to be admitted again');
    const before = await heard(people.mediator, 'villager');
    await eventually(async () => (await heard(people.villager, 'mediator')) > 0 && (await heard(people.mediator, 'villager')) > before, 20_000, 'media both ways again');
  }, 90_000);
});

describe('session chat and shared documents by caucus group', () => {
  let documentId: string;
  beforeAll(async () => {
    people.lawyer = await open('lawyer', 'lawyer'); // auto-admitted
    await people.lawyer.waitForState('joined');
    expect((await client(people.lawyer)).admission).toBe('admitted');
    expect(await send(people.mediator, 'host:caucus:set', { groups: [{ label: 'B', peerIds: [id('lawyer')] }] })).toEqual({ ok: true, code: undefined });
    const staff = (await issueAccessToken(server.config.authSecret, staffPrincipal(fx.staff.mediator1))).token;
    const up = await api('POST', `/api/sessions/${sessionId}/documents?name=${encodeURIComponent('现场照片.png')}`, staff, Buffer.from(PNG_1x1, 'base64'), 'image/png');
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    documentId = up.body.id;
  }, 60_000);

  it('chat reaches only the same group, is kept with the session, and history follows the group', async () => {
    const said = await people.mediator.run(() => globalThis.__shuoshi!.client!.sendChat('请双方先说说边界在哪里'));
    await eventually(async () => (await client(people.villager)).chat.some((m) => m.messageId === said.messageId), 10_000, 'the villager to read it');
    await people.lawyer.run(() => globalThis.__shuoshi!.client!.sendChat('我在B组'));
    // a round trip on the villager's own socket: whatever the server sent it before has arrived
    await people.villager.run(() => globalThis.__shuoshi!.client!.loadChat());
    expect((await client(people.lawyer)).chat.map((m) => m.text)).toEqual(['我在B组']);
    expect((await client(people.villager)).chat.map((m) => m.text)).toEqual(['请双方先说说边界在哪里']);
    expect((await people.lawyer.run(() => globalThis.__shuoshi!.client!.loadChat())).map((m) => m.text)).toEqual(['我在B组']);
    const rows = async () => server.db.prisma.sessionChatMessage.findMany({ where: { sessionId }, orderBy: { at: 'asc' } });
    await eventually(async () => (await rows()).length === 2, 20_000, 'the chat rows', rows);
    expect((await rows()).map((r) => [r.peerId, r.groupId, r.text])).toEqual([
      [id('mediator'), null, '请双方先说说边界在哪里'],
      [id('lawyer'), server.rooms.get(roomId)!.caucus.group(id('lawyer')), '我在B组'],
    ]);
    expect(await send(people.villager, 'chat:send', { text: 'x'.repeat(2001) })).toEqual({ ok: false, code: 'BAD_REQUEST' });
  }, 60_000);

  it("a shown document reaches the host's group, who can download it; another group gets nothing", async () => {
    expect(await send(people.villager, 'doc:show', { documentId })).toEqual({ ok: false, code: 'FORBIDDEN' });
    expect(await send(people.mediator, 'doc:show', { documentId: '00000000-0000-4000-8000-000000000000' })).toEqual({ ok: false, code: 'DOCUMENT_NOT_FOUND' });
    await people.mediator.runWith((docId) => globalThis.__shuoshi!.client!.showDocument(docId), documentId);
    await eventually(async () => (await client(people.villager)).doc?.documentId === documentId, 10_000, 'the villager to see the document');
    const shown = (await client(people.villager)).doc!;
    expect(shown).toMatchObject({ name: '现场照片.png', mime: 'image/png', byPeerId: id('mediator'), groupId: null });
    // the villager downloads with the address it was given (no account)
    const got = await people.villager.runWith(async (url) => {
      const res = await fetch(url);
      return { status: res.status, type: res.headers.get('content-type'), size: (await res.arrayBuffer()).byteLength };
    }, shown.url);
    expect(got).toEqual({ status: 200, type: 'image/png', size: Buffer.from(PNG_1x1, 'base64').length });
    // two reads, each audited: the room page's document viewer shows it (an <img> of the url), and this fetch
    const reads = () => server.db.prisma.auditLog.count({ where: { action: 'document.read', entityId: documentId, actorId: id('villager'), caseId } });
    await eventually(async () => (await reads()) === 2, 20_000, 'both reads audited', reads);
    await people.lawyer.run(() => globalThis.__shuoshi!.client!.loadChat()); // a round trip: anything sent to the lawyer before has arrived
    expect((await client(people.lawyer)).doc).toBeNull();
    // another peer's address does not work for a different document, and a made-up one is refused and audited
    const forged = await fetch(`${server.url}/api/documents/${documentId}/content?access=${shown.url.split('access=')[1]!.replace(/^eyJ/, 'eyK')}`);
    expect(forged.status).toBe(403);
    expect(await server.db.prisma.auditLog.count({ where: { action: 'document.read.denied', entityId: documentId } })).toBe(1);

    await people.mediator.run(() => globalThis.__shuoshi!.client!.hideDocument());
    await eventually(async () => (await client(people.villager)).doc === null, 10_000, 'the document to be taken down');
  }, 60_000);
});

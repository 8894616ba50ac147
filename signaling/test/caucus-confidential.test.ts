import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import { startTestServer, type TestServer } from './support/test-server';
import { seedEvidenceFixture, type EvidenceFixture } from './recording/fixture';

/**
 * What is said in a caucus stays in it (issue #12, items 2, 18, 21), from the attacker's
 * side: real server, plain socket.io clients, a room that belongs to a Session.
 */
interface Ack {
  ok: boolean;
  error?: { code: string; message: string };
  [k: string]: unknown;
}
interface Seat {
  socket: Socket;
  peerId: string;
  joined: Ack;
  ask(event: string, payload?: unknown): Promise<Ack>;
  /** Every notification of this name so far. */
  heard(name: string): unknown[];
}

let server: TestServer;
let fx: EvidenceFixture;
const sockets: Socket[] = [];

async function seat(roomId: string, role: 'mediator' | 'party', name: string, peerId: string): Promise<Seat> {
  const socket = io(server.url, { transports: ['websocket'], forceNew: true });
  sockets.push(socket);
  const events: Array<{ name: string; payload: unknown }> = [];
  socket.onAny((name: string, payload: unknown) => events.push({ name, payload }));
  await new Promise((r) => socket.on('connect', () => r(undefined)));
  const ask = (event: string, payload: unknown = {}) => socket.timeout(10_000).emitWithAck(event, payload) as Promise<Ack>;
  const joined = await ask('join', { token: await server.token(roomId, role, name, peerId) });
  expect(joined, JSON.stringify(joined)).toMatchObject({ ok: true, admission: 'admitted' });
  return { socket, peerId, joined, ask, heard: (n) => events.filter((e) => e.name === n).map((e) => e.payload) };
}

/** Waits until `check` holds (events arrive asynchronously); a hang guard, not a budget. */
async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const texts = (messages: unknown) => (messages as Array<{ text: string }>).map((m) => m.text);

beforeAll(async () => {
  server = await startTestServer();
  fx = await seedEvidenceFixture(server.db.prisma);
}, 60_000);

afterAll(async () => {
  for (const s of sockets) s.close();
  await server?.stop();
});

async function addDocument(name: string): Promise<string> {
  const id = randomUUID();
  await server.db.prisma.caseDocument.create({
    data: { id, caseId: fx.caseId, sessionId: fx.sessionId, name, mime: 'image/png', sizeBytes: 1, sha256: '0'.repeat(64), path: `${fx.caseId}/documents/${id}`, uploaderType: 'STAFF', uploaderId: fx.staff.mediator.id },
  });
  return id;
}

describe('caucus groups are server-made instances', () => {
  it('round 2 in a group of the same name reads nothing of round 1: not its chat, not its document', async () => {
    const med = await seat(fx.roomId, 'mediator', '调解员', `staff-${fx.staff.mediator.id}`);
    const a = await seat(fx.roomId, 'party', '刘大山', `party-${fx.parties.a.id}`);
    const b = await seat(fx.roomId, 'party', '赵小河', `party-${fx.parties.b.id}`);
    const doc = await addDocument('刘家收入证明.png');

    // round 1: the mediator meets A in 私下
    const r1 = await med.ask('host:caucus:set', { groups: [{ label: '私下', peerIds: [med.peerId, a.peerId] }] });
    expect(r1, JSON.stringify(r1)).toMatchObject({ ok: true });
    const g1 = (r1.groups as Array<{ groupId: string; label: string }>)[0]!;
    expect(g1.label).toBe('私下');
    expect(g1.groupId).not.toBe('私下');
    expect(await a.ask('chat:send', { text: '我最多只能赔五千' })).toMatchObject({ ok: true });
    expect(await med.ask('doc:show', { documentId: doc })).toMatchObject({ ok: true });
    await until(() => a.heard('docShown').length === 1, 'A to see the document');
    expect(await med.ask('host:caucus:set', { groups: [] })).toMatchObject({ ok: true });

    // round 2: B is put in 私下
    const r2 = await med.ask('host:caucus:set', { groups: [{ label: '私下', peerIds: [med.peerId, b.peerId] }] });
    const g2 = (r2.groups as Array<{ groupId: string; label: string }>)[0]!;
    expect(g2.label).toBe('私下');
    expect(g2.groupId).not.toBe(g1.groupId);
    const history = await b.ask('chat:history', {});
    expect(texts(history.messages)).not.toContain('我最多只能赔五千');
    expect(history.messages).toEqual([]);
    // B reloads: the join answer holds nothing of round 1 either
    b.socket.close();
    const b2 = await seat(fx.roomId, 'party', '赵小河', b.peerId);
    expect(b2.joined.chat).toEqual([]);
    expect(b2.joined.shownDocument).toBeNull();
    expect(b.heard('docShown')).toEqual([]);
    expect(b2.heard('docShown')).toEqual([]);
    // the mediator, who was in both, reads only round 2's now
    expect(texts((await med.ask('chat:history', {})).messages)).toEqual([]);
    // an old group id cannot be brought back
    expect(await med.ask('host:move', { peerId: b.peerId, groupId: g1.groupId })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await med.ask('host:caucus:set', { groups: [{ groupId: g1.groupId, label: '私下', peerIds: [b.peerId] }] })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    // who it was shown to is on record: A (a party: REST access follows it) and the mediator, not B
    const shownTo = async () => (await server.db.prisma.documentShowing.findMany({ where: { documentId: doc } })).map((r) => [r.peerId, r.partyId, r.groupId]);
    for (let i = 0; i < 200 && (await shownTo()).length < 2; i++) await new Promise((r) => setTimeout(r, 25));
    expect((await shownTo()).sort()).toEqual(
      [
        [a.peerId, fx.parties.a.id, g1.groupId],
        [med.peerId, null, g1.groupId],
      ].sort(),
    );
    await med.ask('host:caucus:set', { groups: [] });
    for (const s of [med, a, b2]) s.socket.close();
  });

  it('a newcomer to a live group reads only what was said (and shown) after they came in', async () => {
    const room = `${fx.roomId}-newcomer`;
    const med = await seat(room, 'mediator', '调解员', 'm-1');
    const a = await seat(room, 'party', '甲', 'p-a');
    const b = await seat(room, 'party', '乙', 'p-b');
    const r = await med.ask('host:caucus:set', { groups: [{ label: '甲方', peerIds: [med.peerId, a.peerId] }] });
    const groupId = (r.groups as Array<{ groupId: string }>)[0]!.groupId;
    await a.ask('chat:send', { text: '底线是三万' });
    // B is moved in: they hear from now on, and nothing earlier
    const moved = await med.ask('host:move', { peerId: b.peerId, groupId });
    expect(moved, JSON.stringify(moved)).toMatchObject({ ok: true });
    expect(texts((await b.ask('chat:history', {})).messages)).toEqual([]);
    await b.ask('chat:send', { text: '我听说了' });
    expect(texts((await a.ask('chat:history', {})).messages)).toEqual(['底线是三万', '我听说了']);
    expect(texts((await b.ask('chat:history', {})).messages)).toEqual(['我听说了']);
    b.socket.close();
    const again = await seat(room, 'party', '乙', b.peerId);
    expect(texts(again.joined.chat)).toEqual(['我听说了']);
    // a new group by label via host:move
    const solo = await med.ask('host:move', { peerId: again.peerId, label: '乙方' });
    expect(solo, JSON.stringify(solo)).toMatchObject({ ok: true });
    expect((solo.groups as Array<{ label: string; peerIds: string[] }>).find((g) => g.label === '乙方')?.peerIds).toEqual([again.peerId]);
    for (const s of [med, a, again]) s.socket.close();
  });

  it('host:caucus:set refuses a peer id that is not in the room (NOT_FOUND) and changes nothing', async () => {
    const room = `${fx.roomId}-unknown`;
    const med = await seat(room, 'mediator', '调解员', 'm-1');
    const a = await seat(room, 'party', '甲', 'p-a');
    const res = await med.ask('host:caucus:set', { groups: [{ label: 'A', peerIds: [a.peerId, 'no-such-peer'] }] });
    expect(res).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(server.rooms.get(room)!.caucus.groups()).toEqual([]);
    for (const s of [med, a]) s.socket.close();
  });
});

describe('chat paging', () => {
  it('a join carries the last 50 messages; chat:history pages back with a cursor; each read is audited', async () => {
    const room = fx.roomId; // a Session's room: the audit rows name its case
    const med = await seat(room, 'mediator', '调解员', `staff-${fx.staff.mediator.id}`);
    const b = await seat(room, 'party', '赵小河', `party-${fx.parties.b.id}`);
    // two senders, 60 each: within one socket's burst of requests
    for (let i = 1; i <= 120; i++) {
      const sent = await (i % 2 ? med : b).ask('chat:send', { text: `第${i}条` });
      expect(sent, JSON.stringify(sent)).toMatchObject({ ok: true });
    }
    const late = await seat(room, 'party', '刘大山', `party-${fx.parties.a.id}`);
    const firstPage = late.joined.chat as Array<{ messageId: string; text: string }>;
    expect(firstPage).toHaveLength(50);
    expect(firstPage.at(-1)!.text).toBe('第120条');
    expect(firstPage[0]!.text).toBe('第71条');
    const page2 = await late.ask('chat:history', { before: firstPage[0]!.messageId });
    expect(page2, JSON.stringify(page2)).toMatchObject({ ok: true, more: true });
    expect(texts(page2.messages)).toEqual(Array.from({ length: 50 }, (_, i) => `第${i + 21}条`));
    const page3 = await late.ask('chat:history', { before: (page2.messages as Array<{ messageId: string }>)[0]!.messageId, limit: 100 });
    expect(page3).toMatchObject({ ok: true, more: false });
    expect(texts(page3.messages)).toEqual(Array.from({ length: 20 }, (_, i) => `第${i + 1}条`));
    expect(await late.ask('chat:history', { before: 'm-no-such-message' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await late.ask('chat:history', { limit: 1000 })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    const reads = async () =>
      server.db.prisma.auditLog.findMany({ where: { action: 'chat.read', entityId: room, actorId: late.peerId }, orderBy: { id: 'asc' } });
    let rows = await reads();
    for (let i = 0; i < 200 && rows.length < 2; i++) rows = await new Promise((r) => setTimeout(r, 25)).then(reads);
    expect(rows.map((r) => ({ actorType: r.actorType, caseId: r.caseId, count: (r.details as { count: number }).count }))).toEqual([
      { actorType: 'PARTY', caseId: fx.caseId, count: 50 },
      { actorType: 'PARTY', caseId: fx.caseId, count: 20 },
    ]);
    for (const s of [med, b, late]) s.socket.close();
  });
});

describe('consent answers', () => {
  it('the same answer sent seven times at once is one ledger row and one audit row; every ack is ok', async () => {
    const med = await seat(fx.roomId, 'mediator', '调解员', `staff-${fx.staff.mediator.id}`);
    const a = await seat(fx.roomId, 'party', '刘大山', `party-${fx.parties.a.id}`);
    expect(await med.ask('recording:start', {})).toMatchObject({ ok: true, state: 'awaiting-consent' });
    await until(() => a.heard('consentRequested').length === 1, 'the party to be asked');
    const acks = await Promise.all(Array.from({ length: 7 }, () => a.ask('consent:give', { decision: 'agree' })));
    for (const ack of acks) expect(ack).toMatchObject({ ok: true, agreed: [a.peerId] });
    const ledger = await server.db.prisma.consentRecord.findMany({ where: { sessionId: fx.sessionId, partyId: fx.parties.a.id } });
    expect(ledger.map((r) => r.decision)).toEqual(['AGREE']);
    const audited = async () => server.db.prisma.auditLog.count({ where: { action: 'room.consent.agree', actorId: a.peerId } });
    for (let i = 0; i < 40 && (await audited()) < 1; i++) await new Promise((r) => setTimeout(r, 25));
    await new Promise((r) => setTimeout(r, 200)); // any further (wrong) audit write would have landed by now
    expect(await audited()).toBe(1);
    expect(await med.ask('recording:stop', {})).toMatchObject({ ok: true });
    for (const s of [med, a]) s.socket.close();
  });
});

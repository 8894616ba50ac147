import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { docGrantUrl } from '../../src/documents/access';
import { prismaRoomDocuments } from '../../src/documents/service';
import { prismaDocShowings } from '../../src/documents/showings';
import { issuePartyToken } from '../../src/auth/tokens';
import { RoomChat } from '../../src/rooms/chat';
import { prismaChatStore } from '../../src/rooms/chat-store';
import { AUTH_SECRET, PNG_1x1, mode, startApiTest, type ApiTest } from './helpers';

/** Shared documents (upload, list, download by role or by a live-room grant, all audited) and the kept session chat. */
describe(`case-file documents and session chat (${mode})`, () => {
  let t: ApiTest;
  let mediator: string;
  let caseId: string;
  let sessionId: string;
  let roomId: string;
  const png = Buffer.from(PNG_1x1, 'base64');
  const upload = (token: string, bytes: Buffer, type: string, name = '借条.png') =>
    t.app.inject({ method: 'POST', url: `/api/sessions/${sessionId}/documents`, query: { name }, headers: { authorization: `Bearer ${token}`, 'content-type': type }, payload: bytes });

  beforeAll(async () => {
    t = await startApiTest();
    mediator = await t.token('mediator1');
    caseId = (
      await t.call('POST', '/api/cases', {
        token: mediator,
        body: { category: 'CONTRACT_DEBT', intakeChannel: 'WALK_IN', description: '借款纠纷', parties: [{ partyId: t.org.parties.p1, side: 'A' }, { partyId: t.org.parties.p2, side: 'B' }] },
      })
    ).body.id;
    expect(caseId).toBeTruthy();
    const s = await t.call('POST', '/api/sessions', { token: mediator, body: { kind: 'MEDIATION', caseId, partyIds: [t.org.parties.p1], staffIds: [t.org.staff.lawyer.id] } });
    expect(s.status, JSON.stringify(s.body)).toBe(201);
    sessionId = s.body.id;
    roomId = s.body.roomId;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('keeps an uploaded document in the case file with its SHA-256, and audits the upload', async () => {
    const r = await upload(mediator, png, 'image/png');
    expect(r.statusCode, r.body).toBe(201);
    const doc = r.json();
    expect(doc).toMatchObject({ caseId, sessionId, name: '借条.png', mime: 'image/png', sizeBytes: png.length });
    expect(doc.sha256).toMatch(/^[0-9a-f]{64}$/);
    const row = await t.db.prisma.caseDocument.findUniqueOrThrow({ where: { id: doc.id } });
    expect(row.path).toBe(`${caseId}/documents/${doc.id}`);
    expect(await t.db.prisma.auditLog.count({ where: { action: 'document.upload', entityId: doc.id, caseId } })).toBe(1);
    const list = await t.call('GET', `/api/sessions/${sessionId}/documents`, { token: await t.token('lawyer') });
    expect(list.body.map((d: { id: string }) => d.id)).toEqual([doc.id]);
    // the live room finds it through the session's room
    expect(await prismaRoomDocuments(t.db.prisma).find(roomId, doc.id)).toEqual({ documentId: doc.id, name: '借条.png', mime: 'image/png' });
    expect(await prismaRoomDocuments(t.db.prisma).find('r-other', doc.id)).toBeNull();
  });

  it('refuses bytes that are not what their type says, other types, and parties', async () => {
    expect((await upload(mediator, Buffer.from('not a pdf'), 'application/pdf')).json().error.code).toBe('INVALID_DOCUMENT');
    expect((await upload(mediator, png, 'text/plain')).statusCode).toBe(415);
    expect((await upload(mediator, Buffer.alloc(10 * 1024 * 1024 + 1, 0x25), 'application/pdf')).statusCode).toBe(413);
    expect((await upload(await t.token('mediatorB'), png, 'image/png')).statusCode).toBe(403);
  });

  it('downloads by role (an invited lawyer) or by a live-room grant; refusals are 403 and audited', async () => {
    const doc = (await upload(mediator, png, 'image/png', 'photo.png')).json();
    const byLawyer = await t.app.inject({ method: 'GET', url: `/api/documents/${doc.id}/content`, headers: { authorization: `Bearer ${await t.token('lawyer')}` } });
    expect(byLawyer.statusCode).toBe(200);
    expect(byLawyer.headers['content-type']).toBe('image/png');
    expect(byLawyer.rawPayload.equals(png)).toBe(true);

    const outsider = await t.app.inject({ method: 'GET', url: `/api/documents/${doc.id}/content`, headers: { authorization: `Bearer ${await t.token('mediator2')}` } });
    expect(outsider.statusCode).toBe(403);
    const denied = await t.db.prisma.auditLog.findFirst({ where: { action: 'document.read.denied', entityId: doc.id, actorId: t.org.staff.mediator2.id } });
    expect(denied?.caseId).toBe(caseId);

    const url = docGrantUrl(AUTH_SECRET, doc.id, { roomId, peerId: 'party-x', role: 'party' });
    const byGrant = await t.app.inject({ method: 'GET', url });
    expect(byGrant.statusCode).toBe(200);
    expect(await t.db.prisma.auditLog.count({ where: { action: 'document.read', entityId: doc.id, actorId: 'party-x', actorType: 'PARTY' } })).toBe(1);
    // a grant from another room, or a forged one, does not open it
    const wrongRoom = await t.app.inject({ method: 'GET', url: docGrantUrl(AUTH_SECRET, doc.id, { roomId: 'r-elsewhere', peerId: 'p', role: 'party' }) });
    expect(wrongRoom.statusCode).toBe(403);
    const forged = await t.app.inject({ method: 'GET', url: docGrantUrl('another-secret-another-secret-0000', doc.id, { roomId, peerId: 'p', role: 'party' }) });
    expect(forged.statusCode).toBe(403);
    // a grant for another document does not open this one
    const other = await t.app.inject({ method: 'GET', url: docGrantUrl(AUTH_SECRET, doc.id, { roomId, peerId: 'p', role: 'party' }).replace(doc.id, (await upload(mediator, png, 'image/png')).json().id) });
    expect(other.statusCode).toBe(403);
    expect(await t.db.prisma.auditLog.count({ where: { action: 'document.read.denied', entityId: doc.id } })).toBe(3);
    // shown in a later session of the same case: that room's grant opens it
    const later = (await t.call('POST', '/api/sessions', { token: mediator, body: { kind: 'MEDIATION', caseId } })).body;
    expect((await t.app.inject({ method: 'GET', url: docGrantUrl(AUTH_SECRET, doc.id, { roomId: later.roomId, peerId: 'p2', role: 'party' }) })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: `/api/documents/${doc.id}/content` })).statusCode).toBe(401);
  });

  it('a party reads over REST only the documents shown to them in the live room (not the other caucus group\'s); staff unchanged', async () => {
    const s = await t.call('POST', '/api/sessions', { token: mediator, body: { kind: 'MEDIATION', caseId, partyIds: [t.org.parties.p1, t.org.parties.p2] } });
    expect(s.status, JSON.stringify(s.body)).toBe(201);
    const partyToken = async (partyId: string) => (await issuePartyToken(AUTH_SECRET, { kind: 'party', id: partyId, sessionId: s.body.id, name: 'x' })).token;
    const [tokenA, tokenB] = [await partyToken(t.org.parties.p1), await partyToken(t.org.parties.p2)];
    const mine = (await upload(mediator, png, 'image/png', '甲方收入证明.png')).json();
    const plenary = (await upload(mediator, png, 'image/png', '现场照片.png')).json();
    // the room (of the session uploaded to) shows `mine` to A's caucus group only, `plenary` to both
    const showings = prismaDocShowings(t.db.prisma);
    await showings.record(roomId, mine.id, { peerId: `party-${t.org.parties.p1}`, role: 'party' }, 'g-a');
    for (const p of [t.org.parties.p1, t.org.parties.p2]) await showings.record(roomId, plenary.id, { peerId: `party-${p}`, role: 'party' }, null);
    await showings.record(roomId, plenary.id, { peerId: `party-${t.org.parties.p2}`, role: 'party' }, null); // noted once
    expect(await t.db.prisma.documentShowing.count({ where: { documentId: plenary.id } })).toBe(2);
    const listOf = async (session: string, token: string) => {
      const r = await t.call('GET', `/api/sessions/${session}/documents`, { token });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return (r.body as Array<{ id: string }>).map((d) => d.id);
    };
    const list = (token: string) => listOf(s.body.id, token);
    const read = async (token: string, id: string) => (await t.app.inject({ method: 'GET', url: `/api/documents/${id}/content`, headers: { authorization: `Bearer ${token}` } })).statusCode;
    // the documents were uploaded to the first session: a party of this session may not read them by role, only by showing
    const docsSession = sessionId;
    const partyOfUploadSession = async (partyId: string) => (await issuePartyToken(AUTH_SECRET, { kind: 'party', id: partyId, sessionId: docsSession, name: 'x' })).token;
    const [a1, b1] = [await partyOfUploadSession(t.org.parties.p1), await partyOfUploadSession(t.org.parties.p2)];
    expect(await listOf(docsSession, a1)).toEqual(expect.arrayContaining([mine.id, plenary.id]));
    expect(await listOf(docsSession, b1)).toEqual([plenary.id]);
    expect(await read(b1, mine.id)).toBe(403);
    expect(await read(b1, plenary.id)).toBe(200);
    expect(await read(a1, mine.id)).toBe(200);
    expect(await t.db.prisma.auditLog.count({ where: { action: 'document.read.denied', entityId: mine.id, actorId: t.org.parties.p2 } })).toBe(1);
    expect(await list(tokenB)).toEqual([plenary.id]);
    expect((await list(tokenA)).sort()).toEqual([mine.id, plenary.id].sort());
    // staff access is unchanged
    expect(await read(await t.token('lawyer'), mine.id)).toBe(200);
    expect(await list(mediator)).toEqual(expect.arrayContaining([mine.id, plenary.id]));
  });

  it("keeps the chat of a session's room in the table with its group instance; a re-opened room reloads the plenary's, the old groups' have no readers", async () => {
    const log = pino({ level: 'silent' });
    const store = prismaChatStore(t.db.prisma);
    const chat = new RoomChat(roomId, store, log);
    await chat.load();
    const m = chat.post({ peerId: 'party-1', displayName: '刘大山', role: 'party' }, 'g-1', ['party-1', 'staff-1'], '我同意分期还款');
    const open = chat.post({ peerId: 'staff-1', displayName: '调解员', role: 'mediator' }, null, null, '大家好');
    expect(chat.page('party-1', 'g-1').messages.map((x) => x.text)).toEqual(['我同意分期还款']);
    expect(chat.page('party-2', 'g-1').messages).toEqual([]); // not in the group when it was said
    const row = async (id: string) => t.db.prisma.sessionChatMessage.findUnique({ where: { id } });
    // the chat store writes after the post returns: poll for the rows (20 s, a hang guard only)
    for (let i = 0; i < 400 && !((await row(m.messageId)) && (await row(open.messageId))); i++) await new Promise((r) => setTimeout(r, 50));
    expect(await row(m.messageId)).toMatchObject({ sessionId, peerId: 'party-1', groupId: 'g-1', text: '我同意分期还款', role: 'party' });
    const reopened = new RoomChat(roomId, store, log);
    await reopened.load();
    expect(reopened.page('party-1', 'g-1').messages).toEqual([]);
    expect(reopened.page('party-1', null).messages.map((x) => x.text)).toEqual(['大家好']);
    expect(await store.save('r-no-session', m, 'party')).toBe(false);
  });
});

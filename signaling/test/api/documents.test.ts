import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { docGrantUrl } from '../../src/documents/access';
import { prismaRoomDocuments } from '../../src/documents/service';
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

  it("keeps the chat of a session's room in the table, and a re-opened room reloads it; other rooms keep none", async () => {
    const log = pino({ level: 'silent' });
    const store = prismaChatStore(t.db.prisma);
    const chat = new RoomChat(roomId, store, log);
    await chat.load();
    const m = chat.post({ peerId: 'party-1', displayName: '刘大山', role: 'party' }, 'A', '我同意分期还款');
    const row = async () => t.db.prisma.sessionChatMessage.findUnique({ where: { id: m.messageId } });
    // the chat store writes after the post returns: poll for the row (20 s, a hang guard only)
    for (let i = 0; i < 400 && !(await row()); i++) await new Promise((r) => setTimeout(r, 50));
    expect(await row()).toMatchObject({ sessionId, peerId: 'party-1', groupId: 'A', text: '我同意分期还款', role: 'party' });
    const reopened = new RoomChat(roomId, store, log);
    await reopened.load();
    expect(reopened.visibleTo('A').map((x) => x.text)).toEqual(['我同意分期还款']);
    expect(reopened.visibleTo(null)).toEqual([]);
    expect(await store.save('r-no-session', m, 'party')).toBe(false);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessToken, TokenVerifier } from 'livekit-server-sdk';
import { verifyLiveKitToken } from '../../src/livekit/tokens';
import { mode, startApiTest, type ApiTest } from './helpers';

const LIVEKIT = { apiKey: 'APIshuoshiTest', apiSecret: 'livekit-test-secret-livekit-test-secret-0123' };

/**
 * Issue #17, step 1, from the attacker's side first: a LiveKit token is minted only for
 * someone who may take that seat with our own join token (same rules), refused to a
 * removed seat, and audited; it carries the same identity and room as the join token.
 */
describe(`LiveKit tokens from the session API (${mode})`, () => {
  let t: ApiTest;
  let off: ApiTest;
  let op: string;
  let sessionId: string;
  let roomId: string;
  let partyToken: string;
  beforeAll(async () => {
    [t, off] = await Promise.all([startApiTest({ livekit: LIVEKIT }), startApiTest()]);
    op = await t.token('operator1');
    const caseId = (
      await t.call('POST', '/api/cases', {
        token: op,
        body: { category: 'MARRIAGE_FAMILY', intakeChannel: 'WALK_IN', description: '赡养费分摊', parties: [{ partyId: t.org.parties.p1, side: 'A' }, { partyId: t.org.parties.p2, side: 'B' }] },
      })
    ).body.id;
    const s = await t.call('POST', '/api/sessions', { token: op, body: { kind: 'MEDIATION', caseId, partyIds: [t.org.parties.p1, t.org.parties.p2], staffIds: [t.org.staff.lawyer.id] } });
    expect(s.status, JSON.stringify(s.body)).toBe(201);
    sessionId = s.body.id;
    roomId = s.body.roomId;
    const code = (await t.call('POST', `/api/sessions/${sessionId}/invite-codes`, { token: op, body: { partyId: t.org.parties.p1 } })).body.code;
    partyToken = (await t.call('POST', '/api/auth/invite-code', { body: { sessionId, code } })).body.partyToken;
  });
  afterAll(async () => {
    await Promise.all([t?.close(), off?.close()]);
  });

  const lkToken = (auth: string | undefined, id = sessionId) => t.call('POST', `/api/sessions/${id}/livekit-token`, { token: auth });
  const audits = () => t.db.prisma.auditLog.count({ where: { action: 'session.join.livekit' } });

  it('refuses the caller without a credential (401), staff of another county (OUTSIDE_COUNTY) and a party of another session (NOT_YOUR_SESSION)', async () => {
    const before = await audits();
    const anon = await lkToken(undefined);
    expect(anon.status).toBe(401);
    const other = await lkToken(await t.token('mediatorB'));
    expect(other.status).toBe(403);
    expect(other.body.error.code).toBe('OUTSIDE_COUNTY');
    const notInvited = await lkToken(await t.token('operator2'));
    expect(notInvited.status).toBe(403);
    const otherSession = (await t.call('POST', '/api/sessions', { token: op, body: { kind: 'MEDIATION', caseId: (await t.call('GET', `/api/sessions/${sessionId}`, { token: op })).body.caseId, partyIds: [t.org.parties.p1] } })).body.id;
    const refused = await lkToken(partyToken, otherSession);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('NOT_YOUR_SESSION');
    for (const r of [anon, other, notInvited, refused]) expect(r.body).not.toHaveProperty('token');
    expect(await audits()).toBe(before);
  });

  it('refuses a party the host removed from the room for good (REMOVED_FROM_ROOM), though the session goes on', async () => {
    const p2code = (await t.call('POST', `/api/sessions/${sessionId}/invite-codes`, { token: op, body: { partyId: t.org.parties.p2 } })).body.code;
    const p2 = (await t.call('POST', '/api/auth/invite-code', { body: { sessionId, code: p2code } })).body.partyToken;
    expect((await lkToken(p2)).status).toBe(200);
    await t.db.prisma.roomRemoval.create({ data: { roomId, peerId: `party-${t.org.parties.p2}`, removedBy: `staff-${t.org.staff.operator1.id}` } });
    const removed = await lkToken(p2);
    expect(removed.status).toBe(403);
    expect(removed.body.error.code).toBe('REMOVED_FROM_ROOM');
    expect(removed.body).not.toHaveProperty('token');
  });

  it('refuses a disabled account at once (ACCOUNT_DISABLED), its access token still unexpired', async () => {
    const lawyer = await t.token('lawyer2');
    const s = await t.call('POST', '/api/sessions', { token: op, body: { kind: 'MEDIATION', caseId: (await t.call('GET', `/api/sessions/${sessionId}`, { token: op })).body.caseId, staffIds: [t.org.staff.lawyer2.id] } });
    expect((await lkToken(lawyer, s.body.id)).status).toBe(200);
    expect((await t.call('POST', `/api/staff/${t.org.staff.lawyer2.id}/disable`, { token: await t.token('admin') })).status).toBe(200);
    const refused = await lkToken(lawyer, s.body.id);
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('ACCOUNT_DISABLED');
  });

  it('mints the same seat as the join token: identity, room, role, lobby; signed with the deployment key; audited', async () => {
    const before = await audits();
    const host = await lkToken(op);
    expect(host.status, JSON.stringify(host.body)).toBe(200);
    expect(host.body).toMatchObject({ identity: `staff-${t.org.staff.operator1.id}`, room: roomId, role: 'operator', autoAdmit: true });
    expect(host.body.url).toMatch(/^ws:\/\//);
    const join = (await t.call('POST', `/api/sessions/${sessionId}/join-token`, { token: op })).body;
    expect(join.peerId).toBe(host.body.identity);
    const grants = await new TokenVerifier(LIVEKIT.apiKey, LIVEKIT.apiSecret).verify(host.body.token);
    expect(grants.sub).toBe(host.body.identity);
    expect(grants.video).toMatchObject({ roomJoin: true, room: roomId, canPublish: true, canSubscribe: true });
    expect(await verifyLiveKitToken(LIVEKIT, host.body.token)).toMatchObject({ roomId, peerId: host.body.identity, role: 'operator', host: true, autoAdmit: true });

    const party = await lkToken(partyToken);
    expect(party.body).toMatchObject({ identity: `party-${t.org.parties.p1}`, role: 'party', autoAdmit: false });
    expect(await verifyLiveKitToken(LIVEKIT, party.body.token)).not.toHaveProperty('autoAdmit');
    expect(await audits()).toBe(before + 2);
    const row = await t.db.prisma.auditLog.findFirst({ where: { action: 'session.join.livekit', entityId: sessionId }, orderBy: { at: 'desc' } });
    expect(row?.details).toMatchObject({ role: 'party', peerId: `party-${t.org.parties.p1}` });
  });

  it('refuses every token once the session is over (SESSION_OVER)', async () => {
    const caseId = (await t.call('GET', `/api/sessions/${sessionId}`, { token: op })).body.caseId;
    const s = (await t.call('POST', '/api/sessions', { token: op, body: { kind: 'MEDIATION', caseId } })).body;
    expect((await t.call('POST', `/api/sessions/${s.id}/start`, { token: op })).status).toBe(200);
    expect((await t.call('POST', `/api/sessions/${s.id}/end`, { token: op })).status).toBe(200);
    const over = await lkToken(op, s.id);
    expect(over.status).toBe(409);
    expect(over.body.error.code).toBe('SESSION_OVER');
  });

  it('a token not signed with our secret, or not one of our seats, names no seat', async () => {
    const forged = new AccessToken(LIVEKIT.apiKey, 'another-secret-another-secret-another-0123', { identity: `staff-${t.org.staff.operator1.id}`, attributes: { 'shuoshi.role': 'mediator' } });
    forged.addGrant({ roomJoin: true, room: roomId });
    await expect(verifyLiveKitToken(LIVEKIT, await forged.toJwt())).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    // signed with our key by some other LiveKit tool, without our seat claims
    const bare = new AccessToken(LIVEKIT.apiKey, LIVEKIT.apiSecret, { identity: 'someone' });
    bare.addGrant({ roomJoin: true, room: roomId });
    await expect(verifyLiveKitToken(LIVEKIT, await bare.toJwt())).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('answers LIVEKIT_OFF (404) on a deployment without a LiveKit key, after checking the caller', async () => {
    expect((await off.call('POST', `/api/sessions/${sessionId}/livekit-token`)).status).toBe(401);
    const r = await off.call('POST', `/api/sessions/${sessionId}/livekit-token`, { token: await off.token('operator1') });
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('LIVEKIT_OFF');
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { mediatorsMediation, startLiveWorld, type LiveWorld } from './support/live-world';
import { ensureWebBuilt } from './support/web-build';
import { CHROMIUM_ARGS, Participant, eventually, launchChromium, mediaWindow } from './support/browser';
import { openLiveKitPage, type LiveKitPage } from './support/livekit-page';
import type { PageRecordingState } from './support/page-hook';
import { checkSegments, sessionTracks } from './support/recording-segments';
import { LIVEKIT } from './support/livekit-signal';
import { participantLabel } from '../src/rooms/participant-label';

/**
 * Issue #17, recording: a livekit-client page in a recorded mediation (real Chromium, the
 * npm bundle unmodified, our web client beside it, mediasoup, ffmpeg, PostgreSQL). The
 * LiveKit app sees the question as its own `shuoshi.consent` attribute and the recording
 * as `room.isRecording`, answers with `setAttributes`, and is then recorded like any
 * other seat; a LiveKit participant that does not answer is not recorded; its decline
 * ends the round for everyone.
 */
let w: LiveWorld;
let browser: Browser;
let sessionId: string;
let roomId: string;
let mediator: Participant;
let villager: Participant;
let mediatorId: string;
let villagerId: string;
const pages: LiveKitPage[] = [];

const lk = (p: LiveKitPage) => ({
  log: () => p.run(() => ((globalThis as any).__lk.log as string[]).slice(), null),
  consent: () => p.run(() => (globalThis as any).__lk.consent() as { isRecording: boolean; asked: string | undefined }, null),
  answer: (value: string) => p.run((v) => (globalThis as any).__lk.answer(v) as Promise<string>, value),
});
type Call = { ok: true; res: PageRecordingState } | { ok: false; code: string };
/** One of our room client's recording calls, in its page. */
const call = (who: Participant, method: 'startRecording' | 'stopRecording' | 'giveConsent', ...args: unknown[]): Promise<Call> =>
  who.runWith(
    ([m, a]) =>
      ((globalThis.__shuoshi!.client as unknown as Record<string, (...x: unknown[]) => Promise<PageRecordingState>>)[m]!(...a) as Promise<PageRecordingState>).then(
        (res) => ({ ok: true as const, res }),
        (err: { code?: string }) => ({ ok: false as const, code: err.code ?? String(err) }),
      ),
    [method, args] as const,
  );
const room = () => w.server.rooms.get(roomId)!;
const tracks = () => sessionTracks(w.server.db.prisma, sessionId);
const labelOf = (peerId: string) => participantLabel(room().peers.get(peerId)!);
const partyToken = async (partyId: string) => {
  const med = await w.token('mediator1');
  const code = (await w.rest('POST', `/api/sessions/${sessionId}/invite-codes`, med, { partyId })).body.code;
  return (await w.rest('POST', '/api/auth/invite-code', undefined, { sessionId, code })).body as { partyToken: string; join: { token: string; peerId: string } };
};
const liveKitToken = async (auth: string) => {
  const r = await w.rest('POST', `/api/sessions/${sessionId}/livekit-token`, auth);
  if (r.status !== 200) throw new Error(`livekit-token: ${JSON.stringify(r.body)}`);
  return r.body as { token: string; identity: string };
};
/** A livekit-client page seated and publishing camera and microphone (admitted by the mediator's own client if it waits). */
const liveKitSeat = async (name: string, auth: string) => {
  const t = await liveKitToken(auth);
  const p = await openLiveKitPage(browser, w.server.url, name);
  pages.push(p);
  await p.connect(t.token);
  if (room().lobby.get(t.identity)) await mediator.runWith((id) => globalThis.__shuoshi!.client!.admit(id), t.identity);
  await eventually(() => p.run(() => (globalThis as any).__lk.canPublish(), null), 15_000, `${name} allowed to publish`);
  await p.run(() => (globalThis as any).__lk.publish(), null);
  await eventually(async () => { const g = await mediator.from(t.identity); return g.videoFrames > 0 && g.audioBytes > 0; }, 30_000, `the mediator to decode ${name}`);
  return { page: p, id: t.identity };
};
/** Every open track of these people grows (the timeout is a hang guard). */
async function growing(labels: string[]): Promise<void> {
  const open = (await tracks()).filter((t) => t.endedAt === null && labels.includes(t.participantLabel));
  expect(new Set(open.map((t) => `${t.participantLabel} ${t.kind}`))).toEqual(new Set(labels.flatMap((l) => [`${l} AUDIO`, `${l} VIDEO`])));
  const sizeOf = (rel: string) => {
    try {
      return fs.statSync(path.join(w.server.config.recordingsDir, rel)).size;
    } catch {
      return 0;
    }
  };
  await eventually(async () => open.every((t) => sizeOf(t.path) > 0), 20_000, 'every open track to have data');
  const before = open.map((t) => sizeOf(t.path));
  await eventually(async () => open.every((t, i) => sizeOf(t.path) > before[i]!), 20_000, 'every open track to grow', async () => open.map((t, i) => `${t.participantLabel} ${t.kind}: ${before[i]} → ${sizeOf(t.path)}`));
}

beforeAll(async () => {
  ensureWebBuilt();
  // the livekit-client page is served by the test (page.route): Chromium's local-network checks would block its WebSocket to 127.0.0.1
  const args = CHROMIUM_ARGS.map((a) => (a.startsWith('--disable-features=') ? `${a},LocalNetworkAccessChecks` : a));
  [w, browser] = await Promise.all([startLiveWorld({ env: { LIVEKIT_API_KEY: LIVEKIT.apiKey, LIVEKIT_API_SECRET: LIVEKIT.apiSecret } }), launchChromium(args)]);
  const m = await mediatorsMediation(w);
  ({ sessionId, roomId } = m);
  const { hostJoin } = m;
  mediatorId = hostJoin.peerId;
  mediator = await Participant.open(browser, 'mediator', `${w.server.url}/room/${roomId}#token=${hostJoin.token}`);
  await mediator.waitForState('joined');
  // the villager on our web client, admitted by the mediator
  const p1 = await partyToken(w.org.parties.p1);
  villagerId = p1.join.peerId;
  villager = await Participant.open(browser, 'villager', `${w.server.url}/room/${roomId}#token=${p1.join.token}`);
  await villager.waitForState('joined');
  await eventually(async () => room().lobby.get(villagerId) !== undefined || room().peers.has(villagerId), 15_000, 'the villager in the lobby');
  if (room().lobby.get(villagerId)) await mediator.runWith((id) => globalThis.__shuoshi!.client!.admit(id), villagerId);
  await eventually(async () => { const g = await mediator.from(villagerId); return g.videoFrames > 0 && g.audioBytes > 0; }, 30_000, 'the mediator to decode the villager');
}, 180_000);

afterAll(async () => {
  for (const p of pages) await p.close();
  await villager?.close();
  await mediator?.close();
  await browser?.close();
  await w?.server.stop();
});

describe('recording consent from a livekit-client page', () => {
  let lawyer: { page: LiveKitPage; id: string };
  let party: { page: LiveKitPage; id: string };

  it('the LiveKit app is asked (its own attribute), agrees with setAttributes, sees room.isRecording; its camera and microphone are recorded', async () => {
    lawyer = await liveKitSeat('lawyer', await w.token('lawyer'));
    expect(await lk(lawyer.page).consent()).toEqual({ isRecording: false, asked: undefined });
    expect(await call(mediator, 'startRecording')).toMatchObject({ ok: true, res: { state: 'awaiting-consent' } });
    await eventually(async () => (await lk(lawyer.page).consent()).asked === 'asked', 10_000, 'the LiveKit app asked', () => lk(lawyer.page).log());
    expect(await lk(lawyer.page).log()).toContain('consent:asked');
    // a garbage answer is refused by the server and rejected by the SDK; nothing changes
    expect(await lk(lawyer.page).answer('yes')).toBe('error:INVALID_REQUEST');
    expect(await call(mediator, 'giveConsent', 'agree')).toMatchObject({ ok: true });
    expect(await call(villager, 'giveConsent', 'agree')).toMatchObject({ ok: true, res: { state: 'awaiting-consent', pending: [lawyer.id] } });
    // still asking the LiveKit participant: nobody is recorded
    await mediaWindow(async () => (await mediator.from(lawyer.id)).videoFrames, 30, "the lawyer's video reaching the mediator", 60_000);
    expect(await tracks()).toEqual([]);
    expect(await lk(lawyer.page).answer('agree')).toBe('ok'); // setAttributes resolves: the attribute reads back 'agree'
    await eventually(async () => (await lk(lawyer.page).consent()).isRecording, 15_000, 'room.isRecording on the LiveKit page', () => lk(lawyer.page).log());
    expect(await lk(lawyer.page).log()).toEqual(expect.arrayContaining(['consent:agree', 'recording:true']));
    const labels = [labelOf(mediatorId), labelOf(villagerId), labelOf(lawyer.id)];
    await eventually(async () => (await tracks()).length === 6, 30_000, 'six tracks (three people, camera and microphone)', tracks);
    await growing(labels);
    await lawyer.page.page.screenshot({ path: 'test-output/screenshots/livekit-client-recording.png' });
    const ledger = await w.server.db.prisma.consentRecord.findMany({ where: { sessionId, decision: 'AGREE' } });
    expect(ledger.map((r) => r.staffId ?? r.partyId).sort()).toEqual([w.org.staff.mediator1.id, w.org.parties.p1, w.org.staff.lawyer.id].sort());
    await eventually(async () => (await w.server.db.prisma.auditLog.count({ where: { action: 'room.consent.agree', actorId: lawyer.id } })) === 1, 10_000, 'the answer audited');
  }, 180_000);

  it('a LiveKit participant who joins and does not answer is asked and not recorded; the others go on', async () => {
    party = await liveKitSeat('party', (await partyToken(w.org.parties.p2)).partyToken);
    await eventually(async () => (await lk(party.page).consent()).asked === 'asked', 15_000, 'the newcomer asked', () => lk(party.page).log());
    expect((await lk(party.page).consent()).isRecording).toBe(true);
    await mediaWindow(async () => (await mediator.from(party.id)).videoFrames, 30, "the party's video reaching the mediator", 60_000);
    expect((await tracks()).filter((t) => t.participantLabel === labelOf(party.id))).toEqual([]);
    expect(w.server.roomRecordings.get(room())!.recording().size).toBe(6);
    await growing([labelOf(mediatorId), labelOf(villagerId), labelOf(lawyer.id)]);
  }, 120_000);

  it('the mediator stops: every track is finalised, verifies (sha256) and plays (ffprobe, a full decode), the LiveKit pages see isRecording false', async () => {
    const lawyerLabel = labelOf(lawyer.id);
    const partyLabel = labelOf(party.id);
    expect(await call(mediator, 'stopRecording')).toMatchObject({ ok: true, res: { state: 'stopped' } });
    await eventually(async () => (await tracks()).every((t) => t.endedAt !== null && t.sha256 !== null), 30_000, 'every track finalised', tracks);
    const checked = await checkSegments(w.server.db.prisma, w.server.config.recordingsDir, sessionId);
    expect(checked).toHaveLength(6);
    for (const c of checked) expect(c, `${c.label} ${c.kind}`).toMatchObject({ hashOk: true, plays: true });
    expect(checked.filter((c) => c.label === lawyerLabel).map((c) => c.kind).sort()).toEqual(['AUDIO', 'VIDEO']);
    expect(checked.some((c) => c.label === partyLabel)).toBe(false);
    for (const p of [lawyer.page, party.page]) await eventually(async () => { const s = await lk(p).consent(); return !s.isRecording && s.asked === undefined; }, 10_000, 'the LiveKit page to see the recording stopped');
    const verify = await w.rest('POST', `/api/recordings/${checked.find((c) => c.label === lawyerLabel && c.kind === 'VIDEO')!.id}/verify`, await w.token('mediator1'));
    expect(verify.status).toBe(200);
  }, 120_000);

  it('a decline from a LiveKit app ends the new round for everyone; nothing is recorded', async () => {
    const before = (await tracks()).length;
    expect(await call(mediator, 'startRecording')).toMatchObject({ ok: true, res: { state: 'awaiting-consent' } });
    for (const who of [mediator, villager]) expect(await call(who, 'giveConsent', 'agree')).toMatchObject({ ok: true });
    expect(await lk(lawyer.page).answer('agree')).toBe('ok');
    await eventually(async () => (await lk(party.page).consent()).asked === 'asked', 10_000, 'the party asked again');
    expect(await lk(party.page).answer('decline')).toBe('ok');
    await eventually(async () => (await mediator.run(() => globalThis.__shuoshi!.client!.recording.state)) === 'stopped', 10_000, "the mediator's client to show the round ended");
    expect(await mediator.run(() => globalThis.__shuoshi!.client!.recording.declined)).toEqual([party.id]);
    expect(await lk(lawyer.page).consent()).toMatchObject({ isRecording: false });
    expect(await lk(party.page).answer('agree')).toBe('error:NOT_ALLOWED');
    await mediaWindow(async () => (await mediator.from(lawyer.id)).videoFrames, 30, "the lawyer's video", 60_000);
    expect((await tracks()).length).toBe(before);
    const declines = await w.server.db.prisma.consentRecord.findMany({ where: { sessionId, decision: 'DECLINE' } });
    expect(declines.map((r) => r.partyId)).toEqual([w.org.parties.p2]);
  }, 120_000);
});

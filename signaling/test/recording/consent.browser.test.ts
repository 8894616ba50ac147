/**
 * Recording with consent in a real session (real Chromium, mediasoup, ffmpeg and the
 * database): the mediator asks, nobody is recorded until everyone present agreed (a
 * talk-room operator answers for the villager at their side), a late joiner is not
 * recorded before agreeing, a caucus is not recorded, a withdrawal stops and
 * finalises everything, and the consent ledger holds every answer.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Participant, eventually, launchChromium, mediaWindow } from '../support/browser';
import type { PageRecordingState } from '../support/page-hook';
import { startTestServer, type TestServer } from '../support/test-server';
import { ensureWebBuilt } from '../support/web-build';
import { seedEvidenceFixture, type EvidenceFixture } from './fixture';

type Name = 'mediator' | 'villager' | 'operator' | 'late';
let server: TestServer;
let browser: Browser;
let fx: EvidenceFixture;
let operatorId: string;
let talkRoomId: string;
const people = {} as Record<Name, Participant>;
const ids = {} as Record<Name, string>;

type Call = { ok: true; res: PageRecordingState } | { ok: false; code: string };
/** Calls one of the room client's recording methods in the page. */
const call = (who: Name, method: 'startRecording' | 'stopRecording' | 'giveConsent' | 'withdrawConsent', ...args: unknown[]): Promise<Call> =>
  people[who].runWith(
    ([m, a]) =>
      ((globalThis.__shuoshi!.client as unknown as Record<string, (...x: unknown[]) => Promise<PageRecordingState>>)[m]!(...a) as Promise<PageRecordingState>).then(
        (res) => ({ ok: true as const, res }),
        (err: { code?: string }) => ({ ok: false as const, code: err.code ?? String(err) }),
      ),
    [method, args] as const,
  );
const hostRequest = (name: string, payload: unknown) =>
  people.mediator.runWith(
    ([n, p]) => (globalThis.__shuoshi!.client as unknown as { signal: { request(n: string, p: unknown): Promise<unknown> } }).signal.request(n, p),
    [name, payload] as const,
  );
const seen = (who: Name) => people[who].run(() => ({ recording: globalThis.__shuoshi!.client!.recording, asked: globalThis.__shuoshi!.client!.consentRequest !== undefined }));

const tracks = () => server.db.prisma.recording.findMany({ where: { sessionId: fx.sessionId, kind: { in: ['AUDIO', 'VIDEO'] } }, orderBy: { startedAt: 'asc' } });
const sizeOf = (rel: string) => {
  try {
    return fs.statSync(path.join(server.config.recordingsDir, rel)).size;
  } catch {
    return 0;
  }
};
const LABEL = { mediator: '调解员 李明', villager: '当事人 刘大山', operator: '说事拉理员 王芳', late: '当事人 赵小河' } as const;

/** Video frames `who`'s page has decoded from `from`: the clock of the "nothing is recorded" checks. */
const framesSeen = (who: Name, from: Name) => async () => (await people[who].from(ids[from])).videoFrames;

/** Every open track of these labels grows (polled; the timeout is a hang guard). */
async function growing(labels: string[]): Promise<void> {
  const open = (await tracks()).filter((t) => t.endedAt === null && labels.includes(t.participantLabel));
  expect(new Set(open.map((t) => t.participantLabel))).toEqual(new Set(labels));
  // a new video file starts at the first keyframe ffmpeg gets (asked for every 4 s)
  await eventually(async () => open.every((t) => sizeOf(t.path) > 0), 15_000, 'every open track to have data');
  const before = open.map((t) => sizeOf(t.path));
  await eventually(async () => open.every((t, i) => sizeOf(t.path) > before[i]!), 20_000, 'every open track to grow', async () => open.map((t, i) => `${t.participantLabel} ${t.kind}: ${before[i]} → ${sizeOf(t.path)}`));
}

beforeAll(async () => {
  ensureWebBuilt();
  [server, browser] = await Promise.all([startTestServer(), launchChromium()]);
  const prisma = server.db.prisma;
  fx = await seedEvidenceFixture(prisma);
  const talkRoom = await prisma.talkRoom.create({ data: { kind: 'VILLAGE_TALK_ROOM', name: '东坪村说事拉理室', countyId: fx.countyId, townshipId: fx.townshipId, villageId: fx.villageId } });
  talkRoomId = talkRoom.id;
  const operator = await prisma.staffAccount.create({
    data: { username: 'operator.dongping', displayName: '王芳', role: 'VILLAGE_OPERATOR', countyId: fx.countyId, townshipId: fx.townshipId, villageId: fx.villageId, talkRoomId, passwordHash: 'x' },
  });
  operatorId = operator.id;
  // peer ids as joinSession issues them: `${kind}-${id}`
  ids.mediator = `staff-${fx.staff.mediator.id}`;
  ids.operator = `staff-${operator.id}`;
  ids.villager = `party-${fx.parties.a.id}`;
  ids.late = `party-${fx.parties.b.id}`;
  const open = async (n: Name, role: 'mediator' | 'operator' | 'party', name: string) => {
    const token = await server.token(fx.roomId, role, name, ids[n]);
    people[n] = await Participant.open(browser, n, `${server.url}/room/${fx.roomId}#token=${token}`);
  };
  await open('mediator', 'mediator', fx.staff.mediator.displayName);
  await open('villager', 'party', fx.parties.a.name);
  await open('operator', 'operator', '王芳');
  for (const n of ['mediator', 'villager', 'operator'] as const) await people[n].waitForState('joined');
}, 120_000);

afterAll(async () => {
  for (const p of Object.values(people)) await p?.close();
  await browser?.close();
  await server?.stop();
});

describe(`recording with consent in real Chromium (${process.env.DATABASE_URL ? 'postgres' : 'embedded'})`, () => {
  it('records nobody until everyone present agreed (the operator answers for the villager); then every track grows', async () => {
    expect(await call('villager', 'startRecording')).toEqual({ ok: false, code: 'NOT_HOST' });
    const started = await call('mediator', 'startRecording');
    expect(started).toMatchObject({ ok: true, res: { state: 'awaiting-consent', declined: [], recordCaucus: false } });
    expect(new Set((started as { res: PageRecordingState }).res.pending)).toEqual(new Set([ids.mediator, ids.villager, ids.operator]));
    await eventually(async () => (await Promise.all((['mediator', 'villager', 'operator'] as const).map(seen))).every((s) => s.asked), 10_000, 'everyone to be asked');

    expect(await call('mediator', 'giveConsent', 'agree')).toMatchObject({ ok: true, res: { state: 'awaiting-consent' } });
    expect(await call('operator', 'giveConsent', 'agree')).toMatchObject({ ok: true, res: { state: 'awaiting-consent', pending: [ids.villager] } });
    expect(await call('mediator', 'giveConsent', 'agree', ids.villager)).toEqual({ ok: false, code: 'FORBIDDEN' }); // only an operator answers for someone
    await mediaWindow(framesSeen('mediator', 'villager'), 30, "a second of the villager's video reaching the mediator");
    expect(await tracks()).toEqual([]);
    expect(fs.existsSync(path.join(server.config.recordingsDir, fx.caseId, fx.sessionId))).toBe(false);

    expect(await call('operator', 'giveConsent', 'agree', ids.villager)).toMatchObject({ ok: true, res: { state: 'recording', pending: [] } });
    await eventually(async () => (await tracks()).length === 6, 20_000, 'six tracks (three people, camera and microphone)', tracks);
    await eventually(async () => (await seen('villager')).recording.state === 'recording', 20_000, 'the villager to see the recording');
    await growing([LABEL.mediator, LABEL.villager, LABEL.operator]);
  }, 90_000);

  it('a late joiner is asked and not recorded until they agree; the others go on', async () => {
    const token = await server.token(fx.roomId, 'party', fx.parties.b.name, ids.late);
    people.late = await Participant.open(browser, 'late', `${server.url}/room/${fx.roomId}#token=${token}`);
    await people.late.waitForState('joined');
    await eventually(async () => {
      const s = await seen('late');
      return s.asked && s.recording.state === 'recording' && s.recording.pending.includes(ids.late);
    }, 10_000, 'the late joiner to be asked');
    await eventually(async () => (await people.mediator.peers()).some((p) => p.peerId === ids.late), 10_000, 'the late joiner to be seen');
    await mediaWindow(framesSeen('mediator', 'late'), 30, "the late joiner's video reaching the mediator"); // their media flows to the others, not to the recorder
    expect((await tracks()).filter((t) => t.participantLabel === LABEL.late)).toEqual([]);
    await growing([LABEL.mediator, LABEL.villager, LABEL.operator]);

    expect(await call('late', 'giveConsent', 'agree')).toMatchObject({ ok: true, res: { state: 'recording', pending: [] } });
    await eventually(async () => (await tracks()).filter((t) => t.participantLabel === LABEL.late).length === 2, 20_000, 'the late joiner recorded');
    await growing([LABEL.mediator, LABEL.villager, LABEL.operator, LABEL.late]);
  }, 90_000);

  it('a caucus is not recorded by default: the villager in a group stops being recorded and resumes back in the plenary', async () => {
    await hostRequest('host:move', { peerId: ids.villager, label: 'A' }); // a new group: the server makes its id
    await eventually(async () => (await tracks()).filter((t) => t.participantLabel === LABEL.villager).every((t) => t.sha256 !== null), 20_000, 'the villager tracks finalised');
    await growing([LABEL.mediator, LABEL.operator, LABEL.late]);
    await hostRequest('host:move', { peerId: ids.villager, groupId: null });
    await eventually(async () => (await tracks()).filter((t) => t.participantLabel === LABEL.villager && t.endedAt === null).length === 2, 20_000, 'the villager recorded again');
    await growing([LABEL.mediator, LABEL.villager, LABEL.operator, LABEL.late]);
  }, 90_000);

  it('a withdrawal stops and finalises every track; everyone sees the state stopped', async () => {
    expect(await call('late', 'withdrawConsent')).toMatchObject({ ok: true, res: { state: 'stopped', declined: [ids.late], pending: [] } });
    await eventually(async () => (await tracks()).every((t) => t.sha256 !== null && t.endedAt !== null), 30_000, 'every track finalised', tracks);
    for (const n of ['mediator', 'villager', 'operator', 'late'] as const) {
      await eventually(async () => (await seen(n)).recording.state === 'stopped', 20_000, `${n} to see the stop`);
    }
    const all = await tracks();
    const sizes = all.map((t) => sizeOf(t.path));
    await mediaWindow(framesSeen('mediator', 'villager'), 30, 'a second more of the call'); // the call goes on; the files do not grow
    expect(all.map((t) => sizeOf(t.path))).toEqual(sizes);
    all.forEach((t, i) => expect(Number(t.bytes)).toBe(sizes[i]));
    expect(server.recordings.recorder(fx.sessionId)?.active() ?? []).toEqual([]);
    expect(await call('late', 'giveConsent', 'agree')).toEqual({ ok: false, code: 'CONSENT_NOT_REQUESTED' });
  }, 60_000);

  it('the consent ledger holds every answer: who, when, what, where, and who recorded it', async () => {
    const rows = await server.db.prisma.consentRecord.findMany({ where: { sessionId: fx.sessionId }, orderBy: [{ at: 'asc' }, { id: 'asc' }] });
    expect(rows.map((r) => ({ label: r.participantLabel, decision: r.decision, partyId: r.partyId, staffId: r.staffId, recordedById: r.recordedById, talkRoomId: r.talkRoomId }))).toEqual([
      { label: LABEL.mediator, decision: 'AGREE', partyId: null, staffId: fx.staff.mediator.id, recordedById: null, talkRoomId: null },
      { label: LABEL.operator, decision: 'AGREE', partyId: null, staffId: operatorId, recordedById: null, talkRoomId },
      { label: LABEL.villager, decision: 'AGREE', partyId: fx.parties.a.id, staffId: null, recordedById: operatorId, talkRoomId },
      { label: LABEL.late, decision: 'AGREE', partyId: fx.parties.b.id, staffId: null, recordedById: null, talkRoomId: null },
      { label: LABEL.late, decision: 'WITHDRAW', partyId: fx.parties.b.id, staffId: null, recordedById: null, talkRoomId: null },
    ]);
    for (const r of rows) expect(Math.abs(Date.now() - r.at.getTime())).toBeLessThan(5 * 60_000);
    const audit = await server.db.prisma.auditLog.findMany({ where: { entityType: 'Room', entityId: fx.roomId, action: { startsWith: 'room.' } }, orderBy: { id: 'asc' } });
    const withdrawal = audit.find((a) => a.action === 'room.consent.withdraw');
    expect(withdrawal).toMatchObject({ actorId: ids.late, caseId: fx.caseId });
    expect(audit.map((a) => a.action)).toEqual([
      'room.recording.request',
      'room.consent.agree',
      'room.consent.agree',
      'room.consent.agree',
      'room.consent.agree',
      'room.caucus.move',
      'room.caucus.move',
      'room.consent.withdraw',
    ]);
  });
});

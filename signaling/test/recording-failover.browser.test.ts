import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import type { Browser, BrowserContext } from 'playwright-core';
import { hashPassword } from '@shuoshi/db';
import type { RecordingView } from '@shuoshi/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Participant, eventually, launchChromium, mediaWindow } from './support/browser';
import { Cluster } from './support/cluster';
import { apiCall, apiLogin, openPage, signInThroughPage } from './support/console-pages';
import { checkSegments, sessionTracks } from './support/recording-segments';
import { ensureWebBuilt } from './support/web-build';
import { seedEvidenceFixture, type EvidenceFixture } from './recording/fixture';

/**
 * Recording across a failover (issue #15), in real Chromium with real mediasoup, ffmpeg,
 * Redis and PostgreSQL, three node processes sharing one recordings directory. A
 * mediation records with consent on the room's node; a late joiner has not answered.
 * The node is killed (SIGKILL): on the node that takes the room the recording goes on,
 * unasked, as new segments of the same session for the two who agreed and not for the
 * late joiner, and the dead node's files are finalised (interrupted, hash verifying,
 * still playing). Then the new node is stopped for an upgrade (SIGTERM): its segments
 * end cleanly (not interrupted) before the room moves, and recording goes on again.
 */
const ready = Boolean(process.env.REDIS_URL && process.env.DATABASE_URL);
const ROOM = 'case-recfail-0001';
type Name = 'mediator' | 'villager' | 'late';
const NAMES: Record<Name, string> = { mediator: '李明', villager: '刘大山', late: '赵小河' };
const PASSWORD = 'recfail-Passw0rd!';
const SHOTS = path.resolve(import.meta.dirname, '../../test-output/screenshots');

describe.skipIf(!ready)('recording goes on across a failover', () => {
  let cluster: Cluster;
  let browser: Browser;
  let fx: EvidenceFixture;
  let redis: Redis;
  const recordingsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shuoshi-recfail-'));
  const people = {} as Record<Name, Participant>;
  /** Pages come in by n3: the directory puts the room on n1 (fewest seats, then by name), then n2. */
  const HOME = 'n3';

  const nodeOf = async (p: Participant) => cluster.nameOf(await p.run(() => globalThis.__shuoshi!.client!.signalUrl));
  const seen = (who: Name) => people[who].run(() => ({ recording: globalThis.__shuoshi!.client!.recording, asked: globalThis.__shuoshi!.client!.consentRequest !== undefined }));
  const call = (who: Name, method: 'startRecording' | 'giveConsent', ...args: unknown[]) =>
    people[who].runWith(([m, a]) => (globalThis.__shuoshi!.client as unknown as Record<string, (...x: unknown[]) => Promise<unknown>>)[m]!(...a), [method, args] as const);
  const tracks = () => sessionTracks(cluster.db.prisma, fx.sessionId);
  const labelOf = (who: Name) => (label: string) => label.includes(NAMES[who]);
  const consentRows = () => cluster.db.prisma.consentRecord.count({ where: { sessionId: fx.sessionId } });
  const image = async () => JSON.parse((await redis.get(`${cluster.keys}:room:${ROOM}:image`)) ?? '{}') as { recording?: { state: string; agreed: string[]; pending: string[] } };
  const sizeOf = (rel: string) => fs.statSync(path.join(recordingsDir, rel), { throwIfNoEntry: false })?.size ?? 0;

  /** Both who agreed have an audio and a video track started after `since`, each growing. */
  async function recordingAgain(since: Date, what: string): Promise<void> {
    const fresh = async () => (await tracks()).filter((t) => t.startedAt >= since && t.endedAt === null);
    await eventually(
      async () => {
        const open = await fresh();
        return (['mediator', 'villager'] as const).every((w) => ['AUDIO', 'VIDEO'].every((k) => open.some((t) => labelOf(w)(t.participantLabel) && t.kind === k && sizeOf(t.path) > 0)));
      },
      60_000,
      `${what}: the two who agreed recorded again, audio and video`,
      async () => (await tracks()).map((t) => [t.participantLabel, t.kind, t.startedAt, t.endedAt, sizeOf(t.path)]),
    );
    const open = await fresh();
    const before = open.map((t) => sizeOf(t.path));
    await eventually(async () => open.every((t, i) => sizeOf(t.path) > before[i]!), 30_000, `${what}: every new segment grows`);
  }

  /** Every page resumed its seat on one live node other than `gone`; returns that node. */
  async function everyoneBack(gone: string): Promise<string> {
    let at = '';
    await eventually(
      async () => {
        const now = await Promise.all(Object.values(people).map(async (p) => [await p.state(), await nodeOf(p)] as const));
        at = now[0]![1] ?? '';
        return now.every(([s, n]) => s === 'joined' && n === at && n !== gone);
      },
      120_000, // a hang guard: under two CIs at once a page took over a minute to come back
      'every page joined again on one live node',
      async () => Promise.all(Object.entries(people).map(async ([who, p]) => [who, await p.state(), await nodeOf(p)])),
    );
    for (const p of Object.values(people)) expect(await p.run(() => globalThis.__shuoshi!.client!.counters.rejoins)).toBe(0);
    return at;
  }

  beforeAll(async () => {
    ensureWebBuilt();
    cluster = await Cluster.create({ ROOM_LEASE_MS: '2000', PEER_GRACE_MS: '60000', RECORDINGS_DIR: recordingsDir });
    redis = new Redis(process.env.REDIS_URL!);
    [browser] = await Promise.all([launchChromium(), ...['n1', 'n2', 'n3'].map((n) => cluster.start(n))]);
    await cluster.allKnowEachOther();
    fx = await seedEvidenceFixture(cluster.db.prisma, ROOM);
    const open = async (who: Name, role: 'mediator' | 'party') => {
      const token = await cluster.token(ROOM, role, NAMES[who], `peer-${who}`);
      people[who] = await Participant.open(browser, who, `${cluster.node(HOME).url}/room/${ROOM}#token=${token}`);
      await people[who].waitForState('joined', 60_000);
    };
    await open('mediator', 'mediator');
    await open('villager', 'party');
  }, 180_000);

  afterAll(async () => {
    for (const p of Object.values(people)) await p?.close();
    await browser?.close();
    redis?.disconnect();
    await cluster?.stop();
    fs.rmSync(recordingsDir, { recursive: true, force: true });
  });

  it('records with consent on the room’s node; a late joiner who has not answered is not recorded', async () => {
    expect(await nodeOf(people.mediator)).toBe('n1');
    await call('mediator', 'startRecording');
    await call('mediator', 'giveConsent', 'agree');
    await call('villager', 'giveConsent', 'agree');
    await eventually(async () => (await seen('villager')).recording.state === 'recording', 15_000, 'recording');
    await recordingAgain(new Date(0), 'on n1');
    // the late joiner is asked and does not answer
    const token = await cluster.token(ROOM, 'party', NAMES.late, 'peer-late');
    people.late = await Participant.open(browser, 'late', `${cluster.node(HOME).url}/room/${ROOM}#token=${token}`);
    await people.late.waitForState('joined', 60_000);
    await eventually(async () => (await seen('late')).asked, 15_000, 'the late joiner to be asked');
    // what another node would rebuild the room from holds the round (written within a tick)
    await eventually(async () => (await image()).recording?.pending.includes('peer-late') === true, 10_000, 'the round in the room image');
    expect((await image()).recording).toMatchObject({ state: 'recording', agreed: expect.arrayContaining(['peer-mediator', 'peer-villager']) });
  }, 120_000);

  it('SIGKILL of the room’s node: recording goes on elsewhere as new segments of the same session, nobody asked again, the late joiner still not recorded, the dead node’s files finalised and playable', async () => {
    const answers = await consentRows();
    const killedAt = new Date();
    await cluster.kill('n1');
    const to = await everyoneBack('n1');
    await recordingAgain(killedAt, `after SIGKILL, on ${to}`);
    // nobody who answered was asked again, and no answer was written again
    for (const who of ['mediator', 'villager'] as const) expect(await seen(who)).toMatchObject({ asked: false, recording: { state: 'recording' } });
    expect(await seen('late')).toMatchObject({ asked: true });
    expect(await consentRows()).toBe(answers);
    // the late joiner's media reaches the others for a while, and is never recorded
    await mediaWindow(async () => (await people.mediator.from('peer-late')).videoFrames, 30, 'the mediator decodes the late joiner');
    expect((await tracks()).filter((t) => labelOf('late')(t.participantLabel))).toEqual([]);
    // the dead node's segments: finalised by the node that took the room, interrupted, verifying, playing
    await eventually(async () => (await tracks()).filter((t) => t.startedAt < killedAt).every((t) => t.sha256 !== null), 30_000, 'the dead node’s segments finalised');
    const old = (await checkSegments(cluster.db.prisma, recordingsDir, fx.sessionId)).filter((c) => c.startedAt < killedAt);
    expect(old).toHaveLength(4);
    for (const c of old) expect(c, `${c.label} ${c.kind}`).toMatchObject({ hashOk: true, plays: true, interrupted: true });
    // finalised once: one audit row per file
    const audits = await cluster.db.prisma.auditLog.groupBy({ by: ['entityId'], where: { action: 'recording.finalise', entityId: { in: old.map((c) => c.id) } }, _count: true });
    expect(audits.map((a) => a._count)).toEqual([1, 1, 1, 1]);
    // every new row is of the same session (sessionTracks): each track has its segment from before
    // the kill and at least one after it (a track whose start is retried on a loaded machine may have more)
    const segs = (await tracks()).filter((t) => !labelOf('late')(t.participantLabel));
    const byTrack = new Map<string, typeof segs>();
    for (const t of segs) byTrack.set(`${t.participantLabel}/${t.kind}`, [...(byTrack.get(`${t.participantLabel}/${t.kind}`) ?? []), t]);
    expect(byTrack.size).toBe(4);
    for (const [track, rows] of byTrack) {
      expect(rows.filter((t) => t.startedAt < killedAt), track).toHaveLength(1);
      expect(rows.filter((t) => t.startedAt >= killedAt).length, track).toBeGreaterThanOrEqual(1);
    }
  }, 300_000);

  it('SIGTERM (drain) of the new node: its segments end cleanly before the room moves, and recording goes on', async () => {
    const host = (await nodeOf(people.mediator))!;
    await cluster.restart('n1');
    await cluster.allKnowEachOther();
    const stoppedAt = new Date();
    void cluster.terminate(host);
    await everyoneBack(host);
    await recordingAgain(stoppedAt, 'after the drain');
    for (const who of ['mediator', 'villager'] as const) expect(await seen(who)).toMatchObject({ asked: false });
    await cluster.node(host).exited;
    const drained = (await checkSegments(cluster.db.prisma, recordingsDir, fx.sessionId)).filter((c) => c.endedAt !== null && c.startedAt < stoppedAt && !c.interrupted);
    expect(drained.map((c) => c.kind).sort()).toEqual(['AUDIO', 'AUDIO', 'VIDEO', 'VIDEO']);
    for (const c of drained) expect(c, `${c.label} ${c.kind}`).toMatchObject({ hashOk: true, plays: true, interrupted: false });
    expect((await tracks()).filter((t) => labelOf('late')(t.participantLabel))).toEqual([]);
  }, 300_000);

  it('a round ended by a decline stays ended after another SIGKILL: nobody is recorded on the node that takes the room', async () => {
    await call('villager', 'giveConsent', 'decline');
    await eventually(async () => (await seen('mediator')).recording.state === 'stopped', 15_000, 'the round ended by the decline');
    await eventually(async () => (await tracks()).every((t) => t.endedAt !== null), 30_000, 'every segment finalised after the decline');
    await eventually(async () => (await image()).recording?.state === 'stopped', 10_000, 'the ended round in the room image');
    const host = (await nodeOf(people.mediator))!;
    expect(host).not.toBe(HOME);
    const rows = (await tracks()).length;
    await cluster.kill(host);
    const to = await everyoneBack(host);
    expect(await seen('mediator')).toMatchObject({ recording: { state: 'stopped', declined: ['peer-villager'] } });
    // media flows on the new node a while, and none of it is recorded
    for (const who of ['mediator', 'villager'] as const) await mediaWindow(async () => (await people.late.from(`peer-${who}`)).videoFrames, 30, `on ${to}: the late joiner decodes the ${who}`);
    expect(await tracks()).toHaveLength(rows);
    for (const c of await checkSegments(cluster.db.prisma, recordingsDir, fx.sessionId)) expect(c, `${c.label} ${c.kind}`).toMatchObject({ hashOk: true, plays: true });
  }, 180_000);

  it('the case file shows each person’s segments, the gap between them in words, and every hash', async () => {
    await cluster.db.prisma.staffAccount.update({ where: { id: fx.staff.mediator.id }, data: { passwordHash: await hashPassword(PASSWORD) } });
    const base = cluster.node(HOME).url;
    const token = await apiLogin(base, 'mediator', PASSWORD);
    const { items } = await apiCall<{ items: RecordingView[] }>(base, token, 'GET', `/cases/${fx.caseId}/recordings`);
    const mine = items.filter((r) => r.kind === 'AUDIO' && r.participantLabel.includes(NAMES.villager));
    // n1 (killed), n2 (drained), n1 again (stopped by the decline): three segments of one track
    expect(mine.map((r) => r.segment)).toEqual([1, 2, 3]);
    expect(mine[0]!.gapBeforeMs).toBeNull();
    for (const r of mine.slice(1)) expect(r.gapBeforeMs).toBeGreaterThan(0);
    expect(mine.map((r) => r.interrupted)).toEqual([true, false, false]);
    for (const r of mine) expect(r.sha256).toMatch(/^[0-9a-f]{64}$/);

    const contexts: BrowserContext[] = [];
    try {
      const page = await openPage(browser, contexts, { viewport: { width: 1280, height: 800 } });
      await signInThroughPage(page, base, 'mediator', PASSWORD);
      await page.goto(`${base}/cases/${fx.caseId}`);
      // the villager's microphone (their camera has a second segment too)
      const second = page.locator('[data-testid="recording"][data-kind="AUDIO"]').filter({ hasText: NAMES.villager }).filter({ hasText: '第 2 段' });
      await second.waitFor({ timeout: 20_000 });
      const gap = Math.round(mine.find((r) => r.kind === 'AUDIO' && r.segment === 2)!.gapBeforeMs! / 1000);
      await expect(second.getByTestId('recording-segment').textContent()).resolves.toBe(`第 2 段 · 中断 ${gap} 秒后接着录`);
      await expect(second.getByTestId('recording-hash').textContent()).resolves.toContain(mine[1]!.sha256!);
      await second.scrollIntoViewIfNeeded();
      fs.mkdirSync(SHOTS, { recursive: true });
      await page.screenshot({ path: path.join(SHOTS, 'recording-failover-case-file.png'), fullPage: true });
    } finally {
      for (const c of contexts) await c.close();
    }
  }, 120_000);
});

/**
 * `npm run bench:failover`: how long a live mediation is without media when the node
 * hosting its room dies (SIGKILL) or is stopped for an upgrade (SIGTERM, drain) — issue #15.
 *
 * Four real node processes on one PostgreSQL and one Redis (signaling/test/support/cluster.ts),
 * ROOM_LEASE_MS 2000: three that host the room in turn, and the one the pages came in by;
 * three people in real Chromium (mediator, villager, lawyer) in one room, placed by the directory. Each
 * round kills (or stops) the room's node, times from the signal until every page has
 * resumed and decodes every other page's video and audio on the new node, checks that
 * every seat was kept (same person, resumed, no fresh join), then brings the node back
 * on its own address. The mediation records with everyone's consent from the start (one
 * recordings directory shared by the nodes, as docs/deploy.md asks): each round also waits
 * until every person's audio and video are recorded again on the new node (new segments of
 * the same session), and at the end every segment of every round is checked: finalised,
 * its SHA-256 verifying against the file, and playing (ffprobe and a full decode).
 *
 * Writes bench-results/failover.json (every round) and prints a one-line JSON summary as
 * its last line (fields: registry.ts). Options: --kills=5 --drains=3; --smoke: 1 and 1.
 * Needs REDIS_URL and DATABASE_URL (a PostgreSQL server it may create a database on).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { Participant, launchChromium } from '../../signaling/test/support/browser';
import { Cluster } from '../../signaling/test/support/cluster';
import { checkSegments, sessionTracks } from '../../signaling/test/support/recording-segments';
import { seedEvidenceFixture } from '../../signaling/test/recording/fixture';
import { arg, percentile, report, root } from './common';

const KILLS = arg('kills', 5, 1);
const DRAINS = arg('drains', 3, 1);
const ROOM = 'bench-failover';
const log = (msg: string) => console.error(`[bench:failover] ${msg}`);
/**
 * Where the pages come in: a node of its own that no round stops, standing for the load
 * balancer's address a deployment gives its pages (a page whose own address died could
 * not come back; behind HAProxy it always can). By name it sorts after n1–n3, so the
 * directory places the room on one of those (fewest seats, then by name).
 */
const HOME = 'web';
const homes = { mediator: HOME, lawyer: HOME, villager: HOME } as const;
type Who = keyof typeof homes;

async function waitFor(what: string, probe: () => Promise<boolean>, withinMs = 90_000): Promise<void> {
  const until = Date.now() + withinMs;
  while (!(await probe().catch(() => false))) {
    if (Date.now() > until) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** What a node logged of recording ffmpeg processes that exited by themselves (a segment cut short). */
function ffmpegDeaths(cluster: Cluster, name: string): string[] {
  const lines = cluster.node(name).output.join('').split('\n');
  return lines.filter((l) => l.includes('recording ffmpeg exited by itself')).map((l) => `${name} ${l.slice(0, 600)}`);
}

async function main() {
  if (!process.env.REDIS_URL || !process.env.DATABASE_URL) throw new Error('bench:failover needs REDIS_URL and DATABASE_URL');
  const setup = spawnSync(process.execPath, [path.join(root, 'infra/scripts/setup.mjs'), '--only=web'], { stdio: ['ignore', 2, 2] });
  if (setup.status !== 0) throw new Error('building the web client failed');

  const recordingsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shuoshi-bench-failover-'));
  const cluster = await Cluster.create({ ROOM_LEASE_MS: '2000', PEER_GRACE_MS: '60000', RECORDINGS_DIR: recordingsDir });
  let browser: Browser | undefined;
  const people = {} as Record<Who, Participant>;
  try {
    await Promise.all(['n1', 'n2', 'n3', HOME].map((n) => cluster.start(n)));
    await cluster.allKnowEachOther();
    const { sessionId } = await seedEvidenceFixture(cluster.db.prisma, ROOM);
    browser = await launchChromium();
    for (const [who, role, name] of [['mediator', 'mediator', '李调解员'], ['villager', 'party', '王大爷'], ['lawyer', 'lawyer', '陈律师']] as const) {
      const token = await cluster.token(ROOM, role, name, `peer-${who}`);
      people[who] = await Participant.open(browser, who, `${cluster.node(homes[who]).url}/room/${ROOM}#token=${token}`);
      await people[who].waitForState('joined', 60_000);
    }
    const all = Object.values(people);
    const nodeOf = async (p: Participant) => cluster.nameOf(await p.run(() => globalThis.__shuoshi!.client!.signalUrl));
    const everyoneDecodes = async () => {
      for (const a of Object.keys(people) as Who[])
        for (const b of Object.keys(people) as Who[]) {
          if (a === b) continue;
          const got = await people[a].from(`peer-${b}`);
          if (!(got.videoFrames > 0 && got.audioBytes > 0)) return false;
        }
      return true;
    };
    await waitFor('everyone decodes everyone before the first round', everyoneDecodes);
    // recording with everyone's consent, from before the first round
    const recordingCall = (p: Participant, method: 'startRecording' | 'stopRecording' | 'giveConsent', ...args: unknown[]) =>
      p.runWith(([m, a]) => (globalThis.__shuoshi!.client as unknown as Record<string, (...x: unknown[]) => Promise<unknown>>)[m]!(...a), [method, args] as const);
    await recordingCall(people.mediator, 'startRecording');
    for (const p of all) await recordingCall(p, 'giveConsent', 'agree');
    const grows = new Map<string, number>();
    /** Every person's audio and video recorded in a segment started after `since` whose file grows. */
    const recordedSince = async (since: Date) => {
      const open = (await sessionTracks(cluster.db.prisma, sessionId)).filter((t) => t.startedAt >= since && t.endedAt === null);
      const size = (rel: string) => fs.statSync(path.join(recordingsDir, rel), { throwIfNoEntry: false })?.size ?? 0;
      // grown since first seen (the first size is kept: files grow a cluster every 500 ms)
      const growing = open.filter((t) => {
        const now = size(t.path);
        if (!grows.has(t.id)) grows.set(t.id, now);
        return now > grows.get(t.id)!;
      });
      return new Set(growing.map((t) => `${t.participantLabel} ${t.kind}`)).size === all.length * 2;
    };
    await waitFor('everyone recorded before the first round', () => recordedSince(new Date(0)));

    const toolDeaths: string[] = [];
    const rounds: Array<{ kind: 'kill' | 'drain'; node: string; to: string | undefined; media_ms: number; seats_kept: number; recording_ms: number }> = [];
    const plan = [...Array<'kill'>(KILLS).fill('kill'), ...Array<'drain'>(DRAINS).fill('drain')];
    for (const kind of plan) {
      const host = (await nodeOf(people.mediator))!;
      if (host === HOME) throw new Error('the room was placed on the pages’ own node');
      const before = await Promise.all(all.map((p) => p.run(() => ({ ...globalThis.__shuoshi!.client!.counters }))));
      const t0 = performance.now();
      const signalledAt = new Date();
      if (kind === 'kill') await cluster.kill(host);
      else void cluster.terminate(host);
      // every page resumed its seat on a live node, and media flows again every way
      await waitFor(`every page resumed after the ${kind} of ${host}`, async () => {
        const now = await Promise.all(all.map(async (p) => ({ state: await p.state(), node: await nodeOf(p), c: await p.run(() => ({ ...globalThis.__shuoshi!.client!.counters })) })));
        return now.every((x, i) => x.state === 'joined' && x.node !== host && x.c.resumes > before[i]!.resumes);
      });
      await waitFor(`media every way after the ${kind} of ${host}`, everyoneDecodes);
      const mediaMs = Math.round(performance.now() - t0);
      const after = await Promise.all(all.map((p) => p.run(() => ({ peerId: globalThis.__shuoshi!.client!.self?.peerId, rejoins: globalThis.__shuoshi!.client!.counters.rejoins, admission: globalThis.__shuoshi!.client!.admission }))));
      const kept = after.filter((a, i) => a.peerId === `peer-${Object.keys(people)[i]}` && a.rejoins === before[i]!.rejoins && a.admission === 'admitted').length;
      const to = await nodeOf(people.mediator);
      await waitFor(`everyone recorded again after the ${kind} of ${host}`, () => recordedSince(signalledAt));
      const recordingMs = Math.round(performance.now() - t0);
      rounds.push({ kind, node: host, to, media_ms: mediaMs, seats_kept: kept, recording_ms: recordingMs });
      log(`${kind} of ${host}: media back on ${to} in ${mediaMs} ms, ${kept}/${all.length} seats kept, everyone recorded again in ${recordingMs} ms`);
      await cluster.node(host).exited;
      toolDeaths.push(...ffmpegDeaths(cluster, host));
      await cluster.restart(host);
      await cluster.allKnowEachOther();
    }

    // the recording ends (every file finalised), and every segment of every round is checked
    await recordingCall(people.mediator, 'stopRecording');
    await waitFor('every segment finalised', async () => (await sessionTracks(cluster.db.prisma, sessionId)).every((t) => t.sha256 !== null));
    const segments = await checkSegments(cluster.db.prisma, recordingsDir, sessionId);
    for (const n of cluster.nodes.keys()) toolDeaths.push(...ffmpegDeaths(cluster, n));
    for (const d of toolDeaths) log(`a recording ffmpeg exited by itself: ${d}`);
    for (const c of segments.filter((c) => !c.hashOk || !c.plays)) log(`segment not ok: ${c.label} ${c.kind} ${c.startedAt.toISOString()}: ${c.problem}`);
    const kills = rounds.filter((r) => r.kind === 'kill').map((r) => r.media_ms).sort((a, b) => a - b);
    const drains = rounds.filter((r) => r.kind === 'drain').map((r) => r.media_ms).sort((a, b) => a - b);
    report(
      'failover',
      {
        nodes: 4,
        participants: all.length,
        kills: kills.length,
        kill_to_media_p50_ms: percentile(kills, 50),
        kill_to_media_p95_ms: percentile(kills, 95),
        drains: drains.length,
        drain_to_media_p95_ms: drains.length ? percentile(drains, 95) : null,
        seats_kept: rounds.reduce((n, r) => n + r.seats_kept, 0),
        seats_total: rounds.length * all.length,
        recording_segments: segments.length,
        recording_segments_ok: segments.filter((c) => c.hashOk && c.plays).length,
        recording_back_p95_ms: percentile(rounds.map((r) => r.recording_ms).sort((a, b) => a - b), 95),
      },
      { rounds, lease_ms: 2000, segments, tool_deaths: toolDeaths },
    );
  } finally {
    for (const p of Object.values(people)) await p.close();
    await browser?.close();
    await cluster.stop();
    fs.rmSync(recordingsDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mintLiveKitToken } from '../src/livekit/tokens';
import { CHROMIUM_ARGS, Participant, eventually, launchChromium, mediaWindow } from './support/browser';
import { Cluster, NodeClient } from './support/cluster';
import { openLiveKitPage, type LiveKitPage } from './support/livekit-page';
import { ensureWebBuilt } from './support/web-build';

/**
 * Issue #17 across several nodes, in real Chromium: the unmodified npm livekit-client and
 * our web client in one mediation on three node processes (Redis, PostgreSQL, mediasoup).
 * Both pages come in by n2 (as through a balancer); the room lives on n1. The LiveKit
 * client cannot follow ROOM_ELSEWHERE, so n2 relays its signalling to n1 (media goes
 * straight to n1). When n1 drains (SIGTERM) and later when the room's next node is killed
 * (SIGKILL), the LiveKit participant comes back into the room by itself: same identity,
 * still admitted (nobody admits it again), media decoded both ways.
 */
const ready = Boolean(process.env.REDIS_URL && process.env.DATABASE_URL);
const LIVEKIT = { apiKey: 'APIshuoshiCluster', apiSecret: 'livekit-cluster-secret-livekit-cluster-0123' };
const ROOM = 'case-lkcluster-0001';
const HOME = 'n2';
const PARTY = 'lk-party';
const MEDIATOR = 'peer-mediator';

describe.skipIf(!ready)('a livekit-client page in a mediation hosted on another node', () => {
  let cluster: Cluster;
  let browser: Browser;
  let host: Participant;
  let party: LiveKitPage;
  let ballast: NodeClient;
  /** What livekit-client itself logged on the party's page (it logs each leave's action and each full reconnect). */
  const sdkLog: string[] = [];
  let sdkAt = 0;

  const nodeOf = async () => cluster.nameOf(await host.run(() => globalThis.__shuoshi!.client!.signalUrl));
  const lk = <R>(fn: () => R) => party.run(fn as () => R, null);
  const lkLog = () => lk(() => ((globalThis as any).__lk.log as string[]).slice());
  const lobby = () => host.run(() => globalThis.__shuoshi!.client!.lobby.map((p) => p.peerId));

  /** Fresh media both ways: our client decodes the LiveKit participant's video and audio, and it decodes ours. */
  async function mediaBothWays(what: string): Promise<void> {
    await eventually(async () => { const g = await host.from(PARTY); return g.videoFrames > 0 && g.audioBytes > 0; }, 60_000, `${what}: our client decodes the LiveKit participant`, () => host.inbound());
    await eventually(async () => { const g = await party.from(MEDIATOR); return g.videoFrames > 0 && g.audioBytes > 0; }, 60_000, `${what}: the LiveKit participant decodes our client`, () => lk(() => (globalThis as any).__lk.remotes()));
    await mediaWindow(async () => (await host.from(PARTY)).videoFrames, 30, `${what}: video frames from the LiveKit participant`, 30_000);
    await mediaWindow(async () => (await host.from(PARTY)).audioBytes, 2_000, `${what}: audio bytes from the LiveKit participant`, 30_000);
    await mediaWindow(async () => (await party.from(MEDIATOR)).videoFrames, 30, `${what}: video frames to the LiveKit participant`, 30_000);
    await mediaWindow(async () => (await party.from(MEDIATOR)).audioBytes, 2_000, `${what}: audio bytes to the LiveKit participant`, 30_000);
  }

  /** The LiveKit page connected again by itself, as the same person, still allowed to publish, on one live node with our client. */
  async function backInTheRoom(gone: string, since: number, what: string): Promise<string> {
    await eventually(async () => (await lkLog()).slice(since).includes('reconnected'), 90_000, `${what}: the LiveKit page to reconnect`, lkLog);
    // the room's next node has new transports: the resume cannot re-bind, so the SDK joined afresh (a full reconnect)
    expect(sdkLog.slice(sdkAt).some((l) => l.includes('reconnecting, attempt:')), sdkLog.slice(sdkAt).join('\n')).toBe(true);
    await host.waitForState('joined', 60_000);
    const at = (await nodeOf())!;
    expect(at).not.toBe(gone);
    expect(await lk(() => (globalThis as any).__lk.room.state)).toBe('connected');
    expect(await lk(() => (globalThis as any).__lk.room.localParticipant.identity)).toBe(PARTY);
    await eventually(() => lk(() => (globalThis as any).__lk.canPublish()), 30_000, `${what}: the LiveKit participant still admitted`);
    expect(await lobby()).not.toContain(PARTY);
    await mediaBothWays(what);
    expect(await lobby()).not.toContain(PARTY); // nobody admitted it again
    return at;
  }

  beforeAll(async () => {
    ensureWebBuilt();
    cluster = await Cluster.create({ LIVEKIT_API_KEY: LIVEKIT.apiKey, LIVEKIT_API_SECRET: LIVEKIT.apiSecret, ROOM_LEASE_MS: '2000', PEER_GRACE_MS: '60000' });
    // the livekit-client page is served by the test (page.route): Chromium's local-network checks would block its WebSocket
    const args = CHROMIUM_ARGS.map((a) => (a.startsWith('--disable-features=') ? `${a},LocalNetworkAccessChecks` : a));
    [browser] = await Promise.all([launchChromium(args), ...['n1', 'n2', 'n3'].map((n) => cluster.start(n))]);
    await cluster.allKnowEachOther();
    const token = await cluster.token(ROOM, 'mediator', '李明', MEDIATOR);
    host = await Participant.open(browser, 'mediator', `${cluster.node(HOME).url}/room/${ROOM}#token=${token}`);
    await host.waitForState('joined', 60_000);
  }, 180_000);

  afterAll(async () => {
    await party?.close();
    await host?.close();
    ballast?.close();
    await browser?.close();
    await cluster?.stop();
  });

  it('our client places the room on n1; a token not signed with our key, sent by n2, is refused and seats nobody', async () => {
    expect(await nodeOf()).toBe('n1');
    party = await openLiveKitPage(browser, cluster.node(HOME).url, 'party');
    const forged = (await mintLiveKitToken({ apiKey: LIVEKIT.apiKey, apiSecret: 'not-our-secret-not-our-secret-not-our-secret' }, { roomId: ROOM, role: 'party', displayName: '冒名', peerId: 'lk-impostor', autoAdmit: true }, 600)).token;
    const refused = await party.run((t) => (globalThis as any).__lk.connect((globalThis as any).location.origin.replace(/^http/, 'ws'), t).then(() => 'connected', (e: Error) => String(e?.message ?? e)), forged);
    expect(refused).not.toBe('connected');
    expect(await lobby()).toEqual([]);
    expect(await host.run(() => globalThis.__shuoshi!.client!.peers.list.map((p) => p.peerId))).not.toContain('lk-impostor');
    await party.close();
  }, 60_000);

  it('a LiveKit party through n2 waits in the lobby of the room on n1; once admitted, both sides decode each other', async () => {
    party = await openLiveKitPage(browser, cluster.node(HOME).url, 'party');
    party.page.on('console', (m) => sdkLog.push(m.text()));
    const { token } = await mintLiveKitToken(LIVEKIT, { roomId: ROOM, role: 'party', displayName: '刘大山', peerId: PARTY }, 3_600);
    await party.connect(token);
    expect(await lk(() => (globalThis as any).__lk.canPublish())).toBe(false);
    await eventually(async () => (await lobby()).includes(PARTY), 15_000, "the party in the mediator's lobby list");
    await host.runWith((id) => globalThis.__shuoshi!.client!.admit(id), PARTY);
    await eventually(() => lk(() => (globalThis as any).__lk.canPublish()), 15_000, 'the party to be allowed to publish');
    await lk(() => (globalThis as any).__lk.publish());
    await mediaBothWays('relayed by n2');
    expect(await nodeOf()).toBe('n1');
    // another room's seat on n2 (the next empty node by name): when n1 goes, the room moves to n3, not to the pages' own node
    ballast = new NodeClient(cluster.node(HOME).url);
    await ballast.seatBy('join', { token: await cluster.token('case-lkcluster-ballast', 'mediator', '王调解', 'peer-ballast') });
    expect(cluster.nameOf(ballast.url)).toBe('n2');
  }, 180_000);

  it('SIGTERM of the room’s node: the LiveKit participant is back in the room by itself, same identity, still admitted, media both ways', async () => {
    const since = (await lkLog()).length;
    sdkAt = sdkLog.length;
    void cluster.terminate('n1');
    const at = await backInTheRoom('n1', since, 'after the drain');
    // it was told to resume (LeaveRequest action RESUME = 1), not to disconnect
    expect(sdkLog.slice(sdkAt).some((l) => l.includes('client leave request received (action=1)')), sdkLog.slice(sdkAt).join('\n')).toBe(true);
    expect(at).toBe('n3');
    await cluster.node('n1').exited;
  }, 240_000);

  it('SIGKILL of the room’s node: livekit-client retries n2, which takes the room; the participant is back, same identity, still admitted', async () => {
    const gone = (await nodeOf())!;
    expect(gone).not.toBe(HOME);
    const since = (await lkLog()).length;
    sdkAt = sdkLog.length;
    await cluster.kill(gone);
    const at = await backInTheRoom(gone, since, 'after SIGKILL');
    expect(at).toBe(HOME);
  }, 240_000);
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { mediatorsMediation, startLiveWorld, type LiveWorld } from './support/live-world';
import { ensureWebBuilt } from './support/web-build';
import { CHROMIUM_ARGS, Participant, eventually, launchChromium, mediaWindow } from './support/browser';
import { openLiveKitPage, type LiveKitPage } from './support/livekit-page';

const LIVEKIT_ENV = { LIVEKIT_API_KEY: 'APIshuoshiTest', LIVEKIT_API_SECRET: 'livekit-test-secret-livekit-test-secret-0123' };

/**
 * Issue #17 in real Chromium: the unmodified npm livekit-client and our web client in one
 * mediation, on the real server with a real mediasoup worker.
 */
let w: LiveWorld;
let browser: Browser;
let sessionId: string;
let roomId: string;
let host: Participant;
let hostId: string;
const pages: LiveKitPage[] = [];

const liveKitToken = async (auth: string) => {
  const r = await w.rest('POST', `/api/sessions/${sessionId}/livekit-token`, auth);
  if (r.status !== 200) throw new Error(`livekit-token: ${JSON.stringify(r.body)}`);
  return r.body as { token: string; identity: string; url: string };
};

beforeAll(async () => {
  ensureWebBuilt();
  // the livekit-client page is served by the test (page.route), so Chromium's local-network checks would block its WebSocket to 127.0.0.1
  const args = CHROMIUM_ARGS.map((a) => (a.startsWith('--disable-features=') ? `${a},LocalNetworkAccessChecks` : a));
  [w, browser] = await Promise.all([startLiveWorld({ env: LIVEKIT_ENV }), launchChromium(args)]);
  // the township mediator schedules and hosts the mediation in our web client
  const m = await mediatorsMediation(w);
  ({ sessionId, roomId } = m);
  const { hostJoin } = m;
  hostId = hostJoin.peerId;
  host = await Participant.open(browser, 'host', `${w.server.url}/room/${roomId}#token=${hostJoin.token}`);
  await host.waitForState('joined');
});

afterAll(async () => {
  for (const p of pages) await p.close();
  await host?.close();
  await browser?.close();
  await w?.server.stop();
});

describe('a livekit-client page in our mediation', () => {
  let lawyer: LiveKitPage;
  let lawyerId: string;

  it('connects with room.connect(url, token) and each side decodes the other (video frames, audio bytes)', async () => {
    const t = await liveKitToken(await w.token('lawyer'));
    lawyerId = t.identity;
    lawyer = await openLiveKitPage(browser, w.server.url, 'lawyer');
    pages.push(lawyer);
    const ms = await lawyer.connect(t.token);
    expect(ms).toBeGreaterThan(0);
    await lawyer.run(() => (globalThis as any).__lk.publish(), null);
    await eventually(async () => { const g = await host.from(lawyerId); return g.videoFrames > 0 && g.audioBytes > 0; }, 30_000, 'our client to decode the LiveKit participant', () => host.inbound());
    await eventually(async () => { const g = await lawyer.from(hostId); return g.videoFrames > 0 && g.audioBytes > 0; }, 30_000, 'the LiveKit participant to decode our client', () => lawyer.run(() => (globalThis as any).__lk.remotes(), null));
    await lawyer.page.screenshot({ path: 'test-output/screenshots/livekit-client-joined.png' });
  });

  const room = () => w.server.rooms.get(roomId)!;
  const hostFramesOut = async () => (await host.run(() => globalThis.__shuoshi!.client!.outboundStats())).filter((o) => o.source === 'camera').reduce((n, o) => n + o.framesEncoded, 0);
  const lkBytesOut = (p: LiveKitPage) => p.run(async () => ((await (globalThis as any).__lk.outbound()) as Array<{ bytes: number }>).reduce((n, o) => n + o.bytes, 0), null);

  /** Host requests made by the mediator's own web client (its room client's requests). */
  const asMediator = {
    mute: (peerId: string, muted: boolean) => host.runWith((a) => globalThis.__shuoshi!.client!.hostMute(a.peerId, 'microphone', a.muted), { peerId, muted }),
    moveTo: (peerId: string, to: { label: string } | null) => host.runWith((a) => globalThis.__shuoshi!.client!.moveTo(a.peerId, a.to), { peerId, to }),
    admit: (peerId: string) => host.runWith((id) => globalThis.__shuoshi!.client!.admit(id), peerId),
  };

  it('host mute: the LiveKit microphone is held (its track told muted, no audio reaches us) and its own unmute is refused', async () => {
    expect(room().hostId).toBe(hostId);
    await asMediator.mute(lawyerId, true);
    await eventually(() => lawyer.run(() => [...(globalThis as any).__lk.room.localParticipant.audioTrackPublications.values()].every((p: any) => p.isMuted), null), 10_000, 'the LiveKit microphone to show muted');
    // let what was in flight land, then a window of our own camera frames in which no audio may arrive
    await mediaWindow(hostFramesOut, 30, 'host frames (in flight)');
    const before = (await host.from(lawyerId)).audioBytes;
    await mediaWindow(hostFramesOut, 60, 'host frames (silence window)');
    expect((await host.from(lawyerId)).audioBytes).toBe(before);
    // the participant unmutes itself: the server keeps the producer paused and tells it so
    await lawyer.run(() => (globalThis as any).__lk.room.localParticipant.setMicrophoneEnabled(true), null);
    await mediaWindow(hostFramesOut, 60, 'host frames after the refused unmute');
    const mic = [...room().peers.get(lawyerId)!.producers.values()].find((p) => p.source === 'microphone')!;
    expect(mic.producer.paused).toBe(true);
    expect((await host.from(lawyerId)).audioBytes).toBe(before);
    // the host allows it again; the participant unmutes; audio flows
    await asMediator.mute(lawyerId, false);
    await lawyer.run(async () => {
      const lp = (globalThis as any).__lk.room.localParticipant;
      await lp.setMicrophoneEnabled(false);
      await lp.setMicrophoneEnabled(true);
    }, null);
    await eventually(async () => (await host.from(lawyerId)).audioBytes > before, 15_000, 'audio again after the host allowed it');
  });

  it('caucus: moved into a group of its own, no media crosses either way (byte counters), and back in the plenary it flows again', async () => {
    await asMediator.moveTo(lawyerId, { label: '律师单独' });
    await mediaWindow(hostFramesOut, 30, 'host frames (in flight)');
    await mediaWindow(() => lkBytesOut(lawyer), 50_000, 'LiveKit bytes out (in flight)');
    const hostGot = await host.from(lawyerId);
    const lkGot = await lawyer.from(hostId);
    await mediaWindow(hostFramesOut, 60, 'host frames (isolation window)');
    await mediaWindow(() => lkBytesOut(lawyer), 100_000, 'LiveKit bytes out (isolation window)');
    expect(await host.from(lawyerId)).toEqual(hostGot);
    const lkNow = await lawyer.from(hostId);
    expect(lkNow.videoFrames).toBeLessThanOrEqual(lkGot.videoFrames);
    expect(lkNow.audioBytes).toBeLessThanOrEqual(lkGot.audioBytes);
    // and on the server: no consumer crosses the group line, either way
    const crossing = (a: string, b: string) => [...room().peers.get(a)!.consumers.values()].some((c) => c.fromPeerId === b);
    expect(crossing(lawyerId, hostId)).toBe(false);
    expect(crossing(hostId, lawyerId)).toBe(false);
    await asMediator.moveTo(lawyerId, null);
    await eventually(async () => (await host.from(lawyerId)).videoFrames > hostGot.videoFrames, 20_000, 'our client to decode the LiveKit participant again');
    await eventually(async () => { const g = await lawyer.from(hostId); return g.videoFrames > 0 && g.audioBytes > 0; }, 20_000, 'the LiveKit participant to decode our client again', () => lawyer.run(() => (globalThis as any).__lk.remotes(), null));
  });

  let party: LiveKitPage;
  let partyId: string;
  it('lobby: a party waits with no permissions and sees nobody until the host admits it; then both sides decode', async () => {
    const med = await w.token('mediator1');
    const code = (await w.rest('POST', `/api/sessions/${sessionId}/invite-codes`, med, { partyId: w.org.parties.p1 })).body.code;
    const partyToken = (await w.rest('POST', '/api/auth/invite-code', undefined, { sessionId, code })).body.partyToken;
    const t = await liveKitToken(partyToken);
    partyId = t.identity;
    party = await openLiveKitPage(browser, w.server.url, 'party');
    pages.push(party);
    await party.connect(t.token);
    expect(await party.run(() => (globalThis as any).__lk.canPublish(), null)).toBe(false);
    expect(await party.run(() => (globalThis as any).__lk.remotes(), null)).toEqual([]);
    // the room holds it in the lobby, and the mediator's client lists it there
    const waiting = room().lobby.get(partyId)!;
    expect(room().isWaiting(waiting)).toBe(true);
    await eventually(async () => (await host.run(() => globalThis.__shuoshi!.client!.lobby.map((p) => p.peerId))).includes(partyId), 10_000, "the party in the mediator's lobby list");
    await party.page.screenshot({ path: 'test-output/screenshots/livekit-client-waiting.png' });
    await asMediator.admit(partyId);
    await eventually(() => party.run(() => (globalThis as any).__lk.canPublish(), null), 10_000, 'the party to be allowed to publish');
    await party.run(() => (globalThis as any).__lk.publish(), null);
    await eventually(async () => { const g = await host.from(partyId); return g.videoFrames > 0 && g.audioBytes > 0; }, 30_000, 'our client to decode the admitted party');
    await eventually(async () => { const g = await party.from(hostId); return g.videoFrames > 0 && g.audioBytes > 0; }, 30_000, 'the admitted party to decode our client', () => party.run(() => (globalThis as any).__lk.remotes(), null));
  });

  it('a dropped signal connection resumes (reconnect=1) with the same seat, and media goes on', async () => {
    const seat = room().peers.get(partyId)!;
    const resumes: string[] = [];
    const watch = (req: { url?: string }) => {
      if (req.url?.startsWith('/rtc?') && req.url.includes('reconnect=1')) resumes.push(req.url);
    };
    w.server.app.server.on('upgrade', watch);
    try {
      const before = (await host.from(partyId)).videoFrames;
      const transports = [...seat.transports.keys()];
      await dropSignal(party);
      await eventually(async () => (await party.run(() => (globalThis as any).__lk.log.slice(), null)).includes('reconnected'), 20_000, 'the party to resume', () => party.run(() => (globalThis as any).__lk.log.slice(), null));
      expect(resumes.length).toBeGreaterThan(0);
      expect(room().peers.get(partyId)).toBe(seat); // the same seat instance, not a new join
      // its two PeerConnections carried on over the same mediasoup transports (ICE restarted, nothing made anew)
      await eventually(async () => (await party.run(() => (globalThis as any).__lk.room.engine.pcManager.publisher.getICEConnectionState(), null)) === 'connected', 15_000, 'the publisher ICE after the restart');
      expect([...seat.transports.keys()]).toEqual(transports);
      await eventually(async () => (await host.from(partyId)).videoFrames > before + 30, 20_000, 'media from the party after the resume');
      await eventually(async () => (await party.from(hostId)).videoFrames > 0, 20_000, 'media to the party after the resume');
    } finally {
      w.server.app.server.off('upgrade', watch);
    }
  });

  it('unpublishing a track (renegotiation without it) closes its producer: our client stops receiving it', async () => {
    const cameraOf = () => [...room().peers.get(lawyerId)!.producers.values()].find((p) => p.source === 'camera');
    expect(cameraOf()).toBeDefined();
    await lawyer.run(async () => {
      const lp = (globalThis as any).__lk.room.localParticipant;
      const pub = [...lp.videoTrackPublications.values()][0];
      await lp.unpublishTrack(pub.track);
    }, null);
    await eventually(async () => cameraOf() === undefined, 15_000, 'the camera producer to close');
    await eventually(async () => (await host.inbound()).every((s) => !(s.peerId === lawyerId && s.kind === 'video')), 15_000, 'our client to drop the camera consumer');
    expect([...room().peers.get(lawyerId)!.producers.values()].map((p) => p.source)).toEqual(['microphone']);
  });
});

/** Closes the page's signal WebSocket abnormally (code 4000: not a clean leave), as a lost network would. */
async function dropSignal(p: LiveKitPage): Promise<void> {
  await p.run(() => {
    const ws = (globalThis as any).__lkSocket as WebSocket | undefined;
    if (!ws) throw new Error('no signal socket seen');
    ws.close(4000, 'test: network lost');
  }, null);
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startLiveWorld, type LiveWorld } from './support/live-world';
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
  const op = await w.token('operator1');
  const c = await w.rest('POST', '/api/cases', op, {
    category: 'MARRIAGE_FAMILY', intakeChannel: 'WALK_IN', description: '宅基地边界',
    parties: [{ partyId: w.org.parties.p1, side: 'A' }, { partyId: w.org.parties.p2, side: 'B' }],
  });
  const s = await w.rest('POST', '/api/sessions', op, { kind: 'MEDIATION', caseId: c.body.id, partyIds: [w.org.parties.p1, w.org.parties.p2], staffIds: [w.org.staff.lawyer.id] });
  sessionId = s.body.id;
  roomId = s.body.roomId;
  const hostJoin = (await w.rest('POST', `/api/sessions/${sessionId}/join-token`, op)).body;
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
});

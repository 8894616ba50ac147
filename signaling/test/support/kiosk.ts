import { hashPassword } from '@shuoshi/db';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { seedEvidenceFixture, type EvidenceFixture } from '../recording/fixture';
import type { TestServer } from './test-server';
import { injectScriptFile } from './inject';

/**
 * The village kiosk's world: the evidence fixture's case in mediation and its running
 * session, the village's talk room invited to it (plus one session tomorrow, which
 * the kiosk must not list), the village operator (a real password, to enrol and to
 * witness signatures) and a written agreement waiting for the parties' signatures.
 */
export interface KioskFixture extends EvidenceFixture {
  talkRoomId: string;
  talkRoomName: string;
  operator: { id: string; username: string; password: string };
  tomorrowSessionId: string;
  outcomeId: string;
}

export async function seedKioskFixture(server: TestServer): Promise<KioskFixture> {
  const prisma = server.db.prisma;
  const fx = await seedEvidenceFixture(prisma);
  const talkRoomName = '东坪村说事拉理室';
  const talkRoom = await prisma.talkRoom.create({ data: { kind: 'VILLAGE_TALK_ROOM', name: talkRoomName, countyId: fx.countyId, townshipId: fx.townshipId, villageId: fx.villageId } });
  const password = 'dongping-operator-pw';
  const operator = await prisma.staffAccount.create({
    data: {
      username: 'operator.dongping',
      displayName: '王芳',
      role: 'VILLAGE_OPERATOR',
      countyId: fx.countyId,
      townshipId: fx.townshipId,
      villageId: fx.villageId,
      talkRoomId: talkRoom.id,
      passwordHash: await hashPassword(password),
    },
  });
  await prisma.sessionInvite.create({ data: { sessionId: fx.sessionId, talkRoomId: talkRoom.id } });
  const tomorrow = await prisma.session.create({
    data: { kind: 'MEDIATION', caseId: fx.caseId, roomId: `${fx.roomId}-tomorrow`, hostId: fx.staff.mediator.id, scheduledAt: new Date(Date.now() + 36 * 3600_000) },
  });
  await prisma.sessionInvite.create({ data: { sessionId: tomorrow.id, talkRoomId: talkRoom.id } });
  const outcome = await prisma.outcome.create({
    data: { caseId: fx.caseId, sessionId: fx.sessionId, type: 'WRITTEN_AGREEMENT', terms: '刘家于三十日内拆除占用赵家通道的院墙部分，赵家不再追究。', recordedById: fx.staff.mediator.id },
  });
  return {
    ...fx,
    talkRoomId: talkRoom.id,
    talkRoomName,
    operator: { id: operator.id, username: operator.username, password },
    tomorrowSessionId: tomorrow.id,
    outcomeId: outcome.id,
  };
}

/** Enrols a device for the fixture's talk room through the API (the operator signs in); returns what the kiosk keeps in localStorage. */
export async function enrolDeviceByApi(baseUrl: string, fx: KioskFixture, label: string): Promise<{ token: string; deviceId: string; stored: string }> {
  const post = async (path: string, body: unknown, token?: string) => {
    const res = await fetch(`${baseUrl}/api${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return res.json() as Promise<Record<string, unknown>>;
  };
  const login = (await post('/auth/login', { username: fx.operator.username, password: fx.operator.password })) as { accessToken: string };
  const r = (await post(`/talk-rooms/${fx.talkRoomId}/devices`, { label }, login.accessToken)) as { token: string; device: { id: string; enrolledAt: string } };
  const stored = JSON.stringify({ token: r.token, deviceId: r.device.id, talkRoomId: fx.talkRoomId, talkRoomName: fx.talkRoomName, label, enrolledAt: r.device.enrolledAt });
  return { token: r.token, deviceId: r.device.id, stored };
}

/** The 1 Mbps village link (CDP): 125,000 bytes/s each way, 100 ms latency, no HTTP cache. */
export const VILLAGE_LINK = { offline: false, latency: 100, downloadThroughput: 125_000, uploadThroughput: 125_000 } as const;

export interface KioskLoadJoin {
  /** From navigation until the kiosk holds its seat (the join ack: in the lobby, or admitted at once) (ms). */
  seatMs: number;
  /** From navigation until the room client is admitted and both transports carry media (ms): includes the lobby, so someone must admit. */
  joinedMs: number;
  /** Until the first remote video frame was decoded (ms), when someone in the room sends video. */
  firstFrameMs: number | null;
  /** Bytes the page downloaded (HTTP and WebSocket frames as CDP counts them). */
  bytesLoaded: number;
  /** Each HTTP response that finished, with the bytes it took on the wire (headers and encoded body). */
  responses: Array<{ url: string; bytes: number; encoding: string | null }>;
  page: Page;
  context: BrowserContext;
}

/**
 * Opens /kiosk on an enrolled device over the throttled link, taps the session's
 * big button and the device check's join button as soon as each appears, and times
 * it from navigation: to the seat (join ack, in the lobby) and to joined with media,
 * which needs a mediator who admits the device (see `autoAdmit`). The caller closes `context`.
 */
export async function kioskLoadAndJoin(browser: Browser, baseUrl: string, stored: string, link = VILLAGE_LINK): Promise<KioskLoadJoin> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript({ content: `localStorage.setItem('shuoshi.device', ${JSON.stringify(stored)}); localStorage.removeItem('shuoshi.locale');` });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  let bytesLoaded = 0;
  const urls = new Map<string, { url: string; encoding: string | null }>();
  const responses: KioskLoadJoin['responses'] = [];
  cdp.on('Network.responseReceived', (e: { requestId: string; response: { url: string; headers: Record<string, string> } }) => {
    const h = Object.fromEntries(Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), v]));
    urls.set(e.requestId, { url: e.response.url, encoding: h['content-encoding'] ?? null });
  });
  cdp.on('Network.loadingFinished', (e: { requestId: string; encodedDataLength: number }) => {
    bytesLoaded += e.encodedDataLength;
    const r = urls.get(e.requestId);
    if (r) responses.push({ ...r, bytes: e.encodedDataLength });
  });
  if (process.env.KIOSK_DEBUG) cdp.on('Network.responseReceived', (e: { response: { url: string; fromDiskCache?: boolean; fromPrefetchCache?: boolean; fromServiceWorker?: boolean } }) => console.error('[kiosk]', e.response.url, e.response.fromDiskCache, e.response.fromPrefetchCache));
  if (process.env.KIOSK_DEBUG) cdp.on('Network.requestServedFromCache', (e: unknown) => console.error('[kiosk] from cache', e));
  cdp.on('Network.webSocketFrameReceived', (e: { response: { payloadData: string } }) => (bytesLoaded += e.response.payloadData.length));
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', link);
  const t0 = Date.now();
  await page.goto(`${baseUrl}/kiosk`, { waitUntil: 'commit' });
  await page.getByRole('button', { name: '进入调解' }).first().click({ timeout: 20_000 });
  await page.getByRole('button', { name: '好了，进入调解' }).click({ timeout: 20_000 });
  // the join ack (the seat, in the lobby or admitted), seen by polling every 20 ms
  await page.waitForFunction(() => globalThis.__shuoshi?.client?.admission !== undefined, undefined, { timeout: 30_000, polling: 20 });
  const seatMs = Date.now() - t0;
  // waitForFunction would take an async predicate's promise itself for "true" (it does not await it): poll in the page
  await page.evaluate(async (timeoutMs) => {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const c = globalThis.__shuoshi?.client as unknown as { state: string; admission: string; marks: Record<string, number>; outboundStats(): Promise<Array<{ bytesSent: number }>> } | undefined;
      if (c?.state === 'joined' && c.admission === 'admitted' && c.marks.recvConnected !== undefined && (await c.outboundStats()).some((s) => s.bytesSent > 0)) return;
      if (performance.now() > deadline) throw new Error(`the kiosk did not join with media (state ${c?.state}, admission ${c?.admission})`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }, 30_000);
  const joinedMs = Date.now() - t0;
  const firstFrameMs = await page
    .evaluate(async (timeoutMs) => {
      const deadline = performance.now() + timeoutMs;
      for (;;) {
        if (((await globalThis.__shuoshi?.client?.inboundStats()) ?? []).some((s) => s.kind === 'video' && s.framesDecoded > 0)) return true;
        if (performance.now() > deadline) return false;
        await new Promise((r) => setTimeout(r, 20));
      }
    }, 15_000)
    .then((decoded) => (decoded ? Date.now() - t0 : null));
  return { seatMs, joinedMs, firstFrameMs, bytesLoaded, responses, page, context };
}

/** axe-core in the page: the serious and critical violations (id and how many nodes). */
export async function axeViolations(page: Page, axePath: string): Promise<Array<{ id: string; impact: string; nodes: number; help: string }>> {
  await injectScriptFile(page, axePath);
  const result = (await page.evaluate('axe.run(document, { resultTypes: ["violations"] })')) as {
    violations: Array<{ id: string; impact: string | null; help: string; nodes: unknown[] }>;
  };
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => ({ id: v.id, impact: v.impact!, nodes: v.nodes.length, help: v.help }));
}

/**
 * In a mediator's page: admit `peerId` the moment it shows in the lobby (a mediator
 * at their desk, waiting for the talk room), so a timing measures the kiosk and the
 * server, not a human. Returns once installed.
 */
export async function admitOnArrival(mediator: { page: Page }, peerId: string): Promise<void> {
  // a string, not a function: tsx (the bench) would wrap inner functions in a `__name` helper the page lacks
  await mediator.page.evaluate(`(() => {
    const c = globalThis.__shuoshi.client;
    const id = ${JSON.stringify(peerId)};
    const look = (waiting) => { if (waiting.some((w) => w.peerId === id)) c.admit(id).catch(() => undefined); };
    c.on('lobby', look);
    look(c.lobby);
  })()`);
}

/** A REST call to the test server: its status and JSON body (null when none). */
export async function restCall(baseUrl: string, method: string, url: string, auth?: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${baseUrl}${url}`, {
    method,
    headers: { ...(auth ? { authorization: `Bearer ${auth}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: await res.json().catch(() => null) };
}

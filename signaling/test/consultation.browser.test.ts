import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { issueAccessToken } from '../src/auth/tokens';
import { staffPrincipal } from '../src/auth/staff-sign-in';
import { seedFixture, type Fixture, type StaffKey } from './api/fixture';
import { startTestServer, type TestServer } from './support/test-server';
import { ensureWebBuilt } from './support/web-build';
import { Participant, eventually, launchChromium } from './support/browser';
import { QueueClient } from './support/queue-client';

/**
 * A remote legal consultation end to end: a village talk room (its enrolled device)
 * asks, an on-duty lawyer accepts on the queue socket, both enter the live room in
 * real Chromium with the tokens they were given (the lawyer's in the ack, the talk
 * room's pushed), each decodes the other's media; the lawyer saves the record and
 * it shows in the consultation statistics.
 */
let server: TestServer;
let browser: Browser;
let org: Fixture;
const pages: Participant[] = [];
const sockets: QueueClient[] = [];

beforeAll(async () => {
  ensureWebBuilt();
  [server, browser] = await Promise.all([startTestServer(), launchChromium()]);
  org = await seedFixture(server.db.prisma);
}, 120_000);

afterAll(async () => {
  for (const s of sockets) s.close();
  for (const p of pages) await p.close();
  await browser?.close();
  await server?.stop();
});

const token = async (key: StaffKey) => (await issueAccessToken(server.config.authSecret, staffPrincipal(org.staff[key]))).token;
async function rest(method: string, url: string, auth: string, body?: unknown) {
  const res = await fetch(`${server.url}${url}`, { method, headers: { authorization: `Bearer ${auth}`, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
  return { status: res.status, body: (await res.json().catch(() => null)) as any };
}

describe('a consultation in real Chromium', () => {
  it('talk room asks, lawyer accepts, both see and hear each other; the record reaches the statistics', async () => {
    const lawyerToken = await token('lawyer');
    const device = await rest('POST', `/api/talk-rooms/${org.rooms.v1a}/devices`, await token('operator1'), { label: '东坪村电视盒' });
    expect(device.status).toBe(201);

    const lawyer = new QueueClient(server.url, lawyerToken);
    const room = new QueueClient(server.url, device.body.token);
    sockets.push(lawyer, room);
    await Promise.all([lawyer.connected(), room.connected()]);
    expect((await lawyer.request('duty:set', { onDuty: true })).onDuty).toBe(true);

    const asked = await rest('POST', '/api/consultations', device.body.token, { topic: 'LABOUR_WAGES', question: '包工头拖欠工资怎么办？' });
    expect(asked.status).toBe(201);
    expect(asked.body.queue).toMatchObject({ position: 1, queueLength: 1 });
    const id: string = asked.body.id;
    await room.next('queue:position', (p) => p.consultationId === id && p.position === 1);
    const seen = await lawyer.next('queue:list', (p) => p.entries.some((e: { consultationId: string }) => e.consultationId === id));
    expect(seen.entries[0]).toMatchObject({ talkRoomId: org.rooms.v1a, topic: 'LABOUR_WAGES', question: '包工头拖欠工资怎么办？' });

    const accepted = await lawyer.request('queue:accept', { consultationId: id });
    expect(accepted.ok).toBe(true);
    const pushed = await room.next('consultation:accepted', (p) => p.consultationId === id);
    expect(pushed.join.roomId).toBe(accepted.join.roomId);

    const lawyerPage = await Participant.open(browser, 'lawyer', `${server.url}/room/${accepted.join.roomId}#token=${accepted.join.token}`);
    const roomPage = await Participant.open(browser, 'talk-room', `${server.url}/room/${pushed.join.roomId}#token=${pushed.join.token}`);
    pages.push(lawyerPage, roomPage);
    await Promise.all([lawyerPage.waitForState('joined'), roomPage.waitForState('joined')]);
    for (const [a, b, peer] of [[lawyerPage, 'talk room', pushed.join.peerId], [roomPage, 'lawyer', accepted.join.peerId]] as const) {
      await eventually(
        async () => {
          const got = await a.from(peer);
          return got.videoFrames > 0 && got.audioBytes > 0;
        },
        30_000,
        `${a.name} to decode the ${b}'s video and receive their audio`,
        () => a.inbound(),
      );
    }

    const record = await rest('POST', `/api/consultations/${id}/answer`, lawyerToken, { questionSummary: '包工头拖欠三个月工资', advice: '保留考勤和转账记录，向劳动监察大队投诉或申请劳动仲裁', shouldBecomeCase: false });
    expect(record.status).toBe(200);
    expect(record.body.status).toBe('ANSWERED');
    const stats = await rest('GET', '/api/statistics/consultations', await token('admin'));
    expect(stats.status).toBe(200);
    expect(stats.body.totals).toMatchObject({ requested: 1, answered: 1, live: 1, abandoned: 0, callbacks: 0 });
    expect(stats.body.totals.waitP50S).toBeGreaterThanOrEqual(0);
    expect(stats.body.byVillage).toEqual([expect.objectContaining({ villageId: org.villages.v1a, answered: 1 })]);
    expect(stats.body.byTopic).toEqual([expect.objectContaining({ topic: 'LABOUR_WAGES', answered: 1 })]);
  }, 180_000);
});

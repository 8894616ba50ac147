import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { startTestServer, type TestServer } from './support/test-server';
import { ask, clientDtls, connected, rawSocket, receiverCapabilities, vp8Parameters } from './support/raw-socket';

/**
 * Issue #12, items 13, 14 and 20, from a hostile client's side: per-peer limits hold
 * under concurrency, mediasoup's refusals of a client's own mistakes are MEDIA_REJECTED
 * (never INTERNAL, never echoing the values), and `ready` refuses junk capabilities.
 */
let server: TestServer;
const sockets: Socket[] = [];
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await server?.stop();
});

let n = 0;
async function seated(role: 'party' | 'mediator' = 'party'): Promise<Socket> {
  const s = rawSocket(server.url);
  sockets.push(s);
  await connected(s);
  const res = await ask(s, 'join', { token: await server.token(`limits-${++n}`, role, `p${n}`) });
  expect(res.ok).toBe(true);
  return s;
}

describe('per-peer limits under concurrency (item 13)', () => {
  it('20 concurrent createTransport on one peer: exactly 4 succeed, the rest are FORBIDDEN', async () => {
    const s = await seated();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => ask(s, 'createTransport', { direction: i % 2 ? 'send' : 'recv' })));
    expect(results.filter((r) => r.ok)).toHaveLength(4);
    expect(results.filter((r) => !r.ok).map((r) => r.error.code)).toEqual(Array(16).fill('FORBIDDEN'));
  });

  it('12 concurrent produce on one transport: exactly 4 succeed', async () => {
    const s = await seated();
    const t = await ask(s, 'createTransport', { direction: 'send' });
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => ask(s, 'produce', { transportId: t.transportId, kind: 'video', source: 'camera', rtpParameters: vp8Parameters(1000 + i, `m${i}`) })),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(4);
    expect(results.filter((r) => !r.ok).map((r) => r.error.code)).toEqual(Array(8).fill('FORBIDDEN'));
  });
});

describe("mediasoup refusing a client's mistake (item 14)", () => {
  it('a second connectTransport on a connected transport is MEDIA_REJECTED', async () => {
    const s = await seated();
    const t = await ask(s, 'createTransport', { direction: 'recv' });
    expect(await ask(s, 'connectTransport', { transportId: t.transportId, dtlsParameters: clientDtls })).toEqual({ ok: true });
    const again = await ask(s, 'connectTransport', { transportId: t.transportId, dtlsParameters: clientDtls });
    expect(again).toMatchObject({ ok: false, error: { code: 'MEDIA_REJECTED' } });
  });

  it('produce with an SSRC already in use is MEDIA_REJECTED, and the message does not repeat the SSRC', async () => {
    const s = await seated();
    const t = await ask(s, 'createTransport', { direction: 'send' });
    const first = await ask(s, 'produce', { transportId: t.transportId, kind: 'video', source: 'camera', rtpParameters: vp8Parameters(777_123) });
    expect(first.ok).toBe(true);
    const dup = await ask(s, 'produce', { transportId: t.transportId, kind: 'video', source: 'camera', rtpParameters: vp8Parameters(777_123) });
    expect(dup).toMatchObject({ ok: false, error: { code: 'MEDIA_REJECTED' } });
    expect(dup.error.message).not.toContain('777123');
  });

  it.each([
    ['an unknown fingerprint algorithm', { fingerprints: [{ algorithm: 'md5-ish', value: 'AB:CD' }] }],
    ['a role mediasoup refuses', { role: 'server', fingerprints: [{ algorithm: 'sha-256', value: 'zz' }] }],
  ])('connectTransport with %s is answered, not INTERNAL', async (_what, dtlsParameters) => {
    const s = await seated();
    const t = await ask(s, 'createTransport', { direction: 'recv' });
    const res = await ask(s, 'connectTransport', { transportId: t.transportId, dtlsParameters });
    if (!res.ok) expect(['MEDIA_REJECTED', 'BAD_REQUEST']).toContain(res.error.code);
  });

  it('produce with RTP parameters mediasoup refuses is MEDIA_REJECTED without echoing them', async () => {
    const s = await seated();
    const t = await ask(s, 'createTransport', { direction: 'send' });
    const bad = { codecs: [{ mimeType: 'video/NOPE-SECRET-CODEC', payloadType: 96, clockRate: 90000 }], encodings: [{ ssrc: 1 }] };
    const res = await ask(s, 'produce', { transportId: t.transportId, kind: 'video', source: 'camera', rtpParameters: bad });
    expect(res).toMatchObject({ ok: false, error: { code: 'MEDIA_REJECTED' } });
    expect(res.error.message).not.toContain('NOPE-SECRET-CODEC');
  });
});

describe('ready validates rtpCapabilities (item 20)', () => {
  async function withRecv() {
    const s = await seated();
    expect((await ask(s, 'createTransport', { direction: 'recv' })).ok).toBe(true);
    return s;
  }
  const deep = () => {
    const root: Record<string, unknown> = {};
    let at = root;
    for (let i = 0; i < 300; i++) at = (at.x = {}) as Record<string, unknown>;
    return root;
  };

  it.each([
    ['an empty object', {}],
    ['codecs that are not codecs', { codecs: [{ foo: 1 }] }],
    ['a deep object hidden in an extra field', { codecs: receiverCapabilities.codecs, deep: deep() }],
    ['a deep object in codec parameters', { codecs: [{ ...receiverCapabilities.codecs[1], parameters: { a: deep() } }] }],
    ['a header extension without an id', { codecs: receiverCapabilities.codecs, headerExtensions: [{ uri: 'x' }] }],
  ])('refuses %s with BAD_REQUEST', async (_what, rtpCapabilities) => {
    const s = await withRecv();
    expect(await ask(s, 'ready', { rtpCapabilities })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });

  it('refuses a Buffer (a binary attachment) with BAD_REQUEST', async () => {
    const s = await withRecv();
    expect(await ask(s, 'ready', { rtpCapabilities: Buffer.from('{"codecs":[]}') })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });

  it('refuses well-formed capabilities that share no codec with the room (MEDIA_REJECTED), accepts real ones', async () => {
    const s = await withRecv();
    const alien = { codecs: [{ kind: 'video', mimeType: 'video/AV2', preferredPayloadType: 100, clockRate: 90000, parameters: {}, rtcpFeedback: [] }] };
    expect(await ask(s, 'ready', { rtpCapabilities: alien })).toMatchObject({ ok: false, error: { code: 'MEDIA_REJECTED' } });
    expect(await ask(s, 'ready', { rtpCapabilities: receiverCapabilities })).toEqual({ ok: true, consumers: [] });
  });

  it('a peer with real capabilities receives a producer made after ready', async () => {
    const rx = await withRecv();
    expect((await ask(rx, 'ready', { rtpCapabilities: receiverCapabilities })).ok).toBe(true);
    const roomOf = n;
    const tx = rawSocket(server.url);
    sockets.push(tx);
    await connected(tx);
    expect((await ask(tx, 'join', { token: await server.token(`limits-${roomOf}`, 'party', 'sender') })).ok).toBe(true);
    const newConsumer = new Promise((resolve) => rx.once('newConsumer', resolve));
    const t = await ask(tx, 'createTransport', { direction: 'send' });
    expect((await ask(tx, 'produce', { transportId: t.transportId, kind: 'video', source: 'camera', rtpParameters: vp8Parameters(4242) })).ok).toBe(true);
    expect(await newConsumer).toMatchObject({ kind: 'video', source: 'camera' });
  });
});

describe('requests racing a close (item 14)', () => {
  it('resumeConsumer and setRenderedSize racing the producer’s close are answered ok or NOT_FOUND, never INTERNAL', async () => {
    const codes = new Set<string>();
    for (let round = 0; round < 15; round++) {
      const rx = await seated();
      expect((await ask(rx, 'createTransport', { direction: 'recv' })).ok).toBe(true);
      expect((await ask(rx, 'ready', { rtpCapabilities: receiverCapabilities })).ok).toBe(true);
      const tx = rawSocket(server.url);
      sockets.push(tx);
      await connected(tx);
      expect((await ask(tx, 'join', { token: await server.token(`limits-${n}`, 'party', 'sender') })).ok).toBe(true);
      const t = await ask(tx, 'createTransport', { direction: 'send' });
      const got = new Promise<{ consumerId: string }>((resolve) => rx.once('newConsumer', resolve));
      const { producerId } = await ask(tx, 'produce', { transportId: t.transportId, kind: 'video', source: 'camera', rtpParameters: vp8Parameters(9000 + round) });
      const { consumerId } = await got;
      const answers = await Promise.all([
        ask(rx, 'resumeConsumer', { consumerId }),
        ask(rx, 'setRenderedSize', { consumerId, width: 320, height: 180 }),
        ask(tx, 'closeProducer', { producerId }),
        ask(rx, 'resumeConsumer', { consumerId }),
        ask(rx, 'setRenderedSize', { consumerId, width: 640, height: 360 }),
      ]);
      for (const a of answers) codes.add(a.ok ? 'ok' : a.error.code);
      rx.close();
      tx.close();
    }
    expect([...codes].filter((c) => c !== 'ok' && c !== 'NOT_FOUND')).toEqual([]);
  });
});

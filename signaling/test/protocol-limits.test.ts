import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { MAX_ERROR_MESSAGE_LENGTH, MAX_MESSAGE_BYTES, QUEUE_NAMESPACE } from '@shuoshi/protocol';
import { issueAccessToken } from '../src/auth/tokens';
import { staffPrincipal } from '../src/auth/staff-sign-in';
import { seedFixture, type Fixture } from './api/fixture';
import { startTestServer, type TestServer } from './support/test-server';
import { ask, connected, disconnected, rawSocket } from './support/raw-socket';

/**
 * Issue #12, items 15, 16 and 19, from a fuzzer's side: both namespaces answer every
 * request (UNKNOWN_REQUEST on /queue too), messages over their size are refused before
 * they are parsed and charged to the socket (which is disconnected when it keeps on),
 * and error messages never echo the client's input.
 */
let server: TestServer;
let org: Fixture;
const sockets: Socket[] = [];
beforeAll(async () => {
  server = await startTestServer();
  org = await seedFixture(server.db.prisma);
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await server?.stop();
});

async function open(namespace = '', auth?: Record<string, unknown>): Promise<Socket> {
  const s = rawSocket(server.url, { namespace, auth });
  sockets.push(s);
  await connected(s);
  return s;
}
const lawyer = async () => open(QUEUE_NAMESPACE, { token: (await issueAccessToken(server.config.authSecret, staffPrincipal(org.staff.lawyer))).token });
let n = 0;
async function seated(): Promise<Socket> {
  const s = await open();
  expect((await ask(s, 'join', { token: await server.token(`limits-${++n}`, 'party', `p${n}`) })).ok).toBe(true);
  return s;
}

describe('one dispatcher for both namespaces (item 15)', () => {
  it.each(['nope', 'join', '__proto__', 'constructor', 'toString', 'hasOwnProperty'])('/queue answers %s with UNKNOWN_REQUEST', async (name) => {
    const s = await lawyer();
    expect(await ask(s, name, {})).toEqual({ ok: false, error: { code: 'UNKNOWN_REQUEST', message: 'unknown request' } });
    // and keeps serving
    expect(await ask(s, 'duty:set', { onDuty: false })).toEqual({ ok: true, onDuty: false });
  });

  it('the default namespace answers the same names the same way', async () => {
    const s = await open();
    for (const name of ['nope', 'queue:list', '__proto__', 'constructor']) {
      expect(await ask(s, name, {})).toEqual({ ok: false, error: { code: 'UNKNOWN_REQUEST', message: 'unknown request' } });
    }
  });

  it('/queue refuses a malformed payload with BAD_REQUEST, as the default namespace does', async () => {
    const s = await lawyer();
    expect(await ask(s, 'queue:accept', { consultationId: 42 })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });
});

describe('size caps before parsing (item 16)', () => {
  const manyKeys = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, i) => [`k${i}`, i]));

  it('a raiseHand of ~20 KB is PAYLOAD_TOO_LARGE (refused before its schema is checked)', async () => {
    const s = await seated();
    const res = await ask(s, 'raiseHand', { raised: true, ...manyKeys(2000) });
    expect(res).toMatchObject({ ok: false, error: { code: 'PAYLOAD_TOO_LARGE' } });
    expect(await ask(s, 'raiseHand', { raised: true })).toEqual({ ok: true });
  });

  it('an oversized /queue request is PAYLOAD_TOO_LARGE too', async () => {
    const s = await lawyer();
    expect(await ask(s, 'queue:list', manyKeys(1000))).toMatchObject({ ok: false, error: { code: 'PAYLOAD_TOO_LARGE' } });
  });

  it(`a message over ${MAX_MESSAGE_BYTES} bytes closes the connection; others are still served`, async () => {
    const other = await seated();
    const s = await seated();
    const gone = disconnected(s);
    s.emit('raiseHand', { raised: true, ...manyKeys(60_000) }, () => undefined);
    expect(await gone).toMatch(/transport (close|error)/);
    expect(await ask(other, 'raiseHand', { raised: false })).toEqual({ ok: true });
  });

  it('a socket that keeps sending oversized or invalid messages is disconnected by the server; the others carry on', async () => {
    const other = await seated();
    const s = await seated();
    const gone = disconnected(s);
    const answers: unknown[] = [];
    for (let i = 0; i < 40 && s.connected; i++) {
      s.emit('raiseHand', { raised: true, ...manyKeys(600) }, (r: unknown) => answers.push(r));
      s.emit('raiseHand', { raised: 'yes' }, (r: unknown) => answers.push(r));
    }
    expect(await gone).toBe('io server disconnect');
    expect(answers.length).toBeGreaterThan(0);
    expect(await ask(other, 'raiseHand', { raised: true })).toEqual({ ok: true });
  });
});

describe('bounded, sanitised error messages (item 19)', () => {
  it('a long property name does not come back in the error', async () => {
    const s = await seated();
    const name = `evil${'X'.repeat(3000)}`;
    const res = await ask(s, 'raiseHand', { raised: true, [name]: 1 });
    expect(res).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(res.error.message.length).toBeLessThanOrEqual(MAX_ERROR_MESSAGE_LENGTH);
    expect(res.error.message).not.toContain('X'.repeat(100));
  });

  it('control characters and markup in a property name are not echoed', async () => {
    const s = await seated();
    const res = await ask(s, 'raiseHand', { raised: true, '<script>\n\u0000alert(1)</script>': 1 });
    expect(res.error.message).not.toMatch(/[<>\n\u0000]/);
  });
});

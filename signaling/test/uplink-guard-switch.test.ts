import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config';
import { RoomSocket } from './support/room-socket';
import { startTestServer, type TestServer } from './support/test-server';

/**
 * UPLINK_GUARD (issue #16): the server tells each seat whether its client should turn its own
 * camera off on a weak uplink. Test servers turn it off (a loaded CI's loopback drops
 * packets); a deployment has it on unless its operator says otherwise.
 */
describe('the uplink guard switch', () => {
  let on: TestServer;
  let off: TestServer;
  beforeAll(async () => {
    [on, off] = await Promise.all([startTestServer({ env: { UPLINK_GUARD: 'on' } }), startTestServer()]);
  });
  afterAll(async () => {
    await Promise.all([on?.stop(), off?.stop()]);
  });

  async function seatOn(server: TestServer, roomId: string) {
    const s = new RoomSocket(server.url);
    await s.connected();
    const ack = await s.request('join', { token: await server.token(roomId, 'party', '张三') });
    s.close();
    return ack;
  }

  it('is on by default and rejects anything but on/off', () => {
    expect(loadConfig({ DATA_DIR: '/tmp/shuoshi-uplink-switch' }).uplinkGuard).toBe(true);
    expect(loadConfig({ DATA_DIR: '/tmp/shuoshi-uplink-switch', UPLINK_GUARD: 'off' }).uplinkGuard).toBe(false);
    expect(() => loadConfig({ DATA_DIR: '/tmp/shuoshi-uplink-switch', UPLINK_GUARD: 'maybe' })).toThrow(ConfigError);
  });

  it("reaches the client in the seat's answer", async () => {
    const [a, b] = await Promise.all([seatOn(on, 'room-guard-on'), seatOn(off, 'room-guard-off')]);
    expect(a).toMatchObject({ ok: true, uplinkGuard: true });
    expect(b).toMatchObject({ ok: true, uplinkGuard: false });
  });
});

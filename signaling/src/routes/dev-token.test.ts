import { describe, expect, it } from 'vitest';
import Fastify from 'fastify';
import { devTokenRoutes } from './dev-token';
import { verifyRoomToken } from '../auth/room-token';

const secret = 'dev-token-test-secret-0123456789abcdef';

async function app() {
  const a = Fastify();
  await a.register(async (scope) => devTokenRoutes(scope, { authSecret: secret }));
  return a;
}

describe('POST /api/dev/room-token', () => {
  it('issues a join token for a room and role', async () => {
    const res = await (await app()).inject({
      method: 'POST',
      url: '/api/dev/room-token',
      payload: { roomId: 'case-1', role: 'mediator', displayName: '李调解员', peerId: 'm-1' },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json<{ token: string; peerId: string; expiresAt: string }>();
    expect(body.peerId).toBe('m-1');
    expect(await verifyRoomToken(secret, body.token)).toEqual({ roomId: 'case-1', role: 'mediator', displayName: '李调解员', peerId: 'm-1' });
  });

  it('makes a party wait in the lobby unless asked for autoAdmit, and names the talk room', async () => {
    const issue = async (payload: object) =>
      verifyRoomToken(secret, (await (await app()).inject({ method: 'POST', url: '/api/dev/room-token', payload })).json<{ token: string }>().token);
    expect((await issue({ roomId: 'c', role: 'party', displayName: 'x' })).autoAdmit).toBeUndefined();
    expect(await issue({ roomId: 'c', role: 'party', displayName: 'x', autoAdmit: true, talkRoom: '东村说事室' })).toMatchObject({ autoAdmit: true, talkRoom: '东村说事室' });
  });

  it.each([
    [{ roomId: 'case 1', role: 'party', displayName: 'x' }],
    [{ roomId: 'c', role: 'judge', displayName: 'x' }],
    [{ roomId: 'c', role: 'party' }],
  ])('refuses %j', async (payload) => {
    const res = await (await app()).inject({ method: 'POST', url: '/api/dev/room-token', payload });
    expect(res.statusCode).toBe(400);
  });
});

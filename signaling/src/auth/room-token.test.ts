import { describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import { issueResumeToken, issueRoomToken, verifyResumeToken, verifyRoomToken } from './room-token';
import { AppError } from '../errors';

const secret = 'test-secret-that-is-long-enough-0123456789';

async function rejects(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe('UNAUTHORIZED');
  return err as AppError;
}

describe('room tokens', () => {
  it('round-trips room, role, name and peer identity', async () => {
    const { token, peerId, expiresAt } = await issueRoomToken(secret, { roomId: 'case-7', role: 'mediator', displayName: '王调解员' });
    expect(peerId).toMatch(/^p-/);
    expect(expiresAt.getTime()).toBeGreaterThan(Date.now());
    expect(await verifyRoomToken(secret, token)).toEqual({ roomId: 'case-7', role: 'mediator', displayName: '王调解员', peerId });
  });

  it('keeps a given peer identity', async () => {
    const { token } = await issueRoomToken(secret, { roomId: 'r', role: 'party', displayName: 'A', peerId: 'villager-1' });
    expect((await verifyRoomToken(secret, token)).peerId).toBe('villager-1');
  });

  it('rejects another secret, a tampered token, junk and an expired token', async () => {
    const { token } = await issueRoomToken(secret, { roomId: 'r', role: 'party', displayName: 'A' });
    await rejects(verifyRoomToken('another-secret-that-is-long-enough-xxxxxx', token));
    const [h, p, s] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p!, 'base64url').toString()), role: 'mediator' })).toString('base64url');
    await rejects(verifyRoomToken(secret, `${h}.${forged}.${s}`));
    await rejects(verifyRoomToken(secret, 'not-a-jwt'));
    const expired = await issueRoomToken(secret, { roomId: 'r', role: 'party', displayName: 'A' }, -10);
    expect((await rejects(verifyRoomToken(secret, expired.token))).message).toMatch(/expired/);
  });

  it('rejects alg none and tokens of the wrong kind', async () => {
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"roomId":"r","role":"mediator","sub":"x"}').toString('base64url')}.`;
    await rejects(verifyRoomToken(secret, none));
    const resume = await issueResumeToken(secret, { roomId: 'r', peerId: 'p', sessionId: 's' }, 60);
    await rejects(verifyRoomToken(secret, resume));
    const { token } = await issueRoomToken(secret, { roomId: 'r', role: 'party', displayName: 'A' });
    await rejects(verifyResumeToken(secret, token));
  });

  it('rejects a validly signed token without room claims', async () => {
    const bare = await new SignJWT({ role: 'emperor' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('shuoshi')
      .setAudience('shuoshi:room')
      .setSubject('p1')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(secret));
    await rejects(verifyRoomToken(secret, bare));
  });

  it('refuses to issue for unknown roles or odd ids', async () => {
    await expect(issueRoomToken(secret, { roomId: 'a b', role: 'party', displayName: 'A' })).rejects.toThrow(/short ids/);
    await expect(issueRoomToken(secret, { roomId: 'r', role: 'king' as 'party', displayName: 'A' })).rejects.toThrow(/role/);
  });

  it('resume tokens carry the seat instance', async () => {
    const t = await issueResumeToken(secret, { roomId: 'r', peerId: 'p1', sessionId: 's-1' }, 30);
    expect(await verifyResumeToken(secret, t)).toEqual({ roomId: 'r', peerId: 'p1', sessionId: 's-1' });
  });
});

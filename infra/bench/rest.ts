/** The REST API as a benchmark's people use it: sign in, then call with the access token. */
import { hashPassword, type PrismaClient } from '@shuoshi/db';

export async function api<T>(baseUrl: string, method: 'GET' | 'POST', url: string, body?: unknown, token?: string): Promise<T> {
  const res = await fetch(`${baseUrl}/api${url}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error(`${method} /api${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

export const signIn = async (baseUrl: string, username: string, password: string) =>
  (await api<{ accessToken: string }>(baseUrl, 'POST', '/auth/login', { username, password })).accessToken;

/** Gives a seeded staff account (fixtures store a placeholder hash) a password it can sign in with. */
export async function setPassword(prisma: PrismaClient, staffId: string, password: string): Promise<void> {
  await prisma.staffAccount.update({ where: { id: staffId }, data: { passwordHash: await hashPassword(password) } });
}

export interface JoinToken {
  token: string;
  roomId: string;
  peerId: string;
  role: string;
}

/** POST /api/sessions/:id/join-token: the live-room token the API issues to this signed-in person. */
export const joinToken = (baseUrl: string, sessionId: string, accessToken: string) => api<JoinToken>(baseUrl, 'POST', `/sessions/${sessionId}/join-token`, undefined, accessToken);

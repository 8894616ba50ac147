import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { createTestDatabase, type TestDatabase } from '@shuoshi/db';
import { loadConfig } from '../../signaling/src/config';
import { startServer, type Server } from '../../signaling/src/server';
import { issueRoomToken } from '../../signaling/src/auth/room-token';
import { issueAccessToken } from '../../signaling/src/auth/tokens';
import { staffPrincipal } from '../../signaling/src/auth/staff-sign-in';
import { seedFixture } from '../../signaling/test/api/fixture';

/** The server under fuzz, in-process on loopback, with the credentials the fuzzer uses. */
export interface FuzzTarget {
  server: Server;
  url: string;
  /** Error-level log lines the server wrote (a handler crash, a failed set-up...). */
  errorLogs(): number;
  roomToken(roomId: string, role: 'party' | 'mediator' | 'observer', name: string): Promise<string>;
  /** Access tokens of /queue sides: two county lawyers and a village operator (a talk room). */
  queueTokens: { lawyer: string; lawyer2: string; operator: string };
  stop(): Promise<void>;
}

/**
 * Starts the real server (random ports, one mediasoup worker, a throw-away database on
 * DATABASE_URL or embedded PGlite in a temp dir), its logs on stderr at warn so that
 * stdout carries only the result line, and seeds an organisation for /queue credentials.
 */
export async function startTarget(): Promise<FuzzTarget> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shuoshi-fuzz-'));
  const db: TestDatabase | undefined = process.env.DATABASE_URL ? await createTestDatabase() : undefined;
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    SEED_DEMO: 'false',
    LOG_LEVEL: 'warn',
    MEDIASOUP_PORT: '0',
    MEDIASOUP_NUM_WORKERS: '1',
    MEDIASOUP_LISTEN_IP: '127.0.0.1',
    DEV_TOKENS: 'false',
    ...(db ? { DATABASE_URL: db.url } : {}),
    ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
  });
  let errors = 0;
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      const text = chunk.toString();
      errors += (text.match(/"level":(50|60)/g) ?? []).length;
      process.stderr.write(text.length > 2000 ? `${text.slice(0, 2000)}…\n` : text, () => done());
    },
  });
  const log = pino({ level: process.env.FUZZ_LOG_LEVEL ?? 'error', base: { service: 'shuoshi' } }, sink);
  const server = await startServer(config, log);
  const org = await seedFixture(server.db.prisma);
  const access = async (key: 'lawyer' | 'lawyer2' | 'operator1') => (await issueAccessToken(config.authSecret, staffPrincipal(org.staff[key]))).token;
  return {
    server,
    url: server.url,
    errorLogs: () => errors,
    roomToken: async (roomId, role, displayName) => (await issueRoomToken(config.authSecret, { roomId, role, displayName, autoAdmit: true })).token,
    queueTokens: { lawyer: await access('lawyer'), lawyer2: await access('lawyer2'), operator: await access('operator1') },
    stop: async () => {
      await server.close();
      await db?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

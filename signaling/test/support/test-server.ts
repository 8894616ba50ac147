import fs from 'node:fs';
import pino from 'pino';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { startServer, type Server } from '../../src/server';
import { issueRoomToken } from '../../src/auth/room-token';
import type { Role } from '@shuoshi/protocol';
import { createTestDatabase } from '@shuoshi/db';

export interface TestServer extends Server {
  /**
   * A join token for a room, minted in-process with the server's secret (no endpoint does this). Tests that are not about
   * the lobby take their seat at once (`autoAdmit`, the default here); pass
   * `{ autoAdmit: false }` for a person who waits for the host.
   */
  token(roomId: string, role: Role, displayName: string, peerId?: string, opts?: { autoAdmit?: boolean; talkRoom?: string }): Promise<string>;
  stop(): Promise<void>;
}

/**
 * The real server in-process: random HTTP and media ports, a temporary data dir,
 * one mediasoup worker (the test machine has two cores and runs Chromium too).
 * With DATABASE_URL the server gets a throw-away database on that PostgreSQL
 * (createTestDatabase), dropped by stop(); without it, embedded PGlite in the temp
 * dir. REDIS_URL passes through (socket.io's Redis adapter).
 */
export async function startTestServer(
  opts: {
    graceMs?: number;
    env?: Record<string, string>;
    /** Use this database (e.g. one shared by two nodes); the caller creates and drops it. */
    databaseUrl?: string;
    /** Use this data directory (embedded PGlite lives in it); the caller removes it. */
    dataDir?: string;
  } = {},
): Promise<TestServer> {
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'shuoshi-test-'));
  const testDb = !opts.databaseUrl && process.env.DATABASE_URL ? await createTestDatabase() : undefined;
  const databaseUrl = opts.databaseUrl ?? testDb?.url;
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    SEED_DEMO: 'false',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
    MEDIASOUP_PORT: '0',
    MEDIASOUP_NUM_WORKERS: '1',
    MEDIASOUP_LISTEN_IP: '127.0.0.1',
    PEER_GRACE_MS: String(opts.graceMs ?? 20_000),
    // A loaded test machine drops packets on loopback: that is not a village's link. The weak-link tests turn it on.
    UPLINK_GUARD: 'off',
    // likewise the server's receiver-side audio-only (a busy CI's loopback is not a weak downlink); the weak-downlink test turns it on
    DOWNLINK_WEAK_KBPS: '0',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
    ...opts.env,
  });
  let server: Server;
  try {
    // its log goes to stderr: a bench that runs a server in-process keeps stdout for its one JSON line
    server = await startServer(config, createLogger(config.logLevel, pino.destination({ fd: 2, sync: true })));
  } catch (err) {
    await testDb?.drop();
    throw err;
  }
  return Object.assign(server, {
    token: async (roomId: string, role: Role, displayName: string, peerId?: string, o: { autoAdmit?: boolean; talkRoom?: string } = {}) =>
      (await issueRoomToken(config.authSecret, { roomId, role, displayName, peerId, autoAdmit: o.autoAdmit ?? true, talkRoom: o.talkRoom })).token,
    stop: async () => {
      await server.close();
      await testDb?.drop();
      if (!opts.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  });
}

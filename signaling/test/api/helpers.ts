import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { createTestDatabase, type TestDatabase } from '@shuoshi/db';
import { buildApp } from '../../src/app';
import type { TrustProxy } from '../../src/config';
import type { LiveKitConfig } from '../../src/livekit/config';
import { createLogger, type Logger } from '../../src/logger';
import { apiPlugin } from '../../src/plugins/api';
import type { ApiDeps } from '../../src/domain/context';
import { issueAccessToken } from '../../src/auth/tokens';
import { staffPrincipal } from '../../src/auth/staff-sign-in';
import { seedFixture, type Fixture, type StaffKey } from './fixture';

export const mode = process.env.DATABASE_URL ? 'postgres' : 'embedded';
export const AUTH_SECRET = 'test-secret-test-secret-test-secret-0123';

export interface Reply {
  status: number;
  body: any;
  headers: Record<string, unknown>;
}

export interface CallOptions {
  token?: string | undefined;
  body?: unknown;
  query?: Record<string, string | string[]>;
  ip?: string;
  headers?: Record<string, string>;
}

/**
 * One test file's world: a fresh database (embedded PGlite, or PostgreSQL when
 * DATABASE_URL is set) with the known organisation, the real app (buildApp with the
 * API plugin and the one error handler) and a clock the test can move.
 */
export interface ApiTest {
  db: TestDatabase;
  app: FastifyInstance;
  deps: ApiDeps;
  org: Fixture;
  clock: { now: Date; advance(ms: number): void };
  /** A 15-minute access token minted directly (no argon2 per test). */
  token(key: StaffKey): Promise<string>;
  call(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, o?: CallOptions): Promise<Reply>;
  /** Row counts of every table, to prove a refused request wrote nothing. */
  counts(): Promise<Record<string, number>>;
  close(): Promise<void>;
}

/**
 * `fixture: false` leaves the database empty (e.g. for the county generator);
 * `trustProxy` is the app's TRUST_PROXY (default: none, as in production); `logger`
 * replaces the silent one (to read what the app logs).
 */
export async function startApiTest(opts: { fixture?: boolean; trustProxy?: TrustProxy; logger?: Logger; livekit?: LiveKitConfig } = {}): Promise<ApiTest> {
  const db = await createTestDatabase();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shuoshi-api-'));
  const clock = {
    now: new Date(),
    advance(ms: number) {
      this.now = new Date(this.now.getTime() + ms);
    },
  };
  const api = apiPlugin({ prisma: db.prisma, pool: db.pool, authSecret: AUTH_SECRET, dataDir, now: () => clock.now, livekit: opts.livekit });
  const app = await buildApp({
    logger: opts.logger ?? createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'),
    webDist: path.join(dataDir, 'no-web'),
    ...(opts.trustProxy === undefined ? {} : { trustProxy: opts.trustProxy }),
    healthChecks: [],
    plugins: [api.plugin],
  });
  await app.ready();
  const org = opts.fixture === false ? (undefined as unknown as Fixture) : await seedFixture(db.prisma);
  const tokens = new Map<StaffKey, string>();

  const token = async (key: StaffKey) => {
    let t = tokens.get(key);
    if (!t) {
      t = (await issueAccessToken(AUTH_SECRET, staffPrincipal(org.staff[key]))).token;
      tokens.set(key, t);
    }
    return t;
  };

  const call = async (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, o: CallOptions = {}): Promise<Reply> => {
    const headers = {
      ...(o.token ? { authorization: `Bearer ${o.token}` } : {}),
      ...(typeof o.body === 'string' ? { 'content-type': 'application/json' } : {}),
      ...o.headers,
    };
    const res = await app.inject({
      method,
      url,
      query: o.query,
      remoteAddress: o.ip ?? '127.0.0.1',
      headers,
      ...(o.body === undefined ? {} : { payload: o.body as string | object }),
    });
    let body: unknown = res.body;
    try {
      body = res.body ? JSON.parse(res.body) : null;
    } catch {
      /* not JSON (e.g. the docs page) */
    }
    return { status: res.statusCode, body, headers: res.headers };
  };

  const counts = async () => {
    const rows = await db.pool.query<{ name: string }>(`SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() AND tablename <> '_prisma_migrations' ORDER BY 1`);
    const out: Record<string, number> = {};
    for (const { name } of rows.rows) out[name] = Number((await db.pool.query(`SELECT count(*)::int AS n FROM "${name}"`)).rows[0].n);
    return out;
  };

  return {
    db,
    app,
    deps: api.deps,
    org,
    clock,
    token,
    call,
    counts,
    close: async () => {
      await app.close();
      await db.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A 1×1 transparent PNG, base64. */
export const PNG_1x1 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import proxyAddr from '@fastify/proxy-addr';
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { liveKitProblems, readLiveKitConfig, type LiveKitConfig } from './livekit/config';
import type { DownlinkPolicy } from './rooms/downlink-judge';

/**
 * The service's one configuration, read from the environment once at start-up,
 * validated, and passed down (never read from globals). Every value has a default
 * that runs on a developer's machine.
 */
const Env = Type.Object({
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000 }),
  HOST: Type.String({ minLength: 1, default: 'localhost' }),
  LOG_LEVEL: Type.Union(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)), { default: 'info' }),
  DATA_DIR: Type.String({ minLength: 1, default: './data' }),
  DATABASE_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
  REDIS_URL: Type.Optional(Type.String({ pattern: '^rediss?://' })),
  AUTH_SECRET: Type.Optional(Type.String({ minLength: 32 })),
  RECORDINGS_DIR: Type.Optional(Type.String({ minLength: 1 })),
  /** Days a recording is kept after it ended (a case under legal hold keeps its recordings). */
  RECORDING_RETENTION_DAYS: Type.Integer({ minimum: 1, maximum: 36_500, default: 1095 }),
  FFMPEG_PATH: Type.String({ minLength: 1, default: 'ffmpeg' }),
  CHROMIUM_PATH: Type.String({ minLength: 1, default: '/usr/bin/chromium' }),
  WEB_DIST: Type.Optional(Type.String({ minLength: 1 })),
  SEED_DEMO: Type.Boolean({ default: true }),
  MEDIASOUP_NUM_WORKERS: Type.Optional(Type.Integer({ minimum: 1, maximum: 64 })),
  MEDIASOUP_LISTEN_IP: Type.String({ default: '0.0.0.0' }),
  MEDIASOUP_ANNOUNCED_ADDRESS: Type.String({ default: '127.0.0.1' }),
  MEDIASOUP_PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 44444 }),
  PEER_GRACE_MS: Type.Integer({ minimum: 0, default: 20_000 }),
  /** Milliseconds an admitted person whose seat timed out (a long outage) keeps their place: back in without the lobby. 0: not kept. */
  ADMISSION_KEEP_MS: Type.Integer({ minimum: 0, maximum: 86_400_000, default: 120_000 }),
  /** Clients turn their own camera off on a weak uplink (issue #16): on; off only where a lossy link is not a village's (a loaded test machine). */
  UPLINK_GUARD: Type.Union([Type.Literal('on'), Type.Literal('off')], { default: 'on' }),
  /** This node's name in the room directory (several nodes, REDIS_URL set); unique per node. Default: host name and process id. */
  NODE_ID: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9._-]{1,64}$' })),
  /** Where a client connects its signalling to reach this node (its own address, or the load balancer's with ?node=<NODE_ID>). Default: http://HOST:PORT. */
  NODE_URL: Type.Optional(Type.String({ pattern: '^https?://' })),
  /** Milliseconds a room's host keeps it without renewing: how soon another node takes the rooms of a node that died. */
  ROOM_LEASE_MS: Type.Integer({ minimum: 1_000, maximum: 120_000, default: 6_000 }),
  /** Seconds a background job (a rendition) stays held by a node that stopped renewing it: how soon another node retries the jobs of a node that died. */
  JOB_HOLD_SECONDS: Type.Integer({ minimum: 3, maximum: 3_600, default: 60 }),
  TURN_URLS: Type.Optional(Type.String({ pattern: '^turns?:' })),
  TURN_SECRET: Type.Optional(Type.String({ minLength: 8 })),
  /** Seconds a consultation waits in the live queue before it becomes a call-back. */
  CONSULT_QUEUE_TIMEOUT_S: Type.Integer({ minimum: 1, maximum: 86_400, default: 300 }),
  /** Milliseconds a lawyer on duty may have no console open (closed tab, lost link) before going off duty. */
  LAWYER_OFFLINE_GRACE_MS: Type.Integer({ minimum: 0, maximum: 3_600_000, default: 60_000 }),
  NODE_ENV: Type.Optional(Type.String()),
  /** Reverse proxies whose X-Forwarded-For is believed: a hop count, or addresses/CIDRs (comma-separated). Unset: none. */
  TRUST_PROXY: Type.Optional(Type.String()),
  /** A receiver's downlink is weak below this bandwidth estimate (kbit/s), with loss (below): its video steps down (issue #16). 0: never. */
  DOWNLINK_WEAK_KBPS: Type.Integer({ minimum: 0, maximum: 100_000, default: 400 }),
  /** …and with at least this loss (percent) of what the server sends it (transport-cc feedback). */
  DOWNLINK_WEAK_LOSS_PCT: Type.Number({ minimum: 0.5, maximum: 50, default: 3 }),
  /** Each step down is judged over the last DOWNLINK_WEAK_SECONDS + 4 seconds (downlink-judge.ts). */
  DOWNLINK_WEAK_SECONDS: Type.Integer({ minimum: 2, maximum: 60, default: 4 }),
  /** Seconds in a row it must look good before each step back up (doubled after a fall-back, up to 2 min). */
  DOWNLINK_GOOD_SECONDS: Type.Integer({ minimum: 2, maximum: 300, default: 10 }),
});
type Env = Static<typeof Env>;

export interface Config {
  port: number;
  host: string;
  logLevel: Env['LOG_LEVEL'];
  dataDir: string;
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  authSecret: string;
  recordingsDir: string;
  recording: {
    /** Days after its end a recording is purged (1–36500, default 1095 = three years). */
    retentionDays: number;
    ffmpegPath: string;
    /** Headless Chromium that prints agreements to PDF. */
    chromiumPath: string;
  };
  webDist: string;
  seedDemo: boolean;
  sfu: {
    numWorkers: number;
    listenIp: string;
    announcedAddress: string;
    port: number;
  };
  peerGraceMs: number;
  /** How long an admitted person keeps their place after their seat timed out (issue #16; 0: not kept). */
  admissionKeepMs: number;
  /** Whether clients are asked to go audio-only by themselves on a weak uplink (UPLINK_GUARD, default on). */
  uplinkGuard: boolean;
  /** Several nodes (only with REDIS_URL): this node's name and address in the room directory, and how long a room's lease lasts. */
  cluster: { nodeId: string; nodeUrl: string | undefined; leaseMs: number };
  jobs: { holdSeconds: number };
  /** TURN servers handed to clients (with time-limited credentials from TURN_SECRET), for devices behind NAT. */
  turn: { urls: string[]; secret: string } | undefined;
  /** The remote legal consultation queue. */
  consultation: { queueTimeoutS: number; lawyerOfflineGraceMs: number };
  /**
   * Fastify's `trustProxy`: which peers' X-Forwarded-For names the client (rate limits
   * and audit_logs.ip use it). false: none, the socket's peer is the client.
   */
  trustProxy: TrustProxy;
  /** When the server holds back video from a receiver on a weak downlink (rooms/downlink-judge.ts). */
  downlink: DownlinkPolicy;
  /** The LiveKit-protocol endpoint (`/rtc`, LiveKit tokens, room service); undefined: off. */
  livekit: LiveKitConfig | undefined;
}

/** false (no proxy), a number of proxy hops, or the proxies' addresses/CIDRs. */
export type TrustProxy = false | number | string[];

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const repoRoot = path.resolve(import.meta.dirname, '..', '..');

/** Reads and validates the configuration; throws ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(Env.properties)) {
    const v = env[key];
    if (v !== undefined && v !== '') raw[key] = v;
  }
  const converted = Value.Convert(Env, Value.Default(Env, raw));
  const errors = [...Value.Errors(Env, converted)];
  if (errors.length > 0) {
    const lines = errors.map((e) => `  ${e.path.slice(1) || '(root)'}: ${e.message} (got ${JSON.stringify(e.value)})`);
    throw new ConfigError(`invalid configuration:\n${[...new Set(lines)].join('\n')}`);
  }
  const e = converted as Env;
  if (Boolean(e.TURN_URLS) !== Boolean(e.TURN_SECRET)) {
    throw new ConfigError('invalid configuration:\n  TURN_URLS and TURN_SECRET must be set together');
  }
  const livekitProblems = liveKitProblems(env);
  if (livekitProblems.length > 0) throw new ConfigError(`invalid configuration:\n${livekitProblems.map((l) => `  ${l}`).join('\n')}`);
  const keep = env['ADMISSION_KEEP_MS'];
  if (keep && !/^\d+$/.test(keep.trim())) {
    throw new ConfigError(`invalid configuration:\n  ADMISSION_KEEP_MS: a whole number of milliseconds (got ${JSON.stringify(keep)})`);
  }
  const retention = env['RECORDING_RETENTION_DAYS'];
  if (retention && !/^\d+$/.test(retention.trim())) {
    throw new ConfigError(`invalid configuration:\n  RECORDING_RETENTION_DAYS: a whole number of days (got ${JSON.stringify(retention)})`);
  }
  const trustProxy = parseTrustProxy(e.TRUST_PROXY);
  const dataDir = path.resolve(e.DATA_DIR);
  return {
    port: e.PORT,
    host: e.HOST,
    logLevel: e.LOG_LEVEL,
    dataDir,
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    authSecret: e.AUTH_SECRET ?? localSecret(dataDir),
    recordingsDir: path.resolve(e.RECORDINGS_DIR ?? path.join(dataDir, 'recordings')),
    recording: { retentionDays: e.RECORDING_RETENTION_DAYS, ffmpegPath: e.FFMPEG_PATH, chromiumPath: e.CHROMIUM_PATH },
    webDist: path.resolve(e.WEB_DIST ?? path.join(repoRoot, 'web', 'dist')),
    seedDemo: e.SEED_DEMO,
    sfu: {
      numWorkers: e.MEDIASOUP_NUM_WORKERS ?? os.availableParallelism(),
      listenIp: e.MEDIASOUP_LISTEN_IP,
      announcedAddress: e.MEDIASOUP_ANNOUNCED_ADDRESS,
      port: e.MEDIASOUP_PORT,
    },
    peerGraceMs: e.PEER_GRACE_MS,
    admissionKeepMs: e.ADMISSION_KEEP_MS,
    uplinkGuard: e.UPLINK_GUARD === 'on',
    cluster: { nodeId: e.NODE_ID ?? `${os.hostname().replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 40)}-${process.pid}`, nodeUrl: e.NODE_URL, leaseMs: e.ROOM_LEASE_MS },
    jobs: { holdSeconds: e.JOB_HOLD_SECONDS },
    turn: e.TURN_URLS && e.TURN_SECRET ? { urls: e.TURN_URLS.split(',').map((u) => u.trim()), secret: e.TURN_SECRET } : undefined,
    consultation: { queueTimeoutS: e.CONSULT_QUEUE_TIMEOUT_S, lawyerOfflineGraceMs: e.LAWYER_OFFLINE_GRACE_MS },
    trustProxy,
    livekit: readLiveKitConfig(env),
    downlink: { weakKbps: e.DOWNLINK_WEAK_KBPS, weakLoss: e.DOWNLINK_WEAK_LOSS_PCT / 100, weakSeconds: e.DOWNLINK_WEAK_SECONDS, goodSeconds: e.DOWNLINK_GOOD_SECONDS },
  };
}

/**
 * TRUST_PROXY as Fastify's trustProxy takes it, but never `true` (that believes any
 * client's X-Forwarded-For): unset or `none` → false; a whole number → that many hops;
 * else addresses, CIDRs or its names (loopback, linklocal, uniquelocal),
 * checked by @fastify/proxy-addr (the library Fastify's trustProxy uses), so a typo stops the start.
 */
function parseTrustProxy(raw: string | undefined): TrustProxy {
  const v = raw?.trim() ?? '';
  if (v === '' || v.toLowerCase() === 'none' || v.toLowerCase() === 'false') return false;
  if (/^\d+$/.test(v)) {
    const hops = Number(v);
    if (hops >= 1 && hops <= 10) return hops;
  } else if (v.toLowerCase() !== 'true') {
    const list = v.split(',').map((a) => a.trim()).filter(Boolean);
    try {
      proxyAddr.compile(list);
      if (list.length > 0) return list;
    } catch {
      /* named below */
    }
  }
  throw new ConfigError(
    `invalid configuration:\n  TRUST_PROXY: a hop count (1-10) or proxy addresses/CIDRs separated by commas, e.g. 127.0.0.1,10.0.0.0/8 (got ${JSON.stringify(raw)})`,
  );
}

/**
 * Without AUTH_SECRET (a single-machine first run), a random secret is made once and
 * kept in the data directory so that sign-ins survive a restart. A deployment with
 * several nodes must set AUTH_SECRET.
 */
function localSecret(dataDir: string): string {
  const file = path.join(dataDir, 'auth-secret');
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    fs.mkdirSync(dataDir, { recursive: true });
    const secret = crypto.randomBytes(32).toString('base64url');
    fs.writeFileSync(file, secret, { mode: 0o600 });
    return secret;
  }
}

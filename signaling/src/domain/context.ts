import path from 'node:path';
import { deriveKey, ID_NUMBER_KEY_PURPOSE, type CountyStatistics, type Database, type PrismaClient } from '@shuoshi/db';
import type { Redis } from 'ioredis';
import { AttemptLimiter, RedisAttemptLimiter, type AttemptCounter } from '../auth/attempt-limiter';
import type { Principal } from '../auth/principal';
import type { AccessRevoked } from '../auth/standing';
import { StatisticsCache } from './statistics-cache';
import { QueueAnnouncer } from './queue-events';

/** What the API's services need, built once at start-up and passed down. */
export interface ApiDeps {
  prisma: PrismaClient;
  /** The pg pool under Prisma: the hot hand-written reads (case list, statistics) run on it directly. */
  pool: Database['pool'] | undefined;
  authSecret: string;
  keys: {
    /** HMAC key for ID-number look-up hashes (derived from authSecret). */
    idNumber: Buffer;
    /** HMAC key for invite-code hashes. */
    inviteCode: Buffer;
  };
  limits: {
    /** Wrong passwords per IP+username. */
    login: AttemptCounter;
    /** Invite-code tries per IP (a success clears it). */
    inviteCodeIp: AttemptCounter;
    /** Invite-code tries per session, from any address (beyond its codes' own lock). */
    inviteCodeSession: AttemptCounter;
    /** Audit rows an unauthenticated caller's failures may write per IP (audit.ts auditAnonymous). */
    anonymousAudit: AttemptCounter;
    /** Wrong codes against one session before its codes lock. */
    inviteCodeAttempts: number;
  };
  /** Where signature images are written. */
  signaturesDir: string;
  /** Case folders: shared documents go to <documentsDir>/<caseId>/documents. */
  documentsDir: string;
  /** Computed statistics, dropped on every write (see statistics-cache.ts). */
  statistics: StatisticsCache<CountyStatistics>;
  /** The consultation queue: how long a request waits live before it becomes a call-back. */
  consultation: { queueTimeoutS: number; /** How long a lawyer on duty may have no console open (queue/presence.ts). */ lawyerOfflineGraceMs: number };
  /** Where queue changes are announced (the socket hub listens to it once the socket server runs). */
  queueEvents: QueueAnnouncer;
  /** Presence: the lawyers of a county with a `/queue` socket open on any node (null: not known, no socket server). */
  connectedLawyers(countyId: string): Promise<Set<string> | null>;
  /** A staff account was disabled or a device revoked: close its sockets on every node (the server sets this). */
  accessRevoked: AccessRevoked;
  /** A session was ended through the API: close its live room on this node, every seat told 'ended' (the server sets this). */
  endLiveRoom(roomId: string): void;
  now(): Date;
}

export interface ApiDepsOptions {
  prisma: PrismaClient;
  /** Database.pool; without it the hot reads go through Prisma ($queryRaw), ~3x the CPU. */
  pool?: Database['pool'];
  authSecret: string;
  dataDir: string;
  now?: () => Date;
  /** How long computed statistics are reused (default 30 s; 0 = always compute). */
  statisticsCacheMs?: number;
  /** CONSULT_QUEUE_TIMEOUT_S (default 300). */
  consultQueueTimeoutS?: number;
  lawyerOfflineGraceMs?: number;
  /** With Redis, sign-in and invite-code attempt limits are shared by every node. */
  redis?: Redis | undefined;
  /** Names this deployment's keys in a Redis that others may share (nodes of one deployment: the same). */
  redisNamespace?: string | undefined;
}

/** Audit rows of unauthenticated failures (wrong passwords, invite codes, document grants) kept per address and window. */
export const ANONYMOUS_AUDIT_ROWS = 30;
export const ANONYMOUS_AUDIT_WINDOW_MS = 15 * 60_000;

export function createApiDeps(o: ApiDepsOptions): ApiDeps {
  const now = o.now ?? (() => new Date());
  const clock = () => now().getTime();
  const queueEvents = new QueueAnnouncer();
  const attempts = `shuoshi:${o.redisNamespace ?? 'default'}:attempts:`;
  return {
    prisma: o.prisma,
    pool: o.pool,
    authSecret: o.authSecret,
    keys: { idNumber: deriveKey(o.authSecret, ID_NUMBER_KEY_PURPOSE), inviteCode: deriveKey(o.authSecret, 'invite-code') },
    limits: {
      login: o.redis ? new RedisAttemptLimiter(o.redis, `${attempts}login:`, 5, 15 * 60_000) : new AttemptLimiter(5, 15 * 60_000, clock),
      inviteCodeIp: o.redis ? new RedisAttemptLimiter(o.redis, `${attempts}invite:`, 20, 15 * 60_000) : new AttemptLimiter(20, 15 * 60_000, clock),
      inviteCodeSession: o.redis ? new RedisAttemptLimiter(o.redis, `${attempts}invite-session:`, 50, 15 * 60_000) : new AttemptLimiter(50, 15 * 60_000, clock),
      anonymousAudit: o.redis
        ? new RedisAttemptLimiter(o.redis, `${attempts}anonymous-audit:`, ANONYMOUS_AUDIT_ROWS, ANONYMOUS_AUDIT_WINDOW_MS)
        : new AttemptLimiter(ANONYMOUS_AUDIT_ROWS, ANONYMOUS_AUDIT_WINDOW_MS, clock),
      inviteCodeAttempts: 5,
    },
    signaturesDir: path.join(o.dataDir, 'signatures'),
    documentsDir: path.join(o.dataDir, 'cases'),
    statistics: new StatisticsCache<CountyStatistics>(o.statisticsCacheMs ?? 30_000, clock),
    consultation: { queueTimeoutS: o.consultQueueTimeoutS ?? 300, lawyerOfflineGraceMs: o.lawyerOfflineGraceMs ?? 60_000 },
    queueEvents,
    connectedLawyers: (countyId) => queueEvents.connectedLawyers(countyId),
    accessRevoked: () => {},
    endLiveRoom: () => {},
    now,
  };
}

/** One request's view: the services, who is asking, and from where. */
export interface Ctx {
  deps: ApiDeps;
  actor: Principal;
  ip: string | undefined;
}

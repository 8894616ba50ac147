import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { openDatabase, seedDemo, type Database } from '@shuoshi/db';
import { Sfu } from '@shuoshi/sfu';
import type { Config } from './config';
import { createLogger, type Logger } from './logger';
import { buildApp } from './app';
import { connectRedis } from './redis';
import { createIo, type SignallingServer } from './socket';
import type { HealthCheck } from './routes/health';
import { apiPlugin } from './plugins/api';
import { attachSignalling } from './handlers';
import { RoomRegistry } from './rooms/registry';
import { prismaRoomAudit } from './rooms/room-audit';
import { RoomRecordings } from './rooms/room-recording';
import { PrismaConsentLedger } from './rooms/consent-ledger';
import { prismaChatStore } from './rooms/chat-store';
import { prismaSessionRecord } from './rooms/session-record';
import { docGrantUrl } from './documents/access';
import { prismaRoomDocuments } from './documents/service';
import { prismaRoomBriefs } from './rooms/case-brief';
import { prismaDocShowings } from './documents/showings';
import { SfuMediaHost } from './rooms/sfu-adapter';
import { RecordingService } from './recording/service';
import { defaultTools } from './recording/tools';
import { DEFAULT_LABEL_FONT } from './recording/rendition-queue';
import { PdfPrinter } from './agreements/pdf';
import { evidenceApiPlugin } from './api/recordings/plugin';
import type { ConsultQueueHub } from './queue/hub';
import { attachQueue } from './handlers/queue';
import { clientAddressOf } from './client-address';
import { socketRevocation } from './revocation';
import { liveKitStatus } from './livekit/config';
import { RoomDirectory } from './cluster/directory';
import { ClusterPlacement, LocalPlacement } from './cluster/placement';
import { attachLiveKitSignal, liveKitValidateRoutes } from './livekit/endpoint';
import type { LiveKitDeps, LiveKitSession } from './livekit/session';
import { TrackSids } from './livekit/track-sids';
import { roomServiceRoutes, type RoomServiceDeps } from './livekit/room-service';
import { Jobs } from './jobs';

/** Everything a running node owns; `close()` shuts it down in reverse order. */
export interface Server {
  config: Config;
  log: Logger;
  app: FastifyInstance;
  io: SignallingServer;
  db: Database;
  sfu: Sfu;
  /** This node's live rooms (signalling side). */
  rooms: RoomRegistry;
  /** Recording and evidence: per-session recorders (driven by the mediation room), renditions, clips, retention. */
  recordings: RecordingService;
  /** Recording with consent in this node's live rooms. */
  roomRecordings: RoomRecordings;
  redis: Redis | undefined;
  /** The live consultation queue (socket.io namespace /queue) and its timeout sweep. */
  queue: ConsultQueueHub;
  /** Background work on the job engine (pg-boss on this database): once across the nodes. */
  jobs: Jobs;
  /** The demo sign-ins created on first run (empty when the data already existed). */
  demoAccounts: Array<{ username: string; password: string; role: string; place: string }>;
  /** The LiveKit endpoint's open signal connections (undefined: the endpoint is off). */
  livekit: { sessions: Set<LiveKitSession> } | undefined;
  url: string;
  close(): Promise<void>;
}

export async function startServer(config: Config, log: Logger = createLogger(config.logLevel)): Promise<Server> {
  const closers: Array<() => Promise<unknown>> = [];
  const close = async () => {
    for (const c of closers.reverse()) await c().catch((err: unknown) => log.error({ err }, 'error during shutdown'));
    closers.length = 0;
  };
  try {
    const db = await openDatabase({ url: config.databaseUrl, dataDir: `${config.dataDir}/pglite`, logger: log.child({ component: 'db' }) });
    closers.push(() => db.close());
    log.info({ kind: db.kind }, 'database ready');

    const demoAccounts = config.seedDemo ? await seedDemo(db.prisma) : [];

    // the job engine shares the database (and, embedded, its one connection); it stops before the database closes
    // a dead node's job is retried after its hold lapses and a maintenance pass sees it (at most half a hold later)
    const hold = config.jobs.holdSeconds;
    const timing = { holdSeconds: hold, maintenanceSeconds: Math.min(30, Math.max(1, Math.floor(hold / 2))) };
    const jobs = await Jobs.start({ sql: (text, values) => db.pool.query(text, values), log: log.child({ component: 'jobs' }), timing });
    closers.push(() => jobs.stop());

    let redis: { pub: Redis; sub: Redis } | undefined;
    if (config.redisUrl) {
      const pub = await connectRedis(config.redisUrl, log, 'pub', RoomDirectory.connectionName(deploymentNamespace(config), config.cluster.nodeId));
      closers.push(() => pub.quit());
      const sub = pub.duplicate();
      closers.push(() => sub.quit());
      redis = { pub, sub };
      log.info('redis ready');
    }

    const sfu = await Sfu.start(
      {
        numWorkers: config.sfu.numWorkers,
        listenIp: config.sfu.listenIp,
        announcedAddress: config.sfu.announcedAddress,
        webRtcServerPort: config.sfu.port,
      },
      log.child({ component: 'sfu' }),
    );
    closers.push(() => sfu.close());
    log.info({ workers: config.sfu.numWorkers }, 'mediasoup workers ready');
    const lk = liveKitStatus(config.livekit);
    log.info(lk, lk.livekit === 'on' ? 'LiveKit endpoint on (/rtc, LiveKit tokens, room service)' : 'LiveKit endpoint off: set LIVEKIT_API_KEY and LIVEKIT_API_SECRET to turn it on');

    const healthChecks: HealthCheck[] = [
      { name: 'database', check: async () => (await db.ping(), { ok: true, kind: db.kind }) },
      ...(redis ? [{ name: 'redis', check: async () => ({ ok: (await redis.pub.ping()) === 'PONG' }) }] : []),
      {
        name: 'mediasoup',
        check: async () => {
          const workers = sfu.health();
          return { ok: workers.length > 0 && workers.every((w) => w.alive), workers };
        },
      },
    ];

    // the one path from signalling to the SFU, for the rooms and the recorder alike
    const mediaHost = new SfuMediaHost(sfu, config.downlink);
    const recordings = new RecordingService({
      prisma: db.prisma,
      recordingsDir: config.recordingsDir,
      media: mediaHost,
      tools: defaultTools(config.recording.ffmpegPath),
      retentionDays: config.recording.retentionDays,
      jobs,
      fontFile: DEFAULT_LABEL_FONT,
      log: log.child({ component: 'recording' }),
    });
    const printer = new PdfPrinter({ chromiumPath: config.recording.chromiumPath, log: log.child({ component: 'agreements' }) });
    closers.push(() => printer.close());

    const api = apiPlugin({ prisma: db.prisma, pool: db.pool, authSecret: config.authSecret, dataDir: config.dataDir, consultQueueTimeoutS: config.consultation.queueTimeoutS, lawyerOfflineGraceMs: config.consultation.lawyerOfflineGraceMs, livekit: config.livekit, redis: redis?.pub, redisNamespace: deploymentNamespace(config) });
    const evidence = evidenceApiPlugin({ deps: api.deps, recordings, printer });
    let livekitDeps: (LiveKitDeps & RoomServiceDeps) | undefined;
    const plugins = [api.plugin, evidence, liveKitValidateRoutes(config.livekit, () => livekitDeps), roomServiceRoutes(config.livekit, () => livekitDeps)];
    let nodeOrigins: (() => string[]) | undefined;
    const app = await buildApp({ logger: log, webDist: config.webDist, trustProxy: config.trustProxy, healthChecks, plugins, ...(redis ? { nodeOrigins: () => nodeOrigins?.() ?? [] } : {}) });
    closers.push(() => app.close());

    const signallingLog = log.child({ component: 'signalling' });
    const roomAudit = prismaRoomAudit(db.prisma, signallingLog);
    // several nodes: a consent change goes into the room's image at once (placement, below)
    let recordingChanged: ((roomId: string) => void) | undefined;
    const roomRecordings = new RoomRecordings({
      ledger: new PrismaConsentLedger(db.prisma),
      recorderFor: (sessionId) => recordings.recorderFor(sessionId),
      audit: roomAudit,
      takeOver: (sessionId) => recordings.takeOver(sessionId),
      stateChanged: (room) => recordingChanged?.(room.id),
      log: signallingLog,
    });
    const rooms = new RoomRegistry(mediaHost, {
      graceMs: config.peerGraceMs,
      admissionKeepMs: config.admissionKeepMs,
      log: log.child({ component: 'rooms' }),
      chatStore: prismaChatStore(db.prisma),
      docUrl: (documentId, to) => docGrantUrl(config.authSecret, documentId, to),
      docShowings: prismaDocShowings(db.prisma),
      recordings: roomRecordings,
    });
    closers.push(async () => rooms.close());
    // finalise live recordings before the rooms (and their media) go
    closers.push(() => recordings.close());
    await recordings.start();
    const io = createIo(app.server, redis && { ...redis, namespace: deploymentNamespace(config) });
    closers.push(() => new Promise<void>((resolve) => void io.close(() => resolve())));
    const sessionRecord = prismaSessionRecord(db.prisma, signallingLog);
    // several nodes (REDIS_URL): the room directory decides which node hosts each room
    const directory = redis && new RoomDirectory(redis.pub, deploymentNamespace(config), config.cluster.leaseMs);
    const placement = directory ? new ClusterPlacement(directory, rooms, config.cluster.nodeId, log.child({ component: 'cluster', nodeId: config.cluster.nodeId })) : new LocalPlacement(rooms);
    if (placement instanceof ClusterPlacement) {
      nodeOrigins = () => placement.nodeOrigins();
      recordingChanged = (roomId) => placement.saveNow(roomId);
    }
    attachSignalling(io, { rooms, placement, config, log: signallingLog, audit: roomAudit, recordings: roomRecordings, documents: prismaRoomDocuments(db.prisma), sessionRecord, briefs: prismaRoomBriefs(db.prisma) });
    let livekit: Server['livekit'];
    if (config.livekit) {
      const apiActor = { peerId: `livekit-api:${config.livekit.apiKey}`, role: 'observer' as const }; // the deployment's operator, holder of the API key
      livekitDeps = {
        rooms, placement, seats: new WeakMap(), turn: config.turn, sessionRecord, recordings: roomRecordings, sids: new TrackSids(), log: log.child({ component: 'livekit' }),
        audit: (e) => roomAudit({ ...e, actor: apiActor }),
      };
      const lk = attachLiveKitSignal(app.server, config.livekit, livekitDeps);
      closers.push(async () => lk.close());
      livekit = lk;
    }
    // the hub listens to the domain's queue announcements (api.deps.queueEvents) and binds /queue requests
    const queue = attachQueue(io, api.deps, log.child({ component: 'queue' }), clientAddressOf(config.trustProxy));
    api.deps.accessRevoked = socketRevocation(io, log.child({ component: 'access' }));
    const endHere = (roomId: string) => {
      const room = rooms.get(roomId);
      if (!room || room.closed) return;
      signallingLog.info({ roomId, seats: room.peers.size }, 'session ended through the API: closing its live room');
      room.close('ended');
    };
    // the room may live on another node: every node hears it (socket.io's Redis adapter)
    if (redis) (io as unknown as { on(e: string, l: (roomId: string) => void): void }).on(END_ROOM, endHere);
    api.deps.endLiveRoom = (roomId) => {
      endHere(roomId);
      if (redis) io.serverSideEmit(END_ROOM, roomId);
    };
    closers.push(async () => queue.close());
    queue.start(jobs);
    // this node takes background jobs; at shutdown it stops taking them first (a running rendition is stopped by recordings.close and runs again)
    await jobs.serve({ sweepQueue: () => queue.sweeper.sweep(), housekeeping: () => recordings.housekeeping(), render: (sessionId, signal) => recordings.renditions.run(sessionId, signal) });
    closers.push(() => jobs.pause());

    await app.listen({ port: config.port, host: config.host });
    const addr = app.server.address();
    const port = typeof addr === 'object' && addr ? addr.port : config.port;
    const url = `http://${config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host}:${port}`;
    if (placement instanceof ClusterPlacement) {
      await placement.start(config.cluster.nodeUrl ?? url);
      // runs first on close: hand the rooms to other nodes while the sockets are still open
      closers.push(() => placement.drain());
    }
    return { config, log, app, io, db, sfu, rooms, recordings, roomRecordings, redis: redis?.pub, queue, jobs, demoAccounts, livekit, url, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/**
 * A short name for this deployment's keys in Redis: the nodes of one deployment share
 * its database, so they share the name; another deployment (or a test server with its
 * own throw-away database) using the same Redis does not.
 */
/** Between nodes: a session ended through the API; the node hosting its room closes it. */
const END_ROOM = 'shuoshi:end-room';

function deploymentNamespace(config: Config): string {
  return createHash('sha256').update(config.databaseUrl ?? `file:${config.dataDir}`).digest('hex').slice(0, 12);
}

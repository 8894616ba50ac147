import type { IncomingMessage } from 'node:http';
import type { Namespace, Socket } from 'socket.io';
import { ErrorCode, QUEUE_NAMESPACE, errorAck, type QueueClientToServerEvents, type QueueServerToClientEvents } from '@shuoshi/protocol';
import type { Holder } from '../auth/standing';
import type { ApiDeps } from '../domain/context';
import { liveConsultationSessions } from '../domain/consultations';
import { endDutyForAbsence, isOnDuty } from '../domain/duty';
import type { ConsultationRef, QueueListener } from '../domain/queue-events';
import { joinSession } from '../domain/sessions';
import { AppError } from '../errors';
import type { Logger } from '../logger';
import { assertQueueSideStands, authenticateQueueSocket, type QueueSide } from './auth';
import { LawyerPresence } from './presence';
import { QueueSweeper, type SweepJobs } from './sweeper';
import { QueueView } from './view';

type QueueNamespace = Namespace<QueueClientToServerEvents, QueueServerToClientEvents, Record<string, never>, QueueSide>;
type QueueSocket = Socket<QueueClientToServerEvents, QueueServerToClientEvents, Record<string, never>, QueueSide>;

/** One `/queue` socket's world for its request handlers: who it is, the API services, how to read the queue. */
export interface QueueSocketContext {
  side: QueueSide;
  deps: ApiDeps;
  view: QueueView;
  log: Logger;
  ip: string | undefined;
}

/** Binds a new socket's requests to their handlers (handlers/queue: the binding layer imports the hub, never the reverse). */
export type BindQueueRequests = (socket: QueueSocket, ctx: QueueSocketContext) => void;

/** socket.io rooms of the namespace (with Redis they span every node). */
const lawyersRoom = (countyId: string) => `lawyers:${countyId}`;
const staffRoom = (staffId: string) => `staff:${staffId}`;
const talkRoomRoom = (talkRoomId: string) => `talkroom:${talkRoomId}`;
/** Every lawyer socket of a county, on duty or not (presence). */
const countyLawyersRoom = (countyId: string) => `county-lawyers:${countyId}`;
/** Every socket of one staff account or device (a lawyer's is staffRoom): closed when it is disabled or revoked. */
export const holderRoom = (who: Holder) => `${who.kind}:${who.id}`;

/**
 * The live consultation queue on socket.io namespace `/queue`. On-duty lawyers of a
 * county share a room and get the whole queue after every change; a talk room's
 * sockets share a room and get their requests' positions, then their join token
 * (`consultation:accepted`) or call-back time. Announcements come from the domain
 * (the hub listens to deps.queueEvents) after commit; the Redis adapter carries them
 * to every node.
 */
export class ConsultQueueHub implements QueueListener {
  readonly nsp: QueueNamespace;
  readonly sweeper: QueueSweeper;
  private readonly presence: LawyerPresence;
  private readonly view: QueueView;
  private readonly publishing = new Map<string, Promise<void>>();
  private readonly again = new Set<string>();
  private readonly unlisten: () => void;

  /** `io`: the socket.io server (whatever its room events); the hub types its own namespace. */
  constructor(
    io: { of(name: string): unknown },
    private readonly deps: ApiDeps,
    private readonly log: Logger,
    private readonly bindRequests: BindQueueRequests,
    /** The client's address (audit_logs.ip) by the deployment's TRUST_PROXY rule. */
    private readonly addressOf: (req: IncomingMessage) => string | undefined,
  ) {
    this.view = new QueueView(deps);
    this.sweeper = new QueueSweeper(deps, log);
    this.presence = new LawyerPresence(deps.consultation.lawyerOfflineGraceMs, {
      countConsoles: async (staffId) => (await this.nsp.in(staffRoom(staffId)).fetchSockets()).length,
      offDuty: (staffId, countyId) => endDutyForAbsence(deps, staffId, countyId),
    }, log);
    this.nsp = io.of(QUEUE_NAMESPACE) as unknown as QueueNamespace;
    this.nsp.use((socket, next) => {
      authenticateQueueSocket(deps, (socket.handshake.auth as { token?: unknown } | undefined)?.token).then(
        (side) => {
          socket.data = side;
          next();
        },
        (err: unknown) => {
          const e = err instanceof AppError ? err : new AppError(401, 'TOKEN_INVALID', 'invalid token');
          if (!(err instanceof AppError)) log.error({ err }, 'queue socket authentication failed');
          next(Object.assign(new Error(e.message), { data: { code: e.code, message: e.message } }));
        },
      );
    });
    this.nsp.on('connection', (socket) => {
      this.guard(socket as QueueSocket);
      void this.connected(socket as QueueSocket);
    });
    this.unlisten = deps.queueEvents.listen(this);
  }

  /**
   * The credential is checked again before every request (an expired token, a disabled
   * account or a revoked device is answered UNAUTHORIZED and the socket closes), and the
   * socket closes by itself when its access token expires.
   */
  private guard(socket: QueueSocket): void {
    socket.use((packet, next) => {
      assertQueueSideStands(this.deps, socket.data).then(
        () => next(),
        (err: unknown) => {
          const ack = packet[packet.length - 1];
          const e = err instanceof AppError ? err : undefined;
          if (!e) this.log.error({ err, socketId: socket.id }, 'queue credential check failed');
          if (typeof ack === 'function') (ack as (res: unknown) => void)(errorAck(e ? ErrorCode.Unauthorized : ErrorCode.Internal, e?.message ?? 'internal error'));
          if (e) this.refuse(socket, e.code);
        },
      );
    });
    const { expiresAt } = socket.data;
    if (expiresAt === null) return;
    const timer = setTimeout(() => this.refuse(socket, 'TOKEN_EXPIRED'), Math.max(0, Math.min(expiresAt - Date.now(), 2 ** 31 - 1)));
    socket.once('disconnect', () => clearTimeout(timer));
  }

  private refuse(socket: Pick<QueueSocket, 'id' | 'data' | 'disconnect'>, code: string): void {
    this.log.info({ socketId: socket.id, principalId: socket.data.principal.id, code }, 'queue socket closed: its credential no longer holds');
    socket.disconnect(true);
  }

  /** Starts the time-out sweeps on the job engine (`jobs`: jobs/, wired by server.ts). */
  start(jobs: SweepJobs): void {
    this.sweeper.start(jobs);
  }

  private async connected(socket: QueueSocket): Promise<void> {
    const side = socket.data;
    const log = this.log.child({ socketId: socket.id, side: side.side, principalId: side.principal.id });
    this.bindRequests(socket, { side, deps: this.deps, view: this.view, log, ip: this.addressOf(socket.request) });
    try {
      await socket.join(holderRoom(side.principal));
      if (side.side === 'lawyer') {
        const { id, countyId } = side.principal;
        await socket.join([staffRoom(id), countyLawyersRoom(countyId)]);
        this.presence.arrived(id);
        socket.once('disconnect', () => this.presence.left(id, countyId));
        if (await isOnDuty(this.deps, id)) {
          await socket.join(lawyersRoom(countyId));
          socket.emit('queue:list', { entries: await this.view.entries(countyId) });
        }
      } else {
        await socket.join(talkRoomRoom(side.talkRoomId));
        for (const s of await this.view.standings(side.principal.countyId)) {
          if (s.talkRoomId === side.talkRoomId) socket.emit('queue:position', { consultationId: s.consultationId, position: s.position, queueLength: s.queueLength, estimatedWaitS: s.estimatedWaitS });
        }
        await this.resendLiveSessions(socket);
      }
    } catch (err) {
      log.error({ err }, 'queue socket set-up failed');
    }
  }

  /** Publishes the county's queue; runs one at a time per county, coalescing bursts. */
  changed(countyId: string): void {
    this.sweeper.kick();
    if (this.publishing.has(countyId)) {
      this.again.add(countyId);
      return;
    }
    const run = async () => {
      do {
        this.again.delete(countyId);
        await this.publish(countyId);
      } while (this.again.has(countyId));
    };
    this.publishing.set(
      countyId,
      run()
        .catch((err: unknown) => this.log.error({ err, countyId }, 'queue publish failed'))
        .finally(() => this.publishing.delete(countyId)),
    );
  }

  private async publish(countyId: string): Promise<void> {
    const entries = await this.view.entries(countyId);
    this.nsp.to(lawyersRoom(countyId)).emit('queue:list', { entries });
    for (const s of await this.view.standings(countyId, entries)) {
      this.nsp.to(talkRoomRoom(s.talkRoomId)).emit('queue:position', { consultationId: s.consultationId, position: s.position, queueLength: s.queueLength, estimatedWaitS: s.estimatedWaitS });
    }
  }

  /** The lawyers of the county with a /queue socket open on any node. */
  async connectedLawyers(countyId: string): Promise<Set<string>> {
    const sockets = await this.nsp.in(countyLawyersRoom(countyId)).fetchSockets();
    return new Set(sockets.map((s) => s.data.principal.id));
  }

  taken(c: ConsultationRef, lawyerId: string): void {
    this.nsp.to(lawyersRoom(c.countyId)).emit('queue:taken', { consultationId: c.id, lawyerId });
  }

  /**
   * A talk-room socket that (re)connects while one of its consultations is live (accepted,
   * or a call-back started, in the last 4 hours, session not over) gets its join token
   * again: a flaky link must not lose the moment a lawyer accepted.
   */
  private async resendLiveSessions(socket: QueueSocket): Promise<void> {
    if (socket.data.side !== 'talkroom') return;
    const since = new Date(this.deps.now().getTime() - 4 * 3600_000);
    const live = await liveConsultationSessions(this.deps, socket.data.talkRoomId, since);
    for (const s of live) await this.pushJoin(socket, s.consultationId!, s.id, s.host.displayName);
  }

  private async pushJoin(socket: Pick<QueueSocket, 'id' | 'emit' | 'data' | 'disconnect'>, consultationId: string, sessionId: string, lawyerName: string): Promise<void> {
    try {
      await assertQueueSideStands(this.deps, socket.data);
    } catch (err) {
      // a revoked device or disabled account gets no join token (its socket closes)
      if (err instanceof AppError) this.refuse(socket, err.code);
      else this.log.error({ err, socketId: socket.id }, 'queue credential check failed');
      return;
    }
    try {
      const j = await joinSession({ deps: this.deps, actor: socket.data.principal, ip: undefined }, sessionId);
      socket.emit('consultation:accepted', { consultationId, lawyerName, join: { sessionId, token: j.token, peerId: j.peerId, roomId: j.roomId, role: j.role, expiresAt: j.expiresAt.toISOString() } });
    } catch (err) {
      this.log.debug({ err: (err as Error).message, socketId: socket.id, sessionId }, 'no join token for this talk-room socket');
    }
  }

  /** Each talk-room socket (on any node) gets a join token for its own principal. */
  sessionReady(c: ConsultationRef, sessionId: string, lawyerName: string): void {
    void (async () => {
      const sockets = await this.nsp.in(talkRoomRoom(c.talkRoomId)).fetchSockets();
      for (const s of sockets) await this.pushJoin(s as never, c.id, sessionId, lawyerName);
    })().catch((err: unknown) => this.log.error({ err, consultationId: c.id }, 'pushing join tokens failed'));
  }

  callback(c: ConsultationRef, callbackAt: Date, reason: 'NO_LAWYER_ON_DUTY' | 'QUEUE_TIMEOUT' | 'LAWYER_SCHEDULED'): void {
    this.nsp.to(talkRoomRoom(c.talkRoomId)).emit('consultation:callback', { consultationId: c.id, callbackAt: callbackAt.toISOString(), reason });
  }

  closed(c: ConsultationRef, status: string): void {
    this.nsp.to(talkRoomRoom(c.talkRoomId)).emit('consultation:closed', { consultationId: c.id, status });
  }

  dutyChanged(staffId: string, countyId: string, onDuty: boolean): void {
    if (onDuty) this.nsp.in(staffRoom(staffId)).socketsJoin(lawyersRoom(countyId));
    else this.nsp.in(staffRoom(staffId)).socketsLeave(lawyersRoom(countyId));
    void this.view
      .entries(countyId)
      .then((entries) => this.nsp.to(staffRoom(staffId)).emit('queue:list', { entries: onDuty ? entries : [] }))
      .catch((err: unknown) => this.log.error({ err, staffId }, 'duty publish failed'));
  }

  close(): void {
    this.unlisten();
    this.sweeper.close();
    this.presence.close();
  }
}

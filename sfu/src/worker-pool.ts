import { EventEmitter } from 'node:events';
import { createWorker, type types } from 'mediasoup';
import type { Logger } from 'pino';
import { MEDIA_CODECS } from './codecs';
import { parseSfuConfig, type SfuConfig, type SfuConfigInput } from './config';
import { SfuErrors } from './errors';
import { MediaRoom } from './media-room';
import { pickLeastLoaded } from './placement';

/** One worker as /health reports it. */
export interface WorkerHealth {
  index: number;
  pid: number;
  alive: boolean;
  rooms: number;
  transports: number;
}

export type WorkerPoolEvents = {
  /** A worker process died unexpectedly; its rooms have closed with reason 'worker-died'. */
  workerdied: [info: { index: number; pid: number; error: Error }];
  /** A worker (first start or replacement of a dead one) is ready for rooms. */
  workerstarted: [info: { index: number; pid: number; replacement: boolean }];
};

interface WorkerSlot {
  index: number;
  worker: types.Worker;
  webRtcServer: types.WebRtcServer;
  rooms: Set<MediaRoom>;
  /** Rooms being created on it right now (counted by placement, so a burst spreads). */
  pending: number;
  alive: boolean;
}

/**
 * One mediasoup worker per configured core, each with one WebRtcServer (UDP + TCP on
 * base port + index). New rooms go to the least-loaded live worker. When a worker
 * dies, its rooms close with reason 'worker-died' (the app tells their peers to
 * rejoin) and a replacement worker starts on the same ports.
 */
export class WorkerPool extends EventEmitter<WorkerPoolEvents> {
  readonly config: SfuConfig;
  private readonly slots = new Map<number, WorkerSlot>();
  private readonly restartTimers = new Map<number, NodeJS.Timeout>();
  private state: 'new' | 'running' | 'closed' = 'new';
  private readonly log: Logger;

  constructor(config: SfuConfigInput | SfuConfig, logger: Logger) {
    super();
    this.config = parseSfuConfig(config);
    this.log = logger;
  }

  /** Starts every worker; rejects (and stops what it started) if one cannot start. */
  async start(): Promise<void> {
    if (this.state !== 'new') return;
    this.state = 'running';
    const results = await Promise.allSettled(Array.from({ length: this.config.numWorkers }, (_, i) => this.startSlot(i)));
    for (const r of results) if (r.status === 'fulfilled') this.adopt(r.value, false);
    const failure = results.find((r) => r.status === 'rejected');
    if (failure) {
      await this.close();
      throw failure.reason;
    }
  }

  /** A new room (one router) on the least-loaded live worker. */
  async createRoom(roomId: string): Promise<MediaRoom> {
    if (this.state === 'new') throw SfuErrors.poolNotStarted();
    if (this.isClosed) throw SfuErrors.poolClosed();
    const choice = pickLeastLoaded([...this.slots.values()].map((s) => this.load(s)));
    const slot = choice && this.slots.get(choice.index);
    if (!slot) throw SfuErrors.noWorker();
    slot.pending++;
    let room: MediaRoom;
    try {
      const router = await slot.worker.createRouter({ mediaCodecs: MEDIA_CODECS, appData: { roomId } });
      const context = { router, webRtcServer: slot.webRtcServer, workerPid: slot.worker.pid, config: this.config, logger: this.log };
      room = await MediaRoom.create(roomId, context).catch((err: unknown) => {
        router.close();
        throw err;
      });
    } catch (err) {
      if (!slot.alive) throw SfuErrors.noWorker();
      throw err;
    } finally {
      slot.pending--;
    }
    if (this.isClosed || !slot.alive) {
      room.close(this.isClosed ? 'shutdown' : 'worker-died');
      throw this.isClosed ? SfuErrors.poolClosed() : SfuErrors.noWorker();
    }
    slot.rooms.add(room);
    room.once('close', () => slot.rooms.delete(room));
    return room;
  }

  /** Per-worker liveness and load, for a /health endpoint. */
  health(): WorkerHealth[] {
    return [...this.slots.values()].sort((a, b) => a.index - b.index).map((s) => ({ ...this.load(s), pid: s.worker.pid }));
  }

  /** Closes every room (reason 'shutdown') and worker. Idempotent; resolves when the worker processes have exited. */
  async close(): Promise<void> {
    if (this.isClosed) return;
    this.state = 'closed';
    for (const t of this.restartTimers.values()) clearTimeout(t);
    this.restartTimers.clear();
    const exits: Array<Promise<void>> = [];
    for (const slot of this.slots.values()) {
      for (const room of [...slot.rooms]) room.close('shutdown');
      if (!slot.worker.closed) exits.push(closeWorker(slot.worker));
    }
    this.slots.clear();
    await Promise.all(exits);
    this.log.info('worker pool closed');
  }

  /** (A getter, so that TypeScript does not narrow `state` across awaits.) */
  private get isClosed(): boolean {
    return this.state === 'closed';
  }

  private load(s: WorkerSlot) {
    let transports = 0;
    for (const r of s.rooms) transports += r.transportCount;
    return { index: s.index, alive: s.alive, rooms: s.rooms.size + s.pending, transports };
  }

  private async startSlot(index: number): Promise<WorkerSlot> {
    const c = this.config;
    const worker = await createWorker({ logLevel: c.workerLogLevel, logTags: c.workerLogTags, appData: { index } });
    try {
      const port = c.webRtcServerPort === 0 ? undefined : c.webRtcServerPort + index;
      const webRtcServer = await worker.createWebRtcServer({
        listenInfos: [
          { protocol: 'udp', ip: c.listenIp, announcedAddress: c.announcedAddress, port },
          { protocol: 'tcp', ip: c.listenIp, announcedAddress: c.announcedAddress, port },
        ],
      });
      return { index, worker, webRtcServer, rooms: new Set(), pending: 0, alive: true };
    } catch (err) {
      await closeWorker(worker);
      throw err;
    }
  }

  private adopt(slot: WorkerSlot, replacement: boolean): void {
    if (this.isClosed) {
      void closeWorker(slot.worker);
      return;
    }
    this.slots.set(slot.index, slot);
    slot.worker.on('died', (error) => this.onDied(slot, error));
    this.log.info({ workerIndex: slot.index, workerPid: slot.worker.pid, replacement }, 'mediasoup worker started');
    this.emit('workerstarted', { index: slot.index, pid: slot.worker.pid, replacement });
  }

  private onDied(slot: WorkerSlot, error: Error): void {
    slot.alive = false;
    const rooms = [...slot.rooms];
    this.log.error(
      { err: error, workerIndex: slot.index, workerPid: slot.worker.pid, rooms: rooms.map((r) => r.id) },
      'mediasoup worker died: closing its rooms and starting a replacement',
    );
    // mediasoup has already closed the routers (rooms saw 'workerclose'); make sure.
    for (const room of rooms) room.close('worker-died');
    slot.rooms.clear();
    this.emit('workerdied', { index: slot.index, pid: slot.worker.pid, error });
    void this.replace(slot.index);
  }

  private async replace(index: number): Promise<void> {
    this.restartTimers.delete(index);
    if (this.isClosed) return;
    try {
      this.adopt(await this.startSlot(index), true);
    } catch (err) {
      if (this.isClosed) return;
      const delayMs = this.config.workerRestartDelayMs;
      this.log.error({ err, workerIndex: index, retryInMs: delayMs }, 'cannot start a replacement worker');
      this.restartTimers.set(index, setTimeout(() => void this.replace(index), delayMs));
    }
  }
}

/** Closes a worker and waits (at most 3 s) for its process to exit. */
function closeWorker(worker: types.Worker): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, 3_000);
    worker.once('subprocessclose', () => {
      clearTimeout(timer);
      resolve();
    });
    worker.close();
    if (worker.subprocessClosed) {
      clearTimeout(timer);
      resolve();
    }
  });
}

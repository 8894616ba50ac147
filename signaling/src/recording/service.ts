import type { PrismaClient, Recording } from '@shuoshi/db';
import type { Logger } from '../logger';
import { cutClip, type ClipRequest } from './clip';
import { RecordingErrors } from './errors';
import type { RecordableRooms } from './media';
import { recoverInterruptedRecordings } from './recovery';
import { RenditionQueue, type RenditionJobs } from './rendition-queue';
import { purgeExpiredRecordings, type PurgeResult } from './retention';
import { SessionRecorder } from './session-recorder';
import { RecordingStore } from './store';
import type { MediaTools } from './tools';
import { verifyRecording, type Verification } from './verify';

/** After a takeover: a file untouched this long has no writer left (they flush every 500 ms). */
const TAKEOVER_QUIET_MS = 1_000;
const TAKEOVER_ATTEMPTS = 30;

export interface RecordingServiceOptions {
  prisma: PrismaClient;
  recordingsDir: string;
  /** The live media rooms, by room id: the same media adapter the rooms use (SfuMediaHost). */
  media: RecordableRooms;
  tools: MediaTools;
  retentionDays: number;
  /** The job engine's rendition jobs (jobs/: run by whichever node takes them). */
  jobs: RenditionJobs;
  /** CJK font for the rendition's labels. */
  fontFile?: string;
  /** Queue a rendition when a session's recorder closes with tracks (default true). */
  autoRender?: boolean;
  keyframeIntervalMs?: number;
  log: Logger;
}

/**
 * Recording and evidence for one node: a SessionRecorder per live session (which the
 * mediation room drives: it holds consent), the rendition queue, clips, hash
 * verification, start-up recovery of interrupted files, and the retention purge
 * (`housekeeping`, run by the job engine on one node per period: jobs/).
 */
export class RecordingService {
  readonly store: RecordingStore;
  readonly renditions: RenditionQueue;
  private readonly recorders = new Map<string, SessionRecorder>();
  /** The housekeeping in flight, awaited by close() (it uses the database). */
  private housekeepingRun: Promise<void> | undefined;
  private closing = false;
  private readonly log: Logger;

  constructor(private readonly o: RecordingServiceOptions) {
    this.log = o.log;
    this.store = new RecordingStore(o.prisma);
    this.renditions = new RenditionQueue({ store: this.store, recordingsDir: o.recordingsDir, tools: o.tools, jobs: o.jobs, fontFile: o.fontFile, log: o.log.child({ job: 'rendition' }) });
  }

  get recordingsDir(): string {
    return this.o.recordingsDir;
  }

  /** Recovers files interrupted by a crash, and queues the renditions that never ran. */
  async start(): Promise<void> {
    await this.recover();
    if (this.o.autoRender !== false) await this.requeueRenditions();
  }

  /**
   * The periodic job (the engine runs it once per period across the nodes): recovery of
   * interrupted files, then the retention purge.
   */
  async housekeeping(): Promise<void> {
    if (this.closing) throw new Error('the recording service is closing');
    const run = (async () => {
      await this.recover();
      await this.purge();
    })();
    this.housekeepingRun = run.finally(() => (this.housekeepingRun = undefined)).catch(() => undefined);
    await run;
  }

  /** Finalises track rows whose writer died (this node's live tracks excepted). */
  async recover(): Promise<void> {
    const r = await recoverInterruptedRecordings({ store: this.store, recordingsDir: this.o.recordingsDir, tools: this.o.tools, log: this.log, skip: this.liveTracks() });
    if (r.recovered + r.removed > 0) this.log.warn(r, 'interrupted recordings recovered');
  }

  /**
   * A room rebuilt on this node with its recording on (its node died): the session's tracks
   * that node left unfinished are finalised now, not at the next housekeeping, once across
   * the nodes (recovery.ts). Its ffmpeg died with it (spawnTool ties them to their server),
   * so a file quiet for a second is no longer written; one written since is looked at again.
   */
  async takeOver(sessionId: string): Promise<void> {
    for (let attempt = 0; attempt < TAKEOVER_ATTEMPTS && !this.closing; attempt++) {
      const r = await recoverInterruptedRecordings({ store: this.store, recordingsDir: this.o.recordingsDir, tools: this.o.tools, log: this.log, skip: this.liveTracks(), sessionId, quietMs: TAKEOVER_QUIET_MS });
      if (r.recovered + r.removed > 0) this.log.warn({ sessionId, ...r }, "the tracks of the room's previous node finalised");
      if (r.waiting === 0) return;
      await new Promise((resolve) => setTimeout(resolve, TAKEOVER_QUIET_MS).unref());
    }
  }

  private liveTracks(): Set<string> {
    return new Set([...this.recorders.values()].flatMap((r) => r.active().map((t) => t.recordingId)));
  }

  /** The session's recorder (one per live session, made on first use); 409 when its media room is not live here. */
  async recorderFor(sessionId: string): Promise<SessionRecorder> {
    const existing = this.recorders.get(sessionId);
    if (existing && !existing.closed) return existing;
    const session = await this.store.session(sessionId);
    if (!session) throw RecordingErrors.notFound(`session ${sessionId}`);
    const room = this.o.media.recordableRoom(session.roomId);
    if (!room || room.closed) throw RecordingErrors.noLiveRoom(sessionId);
    const again = this.recorders.get(sessionId);
    if (again && !again.closed) return again;
    const recorder = new SessionRecorder({
      session: { id: session.id, caseId: session.caseId, roomId: session.roomId },
      room,
      store: this.store,
      recordingsDir: this.o.recordingsDir,
      tools: this.o.tools,
      ...(this.o.keyframeIntervalMs !== undefined ? { keyframeIntervalMs: this.o.keyframeIntervalMs } : {}),
      log: this.log,
    });
    this.recorders.set(sessionId, recorder);
    recorder.once('closed', (tracks) => {
      if (this.recorders.get(sessionId) === recorder) this.recorders.delete(sessionId);
      // a room that moved to another node (drain) goes on recording there: rendered when it ends
      const moved = tracks.at(-1)?.reason === 'room-moved';
      if (!this.closing && !moved && this.o.autoRender !== false && tracks.some((t) => !t.empty)) {
        try {
          this.renditions.enqueue(sessionId);
        } catch (err) {
          this.log.warn({ err, sessionId }, 'rendition not queued');
        }
      }
    });
    return recorder;
  }

  /** Queues the renditions a restart interrupted (or that never ran): sessions whose newest track has none. */
  private async requeueRenditions(): Promise<void> {
    const live = new Set(this.recorders.keys());
    for (const sessionId of await this.store.sessionsToRender()) {
      if (live.has(sessionId)) continue;
      try {
        this.renditions.enqueue(sessionId);
        this.log.info({ sessionId }, 'rendition queued again after a restart');
      } catch (err) {
        this.log.warn({ err, sessionId }, 'rendition not queued');
      }
    }
  }

  /** The live recorder of a session, if any. */
  recorder(sessionId: string): SessionRecorder | undefined {
    return this.recorders.get(sessionId);
  }

  cutClip(req: ClipRequest): Promise<Recording> {
    return cutClip({ store: this.store, recordingsDir: this.o.recordingsDir, tools: this.o.tools, log: this.log }, req);
  }

  verify(recordingId: string): Promise<Verification> {
    return verifyRecording(this.store, this.o.recordingsDir, recordingId);
  }

  purge(now?: Date): Promise<PurgeResult> {
    return purgeExpiredRecordings({ prisma: this.o.prisma, recordingsDir: this.o.recordingsDir, retentionDays: this.o.retentionDays, log: this.log, ...(now ? { now } : {}) });
  }

  /** Finalises every live recording ('shutdown') and stops the rendition job. */
  async close(): Promise<void> {
    this.closing = true;
    await this.housekeepingRun;
    await Promise.all([...this.recorders.values()].map((r) => r.close('shutdown')));
    await this.renditions.close();
  }
}

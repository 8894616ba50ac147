import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../logger';
import { RecordingErrors } from './errors';
import { fileFacts } from './finalise';
import type { RecordableRoom } from './media';
import { sessionFolder, trackFileName } from './paths';
import type { RecordingStore } from './store';
import type { MediaTools } from './tools';
import { TrackRecorder, type TrackStopReason } from './track-recorder';

/** Who is on a track: the label kept with the recording (e.g. "当事人 刘大山"), and their seat. */
export interface Participant {
  label: string;
  peerId?: string;
}

export interface TrackInfo {
  recordingId: string;
  producerId: string;
  participant: Participant;
  kind: 'audio' | 'video';
  /** Relative to the recordings directory. */
  path: string;
  startedAt: Date;
}

export interface FinishedTrack extends TrackInfo {
  reason: TrackStopReason;
  endedAt: Date;
  /** Nothing was received: no file, and the row was removed. */
  empty: boolean;
  interrupted: boolean;
  durationMs: number | null;
  bytes: number;
  sha256: string | null;
}

export type SessionRecorderEvents = {
  trackstarted: [TrackInfo];
  trackstopped: [FinishedTrack];
  trackfailed: [{ producerId: string; participant: Participant; error: Error }];
  closed: [finished: FinishedTrack[]];
};

export interface SessionRecorderOptions {
  session: { id: string; caseId: string | null; roomId: string };
  room: RecordableRoom;
  store: RecordingStore;
  recordingsDir: string;
  tools: MediaTools;
  /** Video keyframe request interval (default 4 s). */
  keyframeIntervalMs?: number;
  log: Logger;
}

interface Active {
  info: TrackInfo;
  recorder: TrackRecorder;
  file: string;
  done: Promise<FinishedTrack>;
}

/**
 * Records a live session's tracks, one file per producer, only when told to: the
 * mediation room (which holds consent) calls start() for a producer with the
 * participant's identity, and stop()/stopParticipant() when consent is withdrawn or
 * they leave; close() at the end of the session. Each track is a plain-RTP
 * consumer into its own ffmpeg, so the call itself is not touched.
 */
export class SessionRecorder extends EventEmitter<SessionRecorderEvents> {
  private readonly tracks = new Map<string, Active>();
  private readonly starting = new Set<string>();
  private readonly finished: FinishedTrack[] = [];
  private closing: Promise<FinishedTrack[]> | undefined;
  readonly log: Logger;

  constructor(private readonly o: SessionRecorderOptions) {
    super();
    this.log = o.log.child({ sessionId: o.session.id, caseId: o.session.caseId, roomId: o.session.roomId });
    o.room.once('close', () => void this.close('session-ended'));
  }

  get sessionId(): string {
    return this.o.session.id;
  }
  get closed(): boolean {
    return this.closing !== undefined;
  }
  isRecording(producerId: string): boolean {
    return this.tracks.has(producerId) || this.starting.has(producerId);
  }
  active(): TrackInfo[] {
    return [...this.tracks.values()].map((t) => t.info);
  }
  /** The recording ffmpeg processes (operations and tests). */
  toolPids(): number[] {
    return [...this.tracks.values()].flatMap((t) => (t.recorder.pid !== undefined ? [t.recorder.pid] : []));
  }
  /** Every track that ended so far (newest last). */
  history(): FinishedTrack[] {
    return [...this.finished];
  }

  /** Starts recording one producer. Throws ALREADY_RECORDING, RECORDER_CLOSED, or the SFU's PRODUCER_NOT_FOUND. */
  async start(producerId: string, participant: Participant): Promise<TrackInfo> {
    if (this.closing) throw RecordingErrors.recorderClosed(this.sessionId);
    if (this.isRecording(producerId)) throw RecordingErrors.alreadyRecording(producerId);
    this.starting.add(producerId);
    const folder = sessionFolder(this.o.session);
    const startedAt = new Date();
    const tag = randomBytes(3).toString('hex');
    const log = this.log.child({ peerId: participant.peerId, producerId });
    let row: { id: string } | undefined;
    try {
      await fs.mkdir(path.join(this.o.recordingsDir, folder), { recursive: true });
      const recorder = await TrackRecorder.start({
        room: this.o.room,
        producerId,
        fileFor: (kind, ext) => path.join(this.o.recordingsDir, folder, trackFileName({ startedAt, kind, label: participant.label, tag, ext })),
        tools: this.o.tools,
        keyframeIntervalMs: this.o.keyframeIntervalMs ?? 4_000,
        log,
      });
      const rel = path.join(folder, path.basename(recorder.file));
      row = await this.o.store
        .create({ sessionId: this.sessionId, participantLabel: participant.label, kind: recorder.kind === 'audio' ? 'AUDIO' : 'VIDEO', path: rel, startedAt: recorder.resumedAt })
        .catch(async (err: unknown) => {
          await recorder.stop('stopped');
          throw err;
        });
      const info: TrackInfo = { recordingId: row.id, producerId, participant, kind: recorder.kind, path: rel, startedAt: recorder.resumedAt };
      // the file's time zero is its first packet (which may have come while the row was written)
      const firstPacket = (at: Date) => {
        info.startedAt = at;
        void this.o.store.setStartedAt(info.recordingId, at).catch((err: unknown) => log.warn({ err }, 'cannot store the first-packet time'));
      };
      if (recorder.firstPacketAt) firstPacket(recorder.firstPacketAt);
      else recorder.once('firstpacket', firstPacket);
      const done = recorder.done.then((end) => this.finalise(info, recorder.file, end, log));
      this.tracks.set(producerId, { info, recorder, file: recorder.file, done });
      void done.then((f) => {
        this.tracks.delete(producerId);
        this.finished.push(f);
        this.emit('trackstopped', f);
      });
      log.info({ recordingId: info.recordingId, kind: info.kind, file: rel, label: participant.label }, 'track recording started');
      await this.audit('recording.start', info, { producerId, kind: info.kind, participant: participant.label, path: rel }, log);
      this.emit('trackstarted', info);
      return info;
    } catch (err) {
      log.error({ err }, 'track recording failed to start');
      this.emit('trackfailed', { producerId, participant, error: err as Error });
      throw err;
    } finally {
      this.starting.delete(producerId);
    }
  }

  /** Stops one producer's recording and finalises its file (hash, duration, size in the row). */
  async stop(producerId: string, reason: TrackStopReason = 'stopped'): Promise<FinishedTrack> {
    const t = this.tracks.get(producerId);
    if (!t) throw RecordingErrors.notRecording(producerId);
    await t.recorder.stop(reason);
    return t.done;
  }

  /** Stops every track of a participant (by seat, else by label): consent withdrawn, or they left. */
  stopParticipant(who: { peerId?: string; label?: string }, reason: TrackStopReason): Promise<FinishedTrack[]> {
    const mine = [...this.tracks.values()].filter((t) => (who.peerId !== undefined ? t.info.participant.peerId === who.peerId : t.info.participant.label === who.label));
    return Promise.all(mine.map((t) => this.stop(t.info.producerId, reason)));
  }

  stopAll(reason: TrackStopReason): Promise<FinishedTrack[]> {
    return Promise.all([...this.tracks.keys()].map((id) => this.stop(id, reason)));
  }

  /** Stops everything and refuses new tracks (idempotent); resolves with every track of the session. */
  close(reason: TrackStopReason = 'session-ended'): Promise<FinishedTrack[]> {
    this.closing ??= (async () => {
      while (this.starting.size > 0) await new Promise((r) => setTimeout(r, 20));
      await this.stopAll(reason);
      const all = this.history();
      this.log.info({ tracks: all.length, reason }, 'session recorder closed');
      this.emit('closed', all);
      return all;
    })();
    return this.closing;
  }

  private async audit(action: string, info: TrackInfo, details: Record<string, string | number | boolean | null>, log: Logger): Promise<void> {
    await this.o.store.auditSystem({ action, recordingId: info.recordingId, caseId: this.o.session.caseId, details: { sessionId: this.sessionId, ...details } }).catch((err: unknown) => log.error({ err, action }, 'cannot write the audit row'));
  }

  private async finalise(info: TrackInfo, file: string, end: { reason: TrackStopReason; interrupted: boolean; endedAt: Date }, log: Logger): Promise<FinishedTrack> {
    const base = { ...info, reason: end.reason, endedAt: end.endedAt };
    try {
      const facts = await fileFacts(this.o.tools, file, end, log);
      if (!facts) {
        await this.o.store.remove(info.recordingId);
        log.warn({ recordingId: info.recordingId }, 'nothing was received: recording row removed');
        return { ...base, empty: true, interrupted: end.interrupted, durationMs: null, bytes: 0, sha256: null };
      }
      await this.o.store.finish(info.recordingId, facts);
      // the hash goes into the audit log too, when the file is finalised
      await this.audit('recording.finalise', info, { reason: end.reason, sha256: facts.sha256, bytes: facts.bytes, durationMs: facts.durationMs, interrupted: facts.interrupted }, log);
      log.info({ recordingId: info.recordingId, durationMs: facts.durationMs, bytes: facts.bytes, sha256: facts.sha256, interrupted: facts.interrupted }, 'track recording finalised');
      return { ...base, empty: false, interrupted: facts.interrupted, durationMs: facts.durationMs, bytes: facts.bytes, sha256: facts.sha256 };
    } catch (err) {
      log.error({ err, recordingId: info.recordingId }, 'cannot finalise the recording row (recovery will retry at start-up)');
      return { ...base, empty: false, interrupted: true, durationMs: null, bytes: 0, sha256: null };
    }
  }
}

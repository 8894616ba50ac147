import type { ConsentAnswer, RecordingStateInfo } from '@shuoshi/protocol';
import type { Logger } from '../logger';
import type { TrackStopReason } from '../recording/track-recorder';
import type { ConsentLedger, RoomSession, SeatRef } from './consent-ledger';
import { RoomErrors } from './errors';
import { participantLabel } from './participant-label';
import type { RecordingImage, RecordingImages } from './recording-image';
import type { Peer } from './peer';
import { ConsentRuleError, RecordingConsent } from './recording-consent';
import type { PeerLeaveReason, Room } from './room';
import type { RoomAudit } from './room-audit';

/** The part of a SessionRecorder the room drives: one file per producer. */
export interface TrackSink {
  readonly closed: boolean;
  start(producerId: string, participant: { label: string; peerId: string }): Promise<unknown>;
  stop(producerId: string, reason: TrackStopReason): Promise<unknown>;
  isRecording(producerId: string): boolean;
}

export interface RoomRecordingDeps {
  ledger: ConsentLedger;
  /** The session's recorder (SessionRecorder via RecordingService.recorderFor). */
  recorderFor(sessionId: string): Promise<TrackSink>;
  audit?: RoomAudit | undefined;
  /**
   * A room rebuilt here with its recording on: the session's tracks whose writer died with
   * the room's old node are finalised (RecordingService.takeOver), once across the nodes.
   */
  takeOver?(sessionId: string): Promise<unknown>;
  /** The state changed (an answer, a round started or ended): the room image is written now. */
  stateChanged?(room: Room): void;
  log: Logger;
}

/** A track that failed to start (ffmpeg slow to listen on a busy machine, a producer mid-change) is tried again after 1 s, 2 s, 4 s… up to this: the recording of a person who agreed must not silently miss them. */
const RETRY_MAX_MS = 15_000;

const seatRef = (p: Peer): SeatRef => ({ peerId: p.id, role: p.role, label: participantLabel(p) });

/**
 * Recording in a live room, with consent. It listens to the room like any other
 * consumer: seats taken and left, producers added, caucus changes; keeps the consent
 * rules (RecordingConsent); writes every answer to the consent ledger; and keeps the
 * session recorder recording exactly the producers of peers who agreed, while the
 * round is on, and (unless the policy says otherwise) who are in the plenary.
 */
export class RoomRecording {
  readonly consent = new RecordingConsent();
  private session: RoomSession | undefined;
  private sink: TrackSink | undefined;
  /** Producers this room asked the recorder to record, and whose they are. */
  private readonly recorded = new Map<string, string>();
  /** Agreements being written to the ledger, by participant (a repeat waits for the first). */
  private readonly agreeing = new Map<string, Promise<void>>();
  private stopReason: TrackStopReason = 'stopped';
  /** The room is leaving this node (drain): nothing more is recorded here. */
  private movedAway = false;
  private dirty = false;
  private running: Promise<void> | undefined;
  /** Failed starts by producer, and the one timer that tries them again. */
  private readonly failures = new Map<string, number>();
  private retry: NodeJS.Timeout | undefined;
  private readonly log: Logger;
  private readonly unsubscribe: () => void;

  constructor(
    readonly room: Room,
    private readonly deps: RoomRecordingDeps,
  ) {
    this.log = room.log.child({ component: 'room-recording' });
    const seated = (peer: Peer) => this.seated(peer);
    const resumed = (peer: Peer) => this.tell(peer);
    const left = (peer: Peer, reason: PeerLeaveReason) => this.left(peer, reason);
    const media = () => this.reconcile();
    room.on('peerSeated', seated);
    room.on('peerResumed', resumed);
    room.on('peerLeft', left);
    room.on('producerAdded', media);
    room.on('caucusChanged', media);
    this.unsubscribe = () => {
      room.off('peerSeated', seated);
      room.off('peerResumed', resumed);
      room.off('peerLeft', left);
      room.off('producerAdded', media);
      room.off('caucusChanged', media);
    };
    room.once('close', () => {
      this.unsubscribe();
      clearTimeout(this.retry);
    });
  }

  info(): RecordingStateInfo {
    return this.consent.info();
  }

  /** Host: ask everyone present; recording starts when all have agreed. */
  async start(host: Peer): Promise<RecordingStateInfo> {
    if (this.consent.active) throw RoomErrors.recordingActive();
    const session = await this.findSession();
    rule(() => this.consent.request([...this.room.peers.keys()]));
    this.stopReason = 'stopped';
    this.log.info({ sessionId: session.id, pending: this.consent.info().pending }, 'recording requested: asking for consent');
    this.audit(host, 'room.recording.request', { sessionId: session.id, recordCaucus: this.consent.recordCaucus });
    for (const peer of this.room.peers.values()) this.ask(peer, host.id);
    this.changed();
    return this.info();
  }

  /** Host: stop recording (every file is finalised). */
  stop(host: Peer): RecordingStateInfo {
    rule(() => this.consent.stop());
    this.stopReason = 'stopped';
    this.audit(host, 'room.recording.stop', {});
    this.changed();
    return this.info();
  }

  /** Host: whether caucus groups are recorded (between rounds only). */
  setPolicy(host: Peer, recordCaucus: boolean): RecordingStateInfo {
    rule(() => this.consent.setRecordCaucus(recordCaucus));
    this.audit(host, 'room.recording.policy', { recordCaucus });
    this.changed();
    return this.info();
  }

  /** An answer, by the participant, or by an operator for a villager of their talk room. */
  async give(peer: Peer, decision: ConsentAnswer, onBehalfOf?: string): Promise<RecordingStateInfo> {
    const target = onBehalfOf === undefined || onBehalfOf === peer.id ? peer : this.room.peers.get(onBehalfOf);
    if (!target) throw RoomErrors.notFound('participant');
    const recordedBy = target === peer ? undefined : peer;
    if (recordedBy) {
      if (peer.role !== 'operator') throw RoomErrors.forbidden('only a talk-room operator may answer for someone else');
      if (!(await this.deps.ledger.mayAnswerFor(seatRef(peer), seatRef(target)))) {
        throw RoomErrors.forbidden('an operator may answer only for a villager of their own talk room');
      }
    }
    // the decline that ended this round, again: nothing changes, nothing is written
    if (decision === 'decline' && this.consent.endedBy(target.id)) return this.info();
    if (!this.consent.asked(target.id)) throw RoomErrors.consentNotRequested();
    // the same answer again (or while the first is being written) changes nothing: no ledger row, no audit row
    const agreeing = this.agreeing.get(target.id);
    if (decision === 'agree' && (agreeing || this.consent.hasAgreed(target.id))) {
      await agreeing;
      return this.info();
    }
    if (decision === 'agree') {
      // on record first: nobody is recorded on an answer the ledger does not hold
      const written = this.write(target, 'AGREE', recordedBy);
      this.agreeing.set(target.id, written);
      try {
        await written;
      } finally {
        this.agreeing.delete(target.id);
      }
      if (!this.consent.asked(target.id)) throw RoomErrors.consentNotRequested(); // the round ended meanwhile
      this.consent.agree(target.id);
    } else {
      this.refuse(target, 'DECLINE');
      await this.write(target, 'DECLINE', recordedBy);
    }
    this.audit(peer, `room.consent.${decision}`, { participant: target.id, label: participantLabel(target), ...(recordedBy ? { onBehalfOf: target.id } : {}) });
    this.changed();
    return this.info();
  }

  /** The parties present whom this seat may answer for (an operator: its talk room's villagers; anyone else: none). */
  async proxiesFor(peer: Peer): Promise<string[]> {
    if (peer.role !== 'operator') return [];
    const parties = [...this.room.peers.values()].filter((p) => p.role === 'party');
    const may = await Promise.all(parties.map((p) => this.deps.ledger.mayAnswerFor(seatRef(peer), seatRef(p))));
    return parties.filter((_, i) => may[i]).map((p) => p.id);
  }

  /** The participant takes back their consent: everyone's recording stops. */
  async withdraw(peer: Peer): Promise<RecordingStateInfo> {
    if (!this.consent.asked(peer.id)) throw RoomErrors.consentNotRequested();
    this.refuse(peer, 'WITHDRAW');
    this.changed();
    this.audit(peer, 'room.consent.withdraw', { participant: peer.id, label: participantLabel(peer) });
    await this.write(peer, 'WITHDRAW');
    return this.info();
  }

  /**
   * The room was rebuilt on this node (its node died or drained): the consent round as it
   * was there (recording-image.ts). Nobody who answered is asked again; the people who
   * agreed are recorded again as their media comes back (new producers: new files, rows
   * of the same session), and the old node's unfinished tracks are finalised.
   */
  restore(kept: RecordingStateInfo): void {
    this.consent.restore(kept);
    const info = this.consent.info();
    this.log.info({ state: info.state, agreed: info.agreed.length, pending: info.pending.length }, 'recording state taken over from the room image: nobody is asked again');
    if (this.consent.state === 'idle') return;
    void this.findSession()
      .then((s) => this.deps.takeOver?.(s.id))
      .catch((err: unknown) => this.log.warn({ err }, 'cannot finalise the tracks of the room’s previous node (housekeeping will)'));
    this.reconcile();
  }

  /** Drain: stop and finalise every track recorded here (not interrupted); the round goes on where the room goes. */
  async handOver(): Promise<void> {
    this.movedAway = true;
    clearTimeout(this.retry);
    this.reconcile();
    await this.settled();
  }

  /** Resolves when the recorder does what the state says (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.running) await this.running;
  }

  /** The producers being recorded now (by producer id → peer id). */
  recording(): ReadonlyMap<string, string> {
    return this.recorded;
  }

  // ---- room events ---------------------------------------------------------

  private seated(peer: Peer): void {
    if (this.consent.arrive(peer.id)) {
      this.log.info({ peerId: peer.id }, 'a newcomer is asked for consent; not recorded until they agree');
      this.ask(peer, this.room.hostId);
      this.changed();
    } else this.tell(peer);
  }

  private left(peer: Peer, reason: PeerLeaveReason): void {
    if (reason === 'replaced') return; // the same person on a new seat: their answer stands
    const wasIn = this.consent.asked(peer.id);
    this.consent.depart(peer.id);
    if (wasIn) this.changed();
  }

  // ---- internals -------------------------------------------------------------

  private refuse(target: Peer, decision: 'DECLINE' | 'WITHDRAW'): void {
    this.consent.refuse(target.id);
    this.stopReason = 'consent-withdrawn';
    this.log.warn({ peerId: target.id, decision }, 'consent refused: recording stops for everyone');
  }

  private async write(target: Peer, decision: 'AGREE' | 'DECLINE' | 'WITHDRAW', recordedBy?: Peer): Promise<void> {
    const session = await this.findSession();
    await this.deps.ledger.record({ sessionId: session.id, participant: seatRef(target), decision, ...(recordedBy ? { recordedBy: seatRef(recordedBy) } : {}), at: new Date() });
  }

  private async findSession(): Promise<RoomSession> {
    this.session ??= (await this.deps.ledger.sessionOf(this.room.id)) ?? undefined;
    if (!this.session) throw RoomErrors.noSession('this room belongs to no scheduled session: it cannot be recorded');
    if (this.session.ended) throw RoomErrors.noSession('the session is over');
    return this.session;
  }

  private ask(peer: Peer, requestedBy: string | null): void {
    if (this.consent.isPending(peer.id)) peer.notify('consentRequested', { requestedBy, recordCaucus: this.consent.recordCaucus });
  }

  /** The state to one seat (a newcomer, or a resumed socket that may have missed some). */
  private tell(peer: Peer): void {
    peer.notify('recordingState', this.info());
    this.ask(peer, this.room.hostId);
  }

  private changed(): void {
    this.deps.stateChanged?.(this.room);
    this.room.broadcast('recordingState', this.info());
    this.reconcile();
  }

  private audit(actor: Peer, action: string, details: Record<string, unknown>): void {
    void this.deps.audit?.({ roomId: this.room.id, actor: { peerId: actor.id, role: actor.role }, action, details });
  }

  /** Brings the recorder in line with the state, one pass at a time. */
  private reconcile(): void {
    this.dirty = true;
    if (this.running) return;
    this.running = (async () => {
      while (this.dirty) {
        this.dirty = false;
        await this.apply().catch((err: unknown) => this.log.error({ err }, 'cannot bring the recording in line with consent'));
      }
      this.running = undefined;
    })();
  }

  /** Producer id → its peer, for everything that should be recorded now. */
  private wanted(): Map<string, Peer> {
    const want = new Map<string, Peer>();
    if (this.movedAway) return want;
    for (const peer of this.room.peers.values()) {
      if (!this.consent.mayRecord(peer.id)) continue;
      if (!this.consent.recordCaucus && this.room.caucus.group(peer.id) !== null) continue;
      for (const id of peer.producers.keys()) want.set(id, peer);
    }
    return want;
  }

  private async apply(): Promise<void> {
    const want = this.wanted();
    for (const id of this.failures.keys()) if (!want.has(id)) this.failures.delete(id);
    const sink = this.sink && !this.sink.closed ? this.sink : undefined;
    for (const id of [...this.recorded.keys()]) if (!sink || !sink.isRecording(id)) this.recorded.delete(id);
    const stops = [...this.recorded].filter(([id]) => !want.has(id));
    for (const [id] of stops) this.recorded.delete(id);
    await Promise.all(stops.map(([id, peerId]) => sink!.stop(id, this.reasonFor(peerId)).catch((err: unknown) => this.log.warn({ err, producerId: id }, 'cannot stop a track'))));
    if (this.room.closed || want.size === 0) return;
    const recorder = sink ?? (this.sink = await this.deps.recorderFor((await this.findSession()).id));
    await Promise.all(
      [...want].filter(([id]) => !this.recorded.has(id) && !recorder.isRecording(id)).map(async ([id, peer]) => {
        try {
          await recorder.start(id, { label: participantLabel(peer), peerId: peer.id });
          this.recorded.set(id, peer.id);
          this.failures.delete(id);
          // the state may have changed while ffmpeg started: look again
          if (!this.wanted().has(id)) this.dirty = true;
        } catch (err) {
          // the room closed while ffmpeg started (the session ended, the node hands the room over): nothing to retry
          if (this.room.closed) return this.log.info({ producerId: id, peerId: peer.id }, 'the room closed while a track was starting to be recorded');
          const attempt = (this.failures.get(id) ?? 0) + 1;
          this.failures.set(id, attempt);
          this.log.error({ err, producerId: id, peerId: peer.id, attempt }, 'cannot record a track; will try again');
          this.retryIn(Math.min(RETRY_MAX_MS, 1_000 * 2 ** (attempt - 1)));
        }
      }),
    );
  }

  private retryIn(ms: number): void {
    if (this.retry || this.room.closed) return;
    this.retry = setTimeout(() => {
      this.retry = undefined;
      if (this.failures.size > 0) this.reconcile();
    }, ms);
    this.retry.unref();
  }

  private reasonFor(peerId: string): TrackStopReason {
    if (this.movedAway) return 'room-moved';
    if (!this.consent.active) return this.stopReason;
    if (!this.room.peers.has(peerId)) return 'participant-left';
    if (this.room.caucus.group(peerId) !== null) return 'caucus';
    return 'stopped';
  }
}

/** Consent rule refusals as protocol errors. */
function rule(fn: () => void): void {
  try {
    fn();
  } catch (err) {
    if (!(err instanceof ConsentRuleError)) throw err;
    if (err.refusal === 'active') throw RoomErrors.recordingActive();
    if (err.refusal === 'not-active') throw RoomErrors.recordingNotActive();
    throw RoomErrors.consentNotRequested();
  }
}

/** This node's room recordings: one per live room, made on the first recording request (or a rebuild). */
export class RoomRecordings implements RecordingImages {
  private readonly byRoom = new WeakMap<Room, RoomRecording>();

  constructor(private readonly deps: RoomRecordingDeps) {}

  for(room: Room): RoomRecording {
    let r = this.byRoom.get(room);
    if (!r) this.byRoom.set(room, (r = new RoomRecording(room, this.deps)));
    return r;
  }

  get(room: Room): RoomRecording | undefined {
    return this.byRoom.get(room);
  }

  // ---- the room image (recording-image.ts) ---------------------------------

  imageOf(room: Room): RecordingImage | undefined {
    return this.byRoom.get(room)?.info();
  }

  restore(room: Room, kept: RecordingImage): void {
    if (!this.byRoom.has(room)) this.for(room).restore(kept);
  }

  async handOver(room: Room): Promise<void> {
    await this.byRoom.get(room)?.handOver();
  }
}

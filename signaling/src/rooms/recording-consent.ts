import type { RecordingPhase, RecordingStateInfo } from '@shuoshi/protocol';

/** Why an answer is refused (the caller maps it to a protocol error). */
export type ConsentRefusal = 'active' | 'not-active' | 'not-requested';

export class ConsentRuleError extends Error {
  constructor(readonly refusal: ConsentRefusal) {
    super(refusal);
    this.name = 'ConsentRuleError';
  }
}

/**
 * The consent rules of one room's recording, with no I/O (the room recording does
 * the media, the ledger and the notifications):
 * - the host asks (`request`): everyone present is pending; nothing is recorded;
 * - once nobody present is pending (all agreed), the room records;
 * - someone who arrives during a round is pending: the others go on being recorded,
 *   the newcomer only after agreeing;
 * - a decline or a withdrawal by anyone in the round ends it (`stopped`) for all;
 * - a seat replaced by the same person (a reload) keeps its answer; someone who
 *   leaves and comes back is asked again.
 */
export class RecordingConsent {
  private phase: RecordingPhase = 'idle';
  private readonly pendingIds = new Set<string>();
  private readonly agreedIds = new Set<string>();
  private declinedIds: string[] = [];
  recordCaucus = false;

  get state(): RecordingPhase {
    return this.phase;
  }
  get active(): boolean {
    return this.phase === 'awaiting-consent' || this.phase === 'recording';
  }

  /** Host: ask everyone present. Refused while a round is on. */
  request(present: Iterable<string>): void {
    if (this.active) throw new ConsentRuleError('active');
    this.clear();
    for (const id of present) this.pendingIds.add(id);
    this.phase = 'awaiting-consent';
    this.settle();
  }

  /** Host: end the round. */
  stop(): void {
    if (!this.active) throw new ConsentRuleError('not-active');
    this.clear();
    this.phase = 'stopped';
  }

  /** Host: the caucus policy can change only between rounds (people agreed under it). */
  setRecordCaucus(recordCaucus: boolean): void {
    if (this.active) throw new ConsentRuleError('active');
    this.recordCaucus = recordCaucus;
  }

  /** Someone took a seat. Returns true when they must be asked now. */
  arrive(peerId: string): boolean {
    if (!this.active || this.agreedIds.has(peerId)) return false;
    this.pendingIds.add(peerId);
    return true;
  }

  /** Someone left for good (not a reload): their answer goes with them. */
  depart(peerId: string): void {
    this.pendingIds.delete(peerId);
    this.agreedIds.delete(peerId);
    if (this.active) this.settle();
  }

  /** Whether `peerId` may answer now (they are in the round). */
  asked(peerId: string): boolean {
    return this.active && (this.pendingIds.has(peerId) || this.agreedIds.has(peerId));
  }

  agree(peerId: string): void {
    if (!this.asked(peerId)) throw new ConsentRuleError('not-requested');
    this.pendingIds.delete(peerId);
    this.agreedIds.add(peerId);
    this.settle();
  }

  /** A decline, or a withdrawal: the round ends for everyone. */
  refuse(peerId: string): void {
    if (!this.asked(peerId)) throw new ConsentRuleError('not-requested');
    this.clear();
    this.declinedIds = [peerId];
    this.phase = 'stopped';
  }

  /** Whether `peerId`'s media may be recorded now (caucus aside). */
  mayRecord(peerId: string): boolean {
    return this.phase === 'recording' && this.agreedIds.has(peerId);
  }

  /** Whether the last round ended with this peer's decline or withdrawal. */
  endedBy(peerId: string): boolean {
    return this.phase === 'stopped' && this.declinedIds.includes(peerId);
  }

  hasAgreed(peerId: string): boolean {
    return this.agreedIds.has(peerId);
  }

  isPending(peerId: string): boolean {
    return this.pendingIds.has(peerId);
  }

  /**
   * Takes the state another node kept (recording-image.ts): the phase and who agreed,
   * declined or is pending, as they were. Only for a room rebuilt before anyone answered
   * here. An unknown phase is taken as idle, `recording` with nobody agreed as still asking.
   */
  restore(kept: RecordingStateInfo): void {
    this.clear();
    this.recordCaucus = kept.recordCaucus === true;
    const phases: RecordingPhase[] = ['idle', 'awaiting-consent', 'recording', 'stopped'];
    this.phase = phases.includes(kept.state) ? kept.state : 'idle';
    if (this.active) {
      for (const id of kept.agreed) this.agreedIds.add(id);
      for (const id of kept.pending) if (!this.agreedIds.has(id)) this.pendingIds.add(id);
      // recording goes on with a newcomer pending (they are not recorded); with nobody agreed it cannot
      if (this.phase === 'recording' && this.agreedIds.size === 0) this.phase = 'awaiting-consent';
    }
    if (this.phase === 'stopped') this.declinedIds = [...kept.declined];
    if (this.phase === 'awaiting-consent') this.settle();
  }

  info(): RecordingStateInfo {
    return {
      state: this.phase,
      pending: [...this.pendingIds],
      declined: [...this.declinedIds],
      agreed: [...this.agreedIds],
      recordCaucus: this.recordCaucus,
    };
  }

  private settle(): void {
    if (this.phase === 'awaiting-consent' && this.pendingIds.size === 0 && this.agreedIds.size > 0) this.phase = 'recording';
  }

  private clear(): void {
    this.pendingIds.clear();
    this.agreedIds.clear();
    this.declinedIds = [];
  }
}

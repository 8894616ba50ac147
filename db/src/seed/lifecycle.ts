import type { CaseEventType, CaseStatus, DisputeCategory, HandlingLevel, IntakeChannel, OutcomeType } from '../generated/prisma/client';
import { caseYear, formatCaseNumber, judicialConfirmationDeadline } from '../cases';
import { idNumberCheckChar, idNumberHash, maskIdNumber } from '../identity';
import { EXTERNAL_BODIES, FAILED_REASONS, agreementTerms, description, personName, phone, verbalContent } from './names';
import type { Organisation, OrgTownship, OrgVillage } from './organisation';
import type { Random } from './random';
import type { SeedTables } from './tables';

/**
 * Generates cases as they would have happened: intake (受理), mediation (办理, with
 * video sessions for some), outcomes (a village failure is referred up to the
 * township), signatures, the reply (回复), the follow-up (回访) and closing. Every
 * step after `asOf` is left out, so recent cases are still open and late follow-ups
 * are overdue, exactly as the API would have left them.
 */
export const DAY = 86_400_000;
const MIN = 60_000;
const HOUR = 3_600_000;
/** CST is UTC+8 all year. */
const CST = 8 * HOUR;

export const CATEGORY_WEIGHTS: Record<DisputeCategory, number> = {
  LAND_HOMESTEAD: 30,
  NEIGHBOUR: 25,
  MARRIAGE_FAMILY: 19,
  CONTRACT_DEBT: 10,
  LABOUR_WAGES: 6,
  PERSONAL_INJURY: 5,
  OTHER: 5,
};
const CHANNEL_WEIGHTS: Record<IntakeChannel, number> = { WALK_IN: 64, PHONE: 18, ONLINE: 12, REFERRAL: 6 };
const SIDE_NOTES = ['代理人', '证人', '监护人'];
/** How mediation ended: an agreement (written or verbal is decided at the reply), failure, or referral elsewhere. */
type Ending = 'AGREEMENT' | 'FAILED' | 'REFERRED';

export interface LifecycleOptions {
  cases: number;
  years: number;
  asOf: Date;
}

export class PartyPool {
  private readonly byVillage = new Map<string, string[]>();
  private readonly idNumbers = new Set<string>();
  constructor(
    private readonly rnd: Random,
    private readonly t: SeedTables,
    private readonly idKey: Buffer,
  ) {}

  /** A villager: someone already known in the village (p = reuse) or a new party. */
  get(villageId: string, createdBy: string, at: Date, reuse: number, exclude: ReadonlySet<string> = new Set()): string {
    const known = this.byVillage.get(villageId) ?? [];
    if (known.length > 0 && this.rnd.chance(reuse)) {
      const id = this.rnd.pick(known);
      if (!exclude.has(id)) return id;
    }
    const id = this.rnd.uuid7(at);
    const idNumber = this.idNumber();
    this.t.parties.add(id, personName(this.rnd), this.rnd.chance(0.85) ? phone(this.rnd) : null, villageId, maskIdNumber(idNumber), idNumberHash(this.idKey, idNumber), createdBy, at, at);
    known.push(id);
    this.byVillage.set(villageId, known);
    return id;
  }

  existing(villageId: string): string | null {
    const known = this.byVillage.get(villageId);
    return known?.length ? this.rnd.pick(known) : null;
  }

  /** A well-formed (check character included), unique, fictional ID number. */
  private idNumber(): string {
    for (;;) {
      const y = this.rnd.int(1945, 2004);
      const first17 = `9902${String(this.rnd.int(1, 5)).padStart(2, '0')}${y}${String(this.rnd.int(1, 12)).padStart(2, '0')}${String(this.rnd.int(1, 28)).padStart(2, '0')}${String(this.rnd.int(0, 999)).padStart(3, '0')}`;
      const id = first17 + idNumberCheckChar(first17);
      if (!this.idNumbers.has(id)) {
        this.idNumbers.add(id);
        return id;
      }
    }
  }
}

/** `n` times in [asOf − years, asOf), more in winter (before the Spring Festival) and more each year; office hours in China. */
export function arrivalTimes(rnd: Random, n: number, years: number, asOf: Date): Date[] {
  const span = years * 365 * DAY;
  const start = asOf.getTime() - span;
  const out: number[] = [];
  while (out.length < n) {
    const x = rnd.next();
    const t = start + x * span;
    const dayOfYear = ((t + CST) % (365.25 * DAY)) / DAY;
    const w = (0.8 + 0.4 * x) * (1 + 0.25 * Math.cos((2 * Math.PI * (dayOfYear - 30)) / 365));
    if (rnd.next() * 1.6 > w) continue;
    const dayStart = Math.floor((t + CST) / DAY) * DAY - CST;
    const at = dayStart + 8 * HOUR + rnd.int(0, 10 * 60) * MIN + rnd.int(0, 59_999);
    if (at < asOf.getTime()) out.push(at);
  }
  return out.sort((a, b) => a - b).map((ms) => new Date(ms));
}

export function planCases(rnd: Random, t: SeedTables, org: Organisation, parties: PartyPool, opts: LifecycleOptions): void {
  const asOf = opts.asOf.getTime();
  const villageTotal = org.villages.reduce((s, v) => s + v.weight, 0);
  const pickVillage = () => {
    let x = rnd.next() * villageTotal;
    for (const v of org.villages) if ((x -= v.weight) < 0) return v;
    return org.villages[org.villages.length - 1]!;
  };
  const townshipOf = new Map(org.townships.map((tw) => [tw.id, tw]));
  const counters = new Map<string, number>();

  for (const accepted of arrivalTimes(rnd, opts.cases, opts.years, opts.asOf)) {
    const village: OrgVillage | null = rnd.chance(0.92) ? pickVillage() : null;
    const township: OrgTownship = village ? townshipOf.get(village.townshipId)! : townshipOf.get(pickVillage().townshipId)!;
    new CaseStory(rnd, t, org, parties, asOf, accepted, township, village, counters).tell();
  }
  for (const [key, last] of counters) {
    const [townshipId, year] = key.split('/');
    t.counters.add(townshipId!, Number(year), last);
  }
}

/** One case from intake to wherever it has got by `asOf`. */
class CaseStory {
  private readonly caseId: string;
  private status: CaseStatus = 'ACCEPTED';
  private level: HandlingLevel;
  private lastChange: number;
  private closedAt: number | null = null;
  private readonly partyIds: Array<{ id: string; side: 'A' | 'B' | 'OTHER' }> = [];
  private readonly category: DisputeCategory;

  constructor(
    private readonly rnd: Random,
    private readonly t: SeedTables,
    private readonly org: Organisation,
    private readonly parties: PartyPool,
    private readonly asOf: number,
    private readonly accepted: Date,
    private readonly township: OrgTownship,
    private readonly village: OrgVillage | null,
    private readonly counters: Map<string, number>,
  ) {
    this.caseId = rnd.uuid7(accepted);
    this.level = village ? 'VILLAGE' : 'TOWNSHIP';
    this.lastChange = accepted.getTime();
    this.category = rnd.weighted(CATEGORY_WEIGHTS);
  }

  private event(type: CaseEventType, actor: string | null, at: number, payload: Record<string, unknown> = {}) {
    if (at > this.asOf) return;
    this.t.events.add(this.caseId, type, actor, payload, new Date(at));
    this.lastChange = Math.max(this.lastChange, at);
  }

  private move(to: CaseStatus, actor: string, at: number): boolean {
    if (at > this.asOf) return false;
    this.event('STATUS_CHANGED', actor, at, { from: this.status, to });
    this.status = to;
    if (to === 'CLOSED') this.closedAt = at;
    return true;
  }

  tell(): void {
    const { rnd, t, township, village } = this;
    const acceptedMs = this.accepted.getTime();
    const intakeBy = village ? village.operatorId : rnd.pick(township.mediatorIds);
    const year = caseYear(this.accepted);
    const key = `${township.id}/${year}`;
    const sequence = (this.counters.get(key) ?? 0) + 1;
    this.counters.set(key, sequence);
    const caseNumber = formatCaseNumber(year, township.name, sequence);
    const channel: IntakeChannel = !village && rnd.chance(0.4) ? 'REFERRAL' : rnd.weighted(CHANNEL_WEIGHTS);
    this.event('CREATED', intakeBy, acceptedMs, { caseNumber });

    const partyVillage = village ?? rnd.pick(township.villages);
    const n = rnd.weighted({ '2': 80, '3': 15, '4': 5 });
    const seen = new Set<string>();
    for (let i = 0; i < Number(n); i++) {
      const id = this.parties.get(partyVillage.id, intakeBy, this.accepted, 0.08, seen);
      seen.add(id);
      this.partyIds.push({ id, side: i === 0 ? 'A' : i === 1 ? 'B' : 'OTHER' });
    }

    // 办理
    let worker = village ? village.operatorId : rnd.pick(township.mediatorIds);
    const tIn = acceptedMs + rnd.int(10, 48 * 60) * MIN;
    this.move('IN_MEDIATION', worker, tIn);

    let stageStart = tIn;
    let final: Ending;
    let outcomeAt: number;
    let sessionId: string | null;
    if (village) {
      const d1 = clamp(rnd.logNormal(4 * DAY, 0.8), 2 * HOUR, 60 * DAY);
      sessionId = rnd.chance(0.3) ? this.session(worker, stageStart + d1 * (0.3 + 0.5 * rnd.next()), stageStart, [village.talkRoomId]) : null;
      const r = rnd.next();
      if (r < 0.8) {
        final = 'AGREEMENT';
        outcomeAt = stageStart + d1;
      } else if (r < 0.95) {
        // village mediation failed: referred up to the township, history kept
        this.outcome('FAILED', worker, stageStart + d1, sessionId);
        const referredAt = stageStart + d1 + rnd.int(1, 48 * 60) * MIN;
        const mediator = rnd.pick(township.mediatorIds);
        this.refer(worker, referredAt, 'VILLAGE', 'TOWNSHIP', '村级调解未果，提请乡镇调解');
        worker = mediator;
        stageStart = referredAt;
        ({ final, outcomeAt, sessionId } = this.townshipStage(worker, stageStart, 0.78));
      } else {
        final = 'FAILED';
        outcomeAt = stageStart + d1;
      }
    } else {
      ({ final, outcomeAt, sessionId } = this.townshipStage(worker, stageStart, 0.85));
    }

    // 回复
    let givenAt: number;
    let outcomeId: string | null;
    if (final === 'AGREEMENT') {
      const written = rnd.chance(this.level === 'VILLAGE' ? 0.55 : 0.8);
      if (written) {
        const signedAt = outcomeAt + rnd.int(5, 48 * 60) * MIN;
        outcomeId = this.outcome('WRITTEN_AGREEMENT', worker, outcomeAt, sessionId, signedAt);
        givenAt = signedAt;
      } else {
        outcomeId = this.outcome('VERBAL_AGREEMENT', worker, outcomeAt, sessionId);
        givenAt = outcomeAt + rnd.int(5, 24 * 60) * MIN;
      }
    } else {
      outcomeId = this.outcome(final, worker, outcomeAt, sessionId);
      givenAt = outcomeAt + rnd.int(5, 24 * 60) * MIN;
    }
    if (outcomeId && this.move('OUTCOME_GIVEN', worker, givenAt)) {
      // 回访: scheduled at the reply (for a written agreement: at signing), due 30 days later
      const due = givenAt + 30 * DAY;
      const doneAt = rnd.chance(0.88) ? Math.max(givenAt + 5 * DAY, due + rnd.int(-6 * 24, 4 * 24) * HOUR) : due + rnd.int(10, 60) * DAY;
      const done = doneAt <= this.asOf;
      const agreement = final !== 'FAILED' && final !== 'REFERRED';
      const result = agreement ? rnd.weighted({ FULFILLED: 85, PARTLY: 10, NOT_FULFILLED: 5 }) : 'NOT_FULFILLED';
      const followUpId = rnd.uuid7(new Date(givenAt));
      t.followUps.add(followUpId, this.caseId, outcomeId, worker, new Date(due), done ? new Date(doneAt) : null, done ? result : null, done ? (result === 'FULFILLED' ? '协议已履行' : '已电话回访') : null, new Date(givenAt));
      this.event('FOLLOW_UP_SCHEDULED', worker, givenAt, { followUpId, dueAt: new Date(due).toISOString() });
      if (done) {
        this.event('FOLLOW_UP_DONE', worker, doneAt, { followUpId, result });
        if (this.move('FOLLOWED_UP', worker, doneAt)) this.move('CLOSED', worker, doneAt + clamp(rnd.logNormal(3 * DAY, 0.6), 2 * HOUR, 20 * DAY));
      }
    }

    t.cases.add(
      this.caseId, caseNumber, year, sequence, this.category, channel, description(rnd, this.category), this.level, this.status, this.org.countyId, township.id,
      village?.id ?? null, false, intakeBy, this.accepted, this.closedAt === null ? null : new Date(this.closedAt), this.accepted, new Date(this.lastChange),
    );
    for (const [i, p] of this.partyIds.entries()) t.caseParties.add(this.caseId, p.id, p.side, p.side === 'OTHER' ? SIDE_NOTES[i % SIDE_NOTES.length]! : null, this.accepted);
  }

  /** Mediation at the township: a video session with the village talk room most of the time. */
  private townshipStage(worker: string, start: number, success: number): { final: Ending; outcomeAt: number; sessionId: string | null } {
    const { rnd } = this;
    const d = clamp(rnd.logNormal(10 * DAY, 0.7), 6 * HOUR, 120 * DAY);
    const rooms = this.village ? [this.village.talkRoomId, this.township.talkRoomId] : [this.township.talkRoomId];
    const sessionId = rnd.chance(0.7) ? this.session(worker, start + d * (0.3 + 0.5 * rnd.next()), start, rooms, rnd.chance(0.12) ? rnd.pick(this.org.lawyerIds) : undefined) : null;
    const r = rnd.next();
    let final: Ending = 'AGREEMENT';
    if (r >= success) final = r < success + (1 - success) * 0.65 ? 'FAILED' : 'REFERRED';
    if (final === 'REFERRED' && rnd.chance(0.3)) {
      // a few go up to the county before being referred out
      this.refer(worker, start + d * 0.5, 'TOWNSHIP', 'COUNTY', '案情复杂，提请县级联合调解');
    }
    return { final, outcomeAt: start + d, sessionId };
  }

  private refer(by: string, at: number, from: HandlingLevel, to: HandlingLevel, reason: string) {
    if (at > this.asOf) return;
    const v = this.village;
    this.t.referrals.add(
      this.rnd.uuid7(new Date(at)), this.caseId, from, from === 'COUNTY' ? null : this.township.id, from === 'VILLAGE' ? v!.id : null,
      to, to === 'TOWNSHIP' ? this.township.id : null, to === 'VILLAGE' ? v!.id : null, null, reason, by, new Date(at),
    );
    this.event('REFERRED', by, at, { from, to, reason });
    this.level = to;
  }

  private session(host: string, at: number, notBefore: number, talkRooms: string[], lawyer?: string): string | null {
    const { rnd, t } = this;
    const created = Math.max(notBefore, at - rnd.int(30, 48 * 60) * MIN);
    if (created > this.asOf) return null;
    const id = rnd.uuid7(new Date(created));
    const ended = at + rnd.int(20, 90) * MIN;
    const started = at <= this.asOf;
    const over = ended <= this.asOf;
    t.sessions.add(id, 'MEDIATION', this.caseId, null, `r-${id}`, host, new Date(at), started ? new Date(at) : null, over ? new Date(ended) : null, null, new Date(created));
    const joined = started ? new Date(at + rnd.int(0, 5) * MIN) : null;
    for (const room of talkRooms) t.invites.add(rnd.uuid7(new Date(created)), id, room, null, null, host, new Date(created), joined);
    if (rnd.chance(0.35)) {
      const remote = this.partyIds[rnd.int(0, Math.min(1, this.partyIds.length - 1))]!;
      t.invites.add(rnd.uuid7(new Date(created)), id, null, remote.id, null, host, new Date(created), joined);
    }
    if (lawyer) t.invites.add(rnd.uuid7(new Date(created)), id, null, null, lawyer, host, new Date(created), joined);
    this.event('SESSION_SCHEDULED', host, created, { sessionId: id });
    if (started) this.event('SESSION_STARTED', host, at, { sessionId: id });
    if (over) this.event('SESSION_ENDED', host, ended, { sessionId: id });
    return id;
  }

  /** Records an outcome if it happened by asOf; a written agreement collects signatures until signedAt. */
  private outcome(type: OutcomeType, by: string, at: number, sessionId: string | null, signedAt?: number): string | null {
    const { rnd, t } = this;
    if (at > this.asOf) return null;
    const id = rnd.uuid7(new Date(at));
    const signed = signedAt !== undefined && signedAt <= this.asOf;
    const external = type === 'REFERRED' ? rnd.pick(EXTERNAL_BODIES) : null;
    t.outcomes.add(
      id, this.caseId, sessionId, type,
      type === 'WRITTEN_AGREEMENT' ? agreementTerms(this.category) : null,
      signed ? new Date(signedAt) : null,
      signed ? judicialConfirmationDeadline(new Date(signedAt)) : null,
      type === 'VERBAL_AGREEMENT' ? verbalContent(this.category) : null,
      type === 'FAILED' ? rnd.pick(FAILED_REASONS) : external ? `移交${external}处理` : null,
      by, new Date(at),
    );
    this.event('OUTCOME_RECORDED', by, at, { outcomeId: id, type });
    if (type === 'WRITTEN_AGREEMENT' && signedAt !== undefined) {
      const signers = this.partyIds.filter((p) => p.side !== 'OTHER');
      signers.forEach((p, i) => {
        const when = i === signers.length - 1 ? signedAt : at + (signedAt - at) * rnd.next();
        if (when <= this.asOf) t.signatures.add(rnd.uuid7(new Date(when)), id, p.id, `signatures/${id}/${p.id}.png`, rnd.hex(64), by, new Date(when));
      });
      if (signed) this.event('AGREEMENT_SIGNED', by, signedAt, { outcomeId: id, deadline: judicialConfirmationDeadline(new Date(signedAt)).toISOString() });
    }
    return id;
  }
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

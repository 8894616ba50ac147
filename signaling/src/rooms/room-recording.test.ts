import { describe, expect, it, vi } from 'vitest';
import pino from 'pino';
import type { RtpParameters } from '@shuoshi/protocol';
import type { AppError } from '../errors';
import type { ConsentEntry, ConsentLedger, RoomSession, SeatRef } from './consent-ledger';
import { FakeMediaSession, FakeLink } from './fake-media';
import { Room } from './room';
import type { RoomAuditEntry } from './room-audit';
import { RoomRecording, type TrackSink } from './room-recording';

const log = pino({ level: 'silent' });
const audio: RtpParameters = { codecs: [{ mimeType: 'audio/opus', payloadType: 111, clockRate: 48000, channels: 2 }] };


/** What the session recorder was told: which producers record now, and every stop with its reason. */
class FakeSink implements TrackSink {
  closed = false;
  readonly live = new Map<string, string>();
  readonly stops: Array<{ producerId: string; reason: string }> = [];
  /** Starts that fail first, by participant label (a busy machine: ffmpeg did not listen in time). */
  readonly failFirst = new Map<string, number>();
  readonly attempts: string[] = [];
  async start(producerId: string, p: { label: string; peerId: string }) {
    this.attempts.push(p.label);
    const fails = this.failFirst.get(p.label) ?? 0;
    if (fails > 0) {
      this.failFirst.set(p.label, fails - 1);
      throw new Error('ffmpeg did not listen in time');
    }
    this.live.set(producerId, p.label);
  }
  async stop(producerId: string, reason: string) {
    this.live.delete(producerId);
    this.stops.push({ producerId, reason });
  }
  isRecording(producerId: string) {
    return this.live.has(producerId);
  }
}

class FakeLedger implements ConsentLedger {
  readonly rows: ConsentEntry[] = [];
  constructor(
    private readonly session: RoomSession | null,
    private readonly villagersOf: Record<string, string[]> = {},
  ) {}
  async sessionOf() {
    return this.session;
  }
  async record(e: ConsentEntry) {
    this.rows.push(e);
  }
  async mayAnswerFor(op: SeatRef, v: SeatRef) {
    return op.role === 'operator' && (this.villagersOf[op.peerId] ?? []).includes(v.peerId);
  }
}

function setup(session: RoomSession | null = { id: 's-1', caseId: 'c-1', ended: false }) {
  const room = new Room('r-consent', new FakeMediaSession(), { graceMs: 1000, log });
  const sink = new FakeSink();
  const ledger = new FakeLedger(session, { op: ['villager'] });
  const audited: RoomAuditEntry[] = [];
  const rec = new RoomRecording(room, { ledger, recorderFor: async () => sink, audit: async (e) => void audited.push(e), log });
  const links = new Map<string, FakeLink>();
  const seat = async (peerId: string, role: 'mediator' | 'party' | 'operator' = 'party') => {
    const link = new FakeLink();
    links.set(peerId, link);
    const peer = room.join({ peerId, displayName: peerId, role, autoAdmit: true }, link);
    const t = await room.wiring.createTransport(peer, 'send');
    const mic = await room.wiring.produce(peer, { transportId: t.transportId, kind: 'audio', source: 'microphone', rtpParameters: audio });
    return { peer, mic, link };
  };
  const recorded = async () => {
    await rec.settled();
    return [...sink.live.values()].sort();
  };
  const code = (p: Promise<unknown>) => p.then(() => 'ok', (e: AppError) => e.code);
  return { room, sink, ledger, audited, rec, seat, links, recorded, code };
}

describe('recording with consent in a room', () => {
  it('records nobody until everyone present agreed; then everyone; a newcomer only after agreeing', async () => {
    const { rec, seat, recorded, ledger, links } = setup();
    const host = await seat('host', 'mediator');
    const a = await seat('a');
    const info = await rec.start(host.peer);
    expect(info).toMatchObject({ state: 'awaiting-consent', pending: ['host', 'a'], declined: [] });
    expect(links.get('a')!.of('consentRequested')).toEqual([{ requestedBy: 'host', recordCaucus: false }]);
    await rec.give(host.peer, 'agree');
    expect(await recorded()).toEqual([]);
    expect(rec.info()).toMatchObject({ state: 'awaiting-consent', pending: ['a'], agreed: ['host'] });
    await rec.give(a.peer, 'agree');
    expect(rec.info()).toMatchObject({ state: 'recording', pending: [] });
    expect(await recorded()).toEqual(['当事人 a', '调解员 host']);
    expect(links.get('a')!.of('recordingState').at(-1)).toMatchObject({ state: 'recording' });

    const late = await seat('late');
    expect(links.get('late')!.of('consentRequested')).toHaveLength(1);
    expect(rec.info()).toMatchObject({ state: 'recording', pending: ['late'] });
    expect(await recorded()).toEqual(['当事人 a', '调解员 host']); // the others go on, the newcomer is not recorded
    await rec.give(late.peer, 'agree');
    expect(await recorded()).toEqual(['当事人 a', '当事人 late', '调解员 host']);
    expect(ledger.rows.map((r) => [r.participant.peerId, r.decision])).toEqual([['host', 'AGREE'], ['a', 'AGREE'], ['late', 'AGREE']]);
  });

  it('a withdrawal stops everyone, is on the ledger and audited; answering then is CONSENT_NOT_REQUESTED', async () => {
    const { rec, seat, recorded, ledger, audited, sink, code } = setup();
    const host = await seat('host', 'mediator');
    const a = await seat('a');
    await rec.start(host.peer);
    await rec.give(host.peer, 'agree');
    await rec.give(a.peer, 'agree');
    expect(await recorded()).toHaveLength(2);
    expect(await rec.withdraw(a.peer)).toMatchObject({ state: 'stopped', declined: ['a'], pending: [], agreed: [] });
    expect(await recorded()).toEqual([]);
    expect(sink.stops.map((s) => s.reason)).toEqual(['consent-withdrawn', 'consent-withdrawn']);
    expect(ledger.rows.at(-1)).toMatchObject({ participant: { peerId: 'a', label: '当事人 a' }, decision: 'WITHDRAW' });
    expect(audited.map((e) => e.action)).toEqual(['room.recording.request', 'room.consent.agree', 'room.consent.agree', 'room.consent.withdraw']);
    expect(await code(rec.give(a.peer, 'agree'))).toBe('CONSENT_NOT_REQUESTED');
    expect(await code(rec.withdraw(a.peer))).toBe('CONSENT_NOT_REQUESTED');
    // the host may ask again: a new round, everyone asked again
    expect(await rec.start(host.peer)).toMatchObject({ state: 'awaiting-consent', pending: ['host', 'a'], declined: [] });
  });

  it('a decline while asking means nothing is recorded; the host stop finalises with reason stopped', async () => {
    const { rec, seat, recorded, ledger, sink, code } = setup();
    const host = await seat('host', 'mediator');
    const a = await seat('a');
    await rec.start(host.peer);
    expect(await code(rec.start(host.peer))).toBe('RECORDING_ACTIVE');
    await rec.give(host.peer, 'agree');
    expect(await rec.give(a.peer, 'decline')).toMatchObject({ state: 'stopped', declined: ['a'] });
    expect(await recorded()).toEqual([]);
    expect(ledger.rows.map((r) => r.decision)).toEqual(['AGREE', 'DECLINE']);
    // the same decline again (the round it ended is over) is answered with the state and written nowhere
    expect(await rec.give(a.peer, 'decline')).toMatchObject({ state: 'stopped', declined: ['a'] });
    expect(await code(rec.give(host.peer, 'decline'))).toBe('CONSENT_NOT_REQUESTED'); // not their answer
    expect(ledger.rows.map((r) => r.decision)).toEqual(['AGREE', 'DECLINE']);
    expect(await code(Promise.resolve().then(() => rec.stop(host.peer)))).toBe('RECORDING_NOT_ACTIVE');
    await rec.start(host.peer);
    await rec.give(host.peer, 'agree');
    await rec.give(a.peer, 'agree');
    expect(await recorded()).toHaveLength(2);
    expect(rec.stop(host.peer)).toMatchObject({ state: 'stopped', declined: [] });
    expect(await recorded()).toEqual([]);
    expect(sink.stops.map((s) => s.reason)).toEqual(['stopped', 'stopped']);
  });

  it('caucus groups are not recorded unless the policy says so; tracks resume back in the plenary', async () => {
    const { room, rec, seat, recorded, sink, code } = setup();
    const host = await seat('host', 'mediator');
    const a = await seat('a');
    await rec.start(host.peer);
    expect(await code(Promise.resolve().then(() => rec.setPolicy(host.peer, true)))).toBe('RECORDING_ACTIVE'); // not mid-round
    await rec.give(host.peer, 'agree');
    await rec.give(a.peer, 'agree');
    room.moveToGroup('a', { label: 'A' });
    expect(await recorded()).toEqual(['调解员 host']);
    expect(sink.stops).toEqual([{ producerId: a.mic, reason: 'caucus' }]);
    room.moveToGroup('a', null);
    expect(await recorded()).toEqual(['当事人 a', '调解员 host']);

    rec.stop(host.peer);
    expect(rec.setPolicy(host.peer, true)).toMatchObject({ recordCaucus: true });
    await rec.start(host.peer);
    await rec.give(host.peer, 'agree');
    await rec.give(a.peer, 'agree');
    room.moveToGroup('a', { label: 'A' });
    expect(await recorded()).toEqual(['当事人 a', '调解员 host']);
  });

  it('an operator answers for a villager of their talk room only; someone who leaves is asked again on return', async () => {
    const { room, rec, seat, recorded, ledger, code } = setup();
    const host = await seat('host', 'mediator');
    const op = await seat('op', 'operator');
    const villager = await seat('villager');
    const other = await seat('other');
    await rec.start(host.peer);
    expect(await code(rec.give(other.peer, 'agree', 'villager'))).toBe('FORBIDDEN'); // not an operator
    expect(await code(rec.give(op.peer, 'agree', 'other'))).toBe('FORBIDDEN'); // not of their talk room
    expect(await code(rec.give(op.peer, 'agree', 'nobody'))).toBe('NOT_FOUND');
    await rec.give(op.peer, 'agree', 'villager');
    expect(ledger.rows.at(-1)).toMatchObject({ participant: { peerId: 'villager' }, recordedBy: { peerId: 'op', role: 'operator' }, decision: 'AGREE' });
    for (const p of [host, op, other]) await rec.give(p.peer, 'agree');
    expect(await recorded()).toHaveLength(4);
    // a reload keeps the answer; leaving does not
    await seat('villager');
    expect(rec.info()).toMatchObject({ state: 'recording', pending: [] });
    expect(await recorded()).toHaveLength(4);
    room.leave(room.peers.get('other')!);
    await seat('other');
    expect(rec.info().pending).toEqual(['other']);
    expect(await recorded()).toEqual(['当事人 villager', '说事拉理员 op', '调解员 host']); // not 'other' until they agree again
  });

  it('an unchanged answer is idempotent: ack ok, no new ledger row, no new audit row (for oneself or by an operator)', async () => {
    const { rec, seat, ledger, audited } = setup();
    const host = await seat('host', 'mediator');
    const op = await seat('op', 'operator');
    const villager = await seat('villager');
    await rec.start(host.peer);
    await rec.give(host.peer, 'agree');
    for (let i = 0; i < 6; i++) expect(await rec.give(host.peer, 'agree')).toMatchObject({ state: 'awaiting-consent', agreed: ['host'] });
    await rec.give(op.peer, 'agree', 'villager');
    await rec.give(op.peer, 'agree', 'villager');
    await rec.give(villager.peer, 'agree'); // the villager themself, same answer
    // sent many times at once (no waiting for the acks): still one answer
    await Promise.all([1, 2, 3].map(() => rec.give(op.peer, 'agree')));
    expect(ledger.rows.map((r) => [r.participant.peerId, r.decision])).toEqual([['host', 'AGREE'], ['villager', 'AGREE'], ['op', 'AGREE']]);
    expect(audited.filter((e) => e.action.startsWith('room.consent.'))).toHaveLength(3);
    // a changed answer is not idempotent: a decline after agreeing ends the round, on the ledger
    expect(await rec.give(host.peer, 'decline')).toMatchObject({ state: 'stopped', declined: ['host'] });
    expect(ledger.rows.at(-1)).toMatchObject({ participant: { peerId: 'host' }, decision: 'DECLINE' });
  });

  it('a room without a session cannot be recorded: NO_SESSION, nothing asked', async () => {
    const { rec, seat, links, code } = setup(null);
    const host = await seat('host', 'mediator');
    expect(await code(rec.start(host.peer))).toBe('NO_SESSION');
    expect(rec.info().state).toBe('idle');
    expect(links.get('host')!.of('consentRequested')).toEqual([]);
  });

  it('a track that failed to start is tried again (after 1 s, 2 s…) until it records, and not after its person left', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const { rec, seat, recorded, sink, room } = setup();
      const host = await seat('host', 'mediator');
      const a = await seat('a');
      const b = await seat('b');
      sink.failFirst.set('当事人 a', 2);
      sink.failFirst.set('当事人 b', 1_000);
      await rec.start(host.peer);
      for (const p of [host, a, b]) await rec.give(p.peer, 'agree');
      expect(await recorded()).toEqual(['调解员 host']);
      await vi.advanceTimersByTimeAsync(1_000);
      expect(await recorded()).toEqual(['调解员 host']);
      await vi.advanceTimersByTimeAsync(2_000);
      expect(await recorded()).toEqual(['当事人 a', '调解员 host']);
      expect(sink.attempts.filter((l) => l === '当事人 a')).toHaveLength(3);
      room.leave(b.peer);
      const triedB = sink.attempts.filter((l) => l === '当事人 b').length;
      await vi.advanceTimersByTimeAsync(60_000);
      await rec.settled();
      expect(sink.attempts.filter((l) => l === '当事人 b')).toHaveLength(triedB);
    } finally {
      vi.useRealTimers();
    }
  });
});

import { describe, expect, it } from 'vitest';
import pino from 'pino';
import type { Ack } from '@shuoshi/protocol';
import { issueRoomToken } from '../auth/room-token';
import type { ConsentEntry, ConsentLedger } from '../rooms/consent-ledger';
import { FakeMediaHost } from '../rooms/fake-media';
import { RoomRegistry } from '../rooms/registry';
import type { RoomAuditEntry } from '../rooms/room-audit';
import { RoomRecordings } from '../rooms/room-recording';
import { SocketSession, type SignallingDeps } from './context';
import { bindRequests } from './dispatch';
import { handlers } from './table';

const log = pino({ level: 'silent' });
const secret = 'recording-test-secret-0123456789abcdef';

class FakeSocket {
  readonly id = `sock-${Math.random().toString(36).slice(2)}`;
  private listeners = new Map<string, (...a: unknown[]) => void>();
  readonly emitted: Array<[string, unknown]> = [];
  on(e: string, l: (...a: unknown[]) => void) {
    this.listeners.set(e, l);
  }
  onAny() {}
  emit(e: string, p: unknown) {
    this.emitted.push([e, p]);
    return true;
  }
  send(event: string, payload: unknown): Promise<Ack<Record<string, unknown>>> {
    return new Promise((resolve) => this.listeners.get(event)?.(payload, resolve));
  }
  last(event: string) {
    return this.emitted.filter(([e]) => e === event).at(-1)?.[1];
  }
}

function setup(withRecordings = true) {
  const rows: ConsentEntry[] = [];
  const audited: RoomAuditEntry[] = [];
  const ledger: ConsentLedger = {
    sessionOf: async (roomId) => (roomId === 'r-session' ? { id: 's-1', caseId: 'c-1', ended: false } : null),
    record: async (e) => void rows.push(e),
    mayAnswerFor: async () => false,
  };
  const audit = async (e: RoomAuditEntry) => void audited.push(e);
  const deps: SignallingDeps = {
    rooms: new RoomRegistry(new FakeMediaHost(), { graceMs: 1000, log }),
    config: { authSecret: secret, peerGraceMs: 1000, turn: undefined },
    log,
    audit,
    ...(withRecordings ? { recordings: new RoomRecordings({ ledger, recorderFor: async () => ({ closed: false, start: async () => undefined, stop: async () => undefined, isRecording: () => false }), audit, log }) } : {}),
  };
  const connect = async (roomId: string, role: 'mediator' | 'party', peerId: string) => {
    const socket = new FakeSocket();
    bindRequests(socket, { session: new SocketSession(socket, log), deps }, handlers);
    const { token } = await issueRoomToken(secret, { roomId, role, displayName: peerId, peerId, autoAdmit: true });
    expect(await socket.send('join', { token })).toMatchObject({ ok: true });
    return socket;
  };
  return { rows, audited, connect };
}

describe('recording requests over the socket', () => {
  it('host only; everyone is asked; answers over the socket; the state reaches everyone', async () => {
    const { connect, rows, audited } = setup();
    const host = await connect('r-session', 'mediator', 'host');
    const party = await connect('r-session', 'party', 'p1');
    expect(await party.send('recording:start', {})).toMatchObject({ ok: false, error: { code: 'NOT_HOST' } });
    expect(await party.send('consent:give', { decision: 'agree' })).toMatchObject({ ok: false, error: { code: 'CONSENT_NOT_REQUESTED' } });
    expect(await host.send('recording:start', {})).toMatchObject({ ok: true, state: 'awaiting-consent', pending: ['host', 'p1'] });
    expect(party.last('consentRequested')).toEqual({ requestedBy: 'host', recordCaucus: false });
    expect(await party.send('consent:give', { decision: 'maybe' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await host.send('consent:give', { decision: 'agree' })).toMatchObject({ ok: true, state: 'awaiting-consent' });
    expect(await party.send('consent:give', { decision: 'agree', onBehalfOf: 'host' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await party.send('consent:give', { decision: 'agree' })).toMatchObject({ ok: true, state: 'recording', pending: [] });
    expect(host.last('recordingState')).toMatchObject({ state: 'recording' });
    expect(await host.send('recording:policy', { recordCaucus: true })).toMatchObject({ ok: false, error: { code: 'RECORDING_ACTIVE' } });
    expect(await party.send('consent:withdraw', {})).toMatchObject({ ok: true, state: 'stopped', declined: ['p1'] });
    expect(await host.send('recording:stop', {})).toMatchObject({ ok: false, error: { code: 'RECORDING_NOT_ACTIVE' } });
    expect(await host.send('recording:policy', { recordCaucus: true })).toMatchObject({ ok: true, recordCaucus: true });
    expect(rows.map((r) => [r.participant.peerId, r.decision])).toEqual([['host', 'AGREE'], ['p1', 'AGREE'], ['p1', 'WITHDRAW']]);
    expect(audited.map((a) => a.action)).toEqual(['room.recording.request', 'room.consent.agree', 'room.consent.agree', 'room.consent.withdraw', 'room.recording.policy']);
  });

  it('a room with no session, or a server without recording, answers NO_SESSION', async () => {
    const dev = setup();
    const host = await dev.connect('r-dev', 'mediator', 'host');
    expect(await host.send('recording:start', {})).toMatchObject({ ok: false, error: { code: 'NO_SESSION' } });
    const bare = setup(false);
    const host2 = await bare.connect('r-session', 'mediator', 'host');
    expect(await host2.send('recording:start', {})).toMatchObject({ ok: false, error: { code: 'NO_SESSION' } });
  });
});

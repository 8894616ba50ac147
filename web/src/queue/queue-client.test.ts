import { describe, expect, it } from 'vitest';
import { ConsultQueueClient, type QueueSocket } from './queue-client';

/** A socket double: records emits, lets the test deliver server events and acks. */
function fakeSocket() {
  const handlers = new Map<string, Array<(...a: unknown[]) => void>>();
  const sent: Array<{ event: string; payload: unknown; ack: (res: unknown) => void }> = [];
  const socket = {
    connected: true,
    on(event: string, l: (...a: unknown[]) => void) {
      handlers.set(event, [...(handlers.get(event) ?? []), l]);
      return socket;
    },
    emit(event: string, payload: unknown, ack: (res: unknown) => void) {
      sent.push({ event, payload, ack });
      return socket;
    },
    removeAllListeners() {
      handlers.clear();
      return socket;
    },
    disconnect() {
      socket.connected = false;
      return socket;
    },
    connects: 0,
    connect() {
      socket.connects++;
      return socket;
    },
  };
  const deliver = (event: string, payload: unknown) => handlers.get(event)?.forEach((l) => l(payload));
  return { socket: socket as unknown as QueueSocket, sent, deliver, connects: () => socket.connects };
}

const id = '0190a3c4-0000-7000-8000-000000000001';

describe('ConsultQueueClient', () => {
  it('keeps the talk room’s standings and drops one when it is accepted', () => {
    const f = fakeSocket();
    const c = new ConsultQueueClient({ token: 't', socket: f.socket });
    const seen: string[] = [];
    c.on('standing', (s) => seen.push(`${s.position}/${s.queueLength}`));
    c.on('accepted', (a) => seen.push(`accepted ${a.join.roomId}`));
    f.deliver('queue:position', { consultationId: id, position: 2, queueLength: 2, estimatedWaitS: 240 });
    f.deliver('queue:position', { consultationId: id, position: 1, queueLength: 1, estimatedWaitS: 120 });
    expect(c.standings.get(id)?.position).toBe(1);
    f.deliver('consultation:accepted', { consultationId: id, lawyerName: '陈律师', join: { sessionId: id, roomId: 'r-1', token: 'a.b.c', peerId: 'device-1', role: 'operator', expiresAt: '2026-11-24T04:00:00.000Z' } });
    expect(c.standings.size).toBe(0);
    expect(seen).toEqual(['2/2', '1/1', 'accepted r-1']);
  });

  it('connects again (with a fresh token) when the server closed the socket because its credential no longer holds', () => {
    const f = fakeSocket();
    const c = new ConsultQueueClient({ token: () => 'fresh', socket: f.socket });
    const seen: string[] = [];
    c.on('connection', (s) => seen.push(s));
    f.deliver('disconnect', 'transport close'); // socket.io reconnects by itself
    expect(f.connects()).toBe(0);
    f.deliver('disconnect', 'io server disconnect'); // it does not after the server closed it
    expect(f.connects()).toBe(1);
    expect(seen).toEqual(['disconnected', 'disconnected']);
    c.close();
  });

  it('accepts with the join token, and rejects with the server’s code when another lawyer was first', async () => {
    const f = fakeSocket();
    const c = new ConsultQueueClient({ token: 't', socket: f.socket });
    const first = c.accept(id);
    f.sent[0]!.ack({ ok: true, consultationId: id, join: { sessionId: id, roomId: 'r-1', token: 'a.b.c', peerId: 'staff-1', role: 'lawyer', expiresAt: '2026-11-24T04:00:00.000Z' } });
    expect((await first).roomId).toBe('r-1');
    const second = c.accept(id);
    f.sent[1]!.ack({ ok: false, error: { code: 'CONSULTATION_TAKEN', message: 'another lawyer accepted this consultation first' } });
    await expect(second).rejects.toMatchObject({ code: 'CONSULTATION_TAKEN', request: 'queue:accept' });
    expect(f.sent.map((s) => [s.event, s.payload])).toEqual([
      ['queue:accept', { consultationId: id }],
      ['queue:accept', { consultationId: id }],
    ]);
  });

  it('follows the lawyer’s queue: pushed lists, taken entries leave', () => {
    const f = fakeSocket();
    const c = new ConsultQueueClient({ token: 't', socket: f.socket });
    const entry = { consultationId: id, position: 1, talkRoomId: id, talkRoomName: '东坪村说事拉理室', villageId: null, topic: 'OTHER', question: '', requestedAt: 'x', timesOutAt: 'y' };
    f.deliver('queue:list', { entries: [entry] });
    expect(c.entries).toHaveLength(1);
    f.deliver('queue:taken', { consultationId: id, lawyerId: id });
    expect(c.entries).toEqual([]);
  });
});

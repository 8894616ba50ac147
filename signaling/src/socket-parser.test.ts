import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Packet } from 'socket.io-parser';
import { BoundedDecoder, RejectedMessage, messageLimit, peekEvent } from './socket-parser';

function decode(...chunks: unknown[]): Packet[] {
  const d = new BoundedDecoder();
  const out: Packet[] = [];
  d.on('decoded', (p: Packet) => out.push(p));
  for (const c of chunks) d.add(c);
  return out;
}

afterEach(() => vi.restoreAllMocks());

describe('the bounded socket.io decoder', () => {
  it('decodes a request within its cap as socket.io-parser does', () => {
    expect(decode('2/queue,7["duty:set",{"onDuty":true}]')).toEqual([{ type: 2, nsp: '/queue', id: 7, data: ['duty:set', { onDuty: true }] }]);
    expect(decode('23["raiseHand",{"raised":true}]')).toEqual([{ type: 2, nsp: '/', id: 3, data: ['raiseHand', { raised: true }] }]);
  });

  it('never parses an event over its cap: the socket gets a RejectedMessage with the ack id', () => {
    const parse = vi.spyOn(JSON, 'parse');
    const huge = `212["raiseHand",{"raised":true,${Array.from({ length: 60_000 }, (_, i) => `"k${i}":1`).join(',')}}]`;
    const [p] = decode(huge);
    expect(parse).not.toHaveBeenCalled();
    expect(p).toMatchObject({ type: 2, nsp: '/', id: 12, data: ['raiseHand', expect.any(RejectedMessage)] });
    expect((p!.data[1] as RejectedMessage).code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('uses each request’s own cap: a 10 KB ready passes, a 10 KB raiseHand does not', () => {
    expect(messageLimit('/', 'ready')).toBeGreaterThan(10_000);
    expect(messageLimit('/', 'raiseHand')).toBeLessThan(10_000);
    expect(messageLimit('/', '__proto__')).toBe(messageLimit('/', 'nope'));
    expect(messageLimit('/queue', 'queue:accept')).toBe(messageLimit('/', 'nope'));
    const body = JSON.stringify({ rtpCapabilities: { codecs: [], pad: 'x'.repeat(10_000) } });
    expect(decode(`21["ready",${body}]`)[0]!.data[1]).not.toBeInstanceOf(RejectedMessage);
    expect(decode(`21["raiseHand",${body}]`)[0]!.data[1]).toBeInstanceOf(RejectedMessage);
  });

  it('refuses binary events and drops their attachments, then decodes on', () => {
    const out = decode('52-/queue,4["queue:list",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]', Buffer.from('a'), Buffer.from('b'), '25["leave",{}]');
    expect(out).toHaveLength(2);
    expect(out[0]).toMatchObject({ type: 2, nsp: '/queue', id: 4, data: ['queue:list', expect.any(RejectedMessage)] });
    expect((out[0]!.data[1] as RejectedMessage).code).toBe('BAD_REQUEST');
    expect(out[1]).toEqual({ type: 2, nsp: '/', id: 5, data: ['leave', {}] });
  });

  it('reads only the header of a packet', () => {
    expect(peekEvent('2/queue,')).toEqual({ type: 2, attachments: 0, nsp: '/queue', id: undefined, event: undefined });
    expect(peekEvent(`2["${'a'.repeat(100_000)}"]`)?.event).toBeUndefined();
    expect(peekEvent('0/queue,{}')).toBeUndefined();
  });
});

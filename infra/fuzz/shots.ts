import { DEFAULT_REQUEST_MAX_SIZE, MAX_MESSAGE_BYTES, queueRequestNames, requestNames } from '@shuoshi/protocol';
import { clientDtls, receiverCapabilities, vp8Parameters } from '../../signaling/test/support/raw-socket';

/** One message to send: an event name, its arguments, and whether it asks for an ack. */
export interface Shot {
  event: string;
  args: unknown[];
  ack: boolean;
  /** The kind of mischief (for the tally). */
  kind: 'valid-ish' | 'malformed' | 'oversized' | 'huge' | 'unknown' | 'binary' | 'no-ack';
}

export type Rng = () => number;

/** mulberry32: a small seeded PRNG, so a run can be repeated (`--seed`). */
export function seeded(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;
const int = (rng: Rng, lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));

/** A plausible payload per request (ids are made up: the server must say NOT_FOUND, not crash). */
function baseDefault(name: string, rng: Rng, ids: string[]): Record<string, unknown> {
  const id = () => (ids.length && rng() < 0.7 ? pick(rng, ids) : `x${int(rng, 0, 999)}`);
  switch (name) {
    case 'join':
      return { token: pick(rng, ['a.b.c', 'eyJhbGciOiJIUzI1NiJ9.e30.x', 'x'.repeat(int(rng, 1, 4000))]) };
    case 'resume':
      return { resumeToken: 'eyJhbGciOiJIUzI1NiJ9.e30.x' };
    case 'createTransport':
      return { direction: pick(rng, ['send', 'recv']) };
    case 'connectTransport':
      return { transportId: id(), dtlsParameters: clientDtls };
    case 'restartIce':
      return { transportId: id() };
    case 'produce':
      return { transportId: id(), kind: 'video', source: 'camera', rtpParameters: vp8Parameters(int(rng, 1, 2 ** 31), rng() < 0.5 ? `m${int(rng, 0, 9)}` : undefined) };
    case 'pauseProducer':
    case 'resumeProducer':
    case 'closeProducer':
      return { producerId: id() };
    case 'ready':
      return { rtpCapabilities: receiverCapabilities };
    case 'resumeConsumer':
      return { consumerId: id() };
    case 'setRenderedSize':
      return { consumerId: id(), width: int(rng, 0, 2000), height: int(rng, 0, 2000) };
    case 'host:caucus:set':
      return { groups: [{ groupId: 'g1', peerIds: [id()] }] };
    case 'host:move':
      return { peerId: id(), groupId: rng() < 0.5 ? null : 'g1' };
    case 'host:mute':
      return { peerId: id(), source: 'microphone', muted: rng() < 0.5 };
    case 'host:remove':
      return { peerId: id(), to: pick(rng, ['out', 'lobby']) };
    case 'host:admit':
    case 'host:decline':
    case 'host:handoff':
      return { peerId: id() };
    case 'host:lock':
      return { locked: rng() < 0.5 };
    case 'raiseHand':
      return { raised: rng() < 0.5 };
    case 'chat:send':
      return { text: '说事'.repeat(int(rng, 1, 50)) };
    case 'doc:show':
      return { documentId: id() };
    case 'recording:policy':
      return { recordCaucus: rng() < 0.5 };
    case 'consent:give':
      return { decision: pick(rng, ['agree', 'decline', 'maybe']) };
    default:
      return {};
  }
}

function baseQueue(name: string, rng: Rng): Record<string, unknown> {
  const uuid = () => pick(rng, ['00000000-0000-0000-0000-000000000000', crypto.randomUUID(), 'not-a-uuid']);
  if (name === 'duty:set') return { onDuty: rng() < 0.5 };
  if (name === 'queue:accept' || name === 'queue:abandon') return { consultationId: uuid() };
  return {};
}

const junkValues = (rng: Rng): unknown[] => [null, 0, -1, 1e308, 0.5, '', 'x'.repeat(int(rng, 1, 300)), true, [], [1, [2, [3]]], {}, { $gt: '' }];
const strangeKeys = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '', ' ', '\u0000', '<script>', 'k'.repeat(500)];

/** A value nested `depth` levels deep (objects and arrays in turn). */
function deep(depth: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = i % 3 ? { a: v } : [v];
  return v;
}

/** Breaks a payload one way or another. */
function mutate(rng: Rng, payload: Record<string, unknown>): unknown {
  const keys = Object.keys(payload);
  const p: Record<string, unknown> = { ...payload };
  switch (int(rng, 0, 7)) {
    case 0:
      return pick(rng, junkValues(rng));
    case 1:
      if (keys.length) p[pick(rng, keys)] = pick(rng, junkValues(rng));
      return p;
    case 2:
      if (keys.length) delete p[pick(rng, keys)];
      return p;
    case 3:
      Object.defineProperty(p, pick(rng, strangeKeys), { value: pick(rng, junkValues(rng)), enumerable: true });
      return p;
    case 4:
      return { ...p, nested: deep(int(rng, 10, 400)) };
    case 5:
      if (keys.length) p[pick(rng, keys)] = deep(int(rng, 10, 200));
      return p;
    case 6:
      return Object.fromEntries(Array.from({ length: int(rng, 1, 200) }, (_, i) => [`f${i}`, i]));
    default:
      return [p, p];
  }
}

/** A string that makes a message of about `size` characters. */
const padding = (size: number) => 'A'.repeat(size);

/** The next shot on a namespace (`/` or `/queue`); `ids` are ids the server handed this socket (to aim at real objects). */
export function nextShot(rng: Rng, namespace: '/' | '/queue', ids: string[] = []): Shot {
  const names: readonly string[] = namespace === '/' ? requestNames : queueRequestNames;
  const name = pick(rng, names);
  const base = namespace === '/' ? baseDefault(name, rng, ids) : baseQueue(name, rng);
  const r = rng();
  if (r < 0.3) return { event: name, args: [base], ack: true, kind: 'valid-ish' };
  if (r < 0.65) {
    const m = mutate(rng, base);
    return { event: name, args: Array.isArray(m) && m.length === 2 && rng() < 0.5 ? m : [m], ack: true, kind: 'malformed' };
  }
  if (r < 0.72) return { event: name, args: [], ack: true, kind: 'malformed' };
  if (r < 0.8) return { event: name, args: [{ ...base, pad: padding(int(rng, DEFAULT_REQUEST_MAX_SIZE, 40_000)) }], ack: true, kind: 'oversized' };
  if (r < 0.802) return { event: name, args: [{ pad: padding(MAX_MESSAGE_BYTES + int(rng, 1, 200_000)) }], ack: true, kind: 'huge' };
  if (r < 0.9) {
    const other = namespace === '/' ? pick(rng, queueRequestNames) : pick(rng, requestNames);
    const event = pick(rng, ['nope', '__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty', other, `x${'y'.repeat(int(rng, 0, 2000))}`, '', '0']);
    return { event, args: [base], ack: true, kind: 'unknown' };
  }
  if (r < 0.93) return { event: name, args: [Buffer.from(JSON.stringify(base))], ack: true, kind: 'binary' };
  return { event: name, args: [rng() < 0.5 ? base : mutate(rng, base)], ack: false, kind: 'no-ack' };
}

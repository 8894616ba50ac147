/**
 * `npm run fuzz:protocol`: a protocol fuzzer against the real server, in-process on
 * loopback (a throw-away database on DATABASE_URL, else embedded PGlite).
 *
 * Attacker sockets on both namespaces (the room namespace, some seated in rooms, and
 * `/queue` with a lawyer's or a talk room's credential) send malformed, oversized
 * (over their request's cap, now and then over the transport's), unknown, binary,
 * ack-less, out-of-order (media before join, made-up ids) and concurrent (bursts of one
 * request) messages, while two legitimate canaries (a seated party raising and lowering
 * its hand, an on-duty lawyer listing the queue) measure their ack latency.
 *
 * Prints ONE JSON line on stdout:
 *   {"messages", "internal_acks", "unanswered", "crashes", "rss_growth_mb", "canary_p95_ms", ...}
 * `unanswered`: requests that asked for an ack and got none while their socket stayed
 * open (a socket the server closes answers what it still owed: see docs/protocol.md,
 * "Limits"). `crashes`: uncaught exceptions or rejections, mediasoup worker deaths, and
 * a failing /health at the end. Exits 1 unless internal_acks, unanswered and crashes are 0.
 *
 * Options: --smoke (the same run, small: seconds), --messages=50000, --rate=400 (per second), --seed=1
 */
import { QUEUE_NAMESPACE } from '@shuoshi/protocol';
import { ask, connected, rawSocket } from '../../signaling/test/support/raw-socket';
import { startTarget } from './server';
import { seeded } from './shots';
import { Attacker, Canary, Tally } from './swarm';

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const SMOKE = process.argv.includes('--smoke');
const MESSAGES = Number(arg('messages') ?? (SMOKE ? 1500 : 50_000));
const SEED = Number(arg('seed') ?? 1);
/** Messages per second, all attackers together (paced, so the canaries measure the server, not a saturated loop). */
const RATE = Number(arg('rate') ?? 400);
/** The whole run stays within three minutes: sending stops here, whatever is left. */
const SEND_BUDGET_MS = SMOKE ? 30_000 : 150_000;
const log = (msg: string) => console.error(`[fuzz:protocol] ${msg}`);

function p95(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const sorted = [...xs].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)]! * 10) / 10;
}

async function main(): Promise<number> {
  let crashes = 0;
  process.on('uncaughtException', (err) => {
    crashes++;
    log(`uncaught exception: ${err.stack ?? err}`);
  });
  process.on('unhandledRejection', (err) => {
    crashes++;
    log(`unhandled rejection: ${(err as Error)?.stack ?? err}`);
  });

  const target = await startTarget();
  target.server.sfu.pool.on('workerdied', () => crashes++);
  const rng = seeded(SEED);
  log(`server at ${target.url}; ${MESSAGES} messages, seed ${SEED}`);

  // the canaries: a seated party and an on-duty lawyer
  const party = rawSocket(target.url);
  await connected(party);
  const seat = await ask(party, 'join', { token: await target.roomToken('canary-room', 'party', '金丝雀') });
  if (!seat.ok) throw new Error(`canary could not join: ${JSON.stringify(seat)}`);
  const lawyer = rawSocket(target.url, { namespace: QUEUE_NAMESPACE, auth: { token: target.queueTokens.lawyer2 } });
  await connected(lawyer);
  if (!(await ask(lawyer, 'duty:set', { onDuty: true })).ok) throw new Error('canary lawyer could not go on duty');
  let raised = false;
  const canaries = [new Canary(party, () => ['raiseHand', { raised: (raised = !raised) }], 25), new Canary(lawyer, () => ['queue:list', {}], 150)];

  globalThis.gc?.();
  const rssBefore = process.memoryUsage().rss;
  const heapBefore = process.memoryUsage().heapUsed;
  const started = Date.now();
  for (const c of canaries) c.start();

  const tally = new Tally();
  const attackers = [
    ...Array.from({ length: 8 }, (_, i) => new Attacker(target, '/', tally, seeded(SEED * 1000 + i), i)),
    ...Array.from({ length: 4 }, (_, i) => new Attacker(target, '/queue', tally, seeded(SEED * 2000 + i), i)),
  ];
  const share = Math.ceil(MESSAGES / attackers.length);
  const deadline = started + SEND_BUDGET_MS;
  const progress = setInterval(() => log(`${tally.messages} sent, ${tally.acked} acked`), 5000);
  await Promise.all(attackers.map((a) => a.run(share, deadline, (attackers.length * 1000) / RATE)));
  clearInterval(progress);
  await tally.settle(15_000);
  for (const a of attackers) a.close();
  for (const c of canaries) await c.stop();

  const health = await fetch(`${target.url}/health`).then((r) => r.status, () => 0);
  if (health !== 200) crashes++;
  // with --expose-gc (npm run fuzz:protocol passes it) the growth is what survived collection
  globalThis.gc?.();
  await new Promise((r) => setTimeout(r, 200));
  globalThis.gc?.();
  const rssAfter = process.memoryUsage().rss;
  const heapAfter = process.memoryUsage().heapUsed;
  const result = {
    messages: tally.messages,
    internal_acks: tally.byCode.INTERNAL ?? 0,
    unanswered: tally.unanswered,
    crashes,
    rss_growth_mb: Math.round(((rssAfter - rssBefore) / 2 ** 20) * 10) / 10,
    canary_p95_ms: p95(canaries.flatMap((c) => c.latencies)),
    heap_growth_mb: Math.round(((heapAfter - heapBefore) / 2 ** 20) * 10) / 10,
    canary_requests: canaries.reduce((n, c) => n + c.latencies.length, 0),
    canary_failures: canaries.reduce((n, c) => n + c.failures, 0),
    acked: tally.acked,
    closed_before_ack: tally.closedBeforeAck,
    server_disconnects: tally.serverDisconnects,
    server_error_logs: target.errorLogs(),
    acks_by_code: tally.byCode,
    ...(tally.unansweredExamples.length ? { unanswered_examples: tally.unansweredExamples } : {}),
    messages_by_kind: tally.byKind,
    seconds: Math.round((Date.now() - started) / 100) / 10,
    rate: RATE,
    smoke: SMOKE,
  };
  await target.stop();
  process.stdout.write(`${JSON.stringify(result)}\n`);
  return result.internal_acks === 0 && result.unanswered === 0 && result.crashes === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    log(`failed: ${(err as Error)?.stack ?? err}`);
    process.exit(2);
  },
);

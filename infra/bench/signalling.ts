/**
 * `npm run bench:signalling`: how fast the signalling answers many people at once across
 * several nodes (issue #15) — socket.io clients without media, in rooms of 8.
 *
 * Three real node processes (signaling/test/support/cluster.ts) on one PostgreSQL and one
 * Redis. The organisation is seeded (a township mediator, a case in mediation, seven county
 * legal advisors); through the REST API the mediator schedules and starts one mediation per
 * room inviting the seven advisors, and each of the eight asks the API for their own join
 * token. Seats then join at a steady rate (`--rate` joins per second, room after room), each
 * from a home node taken in turn (i mod nodes): a seat whose room lives on another node is
 * told ROOM_ELSEWHERE and follows it there (signalling-seat.ts), and the move is part of its
 * join time. Every seated socket sends a cheap request every `--every` seconds from its join
 * until `--steady` seconds after the last join.
 *
 * CPU: utime + stime from /proc/<pid>/stat of each node process (its mediasoup worker idles:
 * no media) and of this process, over the join ramp and over the steady part.
 *
 * Writes bench-results/signalling.json and prints one JSON line last (fields: registry.ts).
 * Options: --nodes=3 --sockets=2000 --rate=50 --every=5 --steady=30, --profile=DIR (a V8 CPU
 * profile of each node, --cpu-prof);
 * --smoke: 2 nodes, 48 sockets, --every=1 --steady=3. Needs REDIS_URL and DATABASE_URL.
 */
import os from 'node:os';
import path from 'node:path';
import { Cluster } from '../../signaling/test/support/cluster';
import { seedBenchOrganisation, signIn, startBenchSession } from './join-session';
import { joinToken } from './rest';
import { BenchSeat, CHEAP_REQUEST, newStats } from './signalling-seat';
import { CLK_TCK, arg, cpuTicks, percentile, report, round, sleep } from './common';

const ROOM_SIZE = 8;
const NODES = arg('nodes', 3, 2);
const SOCKETS = Math.ceil(arg('sockets', 2000, 48) / ROOM_SIZE) * ROOM_SIZE;
const RATE = arg('rate', 50, 50);
const EVERY_S = arg('every', 5, 1);
const STEADY_S = arg('steady', 30, 3);
/** Concurrent REST calls while setting the sessions up. */
const SETUP_CONCURRENCY = 8;
const log = (msg: string) => console.error(`[bench:signalling] ${msg}`);

/** Runs `work(i)` for i in [0, n) with at most `limit` at a time. */
async function inPool(n: number, limit: number, work: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(n, limit) }, async () => {
    while (next < n) await work(next++);
  }));
}

/** Through the API, as people do: one started mediation per room, and each seat's own join token (the host's first). */
async function issueTokens(cluster: Cluster, urls: string[], rooms: number): Promise<string[][]> {
  const org = await seedBenchOrganisation(cluster.db.prisma, ROOM_SIZE - 1);
  const mediator = await signIn(urls[0]!, org.mediator.username);
  const advisors = await Promise.all(org.advisors.map((a, i) => signIn(urls[i % urls.length]!, a.username)));
  const tokens: string[][] = [];
  await inPool(rooms, SETUP_CONCURRENCY, async (r) => {
    const url = urls[r % urls.length]!;
    const session = await startBenchSession(url, mediator, org.caseId, org.advisors.map((a) => a.id));
    const seats = [(await joinToken(url, session.id, mediator)).token];
    for (const access of advisors) seats.push((await joinToken(url, session.id, access)).token);
    tokens[r] = seats;
  });
  return tokens;
}

/** What a node logged at warn or above (pino's JSON lines), counted by message. */
function warnings(output: string[]): Record<string, number> {
  const seen: Record<string, number> = {};
  for (const line of output.join('').split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      const { msg } = JSON.parse(line) as { msg?: string };
      seen[msg ?? line.slice(0, 100)] = (seen[msg ?? line.slice(0, 100)] ?? 0) + 1;
    } catch {
      // not a log line
    }
  }
  return seen;
}

/** p95 of `ms` per `windowS`-second window of `at` (s). */
function byWindow(xs: Array<{ at: number; ms: number }>, windowS: number): number[] {
  const windows: number[][] = [];
  for (const x of xs) (windows[Math.floor(x.at / windowS)] ??= []).push(x.ms);
  return Array.from(windows, (w) => (w ? round(percentile(w.sort((a, b) => a - b), 95)) : NaN));
}

/** CPU of each pid between two samples, as % of one core. */
function cpuSince(before: { at: number; ticks: number[] }, pids: number[]): number[] {
  const wallS = (performance.now() - before.at) / 1000;
  return pids.map((pid, i) => round(((cpuTicks(pid) - before.ticks[i]!) / CLK_TCK / wallS) * 100));
}
const sample = (pids: number[]) => ({ at: performance.now(), ticks: pids.map(cpuTicks) });

async function main(): Promise<void> {
  if (!process.env.REDIS_URL || !process.env.DATABASE_URL) throw new Error('bench:signalling needs REDIS_URL and DATABASE_URL');
  // --profile=DIR: each node writes a V8 CPU profile there (on its SIGTERM exit at the end)
  const profileDir = process.argv.find((a) => a.startsWith('--profile='))?.split('=')[1];
  const cluster = await Cluster.create({}, profileDir ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(profileDir)}`] : []);
  const seats: BenchSeat[] = [];
  try {
    const names = Array.from({ length: NODES }, (_, i) => `n${i + 1}`);
    const urls = (await Promise.all(names.map((n) => cluster.start(n)))).map((n) => n.url);
    await cluster.allKnowEachOther();
    const rooms = SOCKETS / ROOM_SIZE;
    const t = performance.now();
    const tokens = await issueTokens(cluster, urls, rooms);
    log(`${rooms} sessions started and ${SOCKETS} join tokens issued through the API in ${Math.round(performance.now() - t)} ms`);

    const pids = names.map((n) => cluster.node(n).child.pid!);
    const all = [...pids, process.pid];
    const stats = newStats();
    const load1 = round(os.loadavg()[0]!, 2); // the machine's load as the ramp starts: other work shares these cores
    const atStart = sample(all);
    // a steady ramp: seat i joins at i / RATE s, from home node i mod NODES
    const start = performance.now();
    const joining: Promise<boolean>[] = [];
    for (let i = 0; i < SOCKETS; i++) {
      const wait = start + (i * 1000) / RATE - performance.now();
      if (wait > 0) await sleep(wait);
      const seat = new BenchSeat(tokens[Math.floor(i / ROOM_SIZE)]![i % ROOM_SIZE]!, urls[i % NODES]!, stats);
      seats.push(seat);
      joining.push(seat.join().then((ok) => {
        if (ok) seat.requestEvery(EVERY_S * 1000, Number.POSITIVE_INFINITY);
        return ok;
      }));
    }
    const seated = (await Promise.all(joining)).filter(Boolean).length;
    const rampS = (performance.now() - start) / 1000;
    const rampCpu = cpuSince(atStart, all);
    log(`${seated}/${SOCKETS} seated in ${round(rampS)} s (${stats.moved} moved); steady for ${STEADY_S} s`);

    const requestsBeforeSteady = stats.requestMs.length;
    const atSteady = sample(all);
    await sleep(STEADY_S * 1000);
    const steadyCpu = cpuSince(atSteady, all);
    for (const s of seats) s.close();
    const nodeLog = names.map((n) => warnings(cluster.node(n).output));

    const byNode = names.map((_, n) => seats.filter((s) => s.url === urls[n]).length);
    const joins = [...stats.joinMs].sort((a, b) => a - b);
    const requests = [...stats.requestMs].sort((a, b) => a - b);
    const steadyRequests = stats.requestMs.slice(requestsBeforeSteady).sort((a, b) => a - b);
    const errorKinds: Record<string, number> = {};
    for (const e of stats.errors) errorKinds[e] = (errorKinds[e] ?? 0) + 1;
    report(
      'signalling',
      {
        nodes: NODES,
        sockets: SOCKETS,
        room_size: ROOM_SIZE,
        join_rate_per_s: RATE,
        join_ack_p50_ms: round(percentile(joins, 50)),
        join_ack_p95_ms: round(percentile(joins, 95)),
        join_ack_p99_ms: round(percentile(joins, 99)),
        request_every_s: EVERY_S,
        request_ack_p95_ms: round(percentile(requests, 95)),
        node_cpu_pct: rampCpu.slice(0, NODES),
        node_cpu_steady_pct: steadyCpu.slice(0, NODES),
        bench_cpu_pct: rampCpu[NODES]!,
        moved: stats.moved,
        errors: stats.errors.length,
        load1,
      },
      {
        seated,
        ramp_s: round(rampS),
        seats_by_node: byNode,
        request: CHEAP_REQUEST,
        requests: requests.length,
        request_ack_p50_ms: round(percentile(requests, 50)),
        request_ack_p99_ms: round(percentile(requests, 99)),
        steady_request_ack_p95_ms: round(percentile(steadyRequests, 95)),
        bench_cpu_steady_pct: steadyCpu[NODES],
        join_ack_max_ms: round(joins[joins.length - 1] ?? NaN),
        // the ramp in 5-second windows: a burst of other work on the machine shows as a window of slow joins
        join_ack_p95_by_5s_ms: byWindow(stats.joinAt.map((at, k) => ({ at: (at - start) / 1000, ms: stats.joinMs[k]! })), 5),
        error_kinds: errorKinds,
        node_warnings: nodeLog,
        cpus: os.availableParallelism(),
        note: 'node_cpu_pct and bench_cpu_pct: over the join ramp; *_steady_pct: over the steady part (every seat sending its cheap request). % of one core.',
      },
    );
  } finally {
    for (const s of seats) s.close();
    if (profileDir) await Promise.all([...cluster.nodes.keys()].map((n) => cluster.terminate(n)));
    await cluster.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

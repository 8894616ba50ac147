/**
 * `npm run bench:kiosk`: what the village kiosk costs on a weak link.
 *
 * 1. Builds the web client (vite build) and sums the kiosk entry's JavaScript and CSS
 *    from the build manifest: what /kiosk loads at once (`initial`), and with the
 *    room chunk it fetches before joining (`total`), raw and gzip (as served).
 * 2. Starts the real server (PGlite, or a throw-away database with DATABASE_URL),
 *    seeds a talk room invited to a running session with a mediator in it, and
 *    measures, on a CDP-throttled 1 Mbps link (125 kB/s each way, 100 ms, no cache),
 *    the time from navigation to the lobby seat (join ack), to joined (admitted by the
 *    mediator, who admits the device the moment it arrives; transports connected,
 *    media sent) and to the first decoded remote frame, with the taps done as soon as
 *    each button shows.
 *
 * The 5 s budget for joining over that link lives here (`within_budget`), not in a test.
 * Writes bench-results/kiosk.json and prints a one-line JSON summary as its last line
 * (fields: registry.ts). Options: --runs=3; --smoke: 1 run.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { spawnSync } from 'node:child_process';
import { arg, median, report, root } from './common';
import { joinToken, setPassword, signIn } from './rest';
import { Participant, launchChromium } from '../../signaling/test/support/browser';
import { VILLAGE_LINK, admitOnArrival, enrolDeviceByApi, kioskLoadAndJoin, seedKioskFixture } from '../../signaling/test/support/kiosk';
import { startTestServer } from '../../signaling/test/support/test-server';

const dist = path.join(root, 'web', 'dist');
const RUNS = arg('runs', 3, 1);
/** What joining over the village link may take. */
const BUDGET_MS = 5_000;
const MEDIATOR_PASSWORD = 'bench-kiosk-mediator';
const log = (msg: string) => console.error(`[bench:kiosk] ${msg}`);

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}
interface Bytes {
  raw: number;
  gzip: number;
  /** Brotli, what Chromium gets from the server (it accepts br). */
  br: number;
}

/** The web build of this checkout (setup.mjs rebuilds it when a source is newer, and skips it otherwise). */
function build(): void {
  const r = spawnSync(process.execPath, [path.join(root, 'infra/scripts/setup.mjs'), '--only=web'], { stdio: ['ignore', 2, 2] });
  if (r.status !== 0) throw new Error('building the web client failed');
}

/** Files the kiosk page loads: its entry and static imports; `withRoom` adds the lazily loaded room chunk and its imports. */
function kioskFiles(manifest: Record<string, ManifestChunk>, withRoom: boolean): { js: string[]; css: string[] } {
  const seen = new Set<string>();
  const js = new Set<string>();
  const css = new Set<string>();
  const visit = (key: string, followDynamic: boolean) => {
    if (seen.has(key)) return;
    seen.add(key);
    const c = manifest[key];
    if (!c) throw new Error(`manifest has no ${key}`);
    js.add(c.file);
    for (const f of c.css ?? []) css.add(f);
    for (const i of c.imports ?? []) visit(i, false);
    if (followDynamic) for (const d of c.dynamicImports ?? []) visit(d, false);
  };
  visit('kiosk.html', withRoom);
  return { js: [...js], css: [...css] };
}

function sizes(files: string[]): Bytes {
  let raw = 0;
  let gzip = 0;
  let br = 0;
  for (const f of files) {
    const p = path.join(dist, f);
    raw += fs.statSync(p).size;
    gzip += fs.existsSync(`${p}.gz`) ? fs.statSync(`${p}.gz`).size : zlib.gzipSync(fs.readFileSync(p), { level: 9 }).length;
    br += fs.existsSync(`${p}.br`) ? fs.statSync(`${p}.br`).size : zlib.brotliCompressSync(fs.readFileSync(p)).length;
  }
  return { raw, gzip, br };
}

async function main() {
  log('building the web client');
  build();
  const manifest = JSON.parse(fs.readFileSync(path.join(dist, '.vite', 'manifest.json'), 'utf8')) as Record<string, ManifestChunk>;
  const initial = kioskFiles(manifest, false);
  const total = kioskFiles(manifest, true);
  const bundle = {
    initial: { js: sizes(initial.js), css: sizes(initial.css), files: [...initial.js, ...initial.css] },
    total: { js: sizes(total.js), css: sizes(total.css), files: [...total.js, ...total.css] },
  };
  log(`kiosk JS initial ${bundle.initial.js.raw} B raw / ${bundle.initial.js.gzip} B gzip; with the room ${bundle.total.js.raw} / ${bundle.total.js.gzip}`);

  const [server, browser] = await Promise.all([startTestServer(), launchChromium()]);
  const samples: Array<{ seatMs: number; joinedMs: number; firstFrameMs: number | null; bytesLoaded: number }> = [];
  try {
    const fx = await seedKioskFixture(server);
    // the session's host signs in and takes the join token the API gives them
    await setPassword(server.db.prisma, fx.staff.mediator.id, MEDIATOR_PASSWORD);
    const host = await joinToken(server.url, fx.sessionId, await signIn(server.url, fx.staff.mediator.username, MEDIATOR_PASSWORD));
    const mediator = await Participant.open(browser, 'mediator', `${server.url}/room/${host.roomId}#token=${host.token}`);
    await mediator.waitForState('joined');
    for (let i = 0; i < RUNS; i++) {
      const d = await enrolDeviceByApi(server.url, fx, `bench-${i}`);
      // the talk room's devices wait in the lobby: the mediator, at their desk, admits this one the moment it arrives
      await admitOnArrival(mediator, `device-${d.deviceId}`);
      // a browser of its own each time: nothing the mediator's page (or an earlier run) fetched can be reused
      const own = await launchChromium();
      const run = await kioskLoadAndJoin(own, server.url, d.stored);
      samples.push({ seatMs: run.seatMs, joinedMs: run.joinedMs, firstFrameMs: run.firstFrameMs, bytesLoaded: run.bytesLoaded });
      log(`run ${i + 1}/${RUNS}: lobby seat ${run.seatMs} ms, admitted+joined ${run.joinedMs} ms, first remote frame ${run.firstFrameMs} ms, ${run.bytesLoaded} bytes over the wire`);
      await own.close();
    }
    await mediator.close();
  } finally {
    await browser.close();
    await server.stop();
  }

  const joined = samples.map((s) => s.joinedMs);
  const frames = samples.map((s) => s.firstFrameMs).filter((n): n is number => n !== null);
  const summary = {
    kiosk_js_raw: bundle.initial.js.raw,
    kiosk_js_gzip: bundle.initial.js.gzip,
    kiosk_css_raw: bundle.initial.css.raw,
    kiosk_css_gzip: bundle.initial.css.gzip,
    kiosk_with_room_js_raw: bundle.total.js.raw,
    kiosk_with_room_js_gzip: bundle.total.js.gzip,
    kiosk_with_room_js_br: bundle.total.js.br,
    link: VILLAGE_LINK,
    runs: samples.length,
    lobby_seat_ms_median: median(samples.map((s) => s.seatMs)),
    load_join_ms_median: median(joined),
    load_join_ms_max: Math.max(...joined),
    first_frame_ms_median: frames.length ? median(frames) : null,
    budget_ms: BUDGET_MS,
    within_budget: Math.max(...joined) < BUDGET_MS,
  };
  report('kiosk', summary, { bundle, samples });
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);

#!/usr/bin/env node
// Sets up this checkout for `npm start` or `npm test`; each step is skipped when
// already done. Plain Node (no dependencies): it runs before `npm ci`.
//
//   node infra/scripts/setup.mjs [--for=start|test] [--only=apt|npm|worker|prisma|web]
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const arg = (name) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const purpose = arg('for') ?? 'start';
const only = arg('only');

/** Debian packages, by what needs them. */
const APT = {
  // mediasoup worker build (skipped once the worker is cached)
  worker: ['build-essential', 'pkg-config', 'meson', 'ninja-build', 'libssl-dev', 'libuv1-dev', 'libsrtp2-dev',
    'libusrsctp-dev', 'libabsl-dev', 'libflatbuffers-dev', 'flatbuffers-compiler'],
  // recording, agreement PDFs and Chinese text rendering at run time
  runtime: ['ffmpeg', 'chromium', 'fonts-wqy-microhei', 'fonts-liberation'],
  // tests: PDF text checks; network namespaces, tc and nft for the weak-link tests
  test: ['poppler-utils', 'nftables', 'iproute2'],
};

function log(msg) { console.log(`[setup] ${msg}`); }
function run(cmd, args, opts = {}) {
  log(`$ ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed with exit code ${r.status}`);
}
function newest(dir, filter = () => true) {
  let t = 0;
  if (!fs.existsSync(dir)) return 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name === 'dist') continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) t = Math.max(t, newest(p, filter));
    else if (filter(p)) t = Math.max(t, fs.statSync(p).mtimeMs);
  }
  return t;
}
const mtime = (p) => (fs.existsSync(p) ? fs.statSync(p).mtimeMs : 0);

function missingDebianPackages(pkgs) {
  return pkgs.filter((p) => {
    try {
      return !execFileSync('dpkg-query', ['-W', '-f=${Status}', p], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().includes('install ok installed');
    } catch {
      return true;
    }
  });
}

function workerCached() {
  try {
    const version = JSON.parse(fs.readFileSync(path.join(root, 'node_modules/mediasoup/package.json'), 'utf8')).version;
    const cache = path.join(process.env.SHUOSHI_CACHE_DIR || path.join(process.env.HOME || '/root', '.cache', 'shuoshi'), 'mediasoup-worker', `${version}-${process.platform}-${process.arch}`, 'mediasoup-worker');
    return fs.existsSync(cache);
  } catch {
    return false;
  }
}

function stepApt() {
  const wanted = [...APT.runtime, ...(purpose === 'test' ? APT.test : []), ...(workerCached() ? [] : APT.worker)];
  const missing = missingDebianPackages(wanted);
  if (missing.length === 0) return;
  const isRoot = process.getuid?.() === 0;
  if (!isRoot) {
    console.error(`\n[setup] Missing Debian packages: ${missing.join(' ')}\n[setup] Install them with:\n  sudo apt-get install -y ${missing.join(' ')}\n`);
    process.exit(2);
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () => spawnSync('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...missing], { stdio: 'inherit', env });
  log(`installing Debian packages: ${missing.join(' ')}`);
  if (install().status !== 0) {
    run('apt-get', ['update', '-q'], { env });
    if (install().status !== 0) throw new Error(`apt-get install ${missing.join(' ')} failed`);
  }
}

function stepNpm() {
  const lock = path.join(root, 'package-lock.json');
  const installed = path.join(root, 'node_modules', '.package-lock.json');
  if (mtime(installed) >= mtime(lock) && fs.existsSync(path.join(root, 'node_modules', 'mediasoup'))) return;
  // .npmrc sets ignore-scripts: mediasoup's postinstall would try to download its worker.
  run('npm', ['ci', '--no-audit', '--no-fund']);
}

function stepWorker() {
  run(process.execPath, [path.join(root, 'infra/scripts/build-mediasoup-worker.mjs')]);
}

function stepPrisma() {
  const schema = path.join(root, 'db/prisma/schema.prisma');
  const generated = path.join(root, 'db/src/generated/prisma/client.ts');
  if (mtime(generated) >= mtime(schema) && mtime(generated) >= mtime(path.join(root, 'node_modules/.package-lock.json'))) return;
  run(path.join(root, 'node_modules/.bin/prisma'), ['generate'], { cwd: path.join(root, 'db') });
}

function stepWeb() {
  const built = path.join(root, 'web/dist/index.html');
  const sources = Math.max(newest(path.join(root, 'web'), (p) => !p.includes(`${path.sep}test${path.sep}`)), newest(path.join(root, 'signaling/protocol/src')));
  if (mtime(built) >= sources) return;
  run(path.join(root, 'node_modules/.bin/vite'), ['build', '--logLevel', 'warn'], { cwd: path.join(root, 'web') });
}

const steps = { apt: stepApt, npm: stepNpm, worker: stepWorker, prisma: stepPrisma, web: stepWeb };
const t0 = Date.now();
try {
  for (const [name, step] of Object.entries(steps)) {
    if (only && only !== name) continue;
    step();
  }
} catch (err) {
  console.error(`\n[setup] ${err.message}`);
  process.exit(1);
}
if (!only) log(`ready for ${purpose} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);

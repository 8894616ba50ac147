#!/usr/bin/env node
// Builds mediasoup-worker from the npm tarball against Debian's libraries, with no
// access to GitHub, PyPI or meson's wrapdb (see docs/mediasoup-worker.md).
//
//   node infra/scripts/build-mediasoup-worker.mjs [--force]
//
// The binary is cached per mediasoup version outside node_modules
// ($SHUOSHI_CACHE_DIR, default ~/.cache/shuoshi) so that `npm ci` does not force a
// rebuild, then copied to node_modules/mediasoup/worker/out/Release/mediasoup-worker,
// where mediasoup looks for it by default.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const msDir = path.join(root, 'node_modules', 'mediasoup');
const version = JSON.parse(fs.readFileSync(path.join(msDir, 'package.json'), 'utf8')).version;
const W = path.join(msDir, 'worker');
const target = path.join(W, 'out', 'Release', 'mediasoup-worker');
const cacheDir = path.join(process.env.SHUOSHI_CACHE_DIR || path.join(os.homedir(), '.cache', 'shuoshi'), 'mediasoup-worker', `${version}-${process.platform}-${process.arch}`);
const cached = path.join(cacheDir, 'mediasoup-worker');
const force = process.argv.includes('--force');
const jobs = String(process.env.MS_BUILD_JOBS || os.availableParallelism?.() || os.cpus().length);

/** Marker written next to the installed binary: which cached build it came from. */
const marker = path.join(W, 'out', 'Release', '.shuoshi-build');

function log(msg) { console.log(`[mediasoup-worker] ${msg}`); }
function run(cmd, args, cwd = W) {
  log(`$ ${cmd} ${args.join(' ')}`);
  execFileSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], cwd });
}
function install() {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.copyFileSync(cached, target);
  fs.chmodSync(target, 0o755);
  fs.writeFileSync(marker, `${version}\n`);
}

if (!force && fs.existsSync(cached)) {
  if (!(fs.existsSync(target) && fs.existsSync(marker) && fs.readFileSync(marker, 'utf8').trim() === version)) install();
  log(`mediasoup ${version}: using cached worker ${cached}`);
  process.exit(0);
}
if (version !== '3.19.3') {
  console.warn(`[mediasoup-worker] WARNING: this build recipe is verified with mediasoup 3.19.3 only (found ${version})`);
}

// 1. Replace each wrap-file subproject with a small meson project that takes the
//    Debian library through dependency() and defines the variables that
//    worker/meson.build reads. The *_lib static libraries are placeholders used only
//    by the libmediasoup-worker target, which we do not build.
const placeholder = (name) => `int shuoshi_placeholder_${name.replace(/-/g, '_')}(void) { return 0; }\n`;
const shims = {
  openssl: {
    'meson.build': `project('openssl', 'c')
openssl_dep = dependency('openssl', version: '>= 1.1.0')
libcrypto_dep = dependency('libcrypto')
libssl_dep = dependency('libssl')
libcrypto_lib = static_library('placeholder_libcrypto', 'placeholder.c')
libssl_lib = static_library('placeholder_libssl', 'placeholder.c')
`,
  },
  libuv: {
    'meson.build': `project('libuv', 'c')
libuv_dep = dependency('libuv')
libuv = static_library('placeholder_libuv', 'placeholder.c')
`,
    'meson_options.txt': `option('build_tests', type: 'boolean', value: false)
option('build_benchmarks', type: 'boolean', value: false)
`,
  },
  libsrtp3: {
    // Debian has libsrtp 2.5; compat/srtp.h maps the libsrtp 3 calls onto it.
    'meson.build': `project('libsrtp3', 'c')
libsrtp3_dep = declare_dependency(
  dependencies: dependency('libsrtp2', version: '>= 2.3.0'),
  include_directories: include_directories('compat'),
)
libsrtp3 = static_library('placeholder_libsrtp3', 'placeholder.c')
`,
    'meson_options.txt': `option('crypto-library', type: 'string', value: 'openssl')
option('crypto-library-kdf', type: 'feature', value: 'disabled')
option('tests', type: 'feature', value: 'disabled')
`,
    'compat/srtp.h': fs.readFileSync(path.join(root, 'infra', 'mediasoup', 'srtp3-compat.h'), 'utf8'),
  },
  usrsctp: {
    'meson.build': `project('usrsctp', 'c')
usrsctp_dep = dependency('usrsctp')
usrsctp = static_library('placeholder_usrsctp', 'placeholder.c')
`,
    'meson_options.txt': `option('sctp_build_programs', type: 'boolean', value: false)\n`,
  },
  'abseil-cpp': {
    'meson.build': `project('abseil-cpp', 'c', 'cpp')
absl_container_dep = declare_dependency(dependencies: [
  dependency('absl_flat_hash_map'), dependency('absl_flat_hash_set'),
  dependency('absl_btree'), dependency('absl_inlined_vector'),
])
absl_strings_dep = dependency('absl_strings')
absl_types_dep = declare_dependency(dependencies: [
  dependency('absl_optional'), dependency('absl_variant'), dependency('absl_memory'),
])
absl_container_lib = static_library('placeholder_absl_container', 'placeholder.c')
`,
  },
  catch2: {
    // Only the worker's own unit tests (not built) use Catch2.
    'meson.build': `project('catch2', 'cpp')
catch2_dep = declare_dependency()
catch2_with_main_dep = declare_dependency()
`,
  },
  flatbuffers: {
    'meson.build': `project('flatbuffers', 'c', 'cpp')
flatbuffers_dep = dependency('flatbuffers')
flatbuffers_lib = static_library('placeholder_flatbuffers', 'placeholder.c')
flatc = find_program('flatc')
`,
  },
};
const subDir = path.join(W, 'subprojects');
for (const f of fs.readdirSync(subDir)) if (f.endsWith('.wrap')) fs.rmSync(path.join(subDir, f));
for (const [name, files] of Object.entries(shims)) {
  const d = path.join(subDir, name);
  fs.rmSync(d, { recursive: true, force: true });
  fs.mkdirSync(path.join(d, 'compat'), { recursive: true });
  fs.writeFileSync(path.join(d, 'placeholder.c'), placeholder(name));
  for (const [f, content] of Object.entries(files)) fs.writeFileSync(path.join(d, f), content);
}

// 2. The DTLS BIO callback fix. onSslBioOut() compares operationType with ==, but
//    OpenSSL passes the operation OR'ed with BIO_CB_RETURN, so every ctrl query on
//    the outgoing BIO answers 1, including "is kernel TLS send on?". Debian's
//    OpenSSL has kTLS compiled in, believes it, skips the record write buffer, and
//    the worker segfaults at the first DTLS record it writes to any browser.
{
  const f = path.join(W, 'src', 'RTC', 'DtlsTransport.cpp');
  const src = fs.readFileSync(f, 'utf8');
  const bad = '(operationType == BIO_CB_RETURN) ? static_cast<long>(ret) : 1';
  const good = '(operationType & BIO_CB_RETURN) ? static_cast<long>(ret) : 1';
  if (src.includes(bad)) fs.writeFileSync(f, src.replace(bad, good));
  else if (!src.includes(good)) {
    throw new Error(`DtlsTransport.cpp: the onSslBioOut pattern was not found in mediasoup ${version}; re-check the DTLS BIO callback fix before using this worker`);
  }
}

// 3. Debian bookworm has meson 1.0.1; mediasoup asks for >= 1.1.0 and builds with 1.0.1.
const mesonBuild = path.join(W, 'meson.build');
fs.writeFileSync(mesonBuild, fs.readFileSync(mesonBuild, 'utf8').replace("meson_version: '>= 1.1.0'", "meson_version: '>= 1.0.0'"));

// 4. Configure and build (liburing off: bookworm's liburing 2.3 lacks what the worker uses).
const buildDir = path.join(os.tmpdir(), `shuoshi-mediasoup-build-${version}-${process.pid}`);
fs.rmSync(buildDir, { recursive: true, force: true });
const t0 = Date.now();
try {
  run('meson', ['setup', '--wrap-mode=nodownload', '--buildtype', 'release', '-Db_ndebug=true', '-Dms_disable_liburing=true', buildDir]);
  run('meson', ['compile', '-C', buildDir, 'flatbuffers-generator']); // FBS/*.h must exist before the C++ compiles
  run('ninja', ['-C', buildDir, '-j', jobs, 'mediasoup-worker']);
  fs.mkdirSync(cacheDir, { recursive: true });
  const tmp = `${cached}.tmp-${process.pid}`;
  fs.copyFileSync(path.join(buildDir, 'mediasoup-worker'), tmp);
  fs.renameSync(tmp, cached); // atomic: a half-copied binary is never cached
} finally {
  if (!process.env.MS_KEEP_BUILD_DIR) fs.rmSync(buildDir, { recursive: true, force: true });
}
install();
log(`built mediasoup ${version} worker in ${Math.round((Date.now() - t0) / 1000)} s; cached at ${cached}`);

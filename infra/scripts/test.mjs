#!/usr/bin/env node
// `npm test`: set up what tests need (Chromium, ffmpeg, the mediasoup worker, the
// Prisma client, the built web client), then run every test with Vitest.
// Extra arguments go to Vitest: `npm test -- sfu` runs only the sfu tests.
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const setup = spawnSync(process.execPath, [path.join(root, 'infra/scripts/setup.mjs'), '--for=test'], { stdio: 'inherit' });
if (setup.status !== 0) process.exit(setup.status ?? 1);

const r = spawnSync(path.join(root, 'node_modules/.bin/vitest'), ['run', ...process.argv.slice(2)], { stdio: 'inherit', cwd: root });
process.exit(r.status ?? 1);

#!/usr/bin/env node
// `npm start`: set up what is missing, then run the whole service on embedded
// defaults (PGlite in ./data, in-memory socket.io adapter) unless DATABASE_URL /
// REDIS_URL are set.
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const setup = spawnSync(process.execPath, [path.join(root, 'infra/scripts/setup.mjs'), '--for=start'], { stdio: 'inherit' });
if (setup.status !== 0) process.exit(setup.status ?? 1);

const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'signaling/src/main.ts')], { stdio: 'inherit', cwd: root });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

import path from 'node:path';
import { spawnSync } from 'node:child_process';

const root = path.resolve(import.meta.dirname, '..', '..', '..');

/**
 * Browser tests load the built web client: (re)build it when its sources are newer,
 * through the same set-up step `npm test` runs (a no-op when web/dist is current).
 * Always a production build: Vitest sets NODE_ENV=test, which Vite would otherwise
 * pass on, and the bundle would carry React's development build (about 4× the bytes).
 */
export function ensureWebBuilt(): void {
  const r = spawnSync(process.execPath, [path.join(root, 'infra/scripts/setup.mjs'), '--only=web'], { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  if (r.status !== 0) throw new Error('building the web client failed');
}

import path from 'node:path';
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..', '..');

/** Runs `npm run fuzz:protocol -- --smoke` (the same script, a small sample) and reads its one JSON line. */
function smoke(): Promise<{ code: number | null; result: Record<string, unknown>; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(root, 'node_modules/.bin/tsx'), ['--expose-gc', 'infra/fuzz/protocol.ts', '--smoke'], { cwd: root, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const lines = out.trim().split('\n');
      try {
        resolve({ code, result: JSON.parse(lines[lines.length - 1] ?? ''), stderr: err.slice(-4000) });
      } catch {
        reject(new Error(`no JSON line on stdout (exit ${code}):\n${out.slice(-2000)}\n${err.slice(-4000)}`));
      }
    });
  });
}

describe('fuzz:protocol --smoke', () => {
  it('answers every malformed, oversized, unknown and concurrent request on both namespaces, with no INTERNAL and no crash', async () => {
    const { code, result, stderr } = await smoke();
    for (const field of ['messages', 'internal_acks', 'unanswered', 'crashes', 'rss_growth_mb', 'canary_p95_ms']) expect(result, stderr).toHaveProperty(field);
    expect(result.messages).toBeGreaterThanOrEqual(1000);
    expect({ internal_acks: result.internal_acks, unanswered: result.unanswered, crashes: result.crashes }, JSON.stringify(result)).toEqual({ internal_acks: 0, unanswered: 0, crashes: 0 });
    expect(result.canary_failures).toBe(0);
    expect(code).toBe(0);
  }, 240_000);
});

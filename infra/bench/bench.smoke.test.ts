import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { root } from './common';
import { BENCHES } from './registry';
import { checkRun, runBench } from './run';

/**
 * Every `npm run bench:*` at its smoke size (`--smoke`: the same code path, the
 * smallest sample): it must complete and print, last, a JSON line with every field
 * registry.ts documents. No timing is asserted: figures belong to the benchmarks.
 */
const results = fs.mkdtempSync(path.join(os.tmpdir(), 'shuoshi-bench-smoke-'));
afterAll(() => fs.rmSync(results, { recursive: true, force: true }));

describe('benchmarks (smoke size)', () => {
  it('every bench:* script in package.json is in the registry, and every registered one has its script', () => {
    const scripts = Object.keys((JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts);
    const benchScripts = scripts.filter((s) => s.startsWith('bench:') && s !== 'bench:all').map((s) => s.slice('bench:'.length));
    expect(benchScripts.sort()).toEqual(BENCHES.map((b) => b.name).sort());
  });

  for (const bench of BENCHES) {
    // a hang guard, not a budget: each smoke run takes seconds to a minute on a quiet 2-core machine
    it(`npm run bench:${bench.name} -- --smoke completes and prints its documented JSON line`, { timeout: 600_000 }, async () => {
      const run = await runBench(bench.name, ['--smoke'], { env: { ...process.env, BENCH_RESULTS_DIR: results } });
      expect(checkRun(bench, run), `bench:${bench.name} --smoke\n${run.stderr.slice(-4000)}`).toEqual([]);
      const detail = JSON.parse(fs.readFileSync(path.join(results, `${bench.name}.json`), 'utf8')) as { summary: unknown; smoke: boolean };
      expect(detail).toMatchObject({ summary: run.summary, smoke: true });
    });
  }
});

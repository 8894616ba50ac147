/**
 * What every benchmark shares: its options (`--name=value`, with `--smoke` choosing
 * the smallest meaningful sample), where it writes its detail, percentiles, and the
 * one JSON summary line it prints last (its fields are documented in registry.ts).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const root = path.resolve(import.meta.dirname, '..', '..');

/** `--smoke`: the same code path with the smallest sample (what `npm test` runs). */
export const smoke = process.argv.includes('--smoke');

/** `--name=value` as a number; else the smoke or the full default. */
export function arg(name: string, full: number, smokeSize = full): number {
  const given = process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
  if (given === undefined) return smoke ? smokeSize : full;
  const n = Number(given);
  if (!Number.isFinite(n)) throw new Error(`--${name}=${given}: not a number`);
  return n;
}

/**
 * Where a benchmark writes its detail: bench-results/ at full size (what
 * `npm run bench:all` puts in the README), bench-results/smoke/ for a smoke run, so
 * a smoke run never replaces a measurement. BENCH_RESULTS_DIR overrides both.
 */
export function resultsDir(): string {
  const dir = process.env.BENCH_RESULTS_DIR ?? path.join(root, 'bench-results', ...(smoke ? ['smoke'] : []));
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** Writes `<results>/<name>.json` (the detail, with the summary and the machine) and prints the summary as the last stdout line. */
export function report(name: string, summary: Record<string, unknown>, detail: Record<string, unknown>): void {
  const file = path.join(resultsDir(), `${name}.json`);
  const machine = { cpus: os.availableParallelism(), model: os.cpus()[0]?.model, node: process.version, load: os.loadavg().map((l) => Math.round(l * 100) / 100) };
  fs.writeFileSync(file, `${JSON.stringify({ summary, smoke, at: new Date().toISOString(), machine, ...detail }, null, 2)}\n`);
  console.error(`[bench:${name}] results in ${path.relative(process.cwd(), file)}`);
  console.log(JSON.stringify(summary));
}

/** Nearest-rank percentile of an ascending array (NaN when empty). */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export const median = (xs: number[]) => percentile([...xs].sort((a, b) => a - b), 50);
export const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Clock ticks per second (`getconf CLK_TCK`), the unit of /proc/<pid>/stat's times. */
export const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** utime + stime of a process, in clock ticks. */
export function cpuTicks(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]); // fields 14 and 15 of stat(5), counted after the comm
}

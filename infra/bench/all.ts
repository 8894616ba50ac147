/**
 * `npm run bench:all`: every benchmark of registry.ts at full size, one after the
 * other (each writes bench-results/<name>.json), then the README's benchmark table
 * rewritten from those files, between its markers. `--only=join,api` runs only
 * those; the table keeps the others' last figures. `--table` only rewrites the table.
 */
import fs from 'node:fs';
import path from 'node:path';
import { root } from './common';
import { BENCHES, type Bench } from './registry';
import { checkRun, runBench } from './run';

const START = '<!-- bench:table:start (npm run bench:all) -->';
const END = '<!-- bench:table:end -->';
const only = process.argv.find((a) => a.startsWith('--only='))?.split('=')[1]?.split(',');
const tableOnly = process.argv.includes('--table');
const log = (msg: string) => console.error(`[bench:all] ${msg}`);

interface Detail {
  summary: Record<string, unknown>;
  smoke?: boolean;
  at?: string;
  machine?: { cpus?: number; model?: string; node?: string; load?: number[] };
}

const fmt = (v: unknown): string => (typeof v === 'number' ? v.toLocaleString('en-US') : Array.isArray(v) ? v.map(fmt).join(' / ') : String(v));

function figures(bench: Bench, summary: Record<string, unknown>): string {
  return Object.entries(bench.fields)
    .filter(([k, f]) => !f.hidden && summary[k] !== undefined)
    // the unit follows the value, so the name drops its own (p95_ms 56 → p95 56 ms)
    .map(([k, f]) => `${f.unit ? k.replace(/_(ms|s|pct)$/, '') : k} ${fmt(summary[k])}${f.unit && f.unit !== '×' ? ` ${f.unit}` : f.unit ?? ''}`)
    .join(' · ');
}

function table(): string {
  const rows = BENCHES.map((b) => {
    const file = path.join(root, 'bench-results', `${b.name}.json`);
    if (!fs.existsSync(file)) return `| \`npm run bench:${b.name}\` | ${b.what} | not measured yet | |`;
    const d = JSON.parse(fs.readFileSync(file, 'utf8')) as Detail;
    const m = d.machine ?? {};
    const machine = `${m.cpus ?? '?'} × ${m.model ?? '?'}, Node ${m.node ?? '?'}, load ${m.load?.[0] ?? '?'}`;
    return `| \`npm run bench:${b.name}\` | ${b.what} | ${figures(b, d.summary)} | ${d.at?.slice(0, 16).replace('T', ' ') ?? '?'} UTC; ${machine} |`;
  });
  return [
    START,
    '| benchmark | what it measures | last figures | measured (UTC; machine, 1-min load) |',
    '|---|---|---|---|',
    ...rows,
    END,
  ].join('\n');
}

async function main() {
  if (!tableOnly) {
    const failed: string[] = [];
    for (const bench of BENCHES.filter((b) => !only || only.includes(b.name))) {
      log(`npm run bench:${bench.name}`);
      const run = await runBench(bench.name, [], { echo: true });
      const problems = checkRun(bench, run);
      if (problems.length) {
        failed.push(bench.name);
        log(`bench:${bench.name} failed: ${problems.join('; ')}`);
      }
    }
    if (failed.length) {
      log(`failed: ${failed.join(', ')} (the table keeps their previous figures)`);
      process.exitCode = 1;
    }
  }
  const readmePath = path.join(root, 'README.md');
  const readme = fs.readFileSync(readmePath, 'utf8');
  const a = readme.indexOf(START);
  const b = readme.indexOf(END);
  if (a < 0 || b < a) throw new Error(`README.md has no benchmark table markers (${START} … ${END})`);
  fs.writeFileSync(readmePath, readme.slice(0, a) + table() + readme.slice(b + END.length));
  log('README.md benchmark table rewritten');
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);

/**
 * Runs one benchmark as people do (`npm run bench:<name> -- …`) and checks its last
 * stdout line against the fields registry.ts documents. Used by the smoke test and
 * by `npm run bench:all`.
 */
import { spawn } from 'node:child_process';
import type { Bench, Field } from './registry';
import { root } from './common';

export interface BenchRun {
  code: number | null;
  /** The last non-empty stdout line, parsed (undefined when it is not a JSON object). */
  summary: Record<string, unknown> | undefined;
  lastLine: string;
  stderr: string;
}

export function runBench(name: string, args: string[], opts: { env?: NodeJS.ProcessEnv; echo?: boolean } = {}): Promise<BenchRun> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', `bench:${name}`, '--', ...args], { cwd: root, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d;
      if (opts.echo) process.stderr.write(d);
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d;
      if (opts.echo) process.stderr.write(d);
    });
    child.once('error', reject);
    child.once('close', (code) => {
      const lastLine = stdout.trim().split('\n').pop()?.trim() ?? '';
      let summary: Record<string, unknown> | undefined;
      try {
        const parsed: unknown = JSON.parse(lastLine);
        if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) summary = parsed as Record<string, unknown>;
      } catch {
        /* not JSON: reported by checkSummary */
      }
      resolve({ code, summary, lastLine, stderr });
    });
  });
}

function fieldProblem(name: string, f: Field, v: unknown): string | undefined {
  if (v === undefined) return f.optional ? undefined : `${name}: missing`;
  if (v === null) return f.nullable ? undefined : `${name}: null`;
  if (f.type === 'number') return typeof v === 'number' && Number.isFinite(v) ? undefined : `${name}: ${JSON.stringify(v)} is not a finite number`;
  if (f.type === 'numbers') return Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'number' && Number.isFinite(x)) ? undefined : `${name}: ${JSON.stringify(v)} is not a list of finite numbers`;
  if (f.type === 'object') return typeof v === 'object' && !Array.isArray(v) ? undefined : `${name}: ${JSON.stringify(v)} is not an object`;
  return typeof v === f.type ? undefined : `${name}: ${JSON.stringify(v)} is not a ${f.type}`;
}

/** What is wrong with a run: its exit code, a last line that is not JSON, a documented field missing or mistyped, an undocumented one. */
export function checkRun(bench: Bench, run: BenchRun): string[] {
  if (run.code !== 0) return [`exited with ${run.code}`];
  if (!run.summary) return [`last stdout line is not a JSON object: ${run.lastLine.slice(0, 200)}`];
  const problems = Object.entries(bench.fields).flatMap(([k, f]) => fieldProblem(k, f, run.summary![k]) ?? []);
  for (const k of Object.keys(run.summary)) if (!(k in bench.fields)) problems.push(`${k}: printed but not documented in registry.ts`);
  return problems;
}

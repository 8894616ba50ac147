import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';

/** Where the media tools are (Debian's ffmpeg 5.1 by default). */
export interface MediaTools {
  ffmpeg: string;
  ffprobe: string;
}

export const defaultTools = (ffmpeg = 'ffmpeg'): MediaTools => ({
  ffmpeg,
  ffprobe: ffmpeg.endsWith('ffmpeg') ? `${ffmpeg.slice(0, -'ffmpeg'.length)}ffprobe` : 'ffprobe',
});

const SETPRIV = '/usr/bin/setpriv';
const canTie = process.platform === 'linux' && fs.existsSync(SETPRIV);

export interface SpawnToolOptions {
  stdio?: StdioOptions;
  /**
   * Kill the tool when this process dies (Linux: `setpriv --pdeathsig KILL`), so a
   * crashed server leaves no ffmpeg waiting forever on a silent UDP port. What the
   * tool wrote stays readable (recordings flush a cluster at a time).
   */
  tieToParent?: boolean;
  /** Lower the tool's CPU priority (0–19), e.g. for background transcodes. */
  nice?: number;
}

/** Starts a media tool; its arguments are never passed through a shell. */
export function spawnTool(cmd: string, args: string[], opts: SpawnToolOptions = {}): ChildProcess {
  const tied = opts.tieToParent !== false && canTie;
  const child = tied
    ? spawn(SETPRIV, ['--pdeathsig', 'KILL', '--', cmd, ...args], { stdio: opts.stdio ?? 'ignore' })
    : spawn(cmd, args, { stdio: opts.stdio ?? 'ignore' });
  if (opts.nice && child.pid !== undefined) {
    try {
      os.setPriority(child.pid, opts.nice);
    } catch {
      // not permitted here: run at normal priority
    }
  }
  return child;
}

export interface ToolResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  /** The last 8 KB of stderr. */
  stderr: string;
}

/** Runs a tool to completion (killed after `timeoutMs`), collecting its output. */
export function runTool(cmd: string, args: string[], opts: { timeoutMs?: number; nice?: number } = {}): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    const child = spawnTool(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...(opts.nice ? { nice: opts.nice } : {}) });
    const out: Buffer[] = [];
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => out.push(d));
    child.stderr?.setEncoding('utf8').on('data', (d: string) => {
      stderr = (stderr + d).slice(-8192);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr });
    });
  });
}

/** Resolves when the child has exited (at once if it already has). */
export function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

/** Waits up to `ms` for the child to exit; true if it did. */
export async function exitedWithin(child: ChildProcess, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  const done = exited(child).then(() => true as const);
  const result = await Promise.race([done, timeout]);
  clearTimeout(timer);
  return result;
}

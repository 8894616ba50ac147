/** Runs ffmpeg (Debian's, on PATH or $FFMPEG_PATH) for media tests; never leaves it running. */
import { spawn, type ChildProcess } from 'node:child_process';

export interface FfmpegRun {
  process: ChildProcess;
  /** Resolves when ffmpeg exits: its exit code (null when killed) and the tail of stderr. */
  done: Promise<{ code: number | null; stderr: string }>;
  /** Kills ffmpeg if still running. Idempotent. */
  kill(): void;
}

export function ffmpegPath(): string {
  return process.env['FFMPEG_PATH'] || 'ffmpeg';
}

/**
 * Starts ffmpeg with `args` (after `-nostdin -hide_banner -loglevel error`). It is
 * killed after `timeoutMs`. Remember `-t` before each `-i`, or a lavfi input never ends.
 */
export function startFfmpeg(args: string[], timeoutMs = 30_000): FfmpegRun {
  const child = spawn(ffmpegPath(), ['-nostdin', '-hide_banner', '-loglevel', 'error', ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (d: string) => {
    stderr = (stderr + d).slice(-4000);
  });
  const kill = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  const timer = setTimeout(kill, timeoutMs);
  const done = new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
  return { process: child, done, kill };
}

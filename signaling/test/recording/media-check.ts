/** Independent checks of recorded files (ffprobe, a full decode, SHA-256), not the code under test. */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface Probe {
  durationS: number | undefined;
  streams: Array<{ codec_type: string; codec_name: string; width?: number; height?: number; tags?: Record<string, string> }>;
}

export async function ffprobe(file: string): Promise<Probe> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-show_entries', 'format=duration:stream=codec_type,codec_name,width,height:stream_tags=title', '-of', 'json', file]);
  const j = JSON.parse(stdout) as { format?: { duration?: string }; streams?: Probe['streams'] };
  const d = Number(j.format?.duration);
  return { durationS: Number.isFinite(d) ? d : undefined, streams: j.streams ?? [] };
}

/** Decodes every stream to nowhere; `fatal` lines are ffmpeg's error-level messages. */
export async function decodeAll(file: string): Promise<{ code: number; seconds: number; errors: string[] }> {
  try {
    const { stderr } = await run('ffmpeg', ['-hide_banner', '-nostdin', '-v', 'error', '-i', file, '-f', 'null', '-'], { maxBuffer: 16 * 1024 * 1024 });
    return { code: 0, seconds: await lastPacketSeconds(file), errors: stderr.split('\n').filter(Boolean) };
  } catch (err) {
    const e = err as { code?: number; stderr?: string };
    return { code: e.code ?? 1, seconds: 0, errors: (e.stderr ?? '').split('\n').filter(Boolean) };
  }
}

/** Where the last packet ends (works for files without a duration in their header). */
export async function lastPacketSeconds(file: string): Promise<number> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-show_entries', 'packet=pts_time,duration_time', '-of', 'csv=p=0', file], { maxBuffer: 64 * 1024 * 1024 });
  let end = 0;
  for (const line of stdout.split('\n')) {
    const [p, d] = line.split(',').map(Number);
    if (Number.isFinite(p)) end = Math.max(end, p! + (Number.isFinite(d) ? d! : 0));
  }
  return end;
}

/**
 * The session-rendition ffmpeg processes a process started (setpriv execs ffmpeg in
 * place: their parent is that process). A test freezes one (SIGSTOP) so that its node
 * dies mid-transcode however fast the machine is.
 */
export function renditionFfmpegsOf(pid: number): number[] {
  const found: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== pid) continue;
      const cmd = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (cmd.includes('ffmpeg') && cmd.includes('_rendition_')) found.push(Number(entry));
    } catch {
      /* gone meanwhile */
    }
  }
  return found;
}

export function sha256Of(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** Mean luma (0–255) of each tile of a `cols`×`rows` grid, in the frame at `atS`. */
export async function tileLuma(file: string, atS: number, width: number, height: number, cols: number, rows: number): Promise<number[]> {
  const { stdout } = await run('ffmpeg', ['-v', 'error', '-ss', String(atS), '-i', file, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'gray', '-'], {
    encoding: 'buffer',
    maxBuffer: 16 * 1024 * 1024,
  });
  const frame = stdout as unknown as Buffer;
  const tw = width / cols;
  const th = height / rows;
  const out: number[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      let sum = 0;
      for (let y = r * th; y < (r + 1) * th; y++) for (let x = c * tw; x < (c + 1) * tw; x++) sum += frame[y * width + x]!;
      out.push(sum / (tw * th));
    }
  }
  return out;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.startsWith('Z');
  } catch {
    return false;
  }
}

export async function waitFor<T>(check: () => T | Promise<T>, timeoutMs: number, what: string): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Waits (polling, `timeoutMs` only as a hang guard) until every file being recorded
 * has at least `seconds` of media on disk; returns how much each has, in order. What
 * is on disk then is what a later kill must not lose.
 */
export async function untilOnDisk(files: string[], seconds: number, timeoutMs = 60_000): Promise<number[]> {
  const written = () => Promise.all(files.map((f) => (fs.existsSync(f) ? lastPacketSeconds(f).catch(() => 0) : 0)));
  return waitFor(async () => {
    const s = await written();
    return s.every((x) => x >= seconds) ? s : null;
  }, timeoutMs, `${seconds} s of media on disk in ${files.map((f) => path.basename(f)).join(', ')}`);
}

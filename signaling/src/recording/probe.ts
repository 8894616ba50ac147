import readline from 'node:readline';
import { RecordingErrors } from './errors';
import { runTool, spawnTool, exited, type MediaTools } from './tools';

export interface ProbedStream {
  index: number;
  codecType: 'audio' | 'video' | string;
  codecName: string;
  width?: number;
  height?: number;
}

export interface ProbeResult {
  /** From the container (a finalised file), else from the last packet (a file cut short). */
  durationMs: number;
  /** Where the container says the media starts (normally 0). */
  startMs: number;
  streams: ProbedStream[];
  /** The container had no duration: the file was not finalised. */
  unfinalised: boolean;
}

interface FfprobeJson {
  format?: { duration?: string; start_time?: string };
  streams?: Array<{ index: number; codec_type: string; codec_name: string; width?: number; height?: number }>;
}

/** Streams and duration of a media file, by ffprobe. Throws RECORDING_TOOL_FAILED for a file it cannot read. */
export async function probeMedia(tools: MediaTools, file: string): Promise<ProbeResult> {
  const r = await runTool(tools.ffprobe, ['-v', 'error', '-show_entries', 'format=duration,start_time:stream=index,codec_type,codec_name,width,height', '-of', 'json', file], {
    timeoutMs: 30_000,
  });
  if (r.code !== 0) throw RecordingErrors.toolFailed('ffprobe', r.stderr.trim().split('\n').pop() ?? `exit ${r.code}`);
  const json = JSON.parse(r.stdout) as FfprobeJson;
  const streams = (json.streams ?? []).map((s) => ({
    index: s.index,
    codecType: s.codec_type,
    codecName: s.codec_name,
    ...(s.width ? { width: s.width } : {}),
    ...(s.height ? { height: s.height } : {}),
  }));
  const startMs = secondsToMs(json.format?.start_time) ?? 0;
  const containerMs = secondsToMs(json.format?.duration);
  if (containerMs !== undefined) return { durationMs: containerMs, startMs, streams, unfinalised: false };
  return { durationMs: Math.max(0, (await lastPacketEndMs(tools, file)) - startMs), startMs, streams, unfinalised: true };
}

/**
 * The end of the last packet (pts + duration), read packet by packet: for a file
 * whose writer died before it could record the duration.
 */
export async function lastPacketEndMs(tools: MediaTools, file: string): Promise<number> {
  const child = spawnTool(tools.ffprobe, ['-v', 'error', '-show_entries', 'packet=pts_time,duration_time', '-of', 'csv=p=0', file], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  let end = 0;
  const lines = readline.createInterface({ input: child.stdout! });
  for await (const line of lines) {
    const [pts, dur] = line.split(',');
    const p = Number(pts);
    if (!Number.isFinite(p)) continue;
    const d = Number(dur);
    end = Math.max(end, Math.round((p + (Number.isFinite(d) ? d : 0)) * 1000));
  }
  await exited(child);
  return end;
}

function secondsToMs(v: string | undefined): number | undefined {
  if (v === undefined || v === 'N/A') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? Math.round(n * 1000) : undefined;
}

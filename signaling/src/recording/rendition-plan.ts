import path from 'node:path';

/** One finished track file placed on the session's timeline. */
export interface RenditionTrack {
  file: string;
  kind: 'AUDIO' | 'VIDEO';
  label: string;
  startedAt: Date;
  durationMs: number;
}

export interface RenditionPlan {
  /** ffmpeg arguments (after the input/output options common to every run). */
  args: string[];
  /** The filter graph, passed with -filter_complex_script. */
  filterScript: string;
  /** Text files for the tiles' labels (drawtext textfile=), name → content. */
  labelFiles: Map<string, string>;
  origin: Date;
  durationMs: number;
  participants: string[];
  width: number;
  height: number;
}

export interface PlanOptions {
  output: string;
  /** Where filterScript and label files will be written. */
  workDir: string;
  /** A CJK font for the labels (fonts-wqy-microhei); no labels without one. */
  fontFile?: string | undefined;
  video: { encoder: 'libx264' | 'libvpx'; fps: number };
}

const even = (n: number) => Math.round(n / 2) * 2;

/**
 * One playable file of a session: each participant a tile of a small grid (their
 * video tracks placed at their start times, a dark tile with their name while they
 * have no picture) and every audio track mixed, aligned the same way. Durations are
 * the session's: from the first track's start to the last track's end.
 */
export function planRendition(tracks: RenditionTrack[], o: PlanOptions): RenditionPlan {
  if (tracks.length === 0) throw new Error('nothing to render');
  const origin = new Date(Math.min(...tracks.map((t) => t.startedAt.getTime())));
  const end = Math.max(...tracks.map((t) => t.startedAt.getTime() + t.durationMs));
  const durationMs = end - origin.getTime();
  const participants = [...new Set(tracks.map((t) => t.label))];
  const n = participants.length;
  const cols = Math.ceil(Math.sqrt(n));
  const rows = Math.ceil(n / cols);
  const [tw, th] = n === 1 ? [640, 480] : [320, 240];
  const width = even(cols * tw);
  const height = even(rows * th);
  const secs = (ms: number) => (ms / 1000).toFixed(3);
  const offset = (t: RenditionTrack) => secs(t.startedAt.getTime() - origin.getTime());

  const inputs: string[] = [];
  const graph: string[] = [`color=c=0x1f2937:s=${width}x${height}:r=${o.video.fps}:d=${secs(durationMs)}[bg0]`];
  const audio: string[] = [];
  let bg = 0;
  tracks.forEach((t, i) => {
    inputs.push('-reinit_filter', '0', '-i', t.file);
    if (t.kind === 'VIDEO') {
      const tile = participants.indexOf(t.label);
      const x = (tile % cols) * tw;
      const y = Math.floor(tile / cols) * th;
      graph.push(
        `[${i}:v:0]setpts=PTS-STARTPTS+${offset(t)}/TB,scale=${tw}:${th}:force_original_aspect_ratio=decrease,` +
          `pad=${tw}:${th}:(ow-iw)/2:(oh-ih)/2:color=black,setsar=1[v${i}]`,
        `[bg${bg}][v${i}]overlay=x=${x}:y=${y}:eof_action=pass:repeatlast=0[bg${bg + 1}]`,
      );
      bg++;
    } else {
      graph.push(`[${i}:a:0]asetpts=PTS-STARTPTS+${offset(t)}/TB,aresample=48000:async=1000:first_pts=0,aformat=sample_fmts=fltp:channel_layouts=mono[a${i}]`);
      audio.push(`[a${i}]`);
    }
  });

  const labelFiles = new Map<string, string>();
  if (o.fontFile) {
    participants.forEach((label, tile) => {
      const name = `label-${tile}.txt`;
      labelFiles.set(name, label);
      const x = (tile % cols) * tw + 8;
      const y = Math.floor(tile / cols) * th + th - 30;
      graph.push(
        `[bg${bg}]drawtext=fontfile=${escapeFilterPath(o.fontFile!)}:textfile=${escapeFilterPath(path.join(o.workDir, name))}:expansion=none:` +
          `x=${x}:y=${y}:fontsize=18:fontcolor=white:box=1:boxcolor=black@0.55:boxborderw=4[bg${bg + 1}]`,
      );
      bg++;
    });
  }
  graph.push(`[bg${bg}]format=yuv420p[vout]`);
  graph.push(
    audio.length === 0
      ? `anullsrc=r=48000:cl=mono,atrim=duration=${secs(durationMs)}[aout]`
      : audio.length === 1
        ? `${audio[0]}anull[aout]`
        : `${audio.join('')}amix=inputs=${audio.length}:duration=longest:dropout_transition=0:normalize=0,alimiter=limit=0.9[aout]`,
  );

  const videoCodec =
    o.video.encoder === 'libx264'
      ? ['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '30', '-pix_fmt', 'yuv420p', '-g', String(o.video.fps * 2)]
      : ['-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '600k', '-g', String(o.video.fps * 2)];
  const audioCodec = o.video.encoder === 'libx264' ? ['-c:a', 'aac', '-b:a', '64k'] : ['-c:a', 'libopus', '-b:a', '48k'];
  const container = o.video.encoder === 'libx264' ? ['-f', 'mp4', '-movflags', '+faststart'] : ['-f', 'webm'];
  const args = [
    ...inputs,
    '-filter_complex_script', path.join(o.workDir, 'graph.txt'),
    '-map', '[vout]', '-map', '[aout]',
    '-r', String(o.video.fps),
    ...videoCodec, ...audioCodec, '-ac', '1',
    '-t', secs(durationMs),
    ...container,
    o.output,
  ];
  return { args, filterScript: graph.join(';\n'), labelFiles, origin, durationMs, participants, width, height };
}

/** A path inside a filter graph option: only plain characters, so no escaping level can bite. */
function escapeFilterPath(p: string): string {
  if (!/^[\w./-]+$/.test(p)) throw new Error(`unsupported path for a filter graph: ${p}`);
  return p;
}

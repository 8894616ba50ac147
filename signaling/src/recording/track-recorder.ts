import type { ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from '../logger';
import { RecordingErrors } from './errors';
import type { RecordableRoom, RecordingOutput } from './media';
import { containerFor, describeRtp, trackSdp, type RtpDescription } from './sdp';
import { exitedWithin, spawnTool, type MediaTools } from './tools';
import { freePortPair, sendRtcpBye, waitForUdpListener } from './udp';

/** Why a track's recording ended. */
export type TrackStopReason =
  | 'stopped'
  | 'consent-withdrawn'
  /** The participant went into a caucus group, which is not recorded. */
  | 'caucus'
  | 'participant-left'
  | 'session-ended'
  | 'producer-closed'
  | 'tool-exited'
  | 'shutdown'
  /** The room moved to another node (drain), where its recording goes on as a new segment. */
  | 'room-moved';

export interface TrackEnd {
  reason: TrackStopReason;
  /** The file was not finalised by ffmpeg (it died, or had to be killed): it plays up to its last cluster. */
  interrupted: boolean;
  endedAt: Date;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
}

export interface TrackRecorderOptions {
  room: RecordableRoom;
  producerId: string;
  /** Absolute path of the file for this kind and extension (the codec decides .webm or .mkv). */
  fileFor(kind: 'audio' | 'video', ext: string): string;
  tools: MediaTools;
  /** Video: ask for a keyframe this often, so clips and seeks find one nearby (0: never). */
  keyframeIntervalMs: number;
  log: Logger;
}

/**
 * Muxer settings that make a file crash-safe: a cluster is closed every 500 ms and
 * each packet is flushed to the file, so a killed ffmpeg (or server) loses at most
 * the cluster in progress; the segment is written with an unknown size until the
 * trailer fixes it, which every demuxer reads.
 */
export const CRASH_SAFE_MUXER_ARGS = ['-flush_packets', '1', '-cluster_time_limit', '500', '-cluster_size_limit', String(2 * 1024 * 1024)];

const STOP_GRACE_MS = 4_000;
const FIRST_PACKET_POLL_MS = 25;
/** How long ffmpeg may take to open its UDP port: several start at once when recording begins, and a busy machine (browsers, other ffmpegs) took over 5 s; a track that misses it is not recorded. */
const LISTEN_TIMEOUT_MS = 15_000;

/**
 * One producer recorded to one file: a paused plain-RTP consumer toward a local
 * port, ffmpeg listening there (`-c copy`), then the flow resumed (which asks for a
 * keyframe, so the file starts decodable). Stopping closes the consumer and sends
 * ffmpeg an RTCP BYE: it writes the trailer (cues, duration) and exits.
 */
export class TrackRecorder extends EventEmitter<{ firstpacket: [at: Date]; end: [TrackEnd] }> {
  /** When the first packet left the SFU for ffmpeg: the file's time zero. */
  firstPacketAt: Date | undefined;
  /** Resolves once the recording has ended, however it ended. */
  readonly done: Promise<TrackEnd>;
  private resolveDone!: (end: TrackEnd) => void;
  private ending: Promise<TrackEnd> | undefined;
  private keyframeTimer: NodeJS.Timeout | undefined;
  private stderr = '';

  private constructor(
    readonly file: string,
    readonly rtp: RtpDescription,
    readonly port: number,
    readonly resumedAt: Date,
    private readonly output: RecordingOutput,
    private readonly child: ChildProcess,
    private readonly opts: TrackRecorderOptions,
  ) {
    super();
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
  }

  get kind(): 'audio' | 'video' {
    return this.rtp.kind;
  }
  get pid(): number | undefined {
    return this.child.pid;
  }
  get ended(): boolean {
    return this.ending !== undefined;
  }

  static async start(opts: TrackRecorderOptions): Promise<TrackRecorder> {
    const port = await freePortPair();
    const output = await opts.room.consumeToPlainRtp(opts.producerId, { ip: '127.0.0.1', port }, { paused: true });
    let sdpFile: string | undefined;
    let child: ChildProcess | undefined;
    try {
      const rtp = describeRtp(output.kind, output.rtpParameters);
      const container = containerFor(rtp.mimeType);
      const file = opts.fileFor(rtp.kind, container.ext);
      sdpFile = path.join(os.tmpdir(), `shuoshi-rec-${process.pid}-${port}.sdp`);
      await fs.writeFile(sdpFile, trackSdp(rtp, port));
      child = spawnTool(
        opts.tools.ffmpeg,
        [
          '-hide_banner', '-nostdin', '-nostats', '-loglevel', 'warning',
          '-protocol_whitelist', 'file,udp,rtp',
          '-localaddr', '127.0.0.1',
          '-buffer_size', String(1024 * 1024),
          '-i', sdpFile,
          '-map', '0', '-c', 'copy',
          '-f', container.format, ...CRASH_SAFE_MUXER_ARGS,
          '-n', file,
        ],
        { stdio: ['ignore', 'ignore', 'pipe'], tieToParent: true },
      );
      const proc = child;
      const listening = await waitForUdpListener(port, LISTEN_TIMEOUT_MS, () => proc.exitCode === null && proc.signalCode === null);
      if (!listening) throw RecordingErrors.toolFailed('ffmpeg', `did not listen on UDP ${port}`);
      await output.resume();
      const recorder = new TrackRecorder(file, rtp, port, new Date(), output, proc, opts);
      recorder.watch();
      return recorder;
    } catch (err) {
      output.close();
      child?.kill('SIGKILL');
      throw err;
    } finally {
      if (sdpFile) await fs.rm(sdpFile, { force: true });
    }
  }

  /** Ends the recording (idempotent): the file is finalised unless ffmpeg will not stop. */
  stop(reason: TrackStopReason = 'stopped'): Promise<TrackEnd> {
    this.ending ??= this.finish(reason, false);
    return this.ending;
  }

  private watch(): void {
    const log = this.opts.log;
    this.child.stderr?.setEncoding('utf8').on('data', (d: string) => {
      this.stderr = (this.stderr + d).slice(-4000);
    });
    this.child.once('exit', (code, signal) => {
      if (this.ending) return;
      log.error({ code, signal, stderr: this.stderr.trim().slice(-500) }, 'recording ffmpeg exited by itself');
      this.ending = this.finish('tool-exited', true);
    });
    this.output.once('close', () => {
      if (!this.ending) void this.stop('producer-closed');
    });
    if (this.kind === 'video' && this.opts.keyframeIntervalMs > 0) {
      this.keyframeTimer = setInterval(() => void this.output.requestKeyFrame().catch(() => undefined), this.opts.keyframeIntervalMs);
      this.keyframeTimer.unref();
    }
    void this.pollFirstPacket();
  }

  private async pollFirstPacket(): Promise<void> {
    while (!this.ending && !this.output.closed) {
      const before = Date.now();
      const stats = await this.output.getStats().catch(() => []);
      if (stats.some((s) => s.type === 'outbound-rtp' && s.packetCount > 0)) {
        // the packet went out between the previous poll and this one
        this.firstPacketAt = new Date(before - FIRST_PACKET_POLL_MS / 2);
        this.emit('firstpacket', this.firstPacketAt);
        return;
      }
      await new Promise((r) => setTimeout(r, FIRST_PACKET_POLL_MS));
    }
  }

  private async finish(reason: TrackStopReason, died: boolean): Promise<TrackEnd> {
    await null; // let `this.ending` be set before closing the output (whose 'close' would stop us again)
    clearInterval(this.keyframeTimer);
    const endedAt = new Date();
    this.output.close();
    let interrupted = died;
    if (!died) {
      // in-flight packets first, then the BYE that ends ffmpeg's input
      await new Promise((r) => setTimeout(r, 30));
      await sendRtcpBye(this.port, this.rtp.ssrc);
      if (!(await exitedWithin(this.child, STOP_GRACE_MS))) {
        this.opts.log.warn({ file: this.file }, 'ffmpeg ignored the BYE; sending SIGINT');
        this.child.kill('SIGINT');
        if (!(await exitedWithin(this.child, 2_000))) {
          this.child.kill('SIGKILL');
          await exitedWithin(this.child, 2_000);
          interrupted = true;
        }
      }
    }
    const end: TrackEnd = { reason, interrupted, endedAt, exitCode: this.child.exitCode, signal: this.child.signalCode };
    this.opts.log.info({ file: this.file, ...end }, 'track recording ended');
    this.emit('end', end);
    this.resolveDone(end);
    return end;
  }
}

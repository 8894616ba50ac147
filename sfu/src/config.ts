import os from 'node:os';
import net from 'node:net';
import type { types } from 'mediasoup';
import { SfuErrors } from './errors';

/** Everything the media layer needs; build it with `parseSfuConfig` and pass it down. */
export interface SfuConfig {
  /** mediasoup workers (one process, one core each). */
  numWorkers: number;
  /** Where the WebRtcServers listen. */
  listenIp: string;
  /** The address put in ICE candidates: what browsers can reach. */
  announcedAddress: string;
  /**
   * Base port of the WebRtcServers: worker i listens on base + i, UDP and TCP.
   * 0 lets mediasoup pick a free port per worker (tests, parallel servers).
   */
  webRtcServerPort: number;
  /** Where PlainTransports (recording, RTP ingest) listen: local tools only by default. */
  plainListenIp: string;
  workerLogLevel: types.WorkerLogLevel;
  workerLogTags: types.WorkerLogTag[];
  /** The bitrate a new transport starts sending at, before bandwidth estimation (bps). */
  initialAvailableOutgoingBitrate: number;
  /** Upper bound on what one client may send us (bps); 0 leaves it unlimited. */
  maxIncomingBitrate: number;
  /** AudioLevelObserver: volumes below this (dBov) count as silence. */
  speakerThresholdDb: number;
  /** AudioLevelObserver: how often the loudest speaker is checked (ms). */
  speakerIntervalMs: number;
  /** How long after an unexpected worker death a replacement is tried again if starting it fails (ms). */
  workerRestartDelayMs: number;
}

export type SfuConfigInput = Partial<SfuConfig>;

const LOG_LEVELS: readonly types.WorkerLogLevel[] = ['debug', 'warn', 'error', 'none'];

/** Defaults that run on a single machine with browsers on the same host. */
export function defaultSfuConfig(): SfuConfig {
  return {
    numWorkers: os.availableParallelism(),
    listenIp: '0.0.0.0',
    announcedAddress: '127.0.0.1',
    webRtcServerPort: 44444,
    plainListenIp: '127.0.0.1',
    workerLogLevel: 'warn',
    workerLogTags: ['ice', 'dtls', 'rtp', 'srtp', 'rtcp', 'bwe'],
    // Rural 4G uplinks: start modestly and let bandwidth estimation climb.
    initialAvailableOutgoingBitrate: 600_000,
    maxIncomingBitrate: 1_500_000,
    speakerThresholdDb: -70,
    speakerIntervalMs: 800,
    workerRestartDelayMs: 2_000,
  };
}

/** Fills in defaults and checks every field; throws SfuError INVALID_CONFIG naming all problems. */
export function parseSfuConfig(input: SfuConfigInput = {}): SfuConfig {
  const defined = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as SfuConfigInput;
  const c: SfuConfig = { ...defaultSfuConfig(), ...defined };
  const problems: string[] = [];
  const int = (name: keyof SfuConfig, min: number, max: number) => {
    const v = c[name];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      problems.push(`${name} must be an integer in [${min}, ${max}] (got ${JSON.stringify(v)})`);
    }
  };
  int('numWorkers', 1, 64);
  int('webRtcServerPort', 0, 65535);
  int('initialAvailableOutgoingBitrate', 10_000, 100_000_000);
  int('maxIncomingBitrate', 0, 100_000_000);
  int('speakerThresholdDb', -127, 0);
  int('speakerIntervalMs', 100, 60_000);
  int('workerRestartDelayMs', 0, 600_000);
  if (c.webRtcServerPort > 0 && c.webRtcServerPort + c.numWorkers - 1 > 65535) {
    problems.push(`webRtcServerPort + numWorkers - 1 exceeds 65535`);
  }
  if (net.isIP(c.listenIp) === 0) problems.push(`listenIp must be an IP address (got ${JSON.stringify(c.listenIp)})`);
  if (net.isIP(c.plainListenIp) === 0) problems.push(`plainListenIp must be an IP address (got ${JSON.stringify(c.plainListenIp)})`);
  if (typeof c.announcedAddress !== 'string' || c.announcedAddress.length === 0) {
    problems.push('announcedAddress must be an IP address or host name');
  }
  if (!LOG_LEVELS.includes(c.workerLogLevel)) problems.push(`workerLogLevel must be one of ${LOG_LEVELS.join(', ')}`);
  if (problems.length > 0) throw SfuErrors.invalidConfig(problems);
  return c;
}

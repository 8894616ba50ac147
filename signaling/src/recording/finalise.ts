import fs from 'node:fs/promises';
import type { Logger } from '../logger';
import { sha256File } from './hashing';
import { probeMedia } from './probe';
import type { FileFacts } from './store';
import type { MediaTools } from './tools';

/**
 * The facts of a file as it lies on disk: size, SHA-256, and how long it plays
 * (ffprobe; from its last packet when the writer died before the trailer).
 * Undefined when there is no file or it is empty (nothing was ever received).
 */
export async function fileFacts(
  tools: MediaTools,
  file: string,
  o: { endedAt: Date; interrupted: boolean },
  log: Logger,
): Promise<FileFacts | undefined> {
  const stat = await fs.stat(file).catch(() => undefined);
  if (!stat || stat.size === 0) return undefined;
  const { sha256, bytes } = await sha256File(file);
  let durationMs: number | null = null;
  let interrupted = o.interrupted;
  try {
    const probe = await probeMedia(tools, file);
    durationMs = probe.durationMs;
    interrupted ||= probe.unfinalised;
  } catch (err) {
    log.warn({ err, file }, 'recorded file does not probe');
    interrupted = true;
  }
  return { endedAt: o.endedAt, durationMs, bytes, sha256, interrupted };
}

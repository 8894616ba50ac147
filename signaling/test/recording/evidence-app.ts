/**
 * The evidence API for tests: a fresh database with the evidence fixture, the real
 * app (buildApp + the API's authentication + the recordings/agreements plugin), a
 * recordings directory and test media files made by ffmpeg.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { createTestDatabase, type Recording, type TestDatabase } from '@shuoshi/db';
import { PdfPrinter } from '../../src/agreements/pdf';
import { evidenceApiPlugin } from '../../src/api/recordings/plugin';
import { buildApp } from '../../src/app';
import { issueAccessToken } from '../../src/auth/tokens';
import { staffPrincipal } from '../../src/auth/staff-sign-in';
import { createApiDeps, type ApiDeps } from '../../src/domain/context';
import { createLogger } from '../../src/logger';
import { RecordingService } from '../../src/recording/service';
import { defaultTools } from '../../src/recording/tools';
import { idleWorkers, startTestJobs } from '../support/jobs';
import { seedEvidenceFixture, type EvidenceFixture } from './fixture';

const run = promisify(execFile);
export const AUTH_SECRET = 'evidence-test-secret-evidence-test-secret';

export interface EvidenceApp {
  db: TestDatabase;
  fx: EvidenceFixture;
  app: FastifyInstance;
  deps: ApiDeps;
  recordings: RecordingService;
  printer: PdfPrinter;
  dataDir: string;
  recordingsDir: string;
  token(who: keyof EvidenceFixture['staff']): Promise<string>;
  close(): Promise<void>;
}

export async function startEvidenceApp(): Promise<EvidenceApp> {
  const db = await createTestDatabase();
  const fx = await seedEvidenceFixture(db.prisma);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shuoshi-evidence-'));
  const recordingsDir = path.join(dataDir, 'recordings');
  const log = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const deps = createApiDeps({ prisma: db.prisma, authSecret: AUTH_SECRET, dataDir });
  const jobs = await startTestJobs(db, log);
  const recordings = new RecordingService({
    prisma: db.prisma,
    recordingsDir,
    media: { recordableRoom: () => undefined },
    tools: defaultTools(),
    retentionDays: 30,
    jobs,
    autoRender: false,
    fontFile: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc',
    log,
  });
  // renditions on the job engine; the retention purge only when a test asks
  await jobs.serve({ ...idleWorkers, render: (sessionId, signal) => recordings.renditions.run(sessionId, signal) }, { purgeCron: null, firstPurgeAfterMs: null });
  const printer = new PdfPrinter({ chromiumPath: process.env['CHROMIUM_PATH'] || '/usr/bin/chromium', log });
  const app = await buildApp({
    logger: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'),
    webDist: path.join(dataDir, 'no-web'),
    healthChecks: [],
    plugins: [evidenceApiPlugin({ deps, recordings, printer })],
  });
  await app.ready();
  return {
    db, fx, app, deps, recordings, printer, dataDir, recordingsDir,
    token: async (who) => (await issueAccessToken(AUTH_SECRET, staffPrincipal(fx.staff[who]))).token,
    close: async () => {
      await app.close();
      await jobs.pause();
      await recordings.close();
      await jobs.stop();
      await printer.close();
      await db.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** `seconds` of a VP8 test pattern (a keyframe a second) or an Opus tone, as WebM. */
export async function makeMedia(file: string, kind: 'video' | 'audio', seconds: number): Promise<void> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const args =
    kind === 'video'
      ? ['-f', 'lavfi', '-i', `testsrc=size=320x240:rate=15:duration=${seconds}`, '-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-g', '15', '-b:v', '300k']
      : ['-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${seconds}`, '-c:a', 'libopus', '-b:a', '32k'];
  await run('ffmpeg', ['-v', 'error', '-y', ...args, file]);
}

/** A finished track recording of the fixture's session, from a made-up file. */
export async function addTrack(e: EvidenceApp, o: { kind: 'video' | 'audio'; seconds: number; label: string; startedAt: Date; sessionId?: string; caseId?: string }): Promise<Recording> {
  const sessionId = o.sessionId ?? e.fx.sessionId;
  const rel = path.join(o.caseId ?? e.fx.caseId, sessionId, `${o.startedAt.getTime()}_${o.kind}_${Math.random().toString(36).slice(2, 8)}.webm`);
  const file = path.join(e.recordingsDir, rel);
  await makeMedia(file, o.kind, o.seconds);
  const bytes = fs.readFileSync(file);
  return e.db.prisma.recording.create({
    data: {
      sessionId,
      participantLabel: o.label,
      kind: o.kind === 'video' ? 'VIDEO' : 'AUDIO',
      path: rel,
      startedAt: o.startedAt,
      endedAt: new Date(o.startedAt.getTime() + o.seconds * 1000),
      durationMs: o.seconds * 1000,
      bytes: BigInt(bytes.length),
      sha256: createHash('sha256').update(bytes).digest('hex'),
    },
  });
}

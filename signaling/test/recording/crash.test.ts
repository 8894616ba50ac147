/**
 * Crash safety: the recorder runs in a child process (a server stand-in) that is
 * killed with SIGKILL, as a whole process group (server, media worker, every
 * ffmpeg), and alone (its ffmpeg processes die with it, tied by PDEATHSIG). The
 * partial files still decode, with all the media that was on disk before the kill, and start-up recovery gives their
 * rows a hash and duration, marked interrupted.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@shuoshi/db';
import { recoverInterruptedRecordings } from '../../src/recording/recovery';
import { RecordingStore } from '../../src/recording/store';
import { defaultTools } from '../../src/recording/tools';
import { seedEvidenceFixture, type EvidenceFixture } from './fixture';
import { decodeAll, isAlive, lastPacketSeconds, sha256Of, untilOnDisk, waitFor } from './media-check';

const mode = process.env.DATABASE_URL ? 'postgres' : 'embedded';
const CHILD = path.join(import.meta.dirname, 'crash-child.ts');

interface Ready {
  at: number;
  paths: string[];
  recordingIds: string[];
  toolPids: number[];
  feedPids: number[];
  workerPids: number[];
}

describe(`a recorder process killed mid-recording (${mode})`, () => {
  let db: TestDatabase;
  let fx: EvidenceFixture;
  let dir: string;
  const children: ChildProcess[] = [];
  const strays: number[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    fx = await seedEvidenceFixture(db.prisma);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shuoshi-crash-test-'));
  });

  afterAll(async () => {
    for (const c of children) if (c.pid && c.exitCode === null && c.signalCode === null) process.kill(-c.pid, 'SIGKILL');
    for (const pid of strays) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    await db?.drop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  async function startChild(roomId: string, sessionId: string): Promise<{ child: ChildProcess; ready: Ready }> {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
      detached: true, // its own process group, so the test can kill all of it at once
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, DATABASE_URL: db.url, RECORDINGS_DIR: dir, SESSION_ID: sessionId, CASE_ID: fx.caseId, ROOM_ID: roomId },
    });
    children.push(child);
    const lines = readline.createInterface({ input: child.stdout! });
    const ready = await new Promise<Ready>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the recorder process did not get ready in 60 s')), 60_000);
      child.once('exit', (code) => reject(new Error(`the recorder process exited early (${code})`)));
      lines.on('line', (line) => {
        if (!line.startsWith('{"ready"')) return;
        clearTimeout(timer);
        resolve(JSON.parse(line) as Ready);
      });
    });
    strays.push(...ready.feedPids, ...ready.toolPids, ...ready.workerPids);
    return { child, ready };
  }

  const files = (ready: Ready) => ready.paths.map((p) => path.join(dir, p));

  /** Each file decodes and still holds every second of media that was on disk before the kill (`written`, from untilOnDisk). */
  async function expectPlayableUpTo(ready: Ready, written: number[]): Promise<void> {
    for (const [i, file] of files(ready).entries()) {
      const decoded = await decodeAll(file);
      expect(decoded.code, decoded.errors.join('\n')).toBe(0);
      expect(await lastPacketSeconds(file), ready.paths[i]).toBeGreaterThanOrEqual(written[i]!);
    }
  }

  it('SIGKILL of the whole process group: the files keep all the media that was on disk before the kill; recovery hashes them', async () => {
    const roomId = `${fx.roomId}-group`;
    const s = await db.prisma.session.create({ data: { kind: 'MEDIATION', caseId: fx.caseId, roomId, hostId: fx.staff.mediator.id } });
    const { child, ready } = await startChild(roomId, s.id);
    // media on disk, however long the machine takes to get there (not a fixed wait)
    const written = await untilOnDisk(files(ready), 2);
    const killedAt = Date.now();
    process.kill(-child.pid!, 'SIGKILL');
    await waitFor(() => child.exitCode !== null || child.signalCode !== null, 30_000, 'the recorder process to die');
    await waitFor(() => [...ready.toolPids, ...ready.feedPids, ...ready.workerPids].every((pid) => !isAlive(pid)), 30_000, 'the whole group to die');

    await expectPlayableUpTo(ready, written);
    const before = await db.prisma.recording.findMany({ where: { sessionId: s.id } });
    expect(before).toHaveLength(4);
    expect(before.every((r) => r.sha256 === null && r.endedAt === null)).toBe(true);

    const store = new RecordingStore(db.prisma);
    const r = await recoverInterruptedRecordings({ store, recordingsDir: dir, tools: defaultTools(), log: pino({ level: 'silent' }), quietMs: 0 });
    expect(r.recovered).toBeGreaterThanOrEqual(4);
    for (const row of await db.prisma.recording.findMany({ where: { sessionId: s.id } })) {
      expect(row.interrupted).toBe(true);
      expect(row.sha256).toBe(sha256Of(path.join(dir, row.path)));
      expect(row.durationMs!).toBeGreaterThan(0);
      // ended by the kill, not by the recovery that came later
      expect(row.endedAt!.getTime()).toBeLessThanOrEqual(killedAt + 1_000);
    }
  });

  it('SIGKILL of the server process alone: its ffmpeg processes die with it and their files play', async () => {
    const roomId = `${fx.roomId}-alone`;
    const s = await db.prisma.session.create({ data: { kind: 'MEDIATION', caseId: fx.caseId, roomId, hostId: fx.staff.mediator.id } });
    const { child, ready } = await startChild(roomId, s.id);
    const written = await untilOnDisk(files(ready), 1.5);
    process.kill(child.pid!, 'SIGKILL');
    // no orphan keeps a UDP port and a file open: PDEATHSIG took them down
    await waitFor(() => ready.toolPids.every((pid) => !isAlive(pid)), 30_000, 'the recording ffmpeg processes to die with their parent');
    for (const pid of ready.feedPids) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    await expectPlayableUpTo(ready, written);
  });
});

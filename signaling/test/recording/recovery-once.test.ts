import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@shuoshi/db';
import { recoverInterruptedRecordings } from '../../src/recording/recovery';
import { RecordingStore } from '../../src/recording/store';
import { defaultTools, runTool } from '../../src/recording/tools';
import { seedEvidenceFixture, type EvidenceFixture } from './fixture';
import { sha256Of } from './media-check';

/**
 * A room's node died with tracks being written (issue #15): several nodes may look at its
 * unfinished rows at once (the node that took the room, another one's start-up, the
 * housekeeping job). Each row is finished once, with one audit row, by whichever got there
 * first; a row of another session, or written to a moment ago, is left alone.
 */
describe('recovery of a dead node’s tracks, once across nodes', () => {
  let db: TestDatabase;
  let fx: EvidenceFixture;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shuoshi-recover-once-'));
  const log = pino({ level: 'silent' });

  beforeAll(async () => {
    db = await createTestDatabase();
    fx = await seedEvidenceFixture(db.prisma);
  });
  afterAll(async () => {
    await db?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** A 2 s Opus file in WebM, as a track would be, with an unfinished row. */
  async function track(sessionId: string, name: string, ageMs: number) {
    const rel = path.join('c', `${name}.webm`);
    const file = path.join(dir, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const r = await runTool(defaultTools().ffmpeg, ['-v', 'error', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=2', '-c:a', 'libopus', '-y', file]);
    expect(r.code).toBe(0);
    const then = new Date(Date.now() - ageMs);
    fs.utimesSync(file, then, then);
    return db.prisma.recording.create({ data: { sessionId, participantLabel: `当事人 ${name}`, kind: 'AUDIO', path: rel, startedAt: new Date(Date.now() - ageMs - 2_000) } });
  }

  it('three nodes at once: each row finished once, one audit row each; another session and a fresh file left alone', async () => {
    const other = await db.prisma.session.create({ data: { kind: 'MEDIATION', caseId: fx.caseId, roomId: `${fx.roomId}-other`, hostId: fx.staff.mediator.id } });
    const a = await track(fx.sessionId, 'a', 60_000);
    const b = await track(fx.sessionId, 'b', 60_000);
    // written "just now" whatever the time the files above took to make on a busy machine
    const fresh = await track(fx.sessionId, 'fresh', -60_000);
    const elsewhere = await track(other.id, 'elsewhere', 60_000);
    const nodes = [0, 1, 2].map(() => new RecordingStore(db.prisma));
    const results = await Promise.all(nodes.map((store) => recoverInterruptedRecordings({ store, recordingsDir: dir, tools: defaultTools(), log, sessionId: fx.sessionId, quietMs: 1_000 })));
    expect(results.reduce((n, r) => n + r.recovered, 0)).toBe(2);
    expect(results.every((r) => r.waiting === 1)).toBe(true);
    for (const row of [a, b]) {
      const done = (await db.prisma.recording.findUnique({ where: { id: row.id } }))!;
      expect(done).toMatchObject({ interrupted: true, sha256: sha256Of(path.join(dir, row.path)) });
      expect(done.durationMs!).toBeGreaterThan(1_500);
      expect(await db.prisma.auditLog.count({ where: { action: 'recording.finalise', entityId: row.id } })).toBe(1);
    }
    for (const row of [fresh, elsewhere]) expect((await db.prisma.recording.findUnique({ where: { id: row.id } }))!.sha256).toBeNull();
  });
});

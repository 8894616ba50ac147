import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@shuoshi/db';
import { RecordingStore } from '../../src/recording/store';
import { seedEvidenceFixture, type EvidenceFixture } from './fixture';

/** Which sessions a (re)started node renders: a finished track newer than the session's latest rendition. */
let db: TestDatabase;
let fx: EvidenceFixture;

beforeAll(async () => {
  db = await createTestDatabase();
  fx = await seedEvidenceFixture(db.prisma);
});

afterAll(async () => {
  await db?.drop();
});

async function row(kind: 'AUDIO' | 'VIDEO' | 'RENDITION', finished: boolean, durationMs = 5000) {
  const at = new Date();
  return db.prisma.recording.create({
    data: {
      sessionId: fx.sessionId,
      participantLabel: kind === 'RENDITION' ? '全场' : '当事人 刘大山',
      kind,
      path: `x/${kind}-${Math.random()}`,
      startedAt: at,
      ...(finished ? { endedAt: new Date(at.getTime() + durationMs), durationMs, bytes: 1000n, sha256: 'a'.repeat(64) } : {}),
    },
  });
}

describe('renditions queued again after a restart', () => {
  it('a session with finished tracks and no rendition; none once rendered; again for a later round; never for unfinished or empty tracks, nor while a track is being written', async () => {
    const store = new RecordingStore(db.prisma);
    const writing = await row('AUDIO', false); // still being written (or its writer died: recovery finishes it first)
    await row('VIDEO', true, 0); // nothing in it
    expect(await store.sessionsToRender()).toEqual([]);
    await row('AUDIO', true);
    // a track still being written (here, or on the node the room moved to) holds the session back
    expect(await store.sessionsToRender()).toEqual([]);
    await db.prisma.recording.update({ where: { id: writing.id }, data: { endedAt: new Date(), durationMs: 0, bytes: 1000n, sha256: 'b'.repeat(64) } });
    expect(await store.sessionsToRender()).toEqual([fx.sessionId]);
    await row('RENDITION', true);
    expect(await store.sessionsToRender()).toEqual([]);
    await new Promise((r) => setTimeout(r, 5)); // UUID v7: a later millisecond orders after
    await row('VIDEO', true); // a second recording round after the first rendition
    expect(await store.sessionsToRender()).toEqual([fx.sessionId]);
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/database';
import { createTestDatabase } from '../src/testing';
import { DatabaseLockedError, DatabaseUnavailableError } from '../src/errors';
import { tempDir } from './helpers';

// Embedded start-up is what `npm start` does with no DATABASE_URL: tested in both modes.
describe('openDatabase, embedded PGlite', () => {
  const tmp = tempDir('shuoshi-open-');
  const dataDir = path.join(tmp.dir, 'data', 'pglite');
  afterAll(() => tmp.remove());

  it('creates, migrates, persists across a reopen, and reports its boot time', async () => {
    let t = performance.now();
    const first = await openDatabase({ dataDir });
    const newMs = Math.round(performance.now() - t);
    try {
      expect(first.kind).toBe('embedded');
      expect(first.url).toMatch(/^postgresql:\/\/postgres@127\.0\.0\.1:\d+\/postgres$/);
      expect(first.boot.migrations?.applied.length).toBeGreaterThan(0);
      await first.ping();
      await first.prisma.county.create({ data: { name: '持久县' } });
    } finally {
      await first.close();
    }
    await first.close(); // idempotent
    expect(fs.existsSync(`${dataDir}.lock`)).toBe(false);

    t = performance.now();
    const again = await openDatabase({ dataDir });
    const reopenMs = Math.round(performance.now() - t);
    try {
      expect(again.boot.migrations?.applied).toEqual([]);
      expect(await again.prisma.county.findMany({ select: { name: true } })).toEqual([{ name: '持久县' }]);
    } finally {
      await again.close();
    }
    console.log(`[boot] embedded PGlite: new data dir ${newMs} ms, reopen ${reopenMs} ms`);
  });

  it('refuses a second open of the same directory while it is open', async () => {
    const db = await openDatabase({ dataDir });
    try {
      await expect(openDatabase({ dataDir })).rejects.toBeInstanceOf(DatabaseLockedError);
    } finally {
      await db.close();
    }
  });

  it('takes over the lock of a process that died', async () => {
    fs.writeFileSync(`${dataDir}.lock`, '2147483646'); // no such pid
    const db = await openDatabase({ dataDir });
    await db.close();
  });
});

describe('openDatabase, PostgreSQL URL', () => {
  it('fails clearly when the server cannot be reached', async () => {
    const err = await openDatabase({ url: 'postgresql://postgres:secret@127.0.0.1:1/nowhere', dataDir: '' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatabaseUnavailableError);
    expect((err as Error).message).toContain('127.0.0.1:1');
    expect((err as Error).message).not.toContain('secret');
  });

  it.skipIf(!process.env.DATABASE_URL)('opens DATABASE_URL and reports its boot time', async () => {
    const db = await createTestDatabase({ migrate: false });
    try {
      const t = performance.now();
      const real = await openDatabase({ url: db.url, dataDir: '' });
      const ms = Math.round(performance.now() - t);
      try {
        expect(real.kind).toBe('postgres');
        await real.ping();
        console.log(`[boot] PostgreSQL: open + first migration ${ms} ms (migrate ${real.boot.migrations?.durationMs} ms)`);
      } finally {
        await real.close();
      }
    } finally {
      await db.drop();
    }
  });
});

import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig, ConfigError } from './config';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'shuoshi-config-'));

describe('loadConfig', () => {
  it('runs on defaults: port 3000, embedded database, in-memory adapter', () => {
    const dir = tmp();
    const c = loadConfig({ DATA_DIR: dir });
    expect(c.port).toBe(3000);
    expect(c.host).toBe('localhost');
    expect(c.databaseUrl).toBeUndefined();
    expect(c.redisUrl).toBeUndefined();
    expect(c.sfu.announcedAddress).toBe('127.0.0.1');
    expect(c.peerGraceMs).toBe(20_000);
    expect(c.admissionKeepMs).toBe(120_000); // issue #16: an admitted villager keeps their place for 2 minutes
    // a local secret is made once and reused
    expect(c.authSecret.length).toBeGreaterThanOrEqual(32);
    expect(loadConfig({ DATA_DIR: dir }).authSecret).toBe(c.authSecret);
  });

  it('converts and validates environment strings', () => {
    const c = loadConfig({ DATA_DIR: tmp(), PORT: '8080', SEED_DEMO: 'false', MEDIASOUP_NUM_WORKERS: '3' });
    expect(c.port).toBe(8080);
    expect(c.seedDemo).toBe(false);
    expect(c.sfu.numWorkers).toBe(3);
  });

  it('takes the kept-place time in whole milliseconds (0 turns it off), nothing negative or fractional', () => {
    expect(loadConfig({ DATA_DIR: tmp(), ADMISSION_KEEP_MS: '300000' }).admissionKeepMs).toBe(300_000);
    expect(loadConfig({ DATA_DIR: tmp(), ADMISSION_KEEP_MS: '0' }).admissionKeepMs).toBe(0);
    for (const bad of ['-1', '1.5', 'two minutes', '86400001']) {
      expect(() => loadConfig({ DATA_DIR: tmp(), ADMISSION_KEEP_MS: bad }), bad).toThrow(/ADMISSION_KEEP_MS/);
    }
  });

  it('names every bad variable', () => {
    let err: unknown;
    try {
      loadConfig({ DATA_DIR: tmp(), PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const msg = (err as Error).message;
    expect(msg).toMatch(/PORT/);
    expect(msg).toMatch(/DATABASE_URL/);
    expect(msg).toMatch(/LOG_LEVEL/);
  });

  it('has no switch that serves join tokens without an account (DEV_TOKENS is gone)', () => {
    for (const env of [{}, { DEV_TOKENS: 'true' }, { NODE_ENV: 'development', DEV_TOKENS: 'true' }]) {
      expect(Object.keys(loadConfig({ DATA_DIR: tmp(), ...env }))).not.toContain('devTokens');
    }
  });

  it('trusts no proxy unless TRUST_PROXY names them (hop count or addresses/CIDRs), and never any client', () => {
    expect(loadConfig({ DATA_DIR: tmp() }).trustProxy).toBe(false);
    expect(loadConfig({ DATA_DIR: tmp(), TRUST_PROXY: 'none' }).trustProxy).toBe(false);
    expect(loadConfig({ DATA_DIR: tmp(), TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ DATA_DIR: tmp(), TRUST_PROXY: '127.0.0.1, 10.0.0.0/8,::1' }).trustProxy).toEqual(['127.0.0.1', '10.0.0.0/8', '::1']);
    expect(loadConfig({ DATA_DIR: tmp(), TRUST_PROXY: 'loopback' }).trustProxy).toEqual(['loopback']);
    for (const bad of ['true', '10.0.0.0/99', 'proxy.example', '0', '300.1.1.1']) {
      expect(() => loadConfig({ DATA_DIR: tmp(), TRUST_PROXY: bad }), bad).toThrow(/TRUST_PROXY/);
    }
  });

  it('requires TURN_URLS and TURN_SECRET together', () => {
    expect(() => loadConfig({ DATA_DIR: tmp(), TURN_URLS: 'turn:1.2.3.4:3478' })).toThrow(/TURN_URLS and TURN_SECRET/);
    const c = loadConfig({ DATA_DIR: tmp(), TURN_URLS: 'turn:1.2.3.4:3478, turns:t.example:5349', TURN_SECRET: 'a-long-secret' });
    expect(c.turn?.urls).toEqual(['turn:1.2.3.4:3478', 'turns:t.example:5349']);
  });

  it('waits CONSULT_QUEUE_TIMEOUT_S (default 300) before a queued consultation becomes a call-back', () => {
    expect(loadConfig({ DATA_DIR: tmp() }).consultation.queueTimeoutS).toBe(300);
    expect(loadConfig({ DATA_DIR: tmp(), CONSULT_QUEUE_TIMEOUT_S: '30' }).consultation.queueTimeoutS).toBe(30);
    expect(() => loadConfig({ DATA_DIR: tmp(), CONSULT_QUEUE_TIMEOUT_S: '0' })).toThrow(/CONSULT_QUEUE_TIMEOUT_S/);
    expect(() => loadConfig({ DATA_DIR: tmp(), CONSULT_QUEUE_TIMEOUT_S: 'soon' })).toThrow(/CONSULT_QUEUE_TIMEOUT_S/);
  });

  it('turns the LiveKit endpoint on only with LIVEKIT_API_KEY and LIVEKIT_API_SECRET together, and never quotes the secret', () => {
    expect(loadConfig({ DATA_DIR: tmp() }).livekit).toBeUndefined();
    const secret = 'a-livekit-secret-of-enough-length-0123';
    expect(loadConfig({ DATA_DIR: tmp(), LIVEKIT_API_KEY: 'APIkey1', LIVEKIT_API_SECRET: secret }).livekit).toEqual({ apiKey: 'APIkey1', apiSecret: secret });
    expect(() => loadConfig({ DATA_DIR: tmp(), LIVEKIT_API_KEY: 'APIkey1' })).toThrow(/LIVEKIT_API_KEY and LIVEKIT_API_SECRET must be set together/);
    expect(() => loadConfig({ DATA_DIR: tmp(), LIVEKIT_API_SECRET: secret })).toThrow(/set together/);
    for (const bad of ['short-secret-0123', `${secret} with spaces`]) {
      let err: unknown;
      try {
        loadConfig({ DATA_DIR: tmp(), LIVEKIT_API_KEY: 'APIkey1', LIVEKIT_API_SECRET: bad });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as Error).message).toMatch(/LIVEKIT_API_SECRET: at least 32 characters/);
      expect((err as Error).message).not.toContain(bad.slice(0, 12));
    }
    expect(() => loadConfig({ DATA_DIR: tmp(), LIVEKIT_API_KEY: 'bad key!', LIVEKIT_API_SECRET: secret })).toThrow(/LIVEKIT_API_KEY/);
  });
});

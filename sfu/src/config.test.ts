import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { defaultSfuConfig, parseSfuConfig } from './config';
import { SfuError } from './errors';

describe('parseSfuConfig', () => {
  it('fills in defaults that run on one machine', () => {
    const c = parseSfuConfig();
    expect(c).toEqual(defaultSfuConfig());
    expect(c.numWorkers).toBe(os.availableParallelism());
    expect(c).toMatchObject({ listenIp: '0.0.0.0', announcedAddress: '127.0.0.1', webRtcServerPort: 44444, workerLogLevel: 'warn' });
  });

  it('keeps given values and ignores undefined ones', () => {
    const c = parseSfuConfig({ numWorkers: 3, webRtcServerPort: 0, announcedAddress: undefined });
    expect(c.numWorkers).toBe(3);
    expect(c.webRtcServerPort).toBe(0);
    expect(c.announcedAddress).toBe('127.0.0.1');
  });

  it('names every bad field at once', () => {
    let err: unknown;
    try {
      parseSfuConfig({ numWorkers: 0, listenIp: 'not-an-ip', webRtcServerPort: 65535, workerLogLevel: 'loud' as never });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SfuError);
    const e = err as SfuError;
    expect(e.code).toBe('INVALID_CONFIG');
    expect(e.message).toContain('numWorkers');
    expect(e.message).toContain('listenIp');
    expect(e.message).toContain('workerLogLevel');
  });

  it('refuses a base port whose worker ports would pass 65535', () => {
    expect(() => parseSfuConfig({ numWorkers: 2, webRtcServerPort: 65535 })).toThrowError(/exceeds 65535/);
  });
});

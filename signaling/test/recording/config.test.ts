import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config';

const dataDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'shuoshi-config-'));

describe('recording configuration', () => {
  it('keeps recordings three years by default, under <DATA_DIR>/recordings', () => {
    const dir = dataDir();
    const c = loadConfig({ DATA_DIR: dir });
    expect(c.recording.retentionDays).toBe(1095);
    expect(c.recordingsDir).toBe(path.join(dir, 'recordings'));
    expect(c.recording.ffmpegPath).toBe('ffmpeg');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('takes RECORDING_RETENTION_DAYS as a whole number of days from 1 to 36500', () => {
    const dir = dataDir();
    expect(loadConfig({ DATA_DIR: dir, RECORDING_RETENTION_DAYS: '30' }).recording.retentionDays).toBe(30);
    for (const bad of ['0', '-5', '1.5', 'forever', '36501']) {
      expect(() => loadConfig({ DATA_DIR: dir, RECORDING_RETENTION_DAYS: bad }), bad).toThrow(ConfigError);
      expect(() => loadConfig({ DATA_DIR: dir, RECORDING_RETENTION_DAYS: bad }), bad).toThrow(/RECORDING_RETENTION_DAYS/);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

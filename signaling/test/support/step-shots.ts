import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { axeViolations } from './kiosk';
import { expectNoIds } from './session-end-steps';

/**
 * A scenario's step check: a full-page zh-CN screenshot `<prefix>-NN-<name>.png` under
 * `dir` (numbered in the order taken), no record id in the visible text (people see
 * words, never ids), and axe-core the first time a kind of page is seen (no serious or
 * critical violations).
 */
export function stepShots(dir: string, axePath: string, prefix: string): (page: Page, name: string, kind?: string) => Promise<void> {
  let step = 0;
  const checked = new Set<string>();
  return async (page, name, kind = name) => {
    step += 1;
    await expectNoIds(page, name);
    fs.mkdirSync(dir, { recursive: true });
    await page.screenshot({ path: path.join(dir, `${prefix}-${String(step).padStart(2, '0')}-${name}.png`), fullPage: true });
    if (checked.has(kind)) return;
    checked.add(kind);
    expect(await axeViolations(page, axePath), `axe on ${kind}`).toEqual([]);
  };
}

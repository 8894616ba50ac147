import { describe, expect, it } from 'vitest';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, eventually } from './support/browser';
import { codeWords, guardAgainstErrorCodes } from './support/code-guard';

/** The shared guard itself (support/code-guard.ts): it sees a code that appears on a page, and closing the browser then fails. */
describe('the error-code guard of every browser test', () => {
  it('tells codes from words', () => {
    expect(codeWords('出了点问题（BAD_CREDENTIALS），请找网格员帮忙。')).toEqual(['BAD_CREDENTIALS']);
    expect(codeWords('操作未成功：READ_ONLY_ROLE DECLINED')).toEqual(['READ_ONLY_ROLE', 'DECLINED']);
    expect(codeWords('只能上传 PDF、PNG、JPEG 或 WebP 文件。Case 2026-青山镇-0001')).toEqual([]);
  });

  it('catches a code shown after load, and the browser does not close quietly', async () => {
    const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
    const { leaks } = guardAgainstErrorCodes(browser);
    const page = await (await browser.newContext()).newPage();
    await page.goto('data:text/html,<html><body><p id="m">请稍候</p></body></html>');
    expect(leaks).toEqual([]);
    await page.evaluate(() => {
      (globalThis as unknown as { document: { getElementById(id: string): { textContent: string } } }).document.getElementById('m').textContent = '出了点问题（BAD_CREDENTIALS）';
    });
    await eventually(async () => leaks.length > 0, 10_000, 'the guard to see the code');
    expect(leaks[0]!.words).toEqual(['BAD_CREDENTIALS']);
    await expect(browser.close()).rejects.toThrow(/BAD_CREDENTIALS/);
  });
});

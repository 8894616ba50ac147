/**
 * Helpers of the whole-mediation browser test (full-mediation.browser.test.ts): the
 * room client on a page, what a page receives, the dashboard's figures, the kiosk's
 * signature pad, China time.
 */
import fs from 'node:fs';
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { eventually, mediaWindow } from './browser';
import { apiCall } from './console-pages';

/** The room client on a page (window.__shuoshi, the page's test hook). */
export const hook = <R>(page: Page, fn: (c: NonNullable<NonNullable<typeof globalThis.__shuoshi>['client']>) => R | Promise<R>) =>
  page.evaluate(`(${fn.toString()})(globalThis.__shuoshi.client)`) as Promise<R>;
export const admission = (page: Page) => page.evaluate(() => globalThis.__shuoshi?.client?.admission);
export const roomState = (page: Page) => page.evaluate(() => globalThis.__shuoshi?.client?.state);

/** Inbound totals on `page` from one peer: video frames decoded and audio bytes received. */
export async function from(page: Page, peerId: string): Promise<{ videoFrames: number; audioBytes: number }> {
  const stats = await page.evaluate(() => globalThis.__shuoshi!.client!.inboundStats());
  const mine = stats.filter((s) => s.peerId === peerId);
  return {
    videoFrames: mine.filter((s) => s.kind === 'video').reduce((n, s) => n + s.framesDecoded, 0),
    audioBytes: mine.filter((s) => s.kind === 'audio').reduce((n, s) => n + s.bytesReceived, 0),
  };
}

/** `receiver` keeps receiving audio from each of `hears` and none at all from each of `deaf`. */
export async function expectHearing(receiver: Page, hears: string[], deaf: string[]): Promise<void> {
  const base = await Promise.all(hears.map((p) => from(receiver, p)));
  await eventually(async () => (await Promise.all(hears.map((p) => from(receiver, p)))).every((now, i) => now.audioBytes > base[i]!.audioBytes), 20_000, `audio from ${hears.join(', ')}`);
  // the clock, in media: audio from those it hears, or (hearing nobody) its own video sent. Packets in flight when the
  // line was drawn land first; then about a second more passes
  const clock = hears.length
    ? async () => Math.min(...(await Promise.all(hears.map((p) => from(receiver, p)))).map((s) => s.audioBytes))
    : async () => (await receiver.evaluate(() => globalThis.__shuoshi!.client!.outboundStats())).reduce((n, s) => n + (Number(s.framesEncoded) || 0), 0);
  await mediaWindow(clock, hears.length ? 1_500 : 10, 'media after the line was drawn');
  const before = await Promise.all(deaf.map((p) => from(receiver, p)));
  await mediaWindow(clock, hears.length ? 5_000 : 30, 'about a second of media');
  const after = await Promise.all(deaf.map((p) => from(receiver, p)));
  expect(after, `nothing from ${deaf.join(', ')}`).toEqual(before);
}

/** The dashboard's figures as the administrator sees them for the filters chosen there, and the CSV's written agreements. */
export async function dashboardFigures(page: Page, filter: { townshipId: string; villageId?: string }, baseUrl: string, adminToken: string): Promise<Record<string, string>> {
  await page.locator('select[name=townshipId]').selectOption(filter.townshipId);
  await page.locator('select[name=villageId]').selectOption(filter.villageId ?? '');
  await page.getByRole('button', { name: '查询' }).click();
  // the page shows the figures of the filters chosen (the API's own answer for them: the page may still show the last ones)
  const q = new URLSearchParams({ townshipId: filter.townshipId, ...(filter.villageId ? { villageId: filter.villageId } : {}) });
  const stats = await apiCall<{ totals: { cases: number; concluded: number } }>(baseUrl, adminToken, 'GET', `/statistics?${q}`);
  const shown = async (k: string) => (await page.locator(`[data-figure=${k}]`).textContent())?.replace(/[,\s]/g, '');
  await eventually(async () => (await shown('cases')) === String(stats.totals.cases) && (await shown('concluded')) === String(stats.totals.concluded) && (await page.getByTestId('kpis').getAttribute('aria-busy')) === 'false', 20_000, 'the figures of the filters chosen');
  const figures: Record<string, string> = {};
  for (const k of ['cases', 'concluded', 'resolved', 'successRate']) figures[k] = (await page.locator(`[data-figure=${k}]`).textContent())!.replace(/[,\s]/g, '');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 CSV' }).click()]);
  const lines = fs.readFileSync((await download.path())!).subarray(3).toString('utf8').trimEnd().split('\r\n').map((l) => l.split(','));
  const col = lines[0]!.indexOf('书面协议');
  expect(col).toBeGreaterThan(1);
  figures.written = lines.find((l) => l[0] === '合计')![col]!;
  return figures;
}

/** Signs on the kiosk's pad: a wavy stroke across it. */
export async function drawSignature(page: Page): Promise<void> {
  const box = (await page.getByTestId('signature-canvas').boundingBox())!;
  await page.mouse.move(box.x + 40, box.y + box.height / 2);
  await page.mouse.down();
  for (let i = 1; i <= 30; i++) await page.mouse.move(box.x + 40 + i * 15, box.y + box.height / 2 + Math.sin(i / 3) * 40);
  await page.mouse.up();
}

/** datetime-local text for `ms` from now in China time (now, if that would be tomorrow there: the kiosk lists today's sessions). */
export function chinaLocal(ms: number): string {
  const china = (t: number) => new Date(t + 8 * 3_600_000).toISOString().slice(0, 16);
  const later = china(Date.now() + ms);
  return later.slice(0, 10) === china(Date.now()).slice(0, 10) ? later : china(Date.now());
}

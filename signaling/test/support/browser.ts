import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { PageInboundStats, PageRoomState } from './page-hook';
import './page-hook';
import { OFFLINE_CHROMIUM_FLAGS } from '../../src/chromium-flags';
import { guardAgainstErrorCodes } from './code-guard';

/** Flags verified on these machines (docs: shared notes "Real browser tests"). */
export const CHROMIUM_ARGS = [
  ...OFFLINE_CHROMIUM_FLAGS,
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  '--allow-loopback-in-peer-connection',
  '--disable-features=WebRtcHideLocalIpsWithMdns',
  '--autoplay-policy=no-user-gesture-required',
];

/** A headless Chromium whose every page is watched for error codes on screen (support/code-guard.ts): closing it fails if one showed. */
export async function launchChromium(args: string[] = CHROMIUM_ARGS): Promise<Browser> {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args });
  guardAgainstErrorCodes(browser);
  return browser;
}

/** One participant: its own browser context (cookies, storage, devices) and page. */
export class Participant {
  private constructor(
    readonly name: string,
    readonly context: BrowserContext,
    readonly page: Page,
  ) {}

  static async open(browser: Browser, name: string, url: string): Promise<Participant> {
    // staff's size (CONVENTIONS: staff 1280×800). A tile out of view is paused (issue #16): at the
    // 1000×700 this was, the host's desk layout showed one column and a third person's tile
    // was out of view, so "everyone decodes everyone" would not hold there
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    page.on('pageerror', (err) => console.error(`[${name}] page error`, err));
    await page.goto(url);
    return new Participant(name, context, page);
  }

  state(): Promise<PageRoomState | undefined> {
    return this.page.evaluate(() => globalThis.__shuoshi?.client?.state);
  }

  async waitForState(state: PageRoomState, timeout = 20_000): Promise<void> {
    await this.page.waitForFunction((s) => globalThis.__shuoshi?.client?.state === s, state, { timeout, polling: 100 });
  }

  peerId(): Promise<string | undefined> {
    return this.page.evaluate(() => globalThis.__shuoshi?.client?.self?.peerId);
  }

  /** Remote peers this page knows, with their connection state. */
  peers(): Promise<Array<{ peerId: string; connection: string; micMuted: boolean | undefined }>> {
    return this.page.evaluate(() =>
      (globalThis.__shuoshi?.client?.peers.list ?? []).map((p) => ({ peerId: p.peerId, connection: p.connection, micMuted: p.microphone?.muted })),
    );
  }

  inbound(): Promise<PageInboundStats[]> {
    return this.page.evaluate(() => globalThis.__shuoshi!.client!.inboundStats());
  }

  /** Inbound totals from one peer: video frames decoded and audio bytes received. */
  async from(peerId: string): Promise<{ videoFrames: number; audioBytes: number }> {
    const stats = await this.inbound();
    const mine = stats.filter((s) => s.peerId === peerId);
    return {
      videoFrames: mine.filter((s) => s.kind === 'video').reduce((n, s) => n + s.framesDecoded, 0),
      audioBytes: mine.filter((s) => s.kind === 'audio').reduce((n, s) => n + s.bytesReceived, 0),
    };
  }

  /** Runs `fn` in the page (it sees the page's globals, such as __shuoshi). */
  run<R>(fn: () => R | Promise<R>): Promise<R> {
    return this.page.evaluate(fn);
  }

  /** Like run(), with one serialisable argument (closures do not travel to the page). */
  runWith<A, R>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R> {
    return (this.page.evaluate as (f: unknown, a: unknown) => Promise<R>)(fn, arg);
  }

  async close(): Promise<void> {
    await this.context.close().catch(() => undefined);
  }
}

/** Polls `probe` until it returns true (or throws the last failure after `timeoutMs`). */
export async function eventually(
  probe: () => Promise<boolean>,
  timeoutMs = 15_000,
  what = 'condition',
  explain?: () => Promise<unknown>,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await probe()) return;
    if (Date.now() > deadline) {
      const detail = explain ? ` (${JSON.stringify(await explain().catch((e: unknown) => String(e)))})` : '';
      throw new Error(`timed out waiting for ${what}${detail}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Waits until `count` (e.g. video frames decoded from a peer) has grown by `by` from
 * now: media sent after this moment has arrived over the same path, so whatever was in
 * flight before it has landed too. "Nothing arrives" checks use it instead of fixed
 * sleeps: once to let packets in flight land, once as the window in which nothing may
 * arrive, measured in media rather than milliseconds (`timeoutMs` is a hang guard).
 */
export async function mediaWindow(count: () => Promise<number>, by: number, what: string, timeoutMs = 20_000): Promise<void> {
  const base = await count();
  await eventually(async () => (await count()) >= base + by, timeoutMs, what, async () => ({ base, now: await count() }));
}

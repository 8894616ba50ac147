/**
 * Real Chromium for browser tests (WebRTC included), on a machine with no internet.
 * Used by any package's tests: `const browser = await launchChromium(); ... await browser.close()`.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/**
 * Flags verified on this stack: keep Chromium off the (closed) network, fake and
 * auto-grant camera + microphone, allow ICE on loopback and raw IPs instead of mDNS.
 */
export const CHROMIUM_FLAGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  '--allow-loopback-in-peer-connection',
  '--disable-features=WebRtcHideLocalIpsWithMdns',
  '--autoplay-policy=no-user-gesture-required',
];

export interface LaunchChromiumOptions {
  /** Extra flags, e.g. `--use-file-for-fake-video-capture=/tmp/x.y4m`. */
  args?: string[];
  headless?: boolean;
}

export interface ChromiumSession {
  context: BrowserContext;
  /** The fresh profile directory (removed by close()). */
  profileDir: string;
  /** Closes the browser and removes its profile. Idempotent. */
  close(): Promise<void>;
}

/** The Chromium binary: $CHROMIUM_PATH, else Debian's /usr/bin/chromium. */
export function chromiumPath(): string {
  return process.env['CHROMIUM_PATH'] || '/usr/bin/chromium';
}

/** Starts Chromium with a fresh profile directory. */
export async function launchChromium(opts: LaunchChromiumOptions = {}): Promise<ChromiumSession> {
  const profileDir = await fs.mkdtemp(path.join(os.tmpdir(), 'shuoshi-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: chromiumPath(),
      headless: opts.headless ?? true,
      args: [...CHROMIUM_FLAGS, ...(opts.args ?? [])],
    });
  } catch (err) {
    await fs.rm(profileDir, { recursive: true, force: true });
    throw err;
  }
  let closing: Promise<void> | undefined;
  return {
    context,
    profileDir,
    close: () =>
      (closing ??= (async () => {
        await context.close().catch(() => undefined);
        await fs.rm(profileDir, { recursive: true, force: true });
      })()),
  };
}

export interface TestPageOptions {
  /** Scripts (e.g. from bundleForBrowser) run in order after the page loads. */
  scripts?: string[];
  /** Body HTML. */
  body?: string;
  /** Served origin; must be localhost (a secure context: getUserMedia works). */
  origin?: string;
}

/**
 * Opens a page on http://localhost/ served from memory by request interception, so
 * no HTTP server is needed and getUserMedia sees a secure context. Page console
 * errors are forwarded to `onConsole` (default: ignored).
 */
export async function openTestPage(
  session: ChromiumSession,
  opts: TestPageOptions = {},
  onConsole?: (type: string, text: string) => void,
): Promise<Page> {
  const origin = opts.origin ?? 'http://localhost';
  const scripts = opts.scripts ?? [];
  const page = await session.context.newPage();
  if (onConsole) page.on('console', (m) => onConsole(m.type(), m.text()));
  await page.route(`${origin}/**`, async (route) => {
    const url = new URL(route.request().url());
    const m = /^\/script-(\d+)\.js$/.exec(url.pathname);
    if (m) {
      const body = scripts[Number(m[1])];
      if (body === undefined) return route.fulfill({ status: 404, body: 'not found' });
      return route.fulfill({ status: 200, contentType: 'text/javascript; charset=utf-8', body });
    }
    const tags = scripts.map((_, i) => `<script src="/script-${i}.js"></script>`).join('\n');
    const html = `<!doctype html><html><head><meta charset="utf-8"><title>test</title></head><body>${opts.body ?? ''}\n${tags}</body></html>`;
    return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html });
  });
  return page;
}

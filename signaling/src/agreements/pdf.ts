import { chromium, type Browser } from 'playwright-core';
import type { Logger } from '../logger';
import { OFFLINE_CHROMIUM_FLAGS } from '../chromium-flags';

export interface PdfPrinterOptions {
  chromiumPath: string;
  /** Close the browser after this long without a print (default 60 s). */
  idleMs?: number;
  log: Logger;
}

/**
 * Prints HTML to PDF with headless Chromium (`page.pdf()`), which lays out Chinese
 * with the installed CJK font (fonts-wqy-microhei). One browser, started on the
 * first print and closed when idle; prints run one at a time (two cores).
 */
export class PdfPrinter {
  private browser: Promise<Browser> | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private idleTimer: NodeJS.Timeout | undefined;

  constructor(private readonly o: PdfPrinterOptions) {}

  print(html: string): Promise<Buffer> {
    const job = this.queue.then(() => this.printNow(html));
    this.queue = job.catch(() => undefined);
    return job;
  }

  async close(): Promise<void> {
    clearTimeout(this.idleTimer);
    const b = this.browser;
    this.browser = undefined;
    if (b) await (await b.catch(() => undefined))?.close().catch(() => undefined);
  }

  private async printNow(html: string): Promise<Buffer> {
    clearTimeout(this.idleTimer);
    const browser = await this.launch();
    const page = await browser.newPage();
    try {
      // Offline by design: the page carries everything (fonts are local, images are data: URLs).
      await page.route('**/*', (route) => (route.request().url().startsWith('data:') ? route.continue() : route.abort()));
      await page.setContent(html, { waitUntil: 'load' });
      return await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
    } finally {
      await page.close().catch(() => undefined);
      this.idleTimer = setTimeout(() => void this.close(), this.o.idleMs ?? 60_000);
      this.idleTimer.unref();
    }
  }

  private launch(): Promise<Browser> {
    if (!this.browser) {
      const started = Date.now();
      this.browser = chromium.launch({ executablePath: this.o.chromiumPath, headless: true, args: [...OFFLINE_CHROMIUM_FLAGS] }).then(
        (b) => {
          this.o.log.info({ ms: Date.now() - started }, 'pdf printer browser started');
          b.on('disconnected', () => (this.browser = undefined));
          return b;
        },
        (err: unknown) => {
          this.browser = undefined;
          throw err;
        },
      );
    }
    return this.browser;
  }
}

import type { Browser, BrowserContext, Page } from 'playwright-core';

/**
 * People see words, never codes (issue #13 bug 6). Every browser from launchChromium()
 * watches every page of every context: whenever the visible text (innerText) changes,
 * words that look like an error code (BAD_CREDENTIALS, READ_ONLY_ROLE, DECLINED...) are
 * reported; closing the browser then fails with what was seen and where. A test that
 * expects such a word on screen has found a bug, not an exception.
 */
export const ERROR_CODE_PATTERN = /\b[A-Z][A-Z_]{3,}\b/g;
/** Upper-case words that are not codes: file types and names people know. */
const ALLOWED = ['JPEG', 'HTTPS', 'HTTP', 'WEBP', 'PDF'];
/** Pages for developers, not people using the service: the OpenAPI reference at /docs lists codes by design. */
const FOR_DEVELOPERS = /^\/docs(\/|$)/;
const forDevelopers = (url: string): boolean => {
  try {
    return FOR_DEVELOPERS.test(new URL(url).pathname);
  } catch {
    return false;
  }
};

export interface CodeLeak {
  url: string;
  words: string[];
  text: string;
}

/** The words on the page now that look like error codes. */
export async function visibleErrorCodes(page: Page): Promise<string[]> {
  const text = await page.evaluate(() => (globalThis as unknown as { document: { body?: { innerText: string } } }).document.body?.innerText ?? '');
  return codeWords(text);
}

export function codeWords(text: string): string[] {
  return [...new Set(text.match(ERROR_CODE_PATTERN) ?? [])].filter((w) => !ALLOWED.includes(w));
}

/** Watches every page the browser opens from now on; `close()` throws if any page showed a code. */
export function guardAgainstErrorCodes(browser: Browser): { leaks: CodeLeak[] } {
  const leaks: CodeLeak[] = [];
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (...args: Parameters<Browser['newContext']>): Promise<BrowserContext> => {
    const context = await newContext(...args);
    await context.exposeBinding('__shuoshiVisibleText', ({ page }, text: string) => {
      const words = codeWords(text);
      if (words.length > 0 && !forDevelopers(page.url())) leaks.push({ url: page.url(), words, text: text.slice(0, 400) });
    });
    await context.addInitScript(() => {
      const g = globalThis as unknown as {
        document: { body?: { innerText: string }; addEventListener(e: string, f: () => void): void; documentElement: unknown };
        MutationObserver: new (f: () => void) => { observe(n: unknown, o: object): void };
        __shuoshiVisibleText?: (text: string) => Promise<void>;
        setTimeout(f: () => void, ms: number): number;
      };
      let last = '';
      let timer = 0;
      const report = () => {
        timer = 0;
        const text = g.document.body?.innerText ?? '';
        if (text !== last && /\b[A-Z][A-Z_]{3,}\b/.test(text)) void g.__shuoshiVisibleText?.(text);
        last = text;
      };
      g.document.addEventListener('DOMContentLoaded', () => {
        new g.MutationObserver(() => {
          if (!timer) timer = g.setTimeout(report, 150);
        }).observe(g.document.documentElement, { subtree: true, childList: true, characterData: true });
        report();
      });
    });
    return context;
  };
  const close = browser.close.bind(browser);
  browser.close = async (...args: Parameters<Browser['close']>) => {
    await close(...args);
    if (leaks.length > 0) throw new Error(`pages showed error codes to people:\n${leaks.map((l) => `${l.url}: ${l.words.join(', ')} in "${l.text}"`).join('\n')}`);
  };
  return { leaks };
}

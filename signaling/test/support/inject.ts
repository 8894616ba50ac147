import fs from 'node:fs';
import type { Page } from 'playwright-core';

/*
 * Test tools put into a page that runs under the app's Content-Security-Policy
 * (script-src 'self', no <style> elements): an inline <script> or <style> tag
 * (Playwright's addScriptTag / addStyleTag) would be refused, as it should be.
 */

/** Runs a script file (e.g. axe-core) in the page through DevTools evaluation, which CSP does not govern. */
export async function injectScriptFile(page: Page, file: string): Promise<void> {
  await page.evaluate(`${fs.readFileSync(file, 'utf8')}\n;void 0`);
}

/** Adds CSS rules as a constructed stylesheet (CSSOM, allowed by CSP); resolves to a function that removes them. */
export async function addStyleRules(page: Page, css: string): Promise<() => Promise<void>> {
  const id = await page.evaluate((rules) => {
    const g = globalThis as unknown as {
      document: { adoptedStyleSheets: unknown[] };
      CSSStyleSheet: new () => { replaceSync(css: string): void };
      __testSheets?: Map<number, unknown>;
    };
    const sheet = new g.CSSStyleSheet();
    sheet.replaceSync(rules);
    g.document.adoptedStyleSheets = [...g.document.adoptedStyleSheets, sheet];
    g.__testSheets ??= new Map();
    const key = g.__testSheets.size + 1;
    g.__testSheets.set(key, sheet);
    return key;
  }, css);
  return async () => {
    await page.evaluate((key) => {
      const g = globalThis as unknown as { document: { adoptedStyleSheets: unknown[] }; __testSheets?: Map<number, unknown> };
      const sheet = g.__testSheets?.get(key);
      g.document.adoptedStyleSheets = g.document.adoptedStyleSheets.filter((s) => s !== sheet);
      g.__testSheets?.delete(key);
    }, id);
  };
}

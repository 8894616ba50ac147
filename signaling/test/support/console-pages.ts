/*
 * What the staff-console browser tests share: REST calls with a bearer token, a fresh
 * zh-CN page in its own context, signing in through the sign-in page, and the axe-core
 * check (no serious or critical violations) with a screenshot in test-output/screenshots/.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { expect } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { injectScriptFile } from './inject';

const SHOTS = path.resolve(import.meta.dirname, '..', '..', '..', 'test-output', 'screenshots');
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** `method /api${url}` on the server at `base`; the JSON answer (null for 204), or an Error naming the status. */
export async function apiCall<T = any>(base: string, token: string | null, method: string, url: string, body?: unknown): Promise<T> {
  const res = await fetch(`${base}/api${url}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = res.status === 204 ? null : await res.json();
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${JSON.stringify(json)}`);
  return json as T;
}

/** An access token for a staff account, from POST /api/auth/login. */
export async function apiLogin(base: string, username: string, password: string): Promise<string> {
  return (await apiCall<{ accessToken: string }>(base, null, 'POST', '/auth/login', { username, password })).accessToken;
}

/** A page in a new 1280×900 zh-CN context (kept in `contexts` for closing); page errors are logged. */
export async function openPage(browser: Browser, contexts: BrowserContext[], opts: Parameters<Browser['newContext']>[0] = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', ...opts });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error('[page error]', err));
  return page;
}

/** Signs in through the zh-CN sign-in page (reached from `/`); `onSignInPage` runs there before the form is filled. */
export async function signInThroughPage(page: Page, base: string, username: string, password: string, onSignInPage?: (page: Page) => Promise<void>): Promise<void> {
  await page.goto(`${base}/`);
  await page.waitForURL(/\/login/);
  if (onSignInPage) await onSignInPage(page);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL((u) => u.pathname !== '/' && !u.pathname.startsWith('/login'));
}

/** axe-core on the page as it is: no serious or critical violations; a screenshot named `name`. */
export async function checkPage(page: Page, name: string): Promise<void> {
  await injectScriptFile(page, AXE);
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(ctx: unknown, o: unknown): Promise<{ violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }> }> } }).axe;
    const r = await axe.run((globalThis as unknown as { document: unknown }).document, { resultTypes: ['violations'] });
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
  });
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  expect(violations, `axe on ${name}`).toEqual([]);
}

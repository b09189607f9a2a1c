/**
 * End-to-end tests of the admin console in real Chromium (Debian's, through playwright-core) against the
 * real stack of `startTestSystem`, whose API serves the built console exactly as `npm start` does.
 *
 * A test file: `const ui = await startConsole(system)`, then `const page = await ui.open('admin')` (signed in
 * through the sign-in page), drive it with Playwright locators, `await ui.screenshot(page, 'name')`. Every page
 * fails the test on an uncaught error, a failed request or an error answer, unless the test declared it with
 * `ui.expectError(page, /pattern/, status)`; `ui.close()` reports them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { chromiumArgs, defaultBrowserSettings } from '../../application-kinds/pdf-printer';
import { ensureFrontBuilt } from '../../runtime/front-builds';
import { frontNamed } from '../../runtime/fronts';
import { projectRoot } from '../../runtime/paths';
import { testPassword, type TestSystem } from './system';

/** Where screenshots of every main screen go (ignored by git; CI keeps the folder as the run's output). */
export const screenshotDir = path.join(projectRoot, 'test-output', 'console');

export const consoleViewport = { width: 1366, height: 768 };

/** Builds the console when its sources changed since the last build (once, whichever test file asks first). */
export async function ensureConsoleBuilt(): Promise<void> {
  await ensureFrontBuilt(frontNamed('console'), () => undefined);
}

export const staffAccounts = ['admin', 'doctor1', 'doctor2', 'auditor', 'secadmin'] as const;
export type StaffAccount = (typeof staffAccounts)[number];

interface PageWatch {
  problems: string[];
  expected: { pattern: RegExp; status: number }[];
}

export interface ConsoleDriver {
  baseUrl: string;
  /** A fresh browser session (1366×768, zh-CN, China time) signed in as this account through `/login`. */
  open: (account: StaffAccount) => Promise<Page>;
  /** A fresh browser session at a path, signed out. */
  openSignedOut: (path?: string) => Promise<Page>;
  /** Declares an error answer the test causes on purpose (a refused action, a 403 page). */
  expectError: (page: Page, pattern: RegExp, status: number) => void;
  screenshot: (page: Page, name: string) => Promise<string>;
  /** Page errors and unexpected failed requests seen so far, on every page. */
  problems: () => string[];
  close: () => Promise<void>;
}

export async function startConsole(system: TestSystem): Promise<ConsoleDriver> {
  await ensureConsoleBuilt();
  fs.mkdirSync(screenshotDir, { recursive: true });
  const browser: Browser = await chromium.launch({
    executablePath: defaultBrowserSettings.executablePath,
    args: chromiumArgs
  });
  const contexts: BrowserContext[] = [];
  const watches = new Map<Page, PageWatch>();
  const all: string[] = [];

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({
      viewport: consoleViewport,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      acceptDownloads: true
    });
    contexts.push(context);
    const page = await context.newPage();
    const watch: PageWatch = { problems: [], expected: [] };
    watches.set(page, watch);
    const report = (problem: string) => {
      watch.problems.push(problem);
      all.push(problem);
    };
    page.on('pageerror', error => report(`page error on ${page.url()}: ${error.message}`));
    page.on('requestfailed', request => {
      const failure = request.failure()?.errorText ?? '';
      // Streams and superseded requests are cancelled by the page itself when it moves on.
      if (failure.includes('ERR_ABORTED') || failure.includes('NS_BINDING_ABORTED')) return;
      report(`request failed: ${request.method()} ${request.url()} (${failure})`);
    });
    page.on('response', response => {
      const status = response.status();
      if (status < 400) return;
      const url = response.url();
      if (watch.expected.some(item => item.status === status && item.pattern.test(url))) return;
      report(`unexpected ${status} for ${response.request().method()} ${url}`);
    });
    return page;
  }

  const driver: ConsoleDriver = {
    baseUrl: system.apiUrl,
    async openSignedOut(pathname = '/login') {
      const page = await newPage();
      await page.goto(`${system.apiUrl}${pathname}`);
      return page;
    },
    async open(account) {
      const page = await driver.openSignedOut('/login');
      await page.getByPlaceholder('用户名').fill(account);
      await page.getByPlaceholder('密码', { exact: true }).fill(testPassword);
      await page.getByRole('button', { name: '登录' }).click();
      await page.waitForURL(url => !url.pathname.startsWith('/login'));
      return page;
    },
    expectError(page, pattern, status) {
      watches.get(page)?.expected.push({ pattern, status });
    },
    async screenshot(page, name) {
      const file = path.join(screenshotDir, `${name}.png`);
      // Let fonts, charts and transitions settle so the picture shows what a person sees.
      // Evaluated in the page (a browser global, not Node's).
      await page.evaluate('document.fonts.ready.then(() => true)');
      await sleep(300);
      await page.screenshot({ path: file });
      return file;
    },
    problems: () => [...all],
    async close() {
      for (const context of contexts) await context.close().catch(() => undefined);
      await browser.close();
    }
  };
  return driver;
}

/**
 * The mini-program's H5 build in real Chromium as a phone (390×844, touch, zh-CN): helpers that find
 * things the way the patients' printed guide names them (placeholders, button texts) and save a screenshot
 * of every page under `test-output/miniapp/`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { chromiumArgs, defaultBrowserSettings } from '../../application-kinds/pdf-printer';
import { projectRoot } from '../../runtime/paths';

export const screenshotDir = path.join(projectRoot, 'test-output', 'miniapp');

export async function launchBrowser(): Promise<Browser> {
  fs.mkdirSync(screenshotDir, { recursive: true });
  return chromium.launch({ executablePath: defaultBrowserSettings.executablePath, args: chromiumArgs });
}

export class Phone {
  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
    private readonly baseUrl: string,
    /** Uncaught errors of the page so far: a test ends by checking there were none. */
    readonly pageErrors: string[]
  ) {}

  static async open(browser: Browser, apiUrl: string): Promise<Phone> {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai'
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', error => errors.push(error.message));
    return new Phone(context, page, `${apiUrl}/m/`, errors);
  }

  /** Opens a page of the mini-program, e.g. `pages/login/login`. */
  async go(pagePath: string): Promise<void> {
    // A change of the hash alone would keep the page already shown: start from a fresh document.
    await this.page.goto('about:blank');
    await this.page.goto(`${this.baseUrl}#/${pagePath}`);
    await this.page.waitForLoadState('networkidle');
  }

  /** The text input (or text area) whose placeholder reads `placeholder`. */
  field(placeholder: string): Locator {
    return this.page
      .locator('uni-input, uni-textarea')
      .filter({ has: this.page.locator('.uni-input-placeholder, .uni-textarea-placeholder', { hasText: placeholder }) })
      .locator('input, textarea')
      .first();
  }

  async fill(placeholder: string, text: string): Promise<void> {
    const field = this.field(placeholder);
    await field.tap();
    await field.fill(text);
  }

  /** A button (or a tappable choice) by its exact visible text. */
  button(text: string): Locator {
    return this.page.locator('uni-button:visible, .choice:visible').getByText(text, { exact: true }).first();
  }

  async tap(text: string): Promise<void> {
    await this.button(text).tap();
  }

  /** Taps whatever shows exactly this text (a list entry, a card). */
  async tapText(text: string): Promise<void> {
    await this.page.getByText(text, { exact: true }).first().tap();
  }

  async sees(text: string | RegExp, timeout = 15_000): Promise<void> {
    await expect
      .poll(async () => (await this.page.locator('body').innerText()).match(text) !== null, { timeout })
      .toBe(true);
  }

  async title(): Promise<string> {
    return (await this.page.locator('.uni-page-head__title').first().innerText()).trim();
  }

  /**
   * Saves the page as `name.png` once it has settled: the whole page, or only the screen for overlays
   * (fixed layers repeat oddly in a full-page capture).
   */
  async shot(name: string, options: { screenOnly?: boolean } = {}): Promise<void> {
    await this.page.waitForLoadState('networkidle');
    // A toast of the previous step would hide part of the page.
    await this.page
      .locator('uni-toast')
      .first()
      .waitFor({ state: 'hidden', timeout: 5000 })
      .catch(() => undefined);
    if (!options.screenOnly) await this.page.evaluate('window.scrollTo(0, 0)');
    await this.page.waitForTimeout(300);
    await this.page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: !options.screenOnly });
  }

  /** Taps `buttonText`, which opens the system file picker, and picks this file. */
  async pickFile(buttonText: string, file: { name: string; mimeType: string; buffer: Buffer }): Promise<void> {
    const chooser = this.page.waitForEvent('filechooser');
    await this.tap(buttonText);
    await (await chooser).setFiles(file);
  }

  /** The session token the page keeps in its storage (uni-app H5 wraps stored values in JSON). */
  async sessionToken(): Promise<string> {
    const stored = String(await this.page.evaluate("window.localStorage.getItem('session') ?? ''"));
    const token = /\\?"token\\?":\\?"([A-Za-z0-9_-]+)/.exec(stored)?.[1];
    if (!token) throw new Error('no session in the page storage');
    return token;
  }

  async close(): Promise<void> {
    await this.context.close();
  }
}

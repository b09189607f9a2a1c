import fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import type { HtmlPrinter } from './kind-module';

export interface BrowserSettings {
  executablePath: string;
}

export const defaultBrowserSettings: BrowserSettings = { executablePath: '/usr/bin/chromium' };

/** Chromium flags for a server without a display, sandbox user namespace or network needs. */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run'
];

/**
 * One headless Chromium per worker process, launched on first use and again if it died, printing at most
 * `concurrency` sheets at a time, each in a fresh browser context. Launching a browser per sheet cost
 * ≈1.4 s of CPU each and starved the worker under load (bench:workflow).
 */
export class PdfPrinter implements HtmlPrinter {
  private browser: Promise<Browser> | undefined;
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly settings: BrowserSettings = defaultBrowserSettings,
    private readonly concurrency = 2
  ) {}

  /** Why printing cannot work on this machine (the browser is missing or not executable), or undefined. */
  unavailableReason(): string | undefined {
    try {
      fs.accessSync(this.settings.executablePath, fs.constants.X_OK);
      return undefined;
    } catch {
      return `Chromium not executable at ${this.settings.executablePath}`;
    }
  }

  private async browserReady(): Promise<Browser> {
    const current = this.browser && (await this.browser.catch(() => undefined));
    if (current?.isConnected()) return current;
    this.browser = chromium.launch({ executablePath: this.settings.executablePath, args: chromiumArgs });
    return this.browser;
  }

  async print(html: string): Promise<Buffer> {
    if (this.running >= this.concurrency) await new Promise<void>(resolve => this.waiting.push(resolve));
    this.running += 1;
    try {
      const context = await (await this.browserReady()).newContext();
      try {
        const page = await context.newPage();
        await page.setContent(html, { waitUntil: 'load' });
        return await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
      } finally {
        await context.close();
      }
    } finally {
      this.running -= 1;
      this.waiting.shift()?.();
    }
  }

  async close(): Promise<void> {
    const browser = this.browser && (await this.browser.catch(() => undefined));
    this.browser = undefined;
    await browser?.close();
  }
}

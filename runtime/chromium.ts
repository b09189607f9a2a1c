/**
 * The Chromium that prints e-forms, found without any system package: CHROMIUM_PATH, then Debian's
 * /usr/bin/chromium (fastest start), then the headless build shipped on npm (@sparticuz/chromium, unpacked
 * into the temp folder on first use). The CJK font comes from npm too (@fontsource/noto-sans-sc) and is
 * embedded through @font-face, so a PDF looks the same on every machine, with or without system fonts.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { chromiumArgs, defaultBrowserSettings } from '../application-kinds/pdf-printer';

export type ChromiumOrigin = 'CHROMIUM_PATH' | 'debian' | 'npm';

export type ChromiumResolution =
  { executablePath: string; args: string[]; origin: ChromiumOrigin } | { problem: string };

export const debianChromiumPath = defaultBrowserSettings.executablePath;

function executable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

export async function resolveChromium(
  options: {
    chromiumPath?: string | undefined;
    debianPath?: string;
    npmBuild?: () => Promise<{ executablePath: string; args: string[] }>;
  } = {}
): Promise<ChromiumResolution> {
  if (options.chromiumPath) {
    // A path the operator chose is used or reported, never silently replaced by another browser.
    return executable(options.chromiumPath)
      ? { executablePath: options.chromiumPath, args: chromiumArgs, origin: 'CHROMIUM_PATH' }
      : { problem: `CHROMIUM_PATH ${options.chromiumPath} is not an executable file` };
  }
  const debianPath = options.debianPath ?? debianChromiumPath;
  if (executable(debianPath)) return { executablePath: debianPath, args: chromiumArgs, origin: 'debian' };
  try {
    const build = await (options.npmBuild ?? npmChromium)();
    return { ...build, origin: 'npm' };
  } catch (error) {
    return { problem: `no Chromium: ${debianPath} is missing and the npm build failed (${(error as Error).message})` };
  }
}

async function npmChromium(): Promise<{ executablePath: string; args: string[] }> {
  const { default: chromium } = await import('@sparticuz/chromium');
  // No WebGL is needed to print, and skipping it skips unpacking SwiftShader.
  chromium.setGraphicsMode = false;
  return { executablePath: await chromium.executablePath(), args: chromium.args };
}

const require = createRequire(import.meta.url);

/** The family name the e-form template asks for. */
export const embeddedCjkFontFamily = 'Noto Sans SC';

/** A made-up origin the page asks for font files; the browser context answers it from the npm package. */
const fontOrigin = 'https://fonts.eform.invalid';

export interface EmbeddedFont {
  /** @font-face rules to put in the page. */
  css: string;
  /** Answers the page's font requests from the package's files (a page set from a string may not read file://). */
  serve: (context: BrowserContext) => Promise<void>;
}

/**
 * Noto Sans SC (regular and bold) from @fontsource/noto-sans-sc: one @font-face rule per unicode range, so a
 * sheet loads only the slices its text uses.
 */
export function embeddedCjkFont(): EmbeddedFont {
  const packageDir = path.dirname(require.resolve('@fontsource/noto-sans-sc/package.json'));
  const filesDir = path.join(packageDir, 'files');
  const css = ['400.css', '700.css']
    .map(file => fs.readFileSync(path.join(packageDir, file), 'utf8'))
    .join('\n')
    .replaceAll('url(./files/', `url(${fontOrigin}/`);
  return {
    css,
    serve: async context => {
      await context.route(`${fontOrigin}/**`, async route => {
        const file = path.join(filesDir, path.basename(new URL(route.request().url()).pathname));
        if (!file.startsWith(filesDir) || !fs.existsSync(file)) {
          await route.fulfill({ status: 404 });
          return;
        }
        await route.fulfill({
          path: file,
          contentType: file.endsWith('.woff2') ? 'font/woff2' : 'font/woff',
          headers: { 'access-control-allow-origin': '*' }
        });
      });
    }
  };
}

import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type LaunchOptions, type Page } from 'playwright-core';

/** Debian's Chromium (apt-get install chromium); playwright-core never downloads a browser here. */
export const CHROMIUM = '/usr/bin/chromium';
/** Kept by CI as artifacts (and gitignored): the screenshots browser tests take of the main pages. */
export const SCREENSHOT_DIR = path.resolve(import.meta.dirname, '../../test-artifacts/screenshots');

export const hasChromium = (): boolean => existsSync(CHROMIUM);

/** Browser tests skip on a machine without Chromium, but not under CI: there a missing browser fails. */
export const skipBrowserTests = !hasChromium() && process.env.CI !== 'true';

/** The title of a browser suite, saying why it is skipped when it is (use with `describe.skipIf(skipBrowserTests)`). */
export const browserSuite = (title: string): string => (skipBrowserTests ? `${title} — SKIPPED: ${CHROMIUM} not installed (apt-get install chromium)` : title);

/**
 * Headless Chromium with a fresh profile (playwright makes a temporary one per launch). The flags
 * keep it off the network except for the pages a test opens (no sync, updates, QUIC or
 * background requests) and runnable as root in a container without a GPU.
 */
export function launchBrowser(options: LaunchOptions = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    ...options,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...(options.args ?? []),
    ],
  });
}

/** Saves a full-page PNG as test-artifacts/screenshots/<name>.png and returns its path. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name.replace(/[^\w.-]+/g, '-')}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Collects what the page reports as errors (console.error and uncaught exceptions) from now on. */
export function watchPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console.error: ${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  return errors;
}

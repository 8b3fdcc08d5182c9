import { existsSync, mkdirSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOT_DIR = new URL('../../test-output/', import.meta.url);

/**
 * Outside CI a machine without Debian's Chromium skips browser tests with a message;
 * under CI=true a missing browser is a failure, never a silent skip.
 */
export const browserMissing = !existsSync(CHROMIUM) && process.env.CI !== 'true';
if (browserMissing) console.warn(`Browser tests skipped: ${CHROMIUM} is missing (apt-get install chromium fonts-noto-cjk).`);

export async function launchBrowser(): Promise<Browser> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

export function screenshotPath(name: string): string {
  return new URL(name, SCREENSHOT_DIR).pathname;
}

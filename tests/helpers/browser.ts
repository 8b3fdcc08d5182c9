import { existsSync, mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

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

/** A new browser context signed in as `name`, on the document list. */
export async function signedInPage(browser: Browser, baseUrl: string, name: string, password: string, viewport = { width: 1280, height: 900 }): Promise<Page> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  page.on('pageerror', (error) => { throw error; });
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('User name').fill(name);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Documents' }).waitFor();
  return page;
}

import { existsSync, mkdirSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { Role } from '../../src/domain.js';
import { startTestApp, type TestApp } from './test-app.js';

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

/**
 * One app and one browser for a describe block: registers the hooks that start them (with
 * these users, all with `password`) and close every context, the browser and the app.
 * Use `session.app` and `session.signedIn(name)` inside tests.
 */
export function browserSession(users: { name: string; roles: Role[] }[], password: string, setup?: (app: TestApp) => Promise<void>) {
  let app: TestApp | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    app = await startTestApp();
    for (const user of users) await app.services.accounts.createUser({ ...user, password });
    await setup?.(app);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await app?.close();
  });
  return {
    get app(): TestApp {
      if (!app) throw new Error('The browser session has not started (use it inside tests).');
      return app;
    },
    async signedIn(name: string, viewport?: { width: number; height: number }): Promise<Page> {
      if (!app || !browser) throw new Error('The browser session has not started (use it inside tests).');
      const page = await signedInPage(browser, app.baseUrl, name, password, viewport);
      contexts.push(page.context());
      return page;
    },
  };
}

/** The cell of a language's slot that starts at 1-based row `row` of the editor grid. */
export function slotCell(page: Page, lang: string, row: number) {
  return page.locator(`tr[aria-rowindex="${row + 1}"] td.tgt[lang="${lang}"]`);
}

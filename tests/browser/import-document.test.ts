import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserMissing, launchBrowser, screenshotPath } from '../helpers/browser.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

describe.skipIf(browserMissing)('a translator signs in, imports a document and sees its segments', () => {
  let app: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    app = await startTestApp();
    await app.services.accounts.createUser({ name: 'wang', roles: ['translator'], password: 'wang-password-1' });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('works end to end by keyboard and mouse', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const consoleErrors: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error') consoleErrors.push(msg.text());
    });
    await page.goto(`${app.baseUrl}/`);
    await expect.poll(() => page.url()).toContain('/login');
    await page.getByLabel('User name').fill('wang');
    await page.getByLabel('Password').fill('wang-password-1');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Documents' }).waitFor();
    expect(await page.getByText('No documents yet').isVisible()).toBe(true);

    await page.getByRole('link', { name: 'Import a Chinese document' }).click();
    await page.getByLabel('Title').fill('中吉联合声明（节选）');
    await page.getByLabel('Chinese text').fill(
      '两国元首在互信、亲切和友好气氛中举行会谈。双方高度评价中吉关系发展现状，强调应加强两国全方位合作。\n'
      + '双方指出，1992年两国签署中吉建交联合公报。今年两国共同庆祝“建交30周年”。',
    );
    await page.getByRole('button', { name: 'Import' }).click();
    await page.getByRole('heading', { name: '中吉联合声明（节选）' }).waitFor();
    expect(page.url()).toMatch(/\/documents\/\d+$/);
    await page.getByText('4 segments in 2 paragraphs').waitFor();
    const sources = await page.locator('td.src').allTextContents();
    expect(sources.map((s) => s.trim())).toEqual([
      '两国元首在互信、亲切和友好气氛中举行会谈。',
      '双方高度评价中吉关系发展现状，强调应加强两国全方位合作。',
      '双方指出，1992年两国签署中吉建交联合公报。',
      '今年两国共同庆祝“建交30周年”。',
    ]);
    expect(await page.locator('thead th').allTextContents()).toEqual(['#', '中文', 'English', 'Русский']);
    await page.screenshot({ path: screenshotPath('import-document.png'), fullPage: true });
    expect(consoleErrors).toEqual([]);
    await page.close();
  });

  it('shows a clear message for an empty import, in place', async () => {
    const page = await browser.newPage();
    await page.goto(`${app.baseUrl}/login`);
    await page.getByLabel('User name').fill('wang');
    await page.getByLabel('Password').fill('wang-password-1');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Documents' }).waitFor();
    await page.goto(`${app.baseUrl}/documents/new`);
    await page.getByLabel('Chinese text').fill('   ');
    await page.getByLabel('Title').fill('空');
    await page.getByRole('button', { name: 'Import' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Paste the Chinese text or choose a file to import.');
    expect(page.url()).toContain('/documents/new');
    await page.close();
  });
});

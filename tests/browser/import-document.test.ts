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

  /** About `mb` MB of TMX with zh, en and ru in each unit: large enough to be written in parts. */
  function tmx(mb: number): Buffer {
    const parts = ['<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="zh-CN" datatype="plaintext"/><body>\n'];
    let size = parts[0]!.length;
    for (let i = 0; size < mb * 1024 * 1024; i += 1) {
      const unit = `<tu><tuv xml:lang="zh-CN"><seg>双方同意进一步深化合作，第${i}条。</seg></tuv><tuv xml:lang="en-US"><seg>Both sides agree to deepen cooperation, article ${i}.</seg></tuv><tuv xml:lang="ru-RU"><seg>Стороны согласились углублять сотрудничество, статья ${i}.</seg></tuv></tu>\n`;
      parts.push(unit);
      size += Buffer.byteLength(unit);
    }
    parts.push('</body></tmx>\n');
    return Buffer.from(parts.join(''));
  }

  it('creates a document from a TMX file, showing the job\'s progress, and can cancel one', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${app.baseUrl}/login`);
    await page.getByLabel('User name').fill('wang');
    await page.getByLabel('Password').fill('wang-password-1');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Documents' }).waitFor();
    const before = app.store.documents.countDocuments();

    // Cancelled while it runs: the form says so and nothing is kept. A small job can finish
    // before the click lands, so this one is held until its owner cancels; then the real job
    // code meets the cancellation at its first step.
    const exchange = app.services.exchange;
    const createInParts = exchange.createDocumentFromTmxInParts;
    exchange.createDocumentFromTmxInParts = async (input, control) => {
      exchange.createDocumentFromTmxInParts = createInParts;
      control?.phase('reading', null);
      for (;;) {
        try {
          control?.throwIfCancelled?.();
        } catch {
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return createInParts(input, control);
    };
    await page.goto(`${app.baseUrl}/tm/import`);
    await page.getByLabel('TMX file').setInputFiles({ name: 'cancelled.tmx', mimeType: 'application/xml', buffer: tmx(3) });
    await page.getByLabel(/Create a document from it/).check();
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByRole('button', { name: 'Cancel import' }).click();
    await expect.poll(() => page.getByRole('status').textContent(), { timeout: 20_000 }).toBe('Cancelled. Nothing was imported.');
    expect(await page.getByRole('button', { name: 'Cancel import' }).isHidden()).toBe(true);
    expect(app.store.documents.countDocuments()).toBe(before);

    // Imported: the form shows how far it has come, then opens the document.
    await page.getByLabel('Title for a new document').fill('会谈 TM');
    await page.getByLabel('TMX file').setInputFiles({ name: 'talks.tmx', mimeType: 'application/xml', buffer: tmx(1.5) });
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toMatch(/Uploading|Reading the file|Saving the document|Opening/);
    await page.getByRole('heading', { name: '会谈 TM' }).waitFor({ timeout: 20_000 });
    expect(page.url()).toMatch(/\/documents\/\d+$/);
    expect(app.store.documents.countDocuments()).toBe(before + 1);
    await page.close();
  }, 60_000);
});

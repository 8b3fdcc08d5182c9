import { beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible } from '../helpers/axe.js';
import { browserMissing, browserSession, screenshotPath } from '../helpers/browser.js';
import type { TestApp } from '../helpers/test-app.js';

describe.skipIf(browserMissing)('counts and TM match analysis', () => {
  const session = browserSession([{ name: 'ana', roles: ['translator'] }], 'analysis-password-1');
  let app: TestApp;
  beforeAll(() => { app = session.app; });

  it('shows the counts on the document page and the analysis table, accessible at every width', { timeout: 120_000 }, async () => {
    const text = ['两国元首在互信和友好气氛中举行会谈。', '双方高度评价中吉关系。', '两国元首在互信和友好气氛中举行会谈。'].join('\n');
    const { documentId } = await app.services.documents.importDocument({ title: '分析', text, langs: ['en', 'ru'], user: null });
    const page = await session.signedIn('ana', { width: 1366, height: 900 });
    await page.goto(`${app.baseUrl}/documents/${documentId}`);
    await page.getByRole('heading', { name: 'Counts' }).waitFor();
    await expectAccessible(page, 'the document page with its counts');
    await page.getByRole('link', { name: 'TM match analysis' }).click();
    await page.getByRole('heading', { name: 'TM match analysis' }).waitFor();
    expect(await page.getByRole('row', { name: /Repetitions/ }).first().textContent()).toContain('1');
    await expectAccessible(page, 'the analysis page');
    for (const width of [800, 1366, 1920]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: screenshotPath(`analysis-${width}.png`), fullPage: true });
    }
    await page.goto(`${app.baseUrl}/documents/${documentId}`);
    await page.getByRole('heading', { name: 'Counts' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('document-counts-1920.png') });
  });
});

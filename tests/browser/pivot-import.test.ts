import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { browserMissing, browserSession, screenshotPath } from '../helpers/browser.js';
import type { TestApp } from '../helpers/test-app.js';

const DEMO = new URL('../../demo/joint-statement-2022/', import.meta.url);

describe.skipIf(browserMissing)('importing a translation with a pivot', () => {
  const session = browserSession([{ name: 'li', roles: ['translator'] }], 'pivot-password-1');
  let app: TestApp;
  beforeAll(() => { app = session.app; });

  it('says in the import summary which column served as pivot', async () => {
    const { documentId } = await app.services.documents.importDocument({ title: '联合声明', text: readFileSync(new URL('zh.txt', DEMO), 'utf8'), langs: ['en', 'ru'], user: null });
    const prepared = await app.services.translations.prepare({ documentId, lang: 'en', text: readFileSync(new URL('en.txt', DEMO), 'utf8'), user: null });
    await app.services.translations.run(prepared);

    const page = await session.signedIn('li');
    await page.goto(`${app.baseUrl}/documents/${documentId}/edit`);
    await page.locator('td.src').first().waitFor();
    await page.getByRole('button', { name: 'Import translation…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import a translation and align it' });
    await dialog.getByLabel('Language').selectOption('ru');
    await dialog.getByLabel('Translation text').fill(readFileSync(new URL('ru.txt', DEMO), 'utf8'));
    await dialog.getByRole('button', { name: 'Import and align' }).click();
    const line = dialog.getByText('The English column served as pivot');
    await line.waitFor({ timeout: 90_000 });
    expect(await line.textContent()).toMatch(/its \d+ slots, none confirmed by a person yet, were weighed as evidence\./);
    for (const width of [800, 1366, 1920]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: screenshotPath(`import-pivot-${width}.png`) });
    }
  });
});

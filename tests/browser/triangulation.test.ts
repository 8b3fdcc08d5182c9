import { beforeAll, describe, expect, it } from 'vitest';
import { browserMissing, browserSession, screenshotPath } from '../helpers/browser.js';
import type { TestApp } from '../helpers/test-app.js';

const PASSWORD = 'triangulation-password-1';

/**
 * A reviewer finds a Russian translation that dropped a number (triangulation QA in the review
 * filter and on the QA page) and accepts a proposed Russian term by key on the suggestions page.
 */
describe.skipIf(browserMissing)('triangulation: English and Russian check each other', () => {
  const session = browserSession([{ name: 'lan', roles: ['reviewer'] }], PASSWORD);
  let app: TestApp;
  let documentId: number;
  beforeAll(async () => {
    app = session.app;
    ({ documentId } = await app.services.documents.importDocument({ title: '丝路', text: '丝绸之路连接亚欧。1992年我们沿着丝绸之路前进。两国加强合作。', langs: ['en', 'ru'], user: null }));
    const place = (lang: string, sentences: string[]) => app.services.documents.placeTranslation({ documentId, lang, sentences, beads: sentences.map((_, i) => ({ source: [i], target: [i] })), status: 'translated', action: 'import', userId: null });
    place('en', ['The Silk Road links Asia and Europe.', 'In 1992 we advanced along the Silk Road.', 'The two countries strengthen cooperation.']);
    place('ru', ['Шелковый путь связывает Азию и Европу.', 'Мы продвигались по Шелковому пути.', 'Две страны укрепляют сотрудничество.']);
    const reviewer = app.store.users.findUserByName('lan')!;
    app.services.glossary.createTerm({ source: '丝绸之路', caseSensitive: false, note: '', equivalents: [{ lang: 'en', text: 'Silk Road', kind: 'preferred' }] }, reviewer);
  });

  it('lists the Russian slot that lost 1992 under "English ≠ Russian" and on the QA page', async () => {
    const page = await session.signedIn('lan');
    await page.goto(`${app.baseUrl}/documents/${documentId}/review/ru?filter=triangulation`);
    const item = page.locator('.review-item').first();
    await item.waitFor();
    expect(await page.locator('.review-item').count()).toBe(1);
    await expect.poll(() => item.textContent()).toContain('The Russian lacks 1992, which the Chinese and the English have (segment 2).');
    await page.goto(`${app.baseUrl}/documents/${documentId}/qa?lang=ru`);
    await expect.poll(() => page.locator('.qa-table').textContent()).toContain('(tri-numbers): The Russian lacks 1992');
    await page.screenshot({ path: screenshotPath('triangulation-qa-page.png'), fullPage: true });
  });

  it('accepts the proposed Russian equivalent with the key 1', async () => {
    const page = await session.signedIn('lan');
    await page.goto(`${app.baseUrl}/glossary`);
    await page.getByRole('link', { name: 'Suggest missing Russian equivalents from the documents' }).click();
    const term = page.locator('[data-suggestion]').first();
    await term.waitFor();
    expect(await term.locator('[data-candidate-text]').first().textContent()).toBe('Шелковый путь');
    await page.screenshot({ path: screenshotPath('term-suggestions.png'), fullPage: true });
    await expect.poll(() => page.evaluate(() => document.activeElement?.hasAttribute('data-suggestion'))).toBe(true);
    await page.keyboard.press('1');
    await page.getByText('Added to the glossary').waitFor();
    expect(await page.getByRole('status').first().textContent()).toContain('丝绸之路');
    const russian = app.services.glossary.listTerms()[0]!.equivalents.filter((e) => e.lang === 'ru').map((e) => `${e.kind}:${e.text}`);
    expect(russian).toEqual(['preferred:Шелковый путь', 'allowed:Шелковому пути']);
  });
});

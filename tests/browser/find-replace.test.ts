import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible } from '../helpers/axe.js';
import { browserMissing, browserSession, screenshotPath, slotCell } from '../helpers/browser.js';
import type { TestApp } from '../helpers/test-app.js';

const PASSWORD = 'find-password-1';
/** Waiting for what is seen, generously: the machine is shared with other test runs. */
const VISIBLE = { timeout: 30_000 };
const SLOW = { timeout: 120_000 };

const EN = [
  'The heads of state held talks.', 'The State Council met in Beijing.', 'Both heads of state signed the statement.',
  'Trade grew by a third.', 'The heads of state agreed to meet again.', 'Nothing else happened.',
];

describe.skipIf(browserMissing)('find and replace and the row filters in the editor', () => {
  const session = browserSession([{ name: 'fei', roles: ['translator'] }], PASSWORD);
  let app: TestApp;
  let documentId: number;
  beforeAll(async () => {
    app = session.app;
    const text = EN.map((_, i) => `第${i + 1}句。`).join('\n');
    ({ documentId } = await app.services.documents.importDocument({ title: '查找', text, langs: ['en'], user: null }));
    app.services.documents.placeTranslation({
      documentId, lang: 'en', sentences: EN, beads: EN.map((_, i) => ({ source: [i], target: [i], confidence: 0.95 })), status: 'aligned', action: 'align', userId: null,
    });
  });
  const texts = () => app.store.slots.listSlots(documentId, 'en').map((s) => (s.kind === 'head' ? s.text : ''));
  const open = async (width: number): Promise<Page> => {
    const page = await session.signedIn('fei', { width, height: 900 });
    await page.goto(`${app.baseUrl}/documents/${documentId}/edit`);
    await slotCell(page, 'en', 1).waitFor(VISIBLE);
    return page;
  };

  it('filters by text and by status from the keyboard', SLOW, async () => {
    const page = await open(1366);
    await page.keyboard.press('Control+Shift+F');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toMatch(/Filter by text/);
    await page.keyboard.type('heads of STATE');
    const label = page.locator('[data-page-label]');
    await expect.poll(() => label.textContent(), VISIBLE).toBe('3 matching segments');
    expect(await page.locator('td.tgt[lang="en"]').count()).toBe(3);
    await page.screenshot({ path: screenshotPath('editor-filter-1366.png') });
    await page.keyboard.press('Escape');
    await expect.poll(() => label.textContent(), VISIBLE).toBe('Segments 1–6 of 6');
    await page.locator('[data-filter]').selectOption('status:en:aligned');
    await expect.poll(() => label.textContent(), VISIBLE).toBe('6 matching segments');
    await page.locator('[data-filter]').selectOption('status:en:approved');
    await expect.poll(() => label.textContent(), VISIBLE).toBe('0 matching segments');
    await page.getByRole('button', { name: 'Clear filter' }).click();
    await expect.poll(() => label.textContent(), VISIBLE).toBe('Segments 1–6 of 6');
    await expectAccessible(page, 'the editor with its filters');
  });

  it('previews every change, replaces the slots kept as one undo step, and refuses a runaway pattern', SLOW, async () => {
    const page = await open(1366);
    await page.keyboard.press('Control+h');
    const dialog = page.getByRole('dialog', { name: 'Find and replace' });
    await dialog.waitFor(VISIBLE);
    await page.keyboard.type('heads of state');
    await dialog.getByLabel('Replace with').fill('leaders');
    await dialog.getByLabel('Replace with').press('Enter');
    await expect.poll(() => dialog.locator('[data-find-summary]').textContent(), VISIBLE).toMatch(/^3 matches in 3 slots/);
    expect(await dialog.locator('.find-result ins').allTextContents()).toEqual(Array(3).fill(' [inserted: leaders] '));
    await expectAccessible(page, 'the find and replace dialog', '[data-find-dialog]');
    for (const width of [800, 1366, 1920]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: screenshotPath(`editor-find-replace-${width}.png`) });
    }
    // Leave the second one out.
    await dialog.getByLabel('Replace in slot 3').uncheck();
    await dialog.getByRole('button', { name: 'Replace in 2 slots' }).click();
    await dialog.waitFor({ state: 'hidden', ...VISIBLE });
    await expect.poll(texts, VISIBLE).toEqual(['The leaders held talks.', EN[1], EN[2], EN[3], 'The leaders agreed to meet again.', EN[5]]);
    await expect.poll(() => slotCell(page, 'en', 1).locator('.slot-text').textContent(), VISIBLE).toBe('The leaders held talks.');
    await page.keyboard.press('Control+z');
    await expect.poll(texts, VISIBLE).toEqual(EN);

    // A pattern that can backtrack without bound is refused with the reason.
    await page.keyboard.press('Control+h');
    await dialog.getByLabel('Find').fill('(a+)+b');
    await dialog.getByLabel('Regular expression').check();
    await dialog.getByLabel('Find').press('Enter');
    await expect.poll(() => dialog.getByRole('alert').textContent(), VISIBLE).toMatch(/repetition or alternatives of its own/);
    expect(await dialog.getByRole('button', { name: 'Replace' }).isDisabled()).toBe(true);
  });
});

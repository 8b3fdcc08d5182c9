import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { browserMissing, browserSession, screenshotPath, slotCell } from '../helpers/browser.js';
import type { TestApp } from '../helpers/test-app.js';

const DEMO = new URL('../../demo/joint-statement-2022/', import.meta.url);
const PASSWORD = 'editor-password-1';

describe.skipIf(browserMissing)('the editor', () => {
  const session = browserSession([{ name: 'li', roles: ['translator'] }, { name: 'zhao', roles: ['translator'] }], PASSWORD);
  let app: TestApp;
  let documentId: number;
  beforeAll(() => { app = session.app; });
  beforeEach(async () => {
    ({ documentId } = await app.services.documents.importDocument({ title: '联合声明', text: readFileSync(new URL('zh.txt', DEMO), 'utf8'), user: null }));
  });
  const signedIn = (name: string) => session.signedIn(name);


  const englishCells = (page: Page) => page.locator('td.tgt[lang="en"]');
  const englishCell = (page: Page, row: number) => slotCell(page, 'en', row);

  it('imports the English translation, fixes a broken bead by keyboard, edits, and finds it all after a reload', async () => {
    const page = await signedIn('li');
    await page.goto(`${app.baseUrl}/documents/${documentId}/edit`);
    await page.locator('td.src').first().waitFor();

    await page.getByRole('button', { name: 'Import translation…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import a translation and align it' });
    await dialog.getByLabel('Language').selectOption('en');
    await dialog.getByLabel('Translation text').fill(readFileSync(new URL('en.txt', DEMO), 'utf8'));
    await dialog.getByRole('button', { name: 'Import and align' }).click();
    await dialog.getByText('59 sentences aligned into 53 beads').waitFor({ timeout: 60_000 });
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => englishCells(page).count()).toBe(53);
    await page.screenshot({ path: screenshotPath('editor-aligned-1280.png') });

    // Break one bead on the server (segments 3 and 4 merged into one English slot), then fix it by keyboard.
    const third = app.store.segments.listSegments(documentId)[2]!;
    const user = app.store.users.findUserByName('li')!;
    app.services.slots.applyOperation({ documentId, kind: 'merge', segmentId: third.id, lang: 'en', user });
    await page.reload();
    await expect.poll(() => englishCells(page).count()).toBe(52);
    await expect.poll(() => englishCell(page, 3).getAttribute('rowspan')).toBe('2');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => englishCell(page, 3).getAttribute('class')).toContain('active');
    await page.keyboard.press('s');
    await expect.poll(() => englishCells(page).count()).toBe(53);
    expect(await englishCell(page, 3).getAttribute('rowspan')).toBeNull();
    expect(await englishCell(page, 4).locator('.slot-text').textContent()).toBe('The two sides spoke highly of the current state of China-Kyrgyzstan relations and stressed the need to strengthen all-round cooperation between the two countries.');

    // Edit slot 3 and confirm it with Ctrl+Enter, which moves on to the next slot that needs work.
    await page.keyboard.press('Enter');
    const editor = page.locator('textarea.slot-editor');
    await editor.waitFor();
    await page.keyboard.press('Control+a');
    await page.keyboard.type('The two heads of state held talks in a warm atmosphere of mutual trust.');
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => page.locator('[data-save-state]').textContent()).toBe('All changes saved');
    await page.keyboard.press('Escape');
    await page.screenshot({ path: screenshotPath('editor-fixed-1280.png') });

    await page.reload();
    await englishCell(page, 3).waitFor();
    expect(await englishCell(page, 3).locator('.slot-text').textContent()).toBe('The two heads of state held talks in a warm atmosphere of mutual trust.');
    expect(await englishCell(page, 3).locator('.badge').textContent()).toBe('Translated');
    expect(await englishCells(page).count()).toBe(53);
    await page.setViewportSize({ width: 800, height: 900 });
    await page.screenshot({ path: screenshotPath('editor-800.png') });
  });

  it('splits a Chinese segment at the caret and merges it back, by keyboard', async () => {
    const { documentId: doc } = await app.services.documents.importDocument({ title: '拆分', text: '两国元首举行会谈，双方交换意见。下一句。', langs: ['en'], user: null });
    app.services.documents.placeTranslation({
      documentId: doc, lang: 'en', sentences: ['The heads of state held talks and exchanged views.', 'Next.'],
      beads: [{ source: [0], target: [0] }, { source: [1], target: [1] }], status: 'aligned', action: 'align', userId: null,
    });
    const page = await signedIn('li');
    await page.goto(`${app.baseUrl}/documents/${doc}/edit`);
    await englishCell(page, 1).waitFor();
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Enter');
    const source = page.locator('textarea.slot-editor[readonly]');
    await source.waitFor();
    await source.evaluate((textarea: HTMLTextAreaElement) => textarea.setSelectionRange(9, 9));
    await page.keyboard.press('Alt+s');
    await expect.poll(() => page.locator('td.src').allTextContents()).toEqual(['两国元首举行会谈，', '双方交换意见。', '下一句。']);
    // The English slot now spans both halves.
    expect(await englishCell(page, 1).getAttribute('rowspan')).toBe('2');
    await page.locator('td.src').first().click();
    await page.keyboard.press('Escape');
    await page.keyboard.press('m');
    await expect.poll(() => page.locator('td.src').allTextContents()).toEqual(['两国元首举行会谈，双方交换意见。', '下一句。']);
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.locator('td.src').count()).toBe(3);
  });

  it('shows the conflict dialog to the second of two people saving the same slot', async () => {
    app.services.documents.placeTranslation({
      documentId, lang: 'en', sentences: app.store.segments.listSegments(documentId).map((_, i) => `Sentence ${i + 1}.`),
      beads: app.store.segments.listSegments(documentId).map((_, i) => ({ source: [i], target: [i] })), status: 'aligned', action: 'align', userId: null,
    });
    const first = await signedIn('li');
    const second = await signedIn('zhao');
    for (const page of [first, second]) {
      await page.goto(`${app.baseUrl}/documents/${documentId}/edit`);
      await englishCell(page, 1).dblclick();
      await page.locator('textarea.slot-editor').waitFor();
    }
    await first.keyboard.press('Control+a');
    await first.keyboard.type('Version of Li.');
    await first.keyboard.press('Escape');
    await expect.poll(() => first.locator('[data-save-state]').textContent()).toBe('All changes saved');

    await second.keyboard.press('Control+a');
    await second.keyboard.type('Version of Zhao.');
    const conflict = second.getByRole('dialog', { name: 'Someone else changed this slot' });
    await conflict.waitFor({ timeout: 10_000 });
    expect(await conflict.locator('[data-conflict-mine]').textContent()).toBe('Version of Zhao.');
    expect(await conflict.locator('[data-conflict-theirs]').textContent()).toBe('Version of Li.');
    expect(await conflict.locator('[data-conflict-diff] ins').allTextContents()).toEqual([' [inserted: Zhao] ']);
    await second.screenshot({ path: screenshotPath('editor-conflict.png') });
    await conflict.getByRole('button', { name: 'Keep mine' }).click();
    await expect.poll(() => second.locator('[data-save-state]').textContent()).toBe('All changes saved');
    await first.reload();
    await expect.poll(() => englishCell(first, 1).locator('.slot-text').textContent()).toBe('Version of Zhao.');
  });
});

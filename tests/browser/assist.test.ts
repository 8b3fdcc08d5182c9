import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseBeads } from '../../src/align/beads.js';
import { addApprovedToTm } from '../../src/services/tm.js';
import { browserMissing, browserSession, screenshotPath, slotCell } from '../helpers/browser.js';
import type { TestApp } from '../helpers/test-app.js';

const DEMO = new URL('../../demo/joint-statement-2022/', import.meta.url);
const EN = readFileSync(new URL('en.sentences', DEMO), 'utf8').split('\n').filter(Boolean);
const PASSWORD = 'assist-password-1';

describe.skipIf(browserMissing)('translation assistance in the editor', () => {
  let documentId: number;
  const session = browserSession([{ name: 'wang', roles: ['admin'] }, { name: 'li', roles: ['translator'] }], PASSWORD, async (app) => {
    const admin = app.store.users.findUserByName('wang')!;
    // The demo, approved into the TM, and the demo glossary.
    const demo = await app.services.documents.importDocument({ title: '联合声明', text: readFileSync(new URL('zh.txt', DEMO), 'utf8'), user: null });
    app.services.documents.placeTranslation({
      documentId: demo.documentId, lang: 'en', sentences: EN, beads: parseBeads(readFileSync(new URL('en.gold', DEMO), 'utf8')), status: 'approved', action: 'import', userId: null,
    });
    app.store.transaction(() => {
      for (const slot of app.store.slots.listSlots(demo.documentId, 'en')) {
        if (slot.kind === 'head') addApprovedToTm(app.store, { documentId: demo.documentId, segmentId: slot.segmentId, lang: 'en', userId: null, now: '2026-01-05T10:00:00.000Z' });
      }
    });
    app.services.glossary.importFile({ name: 'glossary.csv', bytes: readFileSync(new URL('../../demo/glossary.csv', import.meta.url)) }, admin);
    // A second document repeating phrases of the demo.
    ({ documentId } = await app.services.documents.importDocument({
      title: '第二份声明', text: ['两国元首在互信和友好气氛中举行会谈。', '共建“一带一路”倡议是两国合作的主要原动力。'].join(''), user: null,
    }));
  });
  let app: TestApp;
  beforeAll(() => { app = session.app; });
  const signedIn = (name: string) => session.signedIn(name, { width: 1280, height: 1000 });

  const englishCell = (page: Page, row: number) => slotCell(page, 'en', row);

  it('shows a fuzzy match with the Chinese differences, inserts it with Ctrl+1, and inserts a term with Alt+1', async () => {
    const page = await signedIn('li');
    await page.goto(`${app.baseUrl}/documents/${documentId}/edit`);
    await englishCell(page, 1).dblclick();
    const editor = page.locator('textarea.slot-editor');
    await editor.waitFor();

    const match = page.locator('[data-assist-matches] li.tm-match').first();
    await match.waitFor();
    expect(await match.locator('.tm-percent').textContent()).toBe('85%');
    expect(await match.locator('.tm-target').textContent()).toBe(EN[2]);
    // The TM's Chinese has 亲切、 which this segment lacks: shown as deleted.
    expect(await match.locator('.tm-source del').allTextContents()).toEqual([' [deleted: 、亲切] ']);
    expect(await match.textContent()).toContain('联合声明');
    await page.screenshot({ path: screenshotPath('assist-fuzzy-match.png') });

    await page.keyboard.press('Control+1');
    await expect.poll(() => editor.inputValue()).toBe(EN[2]);
    await expect.poll(() => page.locator('[data-save-state]').textContent()).toBe('All changes saved');
    expect(app.store.slots.listSlots(documentId, 'en')[0]).toMatchObject({ text: EN[2], status: 'draft' });

    // The next slot: its Chinese holds 一带一路, marked in the grid and listed with its equivalent.
    await page.keyboard.press('Control+ArrowDown');
    await expect.poll(() => page.locator('[data-assist-terms] .term-source').allTextContents()).toEqual(['一带一路']);
    expect(await page.locator('tr[aria-rowindex="3"] td.src mark.term').textContent()).toBe('一带一路');
    expect(await page.locator('[data-assist-terms] .term-target').textContent()).toBe('Belt and Road');
    await page.keyboard.type('The ');
    await page.keyboard.press('Alt+1');
    await page.keyboard.type(' initiative drives the cooperation of the two countries.');
    await expect.poll(() => editor.inputValue()).toBe('The Belt and Road initiative drives the cooperation of the two countries.');
    await expect.poll(() => page.locator('[data-save-state]').textContent()).toBe('All changes saved');
    // QA re-runs after the save: the term is used, nothing is flagged.
    await expect.poll(() => page.locator('[data-assist-qa] li').allTextContents()).toEqual(['No problems found.']);
    await page.screenshot({ path: screenshotPath('assist-term.png') });

    // Ctrl+K: concordance search across the TM, hits highlighted.
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+k');
    const dialog = page.getByRole('dialog', { name: 'Concordance' });
    await dialog.waitFor();
    await dialog.getByLabel('Search Chinese or translations').fill('Belt and Road');
    await dialog.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => dialog.locator('tbody tr').count()).toBe(3);
    expect(await dialog.locator('tbody mark').first().textContent()).toBe('Belt and Road');
    await page.screenshot({ path: screenshotPath('assist-concordance.png') });
    await dialog.getByRole('button', { name: 'Close' }).click();

    // The glossary and the document's QA list, reached from the navigation and the panel.
    await page.getByRole('link', { name: 'All quality checks' }).click();
    await page.getByRole('heading', { name: 'Quality checks' }).waitFor();
    expect(await page.locator('.qa-summary').textContent()).toMatch(/slot\(s\) with problems/);
    await page.screenshot({ path: screenshotPath('assist-qa-page.png'), fullPage: true });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Glossary' }).click();
    await page.getByRole('heading', { name: 'Glossary' }).waitFor();
    expect(await page.getByRole('row', { name: /三股势力/ }).textContent()).toContain('three evil forces');
    await page.screenshot({ path: screenshotPath('assist-glossary.png'), fullPage: true });
  });
});

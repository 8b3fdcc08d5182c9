import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseBeads } from '../../src/align/beads.js';
import { expectAccessible } from '../helpers/axe.js';
import { browserMissing, browserSession, screenshotPath, slotCell } from '../helpers/browser.js';
import type { TestApp } from '../helpers/test-app.js';

const DEMO = new URL('../../demo/joint-statement-2022/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, DEMO), 'utf8');
const PASSWORD = 'layout-password-1';
/** Under load the first paint of a page can take a while: wait for what is seen, generously. */
const VISIBLE = { timeout: 30_000 };

/** Rows of the editor grid wholly inside its scroll container's visible area. */
function rowsInView(page: Page): Promise<number> {
  return page.evaluate(() => {
    const wrap = document.querySelector('[data-grid-wrap]')!.getBoundingClientRect();
    const head = document.querySelector('[data-grid] thead')!.getBoundingClientRect();
    const top = Math.max(wrap.top, head.bottom);
    const bottom = Math.min(wrap.bottom, window.innerHeight);
    return [...document.querySelectorAll('[data-grid-body] tr')].filter((tr) => {
      const r = tr.getBoundingClientRect();
      return r.top >= top - 1 && r.bottom <= bottom + 1;
    }).length;
  });
}

describe.skipIf(browserMissing)('the editor and review fit a working day', () => {
  let documentId: number;
  const session = browserSession([{ name: 'lan', roles: ['translator'] }, { name: 'rui', roles: ['reviewer'] }, { name: 'ada', roles: ['admin'] }], PASSWORD, async (app) => {
    ({ documentId } = await app.services.documents.importDocument({ title: '中华人民共和国和吉尔吉斯共和国联合声明', text: read('zh.txt'), user: null }));
    for (const lang of ['en', 'ru']) {
      app.services.documents.placeTranslation({
        documentId, lang, sentences: read(`${lang}.sentences`).split('\n').filter(Boolean), beads: parseBeads(read(`${lang}.gold`)),
        status: 'aligned', action: 'align', userId: null,
      });
    }
    const admin = app.store.users.findUserByName('ada')!;
    app.services.glossary.importFile({ name: 'glossary.csv', bytes: readFileSync(new URL('../../demo/glossary.csv', import.meta.url)) }, admin);
    app.services.review.assign({ documentId, lang: 'ru', userName: 'lan', role: 'translator', remove: false, user: admin });
  });
  let app: TestApp;
  beforeAll(() => { app = session.app; });

  it('shows 15+ rows at 1366×900 with the assist panel beside them, in one scroll container', async () => {
    const page = await session.signedIn('lan', { width: 1366, height: 900 });
    await page.goto(`${app.baseUrl}/documents/${documentId}/edit`);
    await slotCell(page, 'en', 1).waitFor(VISIBLE);
    await page.screenshot({ path: screenshotPath('editor-1366.png') });
    expect(await rowsInView(page)).toBeGreaterThanOrEqual(15);
    // The page itself does not scroll: the grid does.
    expect(await page.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight + 1)).toBe(true);
    const assist = await page.locator('[data-assist]').boundingBox();
    expect(assist!.y).toBeGreaterThanOrEqual(0);
    expect(assist!.y).toBeLessThan(900 / 2);
    // Beside the grid, not under it.
    const grid = await page.locator('[data-grid-wrap]').boundingBox();
    expect(assist!.x).toBeGreaterThan(grid!.x + grid!.width - 1);

    // The panel follows the active slot.
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.locator('[data-assist-where]').textContent()).toBe('· English slot 3');
    await expect.poll(() => page.locator('[data-assist-history] li').count(), VISIBLE).toBeGreaterThan(0);
    await expectAccessible(page, 'the editor at 1366 px');
  });

  it('keeps the assist panel in view at 1920×1080, and makes it a drawer opened by Alt+A at 800 px', async () => {
    const wide = await session.signedIn('lan', { width: 1920, height: 1080 });
    await wide.goto(`${app.baseUrl}/documents/${documentId}/edit`);
    await slotCell(wide, 'en', 1).waitFor(VISIBLE);
    const box = await wide.locator('[data-assist]').boundingBox();
    expect(box!.y).toBeGreaterThanOrEqual(0);
    expect(box!.y).toBeLessThan(1080 / 2);
    expect(await rowsInView(wide)).toBeGreaterThanOrEqual(15);
    await wide.screenshot({ path: screenshotPath('editor-1920.png') });

    const narrow = await session.signedIn('lan', { width: 800, height: 900 });
    await narrow.goto(`${app.baseUrl}/documents/${documentId}/edit`);
    await slotCell(narrow, 'en', 1).waitFor(VISIBLE);
    expect(await narrow.locator('[data-assist]').isVisible()).toBe(false);
    await narrow.screenshot({ path: screenshotPath('editor-800.png') });
    // A slot's badges (span, grouping, status) leave its text most of the cell: at 800 px they
    // once took all but one letter's width, and the text read a letter a line.
    const squeezed = await narrow.evaluate(() => [...document.querySelectorAll('td.cell .slot-meta')].flatMap((meta) => {
      const cell = meta.closest('td.cell')!;
      const style = getComputedStyle(cell);
      const inner = cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      const width = meta.getBoundingClientRect().width;
      return width > 0.6 * inner ? [`${cell.getAttribute('data-lang') ?? '?'}: badges ${Math.round(width)} of ${Math.round(inner)} px`] : [];
    }));
    expect(squeezed).toEqual([]);
    await narrow.keyboard.press('Alt+a');
    await narrow.locator('[data-assist]').waitFor({ state: 'visible', ...VISIBLE });
    const drawer = await narrow.locator('[data-assist]').boundingBox();
    expect(drawer!.y).toBe(0);
    await narrow.screenshot({ path: screenshotPath('editor-800-assist.png') });
    await expectAccessible(narrow, 'the editor at 800 px with the assist drawer');
    await narrow.keyboard.press('Alt+a');
    await narrow.locator('[data-assist]').waitFor({ state: 'hidden', ...VISIBLE });
    // The keyboard is back on the grid, not on <body>.
    expect(await narrow.evaluate(() => document.activeElement?.closest('td.cell') !== null)).toBe(true);
  });

  it('passes axe on every main page and dialog, and looks right at 800, 1366 and 1920 px', { timeout: 180_000 }, async () => {
    const page = await session.signedIn('ada', { width: 1366, height: 900 });
    const pages: [string, string][] = [
      ['/', 'the document list'], [`/documents/${documentId}`, 'the document page'], ['/glossary', 'the glossary (admin)'],
      ['/documents/new', 'the import page'], ['/tm/import', 'the TMX import page'], ['/admin/users', 'the users page'],
      ['/admin/audit', 'the audit log'], [`/documents/${documentId}/qa`, 'the QA page'], [`/documents/${documentId}/review/en`, 'the review page (admin)'],
    ];
    for (const [path, where] of pages) {
      await page.goto(`${app.baseUrl}${path}`);
      await page.locator('h1').first().waitFor(VISIBLE);
      await expectAccessible(page, where);
    }
    // The export form, opened; assignments read "lan translator of Русский".
    await page.goto(`${app.baseUrl}/documents/${documentId}`);
    expect(await page.locator('#assignments li').first().textContent()).toMatch(/^\s*lan translator of Русский\s/);
    await page.getByText('Export translations').click();
    await expectAccessible(page, 'the export form');
    for (const box of await page.locator('input[name="langs"][type="checkbox"]').all()) await box.uncheck();
    await page.getByRole('button', { name: 'Download' }).click();
    await expect.poll(() => page.locator('[data-export-error]').textContent(), VISIBLE).toBe('Tick at least one language to export.');

    for (const viewport of [{ width: 800, height: 900 }, { width: 1366, height: 900 }, { width: 1920, height: 1080 }]) {
      await page.setViewportSize(viewport);
      await page.goto(`${app.baseUrl}/documents/${documentId}`);
      await page.locator('h1').first().waitFor(VISIBLE);
      await page.screenshot({ path: screenshotPath(`document-${viewport.width}.png`) });
      await page.goto(`${app.baseUrl}/glossary`);
      await page.locator('h1').first().waitFor(VISIBLE);
      await page.screenshot({ path: screenshotPath(`glossary-${viewport.width}.png`) });
    }

    // The editor's dialogs, each with axe; the keyboard comes back to the grid after each.
    const editor = await session.signedIn('lan', { width: 1366, height: 900 });
    await editor.goto(`${app.baseUrl}/documents/${documentId}/edit`);
    await slotCell(editor, 'en', 1).waitFor(VISIBLE);
    const backOnGrid = () => editor.evaluate(() => document.activeElement?.closest('td.cell') !== null);
    await editor.getByRole('button', { name: 'Import translation…' }).click();
    const importDialog = editor.getByRole('dialog', { name: 'Import a translation and align it' });
    await importDialog.waitFor(VISIBLE);
    await expectAccessible(editor, 'the import dialog');
    // A re-import over English asks first; saying no leaves a notice, not an error.
    await importDialog.getByLabel('Language').selectOption('en');
    await importDialog.getByLabel('Translation text').fill('One sentence. Another sentence.');
    editor.once('dialog', (question) => void question.dismiss());
    await importDialog.getByRole('button', { name: 'Import and align' }).click();
    await expect.poll(() => importDialog.locator('[data-import-notice]').textContent(), VISIBLE).toBe('Nothing was imported: the current translation is kept as it was.');
    expect(await importDialog.locator('[data-import-error]').isHidden()).toBe(true);
    await importDialog.getByRole('button', { name: 'Close' }).click();
    await expect.poll(backOnGrid, VISIBLE).toBe(true);

    await editor.keyboard.press('Control+k');
    const concordance = editor.getByRole('dialog', { name: 'Concordance' });
    await concordance.waitFor(VISIBLE);
    await expectAccessible(editor, 'the concordance dialog');
    await editor.keyboard.press('Escape');
    await concordance.waitFor({ state: 'hidden', ...VISIBLE });

    await editor.getByRole('button', { name: 'Pre-translate…' }).click();
    const pretranslate = editor.getByRole('dialog', { name: 'Pre-translate empty slots' });
    await pretranslate.waitFor(VISIBLE);
    await expectAccessible(editor, 'the pre-translate dialog');
    await pretranslate.getByRole('button', { name: 'Close' }).click();
    await expect.poll(backOnGrid, VISIBLE).toBe(true);

    await editor.keyboard.press('h');
    const panel = editor.getByRole('dialog', { name: 'English slot 1' });
    await panel.locator('.revision').first().waitFor(VISIBLE);
    // One date format everywhere: "2026-12-01 17:34 UTC".
    expect(await panel.locator('.revision .muted').first().textContent()).toMatch(/· \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC ·/);
    await expectAccessible(editor, 'the history panel');
    await panel.getByRole('tab', { name: 'Comments' }).click();
    await panel.getByLabel('Add a comment').waitFor(VISIBLE);
    await expectAccessible(editor, 'the comments panel');
    await panel.getByRole('button', { name: 'Close' }).click();
    await expect.poll(backOnGrid, VISIBLE).toBe(true);
  });
});

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
  const session = browserSession([{ name: 'lan', roles: ['translator'] }, { name: 'rui', roles: ['reviewer'] }], PASSWORD, async (app) => {
    ({ documentId } = await app.services.documents.importDocument({ title: '中华人民共和国和吉尔吉斯共和国联合声明', text: read('zh.txt'), user: null }));
    for (const lang of ['en', 'ru']) {
      app.services.documents.placeTranslation({
        documentId, lang, sentences: read(`${lang}.sentences`).split('\n').filter(Boolean), beads: parseBeads(read(`${lang}.gold`)),
        status: 'aligned', action: 'align', userId: null,
      });
    }
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
});

import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { browserMissing, browserSession, screenshotPath, slotCell } from '../helpers/browser.js';
import type { TestApp } from '../helpers/test-app.js';

// Alignment edits by keyboard and menu (issue #13: insert and delete empty slots) and the
// re-alignment notice (issue #11).

const DEMO = new URL('../../demo/joint-statement-2022/', import.meta.url);
const PASSWORD = 'alignment-password-1';

describe.skipIf(browserMissing)('alignment edits in the editor', () => {
  const session = browserSession([{ name: 'wen', roles: ['translator'] }, { name: 'lu', roles: ['translator'] }], PASSWORD);
  let app: TestApp;
  beforeAll(() => { app = session.app; });

  const text = (page: Page, row: number) => slotCell(page, 'en', row).locator('.slot-text').textContent();

  async function fiveSlots(): Promise<number> {
    const { documentId } = await app.services.documents.importDocument({ title: '空位', text: '一。二。三。四。五。', langs: ['en'], user: null });
    app.services.documents.placeTranslation({
      documentId, lang: 'en', sentences: ['One.', 'Two.', 'Three.', 'Four.'], status: 'aligned', action: 'align', userId: null,
      beads: [0, 1, 2, 3, 4].map((i) => ({ source: [i], target: i < 4 ? [i] : [] })),
    });
    return documentId;
  }

  it('inserts an empty slot with I and deletes it with X, the menu does the same, and Ctrl+Z undoes each', async () => {
    const documentId = await fiveSlots();
    const page = await session.signedIn('wen');
    await page.goto(`${app.baseUrl}/documents/${documentId}/edit`);
    await slotCell(page, 'en', 2).click();
    page.setDefaultTimeout(5000);
    await expect.poll(() => slotCell(page, 'en', 2).getAttribute('class')).toContain('active');
    await page.keyboard.press('i');
    await expect.poll(() => text(page, 2)).toBe('—');
    expect(await text(page, 3)).toBe('Two.');
    expect(await text(page, 5)).toBe('Four.');
    // The cursor stays on the slot acted on, so the next key acts there too.
    await page.keyboard.press('x');
    await expect.poll(() => text(page, 2)).toBe('Two.');
    expect(await text(page, 5)).toBe('—');

    await page.locator('[data-align-menu] > summary').click();
    await page.getByRole('button', { name: 'Insert empty slot' }).click();
    await expect.poll(() => text(page, 2)).toBe('—');
    // Focus is back on the grid: keys work at once.
    await page.keyboard.press('Control+z');
    await expect.poll(() => text(page, 2)).toBe('Two.');
    await page.keyboard.press('x');
    await expect.poll(() => page.locator('[data-toast]').textContent()).toContain('only an empty slot can be deleted');
    expect(await text(page, 2)).toBe('Two.');

    await page.keyboard.press('?');
    const help = page.locator('[data-help-dialog]');
    await expect.poll(() => help.textContent()).toContain('Insert an empty slot here');
    expect(await help.textContent()).toContain('Delete this empty slot');
    expect(await help.textContent()).toContain('Re-align every unconfirmed slot');
  });

  it('says how many slots moved after a confirm re-aligned the slots below, and turns it off per person', { timeout: 120_000 }, async () => {
    const { documentId } = await app.services.documents.importDocument({ title: '声明', text: readFileSync(new URL('zh.txt', DEMO), 'utf8'), langs: ['en'], user: null });
    const user = app.store.users.findUserByName('lu')!;
    const prepared = await app.services.translations.prepare({ documentId, lang: 'en', text: readFileSync(new URL('en.txt', DEMO), 'utf8'), replace: false, user });
    await app.services.translations.run(prepared);
    // Three runs of displaced unconfirmed texts, as a bad alignment would leave them.
    const displace = (from: number, to: number) => {
      const region = app.store.regions.readRegion(documentId, from, to, ['en']);
      const old = region.slots.en!;
      const next = { ...region, slots: { en: old.map((h, k) => {
        const moved = k === 0 ? '' : k === old.length - 1 ? `${old[k - 1]!.text} ${h.text}` : old[k - 1]!.text;
        return { ...h, text: moved, status: moved ? 'aligned' as const : 'empty' as const, byAligner: true };
      }) } };
      app.store.transaction(() => app.store.regions.writeRegion(documentId, region, next, { userId: null, action: 'align', now: new Date().toISOString() }));
    };
    const heads = () => app.store.slots.listSlots(documentId, 'en').flatMap((s, p) => (s.kind === 'head' ? [p] : []));
    const starts = heads();
    // Confirmed slots between the runs: each confirm below re-aligns its own run only.
    for (const k of [11, 22]) {
      const segmentId = app.store.segments.listSegments(documentId)[starts[k]!]!.id;
      const slot = app.store.slots.findSlot(segmentId, 'en');
      if (slot?.kind !== 'head') throw new Error('expected a head');
      app.services.slots.editSlot({ documentId, segmentId, lang: 'en', text: slot.text, version: slot.version, user, confirm: true });
    }
    displace(starts[3]!, starts[8]! - 1);
    displace(starts[14]!, starts[19]! - 1);
    displace(starts[25]!, starts[30]! - 1);
    const page = await session.signedIn('lu', { width: 800, height: 900 });
    await page.goto(`${app.baseUrl}/documents/${documentId}/edit`);
    const toast = page.locator('[data-toast]');
    for (const [width, at] of [[800, 2], [1366, 13], [1920, 24]] as const) {
      await page.setViewportSize({ width, height: 900 });
      // Narrow screens start with the assist panel closed (a drawer); wide ones show it beside the grid.
      if (width === 1366) await page.locator('[data-toggle-assist]').click();
      const row = starts[at]! + 1;
      // The grid may still be redrawing the rows the last re-alignment changed: click at once.
      await slotCell(page, 'en', row).click({ force: true });
      await expect.poll(() => slotCell(page, 'en', row).getAttribute('class')).toContain('active');
      await page.keyboard.press(' ');
      await expect.poll(() => toast.textContent()).toMatch(/Re-aligned the unconfirmed slots below: \d+ slots? moved/);
      await page.screenshot({ path: screenshotPath(`realigned-notice-${width}.png`) });
    }
    expect(await toast.textContent()).toMatch(/slots? moved\. Undo \(Ctrl\+Z\) takes back the fix and the re-alignment together\./);

    // Off: a confirm confirms and nothing else.
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.locator('[data-align-menu] > summary').click();
    await page.getByLabel('Re-align below after each fix and confirm').uncheck();
    await expect.poll(() => toast.textContent()).toContain('no longer re-align');
    expect(app.services.slots.alignmentPreferences(user.id).autoRealign).toBe(false);
    await page.reload();
    await page.locator('[data-align-menu] > summary').click();
    expect(await page.getByLabel('Re-align below after each fix and confirm').isChecked()).toBe(false);
  });

  it('re-aligns the whole column with Alt+R and says so', async () => {
    const documentId = await fiveSlots();
    const page = await session.signedIn('wen');
    await page.goto(`${app.baseUrl}/documents/${documentId}/edit`);
    await slotCell(page, 'en', 2).click();
    await expect.poll(() => slotCell(page, 'en', 2).getAttribute('class')).toContain('active');
    await page.keyboard.press('Alt+r');
    await expect.poll(() => page.locator('[data-toast]').textContent()).toMatch(/^Re-aligned the unconfirmed English slots: /);
    await slotCell(page, 'en', 1).waitFor();
  });

  it('marks a grouping disagreement on both columns, and G groups the column at the cursor as the other does', async () => {
    const zh = ['两国元首举行会谈。', '双方交换了意见。', '会谈在友好气氛中进行。'];
    const { documentId } = await app.services.documents.importDocument({ title: '分组', text: zh.join(''), langs: ['en', 'ru'], user: null });
    app.services.documents.placeTranslation({
      documentId, lang: 'en', status: 'aligned', action: 'align', userId: null,
      sentences: ['The two heads of state held talks.', 'The two sides exchanged views.', 'The talks were friendly.'],
      beads: [{ source: [0, 1], target: [0, 1] }, { source: [2], target: [2] }],
    });
    app.services.documents.placeTranslation({
      documentId, lang: 'ru', status: 'aligned', action: 'align', userId: null,
      sentences: ['Главы двух государств провели переговоры.', 'Стороны обменялись мнениями.', 'Переговоры прошли в дружеской атмосфере.'],
      beads: zh.map((_, i) => ({ source: [i], target: [i] })),
    });
    const page = await session.signedIn('wen', { width: 800, height: 900 });
    await page.goto(`${app.baseUrl}/documents/${documentId}/edit`);
    const marks = page.locator('.grouping-mark');
    await expect.poll(() => marks.count()).toBe(3);
    expect(await slotCell(page, 'en', 1).locator('.grouping-mark').getAttribute('title')).toMatch(/English and Русский group segments 1–2 differently\. Press G here/);
    for (const width of [800, 1366, 1920]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: screenshotPath(`grouping-marker-${width}.png`) });
    }
    // The cursor on the Russian slot of segment 2, G: Russian takes the English grouping.
    await slotCell(page, 'ru', 2).click();
    await expect.poll(() => slotCell(page, 'ru', 2).getAttribute('class')).toContain('active');
    await page.keyboard.press('g');
    await expect.poll(() => slotCell(page, 'ru', 1).getAttribute('rowspan')).toBe('2');
    await expect.poll(() => marks.count()).toBe(0);
    expect(await slotCell(page, 'ru', 1).locator('.slot-text').textContent()).toBe('Главы двух государств провели переговоры. Стороны обменялись мнениями.');
    await page.keyboard.press('Control+z');
    await expect.poll(() => marks.count()).toBe(3);
    // The menu's button does the same.
    await page.locator('[data-align-menu] > summary').click();
    await page.getByRole('button', { name: "Adopt the other language's grouping" }).click();
    await expect.poll(() => marks.count()).toBe(0);
  });
});

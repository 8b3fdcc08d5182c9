import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible } from '../helpers/axe.js';
import { browserMissing, browserSession, screenshotPath, slotCell } from '../helpers/browser.js';
import type { TestApp } from '../helpers/test-app.js';

const PASSWORD = 'cursor-password-1';
/** Waiting for what is seen, generously: the machine is shared with other test runs. */
const VISIBLE = { timeout: 30_000 };
const SLOW = { timeout: 120_000 };

/** A document of `count` one-sentence segments with an aligned English slot each; `merged` 0-based heads span two. */
async function makeDocument(app: TestApp, count: number, options: { merged?: number[]; low?: number[] } = {}): Promise<number> {
  const text = Array.from({ length: count }, (_, i) => `第${i + 1}句话。`).join('\n');
  const { documentId } = await app.services.documents.importDocument({ title: `${count} 句`, text, langs: ['en'], user: null });
  const sentences: string[] = [];
  const beads: { source: number[]; target: number[]; confidence: number }[] = [];
  for (let i = 0; i < count; i++) {
    const source = options.merged?.includes(i) ? [i, i + 1] : [i];
    if (options.merged?.includes(i - 1)) continue;
    beads.push({ source, target: [sentences.length], confidence: options.low?.includes(i) ? 0.3 : 0.95 });
    sentences.push(source.length === 2 ? `Sentences ${i + 1} and ${i + 2}.` : `Sentence ${i + 1}.`);
  }
  app.services.documents.placeTranslation({ documentId, lang: 'en', sentences, beads, status: 'aligned', action: 'align', userId: null });
  return documentId;
}

const focusedCell = (page: Page) => page.evaluate(() => {
  const cell = document.activeElement?.closest<HTMLElement>('td.cell');
  return cell ? `${cell.dataset.column}:${cell.closest('tr')?.getAttribute('aria-rowindex')}` : document.activeElement?.tagName ?? 'none';
});

describe.skipIf(browserMissing)('the editor keeps the cursor where the work is', () => {
  const session = browserSession([{ name: 'mei', roles: ['translator'] }], PASSWORD);
  let app: TestApp;
  beforeAll(() => { app = session.app; });
  const open = async (documentId: number, query = '') => {
    const page = await session.signedIn('mei', { width: 1366, height: 900 });
    await page.goto(`${app.baseUrl}/documents/${documentId}/edit${query}`);
    await slotCell(page, 'en', 1).or(page.locator('td.tgt[lang="en"]').first()).first().waitFor(VISIBLE);
    return page;
  };

  it('pages by 100 like the document page, comes back to 1–101, and Ctrl+Enter on the last slot goes on to the next page', SLOW, async () => {
    // Segments 100 and 101 share one English slot, so page 1 is widened to 101.
    const documentId = await makeDocument(app, 150, { merged: [99] });
    const overview = await (await app.request(`/documents/${documentId}`, { as: await app.login(['translator']) })).text();
    expect(overview).toContain('Segments 1–101 of 150 (page 1 of 2)');
    const page = await open(documentId);
    const label = page.locator('[data-page-label]');
    await expect.poll(() => label.textContent(), VISIBLE).toBe('Segments 1–101 of 150');
    await page.getByRole('button', { name: 'Next page' }).click();
    await expect.poll(() => label.textContent(), VISIBLE).toBe('Segments 100–150 of 150');
    await page.getByRole('button', { name: 'Previous page' }).click();
    await expect.poll(() => label.textContent(), VISIBLE).toBe('Segments 1–101 of 150');

    // Edit slot 1: the status bar names it; Ctrl+Enter moves on and the status bar follows.
    await page.keyboard.press('Enter');
    await page.locator('textarea.slot-editor').waitFor(VISIBLE);
    await expect.poll(() => page.locator('[data-status-slot]').textContent()).toBe('English slot 1 · Aligned · version 2 · editing');
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => page.locator('[data-status-slot]').textContent(), VISIBLE).toBe('English slot 2 · Aligned · version 2 · editing');
    await page.keyboard.press('Escape');

    // The page's last slot (100–101): Ctrl+Enter confirms it and edits slot 102 on the next page.
    await slotCell(page, 'en', 100).click();
    await page.keyboard.press('Enter');
    await page.locator('textarea.slot-editor').waitFor(VISIBLE);
    expect(await page.locator('[data-status-slot]').textContent()).toBe('English slot 100 · Aligned · version 2 · editing');
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => label.textContent(), VISIBLE).toBe('Segments 100–150 of 150');
    await slotCell(page, 'en', 102).locator('textarea.slot-editor').waitFor(VISIBLE);
    expect(await page.locator('[data-status-slot]').textContent()).toBe('English slot 102 · Aligned · version 2 · editing');
    const segments = app.store.segments.listSegments(documentId);
    expect(app.store.slots.findSlot(segments[99]!.id, 'en')).toMatchObject({ status: 'translated' });
  });

  it('selects on the first click, edits on the second, and undoes a term insert with Ctrl+Z in the text box', SLOW, async () => {
    app.services.glossary.importFile({ name: 'glossary.csv', bytes: readFileSync(new URL('../../demo/glossary.csv', import.meta.url)) }, null);
    const { documentId } = await app.services.documents.importDocument({ title: '倡议', text: '共建“一带一路”倡议。\n双方交换意见。', langs: ['en'], user: null });
    const page = await open(documentId);
    const second = slotCell(page, 'en', 2);
    await second.click();
    await expect.poll(() => second.getAttribute('class'), VISIBLE).toContain('active');
    expect(await page.locator('textarea.slot-editor').count()).toBe(0);
    // A key after the first click acts on the grid, it is not typed anywhere.
    await page.keyboard.press('ArrowUp');
    await expect.poll(() => focusedCell(page)).toBe('en:2');
    const cell = slotCell(page, 'en', 1);
    // The active slot: one more click edits it.
    await cell.click();
    const box = page.locator('textarea.slot-editor');
    await box.waitFor(VISIBLE);
    await page.locator('[data-assist]:not([aria-busy="true"]) [data-assist-terms] .term-source').first().waitFor(VISIBLE);
    await page.keyboard.type('The ');
    await page.keyboard.press('Alt+1');
    await expect.poll(() => box.inputValue()).toBe('The Belt and Road');
    await page.keyboard.press('Control+z');
    await expect.poll(() => box.inputValue()).toBe('The ');
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => box.inputValue()).toBe('The Belt and Road');
  });

  it('brings the cursor back to the slot an undo restores, without moving the page', SLOW, async () => {
    const documentId = await makeDocument(app, 150);
    const page = await open(documentId, '?segment=142');
    await expect.poll(() => page.locator('[data-page-label]').textContent(), VISIBLE).toBe('Segments 101–150 of 150');
    await expect.poll(() => focusedCell(page), VISIBLE).toBe('en:143');
    await page.keyboard.press('m');
    await expect.poll(() => slotCell(page, 'en', 142).getAttribute('rowspan'), VISIBLE).toBe('2');
    // Move away, then undo: the cursor goes back to slot 142, the page stays.
    for (let i = 0; i < 20; i++) await page.keyboard.press('ArrowUp');
    await expect.poll(() => focusedCell(page), VISIBLE).toBe('en:123');
    await page.keyboard.press('Control+z');
    await expect.poll(() => slotCell(page, 'en', 143).count(), VISIBLE).toBe(1);
    await expect.poll(() => focusedCell(page), VISIBLE).toBe('en:143');
    expect(await page.locator('[data-page-label]').textContent()).toBe('Segments 101–150 of 150');
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => slotCell(page, 'en', 142).getAttribute('rowspan'), VISIBLE).toBe('2');
    await expect.poll(() => focusedCell(page), VISIBLE).toBe('en:143');
  });

  it('shows each low-confidence slot with its neighbours and never merges with one the filter hides', SLOW, async () => {
    const documentId = await makeDocument(app, 40, { low: [9, 30] });
    // The filter and the merge alone: re-aligning the hidden slots below is tested in alignment.test.ts.
    app.services.slots.saveAlignmentPreferences(app.store.users.findUserByName('mei')!.id, { autoRealign: false });
    const page = await open(documentId);
    await page.locator('[data-filter]').selectOption('en');
    await expect.poll(() => page.locator('[data-grid-body] tr').count(), VISIBLE).toBe(6);
    expect(await page.locator('[data-grid-body] th.num').allTextContents()).toEqual(['9', '10', '11', '30', '31', '32']);
    expect(await page.locator('[data-grid-body] tr.is-context th.num').allTextContents()).toEqual(['9', '11', '30', '32']);
    await expect.poll(() => focusedCell(page), VISIBLE).toBe('en:11');
    await page.screenshot({ path: screenshotPath('editor-low-confidence.png') });

    // Slot 11 is a neighbour; the slot after it (12) is hidden: M refuses and changes nothing.
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => focusedCell(page)).toBe('en:12');
    await page.keyboard.press('m');
    await page.getByText('The next slot is not shown by the filter.', { exact: false }).waitFor(VISIBLE);
    const segments = app.store.segments.listSegments(documentId);
    expect(app.store.slots.findSlot(segments[10]!.id, 'en')).toMatchObject({ kind: 'head', span: 1 });
    expect(await focusedCell(page)).toBe('en:12');

    // Slot 10 merges with 11, which is shown; the cursor stays on 10, never on <body>.
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('m');
    await expect.poll(() => slotCell(page, 'en', 10).getAttribute('rowspan'), VISIBLE).toBe('2');
    await expect.poll(() => focusedCell(page), VISIBLE).toBe('en:11');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => focusedCell(page)).toBe('en:31');
  });

  it('keeps the Keys dialog on screen, its error inside it and the keyboard on the key just changed', SLOW, async () => {
    const documentId = await makeDocument(app, 5);
    const page = await open(documentId);
    await page.keyboard.press('?');
    const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await dialog.waitFor(VISIBLE);
    const box = (await dialog.boundingBox())!;
    expect(box.height).toBeLessThanOrEqual(900);
    expect(box.y).toBeGreaterThanOrEqual(0);
    await expectAccessible(page, 'the Keys dialog');

    await dialog.getByRole('button', { name: /^Next row:/ }).click();
    await page.keyboard.press('m');
    const error = dialog.getByRole('alert');
    await expect.poll(() => error.textContent()).toBe('M is already bound to "Merge with the next slot (Chinese column: merge segments)".');
    const alert = (await error.boundingBox())!;
    expect(alert.y).toBeGreaterThanOrEqual(box.y);
    expect(alert.y + alert.height).toBeLessThanOrEqual(box.y + box.height);
    expect(await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.action)).toBe('move-down');

    await dialog.getByRole('button', { name: /^Next low-confidence slot:/ }).click();
    await page.keyboard.press('j');
    await expect.poll(() => dialog.getByRole('button', { name: /^Next low-confidence slot:/ }).textContent()).toBe('J');
    expect(await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.action)).toBe('next-low');
    expect(await error.isHidden()).toBe(true);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden', ...VISIBLE });
    await expect.poll(() => focusedCell(page)).toBe('en:2');
  });

  it('asks before a translator confirms a slot with a QA error, and sends presence at most about once a second', SLOW, async () => {
    const { documentId } = await app.services.documents.importDocument({ title: '数字', text: '1992年两国签署联合公报。\n双方交换意见。', langs: ['en'], user: null });
    app.services.documents.placeTranslation({
      documentId, lang: 'en', sentences: ['In 1993 the two countries signed the communiqué.', 'The sides exchanged views.'],
      beads: [{ source: [0], target: [0] }, { source: [1], target: [1] }], status: 'aligned', action: 'align', userId: null,
    });
    const page = await open(documentId);
    await page.keyboard.press('Enter');
    await page.locator('textarea.slot-editor').waitFor(VISIBLE);
    await page.keyboard.press('Control+Enter');
    const ask = page.getByRole('dialog', { name: 'This slot has quality errors' });
    await ask.waitFor(VISIBLE);
    expect(await ask.locator('li.qa-error').count()).toBeGreaterThan(0);
    await expectAccessible(page, 'the QA question');
    await page.keyboard.press('Enter');
    await ask.waitFor({ state: 'hidden', ...VISIBLE });
    const [first] = app.store.segments.listSegments(documentId);
    expect(app.store.slots.findSlot(first!.id, 'en')).toMatchObject({ status: 'aligned' });
    expect(await page.evaluate(() => document.activeElement?.classList.contains('slot-editor'))).toBe(true);
    await page.keyboard.press('Control+Enter');
    await ask.getByRole('button', { name: 'Confirm anyway' }).click();
    await expect.poll(() => app.store.slots.findSlot(first!.id, 'en'), VISIBLE).toMatchObject({ status: 'translated' });

    // Presence: moving twenty times sends a handful of reports, none refused.
    const reports: number[] = [];
    page.on('response', (response) => {
      if (response.url().endsWith('/presence')) reports.push(response.status());
    });
    await page.keyboard.press('Escape');
    for (let i = 0; i < 10; i++) {
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowUp');
    }
    await expect.poll(() => reports.length, VISIBLE).toBeGreaterThan(0);
    expect(reports.length).toBeLessThan(10);
    expect(reports.every((status) => status === 204)).toBe(true);
  });
});

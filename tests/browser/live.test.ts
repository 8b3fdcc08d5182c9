import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { browserMissing, browserSession, screenshotPath, slotCell } from '../helpers/browser.js';
import type { TestApp } from '../helpers/test-app.js';

const PASSWORD = 'live-password-1';

describe.skipIf(browserMissing)('two translators in one document', () => {
  const session = browserSession([{ name: 'an.na', roles: ['translator'] }, { name: 'bo', roles: ['translator'] }], PASSWORD);
  let app: TestApp;
  beforeAll(() => { app = session.app; });

  async function editorOf(name: string, documentId: number): Promise<Page> {
    const page = await session.signedIn(name, { width: 1280, height: 800 });
    await page.goto(`${app.baseUrl}/documents/${documentId}/edit`);
    await page.locator('[data-live-state].is-live').waitFor();
    return page;
  }

  const cell = (page: Page, row: number) => slotCell(page, 'en', row);

  it('see each other\'s edits and positions live, without clobbering what is being typed', async () => {
    const { documentId } = await app.services.documents.importDocument({ title: '直播', text: '一。二。三。', langs: ['en'], user: null });
    app.services.documents.placeTranslation({
      documentId, lang: 'en', sentences: ['One.', 'Two.', 'Three.'], beads: [0, 1, 2].map((i) => ({ source: [i], target: [i] })),
      status: 'aligned', action: 'align', userId: null,
    });
    const anna = await editorOf('an.na', documentId);
    const bo = await editorOf('bo', documentId);

    // Bo moves to slot 3: Anna sees his initials there.
    await bo.keyboard.press('ArrowDown');
    await bo.keyboard.press('ArrowDown');
    await expect.poll(() => cell(anna, 3).locator('.presence').textContent(), { timeout: 5000 }).toBe('BO');
    expect(await anna.locator('[data-people]').textContent()).toBe('Also here: bo');

    // Anna edits slot 1: Bo sees the new text without reloading.
    await cell(anna, 1).dblclick();
    await anna.locator('textarea.slot-editor').fill('One, edited by Anna.');
    await anna.keyboard.press('Escape');
    await expect.poll(() => cell(bo, 1).locator('.slot-text').textContent(), { timeout: 5000 }).toBe('One, edited by Anna.');

    // Bo is typing in slot 2 when Anna saves slot 2: Bo's text stays, with a notice.
    await cell(bo, 2).dblclick();
    await bo.locator('textarea.slot-editor').pressSequentially('Bo typing');
    const boVersion = app.store.slots.findSlot(app.store.segments.listSegments(documentId)[1]!.id, 'en');
    expect(boVersion?.kind).toBe('head');
    await cell(anna, 2).dblclick();
    await anna.locator('textarea.slot-editor').fill('Two, by Anna.');
    await anna.keyboard.press('Escape');
    await bo.locator('.changed-by').waitFor({ timeout: 5000 });
    expect(await bo.locator('textarea.slot-editor').inputValue()).toContain('Bo typing');
    await bo.screenshot({ path: screenshotPath('live-two-editors.png') });
  });
});

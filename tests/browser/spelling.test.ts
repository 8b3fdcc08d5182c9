import { beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible } from '../helpers/axe.js';
import { browserMissing, browserSession, screenshotPath, slotCell } from '../helpers/browser.js';
import type { TestApp } from '../helpers/test-app.js';

const VISIBLE = { timeout: 60_000 };

describe.skipIf(browserMissing)('spelling in the editor', () => {
  const session = browserSession([{ name: 'sun', roles: ['translator'] }], 'spelling-password-1');
  let app: TestApp;
  beforeAll(() => { app = session.app; });

  it('underlines misspelt words and puts a suggestion in by keyboard (F7)', { timeout: 120_000 }, async () => {
    const { documentId } = await app.services.documents.importDocument({ title: '拼写', text: '两国元首签署声明。\n双方举行会谈。', langs: ['en'], user: null });
    app.services.documents.placeTranslation({
      documentId, lang: 'en', sentences: ['The heads of state signed the statment.', 'The two sides held talks.'],
      beads: [{ source: [0], target: [0], confidence: 0.95 }, { source: [1], target: [1], confidence: 0.95 }], status: 'aligned', action: 'align', userId: null,
    });
    const page = await session.signedIn('sun', { width: 1366, height: 900 });
    await page.goto(`${app.baseUrl}/documents/${documentId}/edit`);
    await slotCell(page, 'en', 1).waitFor(VISIBLE);
    // Underlining is off until the Spelling box is ticked (it loads dictionaries on the server).
    expect(await page.locator('.misspelt').count()).toBe(0);
    await page.getByRole('checkbox', { name: 'Spelling' }).check();
    await expect.poll(() => slotCell(page, 'en', 1).locator('.misspelt').allTextContents(), VISIBLE).toEqual(['statment']);
    expect(await slotCell(page, 'en', 2).locator('.misspelt').count()).toBe(0);
    await slotCell(page, 'en', 1).click();
    await page.keyboard.press('F7');
    const dialog = page.getByRole('dialog', { name: 'Spelling' });
    await dialog.getByRole('button', { name: 'statement', exact: true }).waitFor(VISIBLE);
    await expectAccessible(page, 'the spelling dialog', '[data-spelling-dialog]');
    for (const width of [800, 1366, 1920]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: screenshotPath(`editor-spelling-${width}.png`) });
    }
    // The suggestion has the focus: Enter takes it.
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('textarea.slot-editor').inputValue(), VISIBLE).toBe('The heads of state signed the statement.');
    await page.keyboard.press('Escape');
    await expect.poll(() => {
      const head = app.store.slots.listSlots(documentId, 'en')[0];
      return head?.kind === 'head' ? head.text : '';
    }, VISIBLE).toBe('The heads of state signed the statement.');
    await expect.poll(() => slotCell(page, 'en', 1).locator('.misspelt').count(), VISIBLE).toBe(0);
  });
});

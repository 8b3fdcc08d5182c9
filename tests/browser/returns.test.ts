import { beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible } from '../helpers/axe.js';
import { browserMissing, browserSession, screenshotPath } from '../helpers/browser.js';
import type { TestApp } from '../helpers/test-app.js';
import { WordEdits } from '../helpers/word-edits.js';

const VISIBLE = { timeout: 30_000 };

describe.skipIf(browserMissing)('returned XLIFF files and review tables, in the browser', () => {
  const session = browserSession([{ name: 'tan', roles: ['translator'] }, { name: 'tao', roles: ['translator', 'reviewer'] }], 'returns-password-1');
  let app: TestApp;
  beforeAll(() => { app = session.app; });

  it('imports a translated XLIFF and a Word review table from the document page and shows each report', { timeout: 120_000 }, async () => {
    const { documentId } = await app.services.documents.importDocument({ title: '回传', text: '两国元首举行会谈。\n双方交换意见。', langs: ['en'], user: null });
    app.services.documents.placeTranslation({
      documentId, lang: 'en', sentences: ['Talks.', 'Views exchanged.'],
      beads: [{ source: [0], target: [0], confidence: 0.93 }, { source: [1], target: [1], confidence: 0.9 }], status: 'aligned', action: 'align', userId: null,
    });
    const texts = () => app.store.slots.listSlots(documentId, 'en').map((s) => (s.kind === 'head' ? s.text : ''));

    // A translator's CAT tool filled the XLIFF: it comes back through the form on the document page.
    const translator = await session.signedIn('tan', { width: 1366, height: 900 });
    const login = await app.login(['translator']);
    const xliff = (await (await app.request(`/export?documents=${documentId}&langs=en&format=xliff12&statuses=all`, { as: login })).text()).replace('>Talks.<', '>The heads of state held talks.<');
    await translator.goto(`${app.baseUrl}/documents/${documentId}`);
    await translator.getByText('Import XLIFF or review table…').click();
    expect(await translator.locator('input[name="editsAre"]').count()).toBe(0);
    await translator.locator('#import-return input[type=file]').setInputFiles({ name: 'back.xlf', mimeType: 'application/xliff+xml', buffer: Buffer.from(xliff) });
    await translator.locator('#import-return').getByRole('button', { name: 'Import', exact: true }).click();
    await translator.locator('#return-report-title', { hasText: 'Imported back.xlf' }).waitFor(VISIBLE);
    // The report's title is a heading screen readers can jump to (it was announced as a status).
    expect(await translator.getByRole('heading', { name: 'Imported back.xlf' }).count()).toBe(1);
    expect(texts()).toEqual(['The heads of state held talks.', 'Views exchanged.']);

    // Someone who both translates and reviews says the Word table's edits are review edits.
    const both = await session.signedIn('tao', { width: 1366, height: 900 });
    const docx = new Uint8Array(await (await app.request(`/export?documents=${documentId}&langs=en&format=docx&statuses=all`, { as: login })).arrayBuffer());
    const edited = await (await WordEdits.open(docx)).trackReplace('Views exchanged.', 'The two sides exchanged views.').save();
    await both.goto(`${app.baseUrl}/documents/${documentId}`);
    await both.getByText('Import XLIFF or review table…').click();
    await both.locator('#import-return input[type=file]').setInputFiles({ name: 'review.docx', mimeType: 'application/octet-stream', buffer: Buffer.from(edited) });
    await both.getByLabel(/review edits/).check();
    await expectAccessible(both, 'the return form with its review question');
    await both.locator('#import-return').getByRole('button', { name: 'Import', exact: true }).click();
    await both.locator('#return-report-title', { hasText: 'Imported review.docx' }).waitFor(VISIBLE);
    expect(texts()).toEqual(['The heads of state held talks.', 'The two sides exchanged views.']);
    const second = app.store.segments.listSegments(documentId)[1]!;
    expect(app.store.revisions.listRevisions(second.id, 'en').at(-1)).toMatchObject({ action: 'review-edit', status: 'translated' });
    await expectAccessible(both, 'the return report');
    for (const width of [800, 1366, 1920]) {
      await both.setViewportSize({ width, height: 900 });
      await both.screenshot({ path: screenshotPath(`return-report-${width}.png`), fullPage: true });
    }
  });
});

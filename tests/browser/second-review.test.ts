/**
 * Issue #13 "Second review pass": an admin turns it on for a language on the document page,
 * reviewer 1 approves (the slot is "Reviewed (R1)" and waits), reviewer 2 finds it in the
 * "waiting for R2" queue with reviewer 1's name, and gives the final approval; reviewer 1 is
 * never offered the second approval of their own slot. Screenshots at 800, 1366 and 1920 px.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible } from '../helpers/axe.js';
import { browserMissing, browserSession, screenshotPath } from '../helpers/browser.js';
import type { TestApp } from '../helpers/test-app.js';

const PASSWORD = 'second-review-password-1';

describe.skipIf(browserMissing)('second review: R1 approves, R2 approves finally', () => {
  const session = browserSession([
    { name: 'ada', roles: ['admin'] }, { name: 'tian', roles: ['translator'] }, { name: 'rong', roles: ['reviewer'] }, { name: 'ruth', roles: ['reviewer'] },
  ], PASSWORD);
  let app: TestApp;
  beforeAll(() => { app = session.app; });

  it('takes a slot from translated through R1 to R2, each reviewer offered only their pass', { timeout: 120_000 }, async () => {
    const { documentId } = await app.services.documents.importDocument({ title: '会谈', text: '两国元首举行会谈。双方交换意见。双方签署协议。', langs: ['en'], user: null });
    const sentences = ['The heads of state held talks.', 'The sides exchanged views.', 'The sides signed an agreement.'];
    app.services.documents.placeTranslation({
      documentId, lang: 'en', sentences, beads: sentences.map((_, i) => ({ source: [i], target: [i] })), status: 'aligned', action: 'align', userId: null,
    });
    const tian = app.services.accounts.listUsers().find((u) => u.name === 'tian')!;
    for (const segment of app.store.segments.listSegments(documentId)) {
      const slot = app.store.slots.findSlot(segment.id, 'en');
      if (slot?.kind !== 'head') throw new Error('expected a head');
      app.services.slots.editSlot({ documentId, segmentId: segment.id, lang: 'en', text: slot.text, version: slot.version, user: tian, confirm: true });
    }

    const admin = await session.signedIn('ada');
    await admin.goto(`${app.baseUrl}/documents/${documentId}`);
    await admin.getByRole('button', { name: 'Turn on a second review of English' }).click();
    await admin.getByText('two passes, reviewer 1 then reviewer 2').waitFor();

    const first = await session.signedIn('rong');
    await first.goto(`${app.baseUrl}/documents/${documentId}/review/en`);
    const item = first.locator('.review-item').first();
    await item.waitFor();
    await item.focus();
    await first.keyboard.press('Control+Enter');
    await first.getByText('Approved #1 in the first review; it waits for the second reviewer.').waitFor();
    expect(app.store.slots.findSlot(app.store.segments.listSegments(documentId)[0]!.id, 'en')).toMatchObject({ status: 'reviewed' });
    await first.locator('[data-review-filter]').selectOption('waiting-r2');
    const own = first.locator('.review-item').first();
    await own.locator('.review-r1').waitFor();
    // Four eyes: reviewer 1 is not offered the final approval of the slot they approved.
    expect(await own.getByRole('button', { name: 'Approve (R2)' }).isDisabled()).toBe(true);

    const second = await session.signedIn('ruth', { width: 1366, height: 900 });
    await second.goto(`${app.baseUrl}/documents/${documentId}/review/en?filter=waiting-r2`);
    const waiting = second.locator('.review-item').first();
    await waiting.waitFor();
    expect(await waiting.locator('.badge-inline').first().textContent()).toBe('Reviewed (R1)');
    expect(await waiting.locator('.review-r1').textContent()).toMatch(/^R1: rong, /);
    expect(await second.locator('[data-review-counts]').textContent()).toContain('R1: 1 approved, 0 rejected');
    await expectAccessible(second, 'the review page with a second pass');
    for (const width of [800, 1366, 1920]) {
      await second.setViewportSize({ width, height: 900 });
      await second.screenshot({ path: screenshotPath(`second-review-${width}.png`), fullPage: true });
    }
    await waiting.getByRole('button', { name: 'Approve (R2)' }).click();
    await second.getByText('Approved #1.').waitFor();
    expect(app.store.slots.findSlot(app.store.segments.listSegments(documentId)[0]!.id, 'en')).toMatchObject({ status: 'approved' });
    await second.getByText('Nothing to show with this filter.').waitFor();

    await admin.reload();
    expect(await admin.locator('[data-review-pass="en"]').textContent()).toMatch(/R1: 1 approved, 0 rejected · R2: 1 approved, 0 rejected/);
    await expectAccessible(admin, 'the document page with a second pass');
  });
});

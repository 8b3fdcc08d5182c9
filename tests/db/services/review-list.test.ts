/**
 * The review list's filters are decided and paged in SQL (issue #12: reading every slot of a
 * 20,000-segment language to filter it cost a second and 40 MB a view). Each filter must keep
 * exactly the slots the rule it replaced kept: that rule is written out here over the whole
 * language and compared, on a small document with every status, merged slots, confidences,
 * open and resolved comments and approved texts changed since.
 */
import { describe, expect, it } from 'vitest';
import { SLOT_STATUSES, type HeadSlot, type SlotStatus } from '../../../src/domain.js';
import { LOW_CONFIDENCE } from '../../../src/align/confidence.js';
import { REVIEW_FILTERS, type ReviewFilter } from '../../../src/services/review.js';
import { makeUser } from '../../helpers/factories.js';
import { serviceEnv } from '../../helpers/service-env.js';

const env = serviceEnv();
const AT = '2026-12-01T00:00:00.000Z';

function seed(authorId: number): number {
  const { store } = env;
  return store.transaction(() => {
    const id = store.documents.insertDocument({ title: '过滤', sourceLang: 'zh-CN', createdBy: null, langs: ['en'], now: AT });
    const ids = store.segments.insertSegments(id, Array.from({ length: 40 }, (_, i) => ({ paragraph: Math.floor(i / 4), text: `第${i + 1}句。` })));
    for (let i = 0; i < ids.length; i++) {
      const segmentId = ids[i]!;
      const status: SlotStatus = SLOT_STATUSES[i % SLOT_STATUSES.length]!;
      // Every fifth head covers two segments.
      const span = i % 5 === 0 && i + 1 < ids.length ? 2 : 1;
      store.slots.insertHead({ segmentId, lang: 'en', text: status === 'empty' ? '' : `Sentence ${i + 1}.`, status, span, confidence: i % 3 === 0 ? null : (i % 10) / 10, updatedBy: null, now: AT });
      if (i % 4 === 1) store.revisions.insertRevision({ segmentId, lang: 'en', version: 1, text: i % 8 === 1 ? `Sentence ${i + 1}.` : 'An older approved text.', status: 'approved', span, authorId, createdAt: AT, action: 'approve' });
      if (i % 6 === 2) {
        const comment = store.review.insertComment({ segmentId, lang: 'en', authorId, body: 'Look again.', now: AT });
        if (i % 12 === 2) store.review.updateCommentResolution(comment, AT, authorId);
      }
      if (span === 2) {
        store.slots.insertContinuation(ids[i + 1]!, 'en', segmentId);
        i += 1;
      }
    }
    return id;
  });
}

/** The rules the review list applied in JavaScript over every slot before they moved into SQL. */
function oldRule(documentId: number, filter: ReviewFilter): ((slot: HeadSlot) => boolean) | undefined {
  const comments = env.store.review.commentCounts(documentId);
  const rules: Partial<Record<ReviewFilter, (slot: HeadSlot) => boolean>> = {
    all: () => true,
    'needs-review': (slot) => slot.status === 'translated',
    'waiting-r2': (slot) => slot.status === 'reviewed',
    rejected: (slot) => slot.status === 'rejected',
    approved: (slot) => slot.status === 'approved',
    'changed-since-approval': (slot) => {
      if (slot.status === 'approved') return false;
      const b = env.store.review.findComparisonBase(slot.segmentId, 'en', slot.text);
      return b?.kind === 'approved' && b.text !== slot.text;
    },
    'has-comments': (slot) => (comments.get(`${slot.segmentId}:en`)?.open ?? 0) > 0,
    'low-confidence': (slot) => slot.confidence !== null && slot.confidence < LOW_CONFIDENCE,
  };
  return rules[filter];
}

describe('the review list filtered and paged in SQL', () => {
  it('keeps the slots each filter kept before, in order, page by page, with the counts of the language', async () => {
    const { user } = await makeUser(env.services, { roles: ['translator', 'reviewer'] });
    const documentId = seed(user.id);
    const slots = env.store.slots.listSlots(documentId, 'en');
    const checked: ReviewFilter[] = [];
    for (const filter of REVIEW_FILTERS) {
      const rule = oldRule(documentId, filter);
      if (!rule) continue;
      checked.push(filter);
      const expected = slots.flatMap((slot, position) => (slot.kind === 'head' && rule(slot) ? [position] : []));
      const whole = env.services.review.listReview({ documentId, lang: 'en', filter, offset: 0, limit: 100, user });
      expect(whole.items.map((item) => item.position), filter).toEqual(expected);
      expect(whole.total, filter).toBe(expected.length);
      const page = env.services.review.listReview({ documentId, lang: 'en', filter, offset: 2, limit: 3, user });
      expect(page.items.map((item) => item.position), `${filter}, second page`).toEqual(expected.slice(2, 5));
      expect(page.total).toBe(expected.length);
    }
    // Every filter but the two QA ones (which read every slot's findings) is decided in SQL.
    expect(checked).toHaveLength(REVIEW_FILTERS.length - 2);
    // Each filter keeps some slots and leaves some out, so the comparison says something.
    for (const filter of checked.filter((f) => f !== 'all')) {
      const total = env.services.review.listReview({ documentId, lang: 'en', filter, offset: 0, limit: 1, user }).total;
      expect(total, filter).toBeGreaterThan(0);
      expect(total, filter).toBeLessThan(slots.filter((s) => s.kind === 'head').length);
    }
    const counts = env.services.review.listReview({ documentId, lang: 'en', filter: 'all', offset: 0, limit: 1, user }).counts;
    const covered = (status: SlotStatus) => slots.reduce((sum, s) => sum + (s.kind === 'head' && s.status === status ? s.span : 0), 0);
    expect(counts).toEqual(Object.fromEntries(SLOT_STATUSES.map((s) => [s, covered(s)])));
  });

  it('answers an offset past the end with no slots and the true total', async () => {
    const { user } = await makeUser(env.services, { roles: ['translator', 'reviewer'] });
    const documentId = seed(user.id);
    const page = env.services.review.listReview({ documentId, lang: 'en', filter: 'all', offset: 1000, limit: 50, user });
    expect(page.items).toEqual([]);
    expect(page.total).toBe(env.store.slots.listSlots(documentId, 'en').filter((s) => s.kind === 'head').length);
  });
});

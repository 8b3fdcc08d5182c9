import { describe, expect, it } from 'vitest';
import type { SlotStatus } from '../../../src/domain.js';
import type { Store } from '../../../src/store/index.js';
import { withTempDb } from '../../helpers/temp-db.js';

// The confirmed slots a re-alignment learns from beyond its window (issue #11): one bounded read.
let store: Store;
const now = '2026-12-02T00:00:00.000Z';
withTempDb((t) => {
  store = t.store;
});

/** A document of `count` segments `句k。`, every head one segment, confirmed where `status` says. */
function documentWith(count: number, status: (k: number) => SlotStatus): { documentId: number; ids: number[] } {
  const documentId = store.documents.insertDocument({ title: 't', sourceLang: 'zh-CN', createdBy: null, langs: ['en'], now });
  const ids = store.segments.insertSegments(documentId, Array.from({ length: count }, (_, k) => ({ paragraph: 0, text: `句${k}。` })));
  ids.forEach((segmentId, k) => store.slots.insertHead({ segmentId, lang: 'en', text: status(k) === 'empty' ? '' : `Sentence ${k}.`, status: status(k), span: 1, updatedBy: null, now }));
  return { documentId, ids };
}

describe('listConfirmedPairs', () => {
  it('returns translated and approved slots outside the window only, nearest first, at most the limit', () => {
    const statuses: SlotStatus[] = ['translated', 'approved', 'aligned', 'draft', 'rejected', 'empty'];
    const { documentId } = documentWith(60, (k) => statuses[k % statuses.length]!);
    const all = store.regions.listConfirmedPairs(documentId, 'en', 20, 39, 1000);
    const confirmed = (k: number) => k % 6 === 0 || k % 6 === 1;
    const outside = Array.from({ length: 60 }, (_, k) => k).filter((k) => (k < 20 || k > 39) && confirmed(k));
    expect(all.map((p) => p.position)).toEqual(outside);
    expect(all[0]).toEqual({ position: 0, source: '句0。', target: 'Sentence 0.' });

    // Bounded: the limit caps the read, and it keeps the slots nearest the window.
    const few = store.regions.listConfirmedPairs(documentId, 'en', 20, 39, 4);
    expect(few.map((p) => p.position)).toEqual([18, 19, 42, 43]);
  });

  it('gives a slot spanning several segments their Chinese joined, and never one reaching into the window', () => {
    const documentId = store.documents.insertDocument({ title: 't', sourceLang: 'zh-CN', createdBy: null, langs: ['en'], now });
    const ids = store.segments.insertSegments(documentId, ['甲。', '乙。', '丙。', '丁。'].map((text) => ({ paragraph: 0, text })));
    store.slots.insertHead({ segmentId: ids[0]!, lang: 'en', text: 'A. B.', status: 'translated', span: 2, updatedBy: null, now });
    store.slots.insertContinuation(ids[1]!, 'en', ids[0]!);
    store.slots.insertHead({ segmentId: ids[2]!, lang: 'en', text: 'C. D.', status: 'approved', span: 2, updatedBy: null, now });
    store.slots.insertContinuation(ids[3]!, 'en', ids[2]!);
    expect(store.regions.listConfirmedPairs(documentId, 'en', 3, 3, 10)).toEqual([{ position: 0, source: '甲。乙。', target: 'A. B.' }]);
  });
});

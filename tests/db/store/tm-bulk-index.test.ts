import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTmService } from '../../../src/services/tm.js';
import type { NewTmUnit } from '../../../src/store/tm.js';
import { tempDb } from '../../helpers/temp-db.js';

let temp: ReturnType<typeof tempDb>;
beforeEach(() => {
  temp = tempDb();
});
afterEach(() => temp.cleanup());

const unit = (i: number): NewTmUnit => ({
  sourceLang: 'zh-CN', sourceText: `第${i}次两国元首会晤取得成果。`, targetLang: 'en', targetText: `Meeting ${i}.`, origin: 'tmx', originName: 'bulk.tmx',
  tuid: null, documentId: null, author: null, changedAt: null, createdBy: null, createdAt: '2026-01-01T00:00:00.000Z',
});
/** Segments of the source index (FTS5 gives each segment's leaf pages rows in its _idx table). */
const segments = () => temp.db.prepare('SELECT COUNT(DISTINCT segid) FROM tm_source_grams_idx').pluck().get() as number;

describe('a bulk load of the TM', () => {
  it('on ending, merges the segments it wrote, so a look-up seeks few', () => {
    const { store } = temp;
    store.transaction(() => store.tm.setBulkIndexing(true));
    // Each commit writes the index's pending tokens as one new segment.
    for (let batch = 0; batch < 12; batch++) store.transaction(() => store.tm.insertTmUnits(Array.from({ length: 20 }, (_, i) => unit(batch * 20 + i))));
    expect(segments()).toBe(12);
    // Ending does what automatic merging would have done meanwhile.
    store.transaction(() => store.tm.setBulkIndexing(false));
    expect(segments()).toBeLessThan(4);
    const tm = createTmService({ store, now: () => new Date('2026-01-02T00:00:00Z') });
    expect(tm.lookupText('第77次两国元首会晤取得成果。', 'en')[0]).toMatchObject({ percent: 100, target: 'Meeting 77.' });
    expect(tm.concordance({ q: '会晤', limit: 500 })).toHaveLength(240);
  });
});

import { statSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDb } from '../../helpers/temp-db.js';
import type { Store } from '../../../src/store/index.js';
import { regionOfOneSegment } from '../../../src/store/regions.js';

let temp: ReturnType<typeof tempDb>;
let store: Store;
const now = '2026-11-24T00:00:00.000Z';

beforeEach(() => {
  temp = tempDb();
  store = temp.store;
});
afterEach(() => temp.cleanup());

function documentWith(segmentCount: number): { documentId: number; ids: number[] } {
  const documentId = store.documents.insertDocument({ title: 't', sourceLang: 'zh-CN', createdBy: null, langs: ['en'], now });
  const ids = store.segments.insertSegments(documentId, Array.from({ length: segmentCount }, (_, i) => ({ paragraph: 0, text: `句${i}。` })));
  return { documentId, ids };
}

function head(segmentId: number, span = 1) {
  store.slots.insertHead({ segmentId, lang: 'en', text: 'x', status: 'aligned', span, updatedBy: null, now });
}

describe('checkTiling', () => {
  it('accepts one head per segment', () => {
    const { documentId, ids } = documentWith(3);
    ids.forEach((id) => head(id));
    expect(store.slots.checkTiling(documentId, 'en')).toEqual([]);
  });

  it('accepts a head spanning segments with its continuations', () => {
    const { documentId, ids } = documentWith(4);
    head(ids[0]!);
    head(ids[1]!, 3);
    store.slots.insertContinuation(ids[2]!, 'en', ids[1]!);
    store.slots.insertContinuation(ids[3]!, 'en', ids[1]!);
    expect(store.slots.checkTiling(documentId, 'en')).toEqual([]);
  });

  it('reports a segment without a slot', () => {
    const { documentId, ids } = documentWith(2);
    head(ids[0]!);
    expect(store.slots.checkTiling(documentId, 'en')).toEqual([`segment 1 (id ${ids[1]}), en: no slot`]);
  });

  it('reports a head inside another head\'s span', () => {
    const { documentId, ids } = documentWith(2);
    head(ids[0]!, 2);
    head(ids[1]!);
    expect(store.slots.checkTiling(documentId, 'en')).toEqual([
      `segment 1 (id ${ids[1]}), en: a head where the span of segment id ${ids[0]} still needs 1 continuation(s)`,
    ]);
  });

  it('reports a continuation outside any span and one pointing at the wrong head', () => {
    const { documentId, ids } = documentWith(4);
    head(ids[0]!);
    store.slots.insertContinuation(ids[1]!, 'en', ids[0]!);
    head(ids[2]!, 2);
    store.slots.insertContinuation(ids[3]!, 'en', ids[0]!);
    expect(store.slots.checkTiling(documentId, 'en')).toEqual([
      `segment 1 (id ${ids[1]}), en: a continuation outside any head's span`,
      `segment 3 (id ${ids[3]}), en: a continuation of segment id ${ids[0]}, but it lies in the span of segment id ${ids[2]}`,
    ]);
  });

  it('reports a span running past the end of the document', () => {
    const { documentId, ids } = documentWith(2);
    head(ids[0]!);
    head(ids[1]!, 3);
    expect(store.slots.checkTiling(documentId, 'en')).toEqual([`en: the span of segment id ${ids[1]} runs 2 segment(s) past the end of the document`]);
  });

  it('the schema refuses a head without text or a continuation with a status', () => {
    const { ids } = documentWith(1);
    expect(() => temp.db.prepare("INSERT INTO slots (segment_id, lang, kind, status, version, span, updated_at) VALUES (?, 'en', 'head', 'empty', 1, 1, 'x')").run(ids[0])).toThrow(/CHECK/);
    expect(() => temp.db.prepare("INSERT INTO slots (segment_id, lang, kind, head_segment_id, status) VALUES (?, 'en', 'continuation', ?, 'draft')").run(ids[0], ids[0])).toThrow(/CHECK/);
    expect(() => temp.db.prepare("INSERT INTO slots (segment_id, lang, kind, text, status, version, span, updated_at) VALUES (?, 'en', 'head', '', 'done', 1, 1, 'x')").run(ids[0])).toThrow(/CHECK/);
  });
});

describe('findSlotAt', () => {
  it('finds the slot of a segment of the document with its position, and nothing for another document', () => {
    const { documentId, ids } = documentWith(3);
    head(ids[0]!);
    head(ids[1]!, 2);
    store.slots.insertContinuation(ids[2]!, 'en', ids[1]!);
    const other = documentWith(1);
    head(other.ids[0]!);
    expect(store.slots.findSlotAt(documentId, ids[1]!, 'en')).toMatchObject({ position: 1, slot: { kind: 'head', segmentId: ids[1], span: 2 } });
    expect(store.slots.findSlotAt(documentId, ids[2]!, 'en')).toEqual({
      position: 2, slot: { kind: 'continuation', segmentId: ids[2], lang: 'en', headSegmentId: ids[1] }, segment: { id: ids[2], paragraph: 0, text: '句2。' },
    });
    expect(store.slots.findSlotAt(documentId, ids[0]!, 'ru')).toBeUndefined();
    expect(store.slots.findSlotAt(documentId, other.ids[0]!, 'en')).toBeUndefined();
    expect(store.slots.findSlotAt(other.documentId, other.ids[0]!, 'en')).toMatchObject({ position: 0 });
  });
});

describe('regionOfOneSegment', () => {
  it('builds from findSlotAt what readRegion reads for a head of one segment', () => {
    const { documentId, ids } = documentWith(3);
    store.slots.insertHead({ segmentId: ids[0]!, lang: 'en', text: 'One.', status: 'aligned', span: 1, confidence: 0.42, reasons: ['length', 'numbers'], updatedBy: null, now });
    store.slots.insertHead({ segmentId: ids[1]!, lang: 'en', text: '', status: 'empty', span: 1, updatedBy: null, now });
    store.slots.insertHead({ segmentId: ids[2]!, lang: 'en', text: 'Three «x».', status: 'translated', span: 1, confidence: null, reasons: [], updatedBy: null, now });
    for (const segmentId of ids) {
      const found = store.slots.findSlotAt(documentId, segmentId, 'en')!;
      if (found.slot.kind !== 'head') throw new Error('a head was expected');
      expect(regionOfOneSegment(found.position, found.segment, 'en', found.slot)).toEqual(store.regions.readRegion(documentId, found.position, found.position, ['en']));
    }
  });
});

describe('updateHeadText', () => {
  const save = (segmentId: number, input: { text: string; status: 'draft' | 'aligned' | 'translated'; previousStatus?: 'draft' | 'aligned' | 'translated'; expectedVersion: number }) =>
    store.slots.updateHeadText({ segmentId, lang: 'en', userId: null, now, keepConfidence: false, ...input });

  it('writes the status when it changes and keeps it when the caller says it is unchanged', () => {
    const { ids } = documentWith(1);
    head(ids[0]!);
    expect(save(ids[0]!, { text: 'first', status: 'draft', previousStatus: 'aligned', expectedVersion: 1 })).toBe(true);
    expect(store.slots.findSlot(ids[0]!, 'en')).toMatchObject({ kind: 'head', text: 'first', status: 'draft', version: 2 });
    expect(save(ids[0]!, { text: 'second', status: 'draft', previousStatus: 'draft', expectedVersion: 2 })).toBe(true);
    expect(store.slots.findSlot(ids[0]!, 'en')).toMatchObject({ kind: 'head', text: 'second', status: 'draft', version: 3 });
    // Without previousStatus the status is always written.
    expect(save(ids[0]!, { text: 'third', status: 'translated', expectedVersion: 3 })).toBe(true);
    expect(store.slots.findSlot(ids[0]!, 'en')).toMatchObject({ kind: 'head', text: 'third', status: 'translated', version: 4 });
  });

  it('refuses a stale version with or without the status in the write', () => {
    const { ids } = documentWith(1);
    head(ids[0]!);
    expect(save(ids[0]!, { text: 'stale', status: 'aligned', previousStatus: 'aligned', expectedVersion: 7 })).toBe(false);
    expect(save(ids[0]!, { text: 'stale', status: 'draft', previousStatus: 'aligned', expectedVersion: 7 })).toBe(false);
    expect(store.slots.findSlot(ids[0]!, 'en')).toMatchObject({ kind: 'head', text: 'x', status: 'aligned', version: 1 });
  });

  it('writes fewer pages for a save that keeps the status: the status index is left alone', () => {
    const { ids } = documentWith(1);
    head(ids[0]!);
    // WAL frames written by one autocommitted save, from an emptied WAL.
    const framesOf = (write: () => void) => {
      temp.db.pragma('wal_checkpoint(TRUNCATE)');
      write();
      return statSync(`${temp.path}-wal`).size;
    };
    const kept = framesOf(() => save(ids[0]!, { text: 'kept', status: 'aligned', previousStatus: 'aligned', expectedVersion: 1 }));
    const changed = framesOf(() => save(ids[0]!, { text: 'changed', status: 'draft', previousStatus: 'aligned', expectedVersion: 2 }));
    expect(kept).toBeLessThan(changed);
  });
});

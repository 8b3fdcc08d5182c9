import { describe, expect, it } from 'vitest';
import { withTempDb } from '../../helpers/temp-db.js';
import type { Store } from '../../../src/store/index.js';

let store: Store;
const now = '2026-12-02T00:00:00.000Z';
withTempDb((t) => {
  store = t.store;
});

const insert = (langs: string[]) => store.documents.insertDocument({ title: 't', sourceLang: 'zh-CN', createdBy: null, langs, now });

describe('findDocumentLangs', () => {
  it('answers the languages findDocument finds, in their order, and nothing where it finds nothing', () => {
    const ids = [insert(['ru', 'en']), insert([]), insert(['en'])];
    const pending = insert(['en', 'ru']);
    store.documents.insertDocumentImport(pending, now);
    for (const id of [...ids, pending, 999]) expect(store.documents.findDocumentLangs(id)).toEqual(store.documents.findDocument(id)?.langs);
    expect(store.documents.findDocumentLangs(ids[0]!)).toEqual(['ru', 'en']);
    expect(store.documents.findDocumentLangs(ids[1]!)).toEqual([]);
    expect(store.documents.findDocumentLangs(pending)).toBeUndefined();
    store.documents.finishDocumentImport(pending);
    expect(store.documents.findDocumentLangs(pending)).toEqual(['en', 'ru']);
  });
});

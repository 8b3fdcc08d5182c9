import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { type TempDb, withTempDb } from '../../helpers/temp-db.js';
import type { Store } from '../../../src/store/index.js';

let temp: TempDb;
let store: Store;
const now = '2026-12-02T00:00:00.000Z';
withTempDb((t) => {
  temp = t;
  store = t.store;
});

describe('store.read', () => {
  it('reads one snapshot: a commit by another connection meanwhile is not seen until it ends', () => {
    const id = store.documents.insertDocument({ title: 'before', sourceLang: 'zh-CN', createdBy: null, langs: ['en'], now });
    const other = new Database(temp.path);
    try {
      const titles = store.read(() => {
        const first = store.documents.findDocument(id)?.title;
        other.prepare('UPDATE documents SET title = ? WHERE id = ?').run('after', id);
        return [first, store.documents.findDocument(id)?.title];
      });
      expect(titles).toEqual(['before', 'before']);
      expect(store.documents.findDocument(id)?.title).toBe('after');
    } finally {
      other.close();
    }
  });

  it('ends its read transaction when it throws, and runs inside a write transaction as part of it', () => {
    expect(() => store.read(() => { throw new Error('refused'); })).toThrow('refused');
    expect(store.db.inTransaction).toBe(false);
    const id = store.transaction(() => {
      const inserted = store.documents.insertDocument({ title: 't', sourceLang: 'zh-CN', createdBy: null, langs: ['ru'], now });
      expect(store.read(() => store.documents.findDocumentLangs(inserted))).toEqual(['ru']);
      return inserted;
    });
    expect(store.db.inTransaction).toBe(false);
    expect(store.documents.findDocumentLangs(id)).toEqual(['ru']);
  });
});

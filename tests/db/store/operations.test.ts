import { describe, expect, it } from 'vitest';
import { withTempDb } from '../../helpers/temp-db.js';
import type { Store } from '../../../src/store/index.js';
import type { RegionState } from '../../../src/store/regions.js';

let store: Store;
const now = '2026-12-02T00:00:00.000Z';
withTempDb((t) => {
  store = t.store;
});

const region = (text: string): RegionState => ({ startPosition: 0, segments: [{ id: 1, paragraph: 0, text: '一。' }], slots: { en: [{ start: 0, span: 1, text, status: 'draft', confidence: null, reasons: [], version: 2 }] } });

describe('the tops of the undo and redo stacks', () => {
  it('answers the same labels, step and redo stack as findLatestOperation', () => {
    const documentId = store.documents.insertDocument({ title: 't', sourceLang: 'zh-CN', createdBy: null, langs: ['en'], now });
    const userId = store.users.insertUser({ name: 'li', passwordHash: 'x', roles: ['translator'], now });
    const agree = () => {
      for (const state of ['done', 'undone'] as const) {
        expect(store.operations.findLatestLabel(documentId, userId, state)).toBe(store.operations.findLatestOperation(documentId, userId, state)?.label);
      }
      const full = store.operations.findLatestOperation(documentId, userId, 'done');
      const { step, redo } = store.operations.findUndoTop(documentId, userId);
      const { after, ...rest } = step ?? { after: undefined };
      expect(step && { ...rest, after: after?.() }).toEqual(full && {
        id: full.id, kind: full.kind, lang: full.lang, label: full.label, after: full.after, updatedAt: full.updatedAt, headSegmentId: full.after.segments[0]?.id ?? null,
      });
      // Exact with a step to take back; without one, "may hold one" (the save then drops what there is).
      expect(redo).toBe(!step || store.operations.findLatestOperation(documentId, userId, 'undone') !== undefined);
    };
    agree();
    const ids = ['a', 'b', 'c'].map((text) => store.operations.insertOperation({ documentId, userId, kind: 'edit', lang: 'en', label: `edit ${text}`, before: region(''), after: region(text), now }));
    agree();
    store.operations.updateOperation(ids[2]!, { state: 'undone', before: region(''), after: region('c'), now });
    store.operations.updateOperation(ids[1]!, { state: 'undone', before: region(''), after: region('b'), now });
    agree();
    expect(store.operations.findLatestLabel(documentId, userId, 'done')).toBe('edit a');
    expect(store.operations.findLatestLabel(documentId, userId, 'undone')).toBe('edit b');
    expect(store.operations.findUndoTop(documentId, userId).step?.after()).toEqual(region('a'));
    // Everything undone: no step to take back, but a redo stack a new step must end.
    store.operations.updateOperation(ids[0]!, { state: 'undone', before: region(''), after: region('a'), now });
    agree();
    expect(store.operations.findUndoTop(documentId, userId)).toEqual({ step: undefined, redo: true });
  });
});

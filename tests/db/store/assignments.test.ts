import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDb } from '../../helpers/temp-db.js';
import type { Store } from '../../../src/store/index.js';

let temp: ReturnType<typeof tempDb>;
let store: Store;
const now = '2026-11-24T00:00:00.000Z';

beforeEach(() => {
  temp = tempDb();
  store = temp.store;
});
afterEach(() => temp.cleanup());

function documentWith(segmentCount: number): { documentId: number } {
  const documentId = store.documents.insertDocument({ title: 't', sourceLang: 'zh-CN', createdBy: null, langs: ['en', 'ru'], now });
  store.segments.insertSegments(documentId, Array.from({ length: segmentCount }, (_, i) => ({ paragraph: 0, text: `句${i}。` })));
  return { documentId };
}

describe('mayWorkOn (assignments)', () => {
  it('lets anyone work while nobody holds the role, then only those assigned', () => {
    const { documentId } = documentWith(1);
    const user = (name: string) => store.users.insertUser({ name, passwordHash: 'x', roles: ['translator', 'reviewer'], now });
    const [me, other] = [user('me'), user('other')];
    expect(store.review.mayWorkOn(documentId, 'en', 'translator', me)).toBe(true);
    store.review.insertAssignment({ documentId, lang: 'en', userId: other, role: 'translator', assignedBy: other, now });
    expect(store.review.mayWorkOn(documentId, 'en', 'translator', me)).toBe(false);
    expect(store.review.mayWorkOn(documentId, 'en', 'translator', other)).toBe(true);
    // Other roles, languages and documents are apart.
    expect(store.review.mayWorkOn(documentId, 'en', 'reviewer', me)).toBe(true);
    expect(store.review.mayWorkOn(documentId, 'ru', 'translator', me)).toBe(true);
    expect(store.review.mayWorkOn(documentWith(1).documentId, 'en', 'translator', me)).toBe(true);
    store.review.insertAssignment({ documentId, lang: 'en', userId: me, role: 'translator', assignedBy: other, now });
    expect(store.review.mayWorkOn(documentId, 'en', 'translator', me)).toBe(true);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadDemo, readDemoContent } from '../../../src/services/demo.js';
import type { Services } from '../../../src/services/index.js';
import { testServices } from '../../helpers/factories.js';
import { tempDb } from '../../helpers/temp-db.js';

let temp: ReturnType<typeof tempDb>;
let services: Services;
beforeEach(() => {
  temp = tempDb();
  services = testServices(temp.store);
});
afterEach(() => temp.cleanup());

describe('the demo', () => {
  it('loads the joint statement with both translations placed by the gold beads, and three accounts', async () => {
    const demo = await loadDemo({ store: temp.store, ...services }, readDemoContent());
    expect(demo?.passwords.map((p) => p.name)).toEqual(['admin', 'translator', 'reviewer']);
    const passwords = demo?.passwords.map((p) => p.password) ?? [];
    expect(new Set(passwords).size).toBe(3);
    const grid = services.documents.getDocumentGrid(demo!.documentId);
    expect(grid.segments).toHaveLength(56);
    expect(new Set(grid.segments.map((s) => s.paragraph)).size).toBe(38);
    for (const lang of ['en', 'ru']) expect(temp.store.slots.checkTiling(demo!.documentId, lang)).toEqual([]);
    const en = grid.slots.en!;
    // [8,9]:[8] — one English sentence spans Chinese segments 8 and 9.
    expect(en[8]).toMatchObject({ kind: 'head', span: 2, status: 'translated' });
    expect(en[9]).toMatchObject({ kind: 'continuation', headSegmentId: grid.segments[8]!.id });
    // [13]:[12,13] — one segment translated as two sentences.
    const thirteen = en[13]!;
    const enSentences = readDemoContent().translations[0]!.sentences;
    expect(thirteen.kind === 'head' && thirteen.text).toBe(`${enSentences[12]} ${enSentences[13]}`);
    // Every English sentence lands in exactly one slot, in order.
    const allText = en.flatMap((s) => (s.kind === 'head' ? [s.text] : [])).join(' ');
    expect(allText).toBe(enSentences.join(' '));
    const ru = grid.slots.ru!;
    expect(ru[2]).toMatchObject({ kind: 'head', span: 2 });
  });

  it('does nothing on a database that already holds users', async () => {
    await services.accounts.createUser({ name: 'someone', roles: ['admin'] });
    expect(await loadDemo({ store: temp.store, ...services }, readDemoContent())).toBeNull();
    expect(temp.store.documents.countDocuments()).toBe(0);
  });
});

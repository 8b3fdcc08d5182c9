/**
 * The document page's counts are kept between views (counting a 20,000-segment document takes
 * 1-2 s, issue #12) and must follow every change of its texts: a save, an undo, a source edit.
 */
import { describe, expect, it } from 'vitest';
import { makeDocument, makeUser } from '../../helpers/factories.js';
import { serviceEnv } from '../../helpers/service-env.js';

const env = serviceEnv();

describe('the counts of a document', () => {
  it('are counted again once a slot is saved or the save undone, and kept otherwise', async () => {
    const { documentId } = await makeDocument(env.services, { langs: ['en'] });
    const { user } = await makeUser(env.services);
    const english = () => env.services.analysis.count(documentId).find((c) => c.lang === 'en')!;
    expect(english()).toMatchObject({ units: 0, words: 0 });
    const segmentId = env.store.segments.listSegments(documentId)[0]!.id;
    const head = env.store.slots.findSlot(segmentId, 'en');
    env.services.slots.editSlot({ documentId, segmentId, lang: 'en', text: 'Three more words', version: head?.kind === 'head' ? head.version : 0, user });
    expect(english()).toMatchObject({ units: 1, words: 3 });
    // Unchanged texts: the same figures, not counted again.
    expect(env.services.analysis.count(documentId)).toBe(env.services.analysis.count(documentId));
    env.services.slots.undo({ documentId, user });
    expect(english()).toMatchObject({ units: 0, words: 0 });
  });
});

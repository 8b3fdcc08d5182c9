/**
 * The document page's counts are sums over the figures kept beside every text (issue #12:
 * counting the texts of a 20,000-segment document took 0.6-1.9 s of the event loop). They must
 * equal counting the texts themselves, follow every change of a text, and count rows written
 * before the figures existed.
 */
import { describe, expect, it } from 'vitest';
import { addCounts, countText, type TextCount } from '../../../src/text/counts.js';
import { makeDocument, makeUser } from '../../helpers/factories.js';
import { serviceEnv } from '../../helpers/service-env.js';

const env = serviceEnv();

/** The counts as they were computed before the figures: every text counted. */
function countedFromTexts(documentId: number) {
  const document = env.store.documents.findDocument(documentId)!;
  const segments = env.store.segments.listSegments(documentId);
  const zero: TextCount = { words: 0, characters: 0 };
  const source = segments.reduce((sum, s) => addCounts(sum, countText(s.text, 'zh')), zero);
  return [
    { lang: 'zh', units: segments.length, ...source },
    ...document.langs.map((lang) => {
      const heads = env.store.slots.listSlots(documentId, lang).flatMap((s) => (s.kind === 'head' && s.text.length > 0 ? [s] : []));
      return { lang, units: heads.length, ...heads.reduce((sum, h) => addCounts(sum, countText(h.text, lang)), zero) };
    }),
  ];
}

const counted = (documentId: number) => env.services.analysis.count(documentId).map(({ lang, units, words, characters }) => ({ lang, units, words, characters }));

describe('the counts of a document', () => {
  it('follow a save and its undo', async () => {
    const { documentId } = await makeDocument(env.services, { langs: ['en'] });
    const { user } = await makeUser(env.services);
    const english = () => env.services.analysis.count(documentId).find((c) => c.lang === 'en')!;
    expect(english()).toMatchObject({ units: 0, words: 0 });
    const segmentId = env.store.segments.listSegments(documentId)[0]!.id;
    const head = env.store.slots.findSlot(segmentId, 'en');
    env.services.slots.editSlot({ documentId, segmentId, lang: 'en', text: 'Three more words', version: head?.kind === 'head' ? head.version : 0, user });
    expect(english()).toMatchObject({ units: 1, words: 3, characters: 14 });
    env.services.slots.undo({ documentId, user });
    expect(english()).toMatchObject({ units: 0, words: 0 });
  });

  it('equal counting the texts, for texts of every kind, merged slots and rows written before the figures', async () => {
    const { documentId } = await makeDocument(env.services, { text: '第一句，含 GDP 与 3.5%。第二句𠀀有生僻字！\n　第三句　？\n第四句。第五句。', langs: ['en', 'ru'] });
    const { user } = await makeUser(env.services);
    const segments = env.store.segments.listSegments(documentId);
    const texts: Record<string, string[]> = {
      en: ['  The first, with GDP and 3.5 %. ', 'Second 😀 don\'t-stop', '', '\u3000 ', 'Fifth \ud83d cut in half.'],
      ru: ['Первое, т.е. ВВП 1,000.5', '', 'Третье — «вот»', 'Четвёртое.', ' Пятое. '],
    };
    for (const lang of ['en', 'ru']) {
      segments.forEach((segment, i) => {
        const text = texts[lang]![i]!;
        const head = env.store.slots.findSlot(segment.id, lang);
        if (text && head?.kind === 'head') env.services.slots.editSlot({ documentId, segmentId: segment.id, lang, text, version: head.version, user });
      });
    }
    expect(counted(documentId)).toEqual(countedFromTexts(documentId));
    const ruFirst = env.store.slots.findSlot(segments[0]!.id, 'ru');
    env.services.slots.applyOperation({ documentId, kind: 'merge', segmentId: segments[0]!.id, lang: 'ru', version: ruFirst?.kind === 'head' ? ruFirst.version : 0, user });
    expect(env.store.slots.findSlot(segments[1]!.id, 'ru')?.kind).toBe('continuation');
    expect(counted(documentId)).toEqual(countedFromTexts(documentId));
    // A database from before the figures (or a text another tool wrote) has texts without them.
    env.store.db.exec('DELETE FROM segment_figures; DELETE FROM slot_figures');
    expect(counted(documentId)).toEqual(countedFromTexts(documentId));
    // Another tool changes a text: the figures it had are dropped, never read stale.
    env.store.db.prepare('UPDATE slots SET text = ? WHERE segment_id = ? AND lang = ?').run('Now five words in it', segments[4]!.id, 'en');
    env.store.db.prepare('UPDATE segments SET text = ? WHERE id = ?').run('改写的第五句，长一些。', segments[4]!.id);
    expect(counted(documentId)).toEqual(countedFromTexts(documentId));
  });
});

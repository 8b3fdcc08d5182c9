/**
 * A document's counts and TM match analysis (issue #13): the bands, repetitions, a segment's
 * own unit left out, the CSV export, and the counts on the document page.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type Login, type TestApp } from '../helpers/test-app.js';

let app: TestApp;
let tina: Login;
afterEach(() => app.close());
beforeEach(async () => {
  app = await startTestApp();
  tina = await app.login(['translator'], 'tina');
});

function tmUnit(sourceText: string, targetText: string, targetLang = 'en-US') {
  app.store.tm.insertTmUnit({
    sourceLang: 'zh-CN', sourceText, targetLang, targetText,
    origin: 'tmx', originName: 'old.tmx', tuid: null, documentId: null, author: null, changedAt: null, createdBy: null, createdAt: '2026-01-01T00:00:00Z',
  });
}

describe('TM match analysis', () => {
  it('counts each segment once in its band, repetitions first, and exports the table', async () => {
    const segments = [
      '两国元首在互信和友好气氛中举行会谈。', // identical to a unit: 100 %
      '两国元首在互信和友好的气氛中举行会谈。', // one character more: 94 %
      '双方高度评价中吉关系。', // nothing like it: no match
      '两国元首在互信和友好气氛中举行会谈。', // the first again: a repetition
    ];
    const { documentId } = await app.services.documents.importDocument({ title: '=分析', text: segments.join('\n'), langs: ['en', 'ru'], user: null });
    tmUnit('两国元首在互信和友好气氛中举行会谈。', 'The heads of state held talks in a friendly atmosphere.');
    const result = app.services.analysis.analyse(documentId);
    const en = result.analysis.find((a) => a.lang === 'en')!;
    const bands = Object.fromEntries(en.rows.map((r) => [r.band, r.segments]));
    expect(bands).toEqual({ repetition: 1, 100: 1, '95-99': 0, '85-94': 1, '75-84': 0, '50-74': 0, none: 1 });
    expect(en.rows.find((r) => r.band === 'repetition')!.words).toBe(17);
    expect(en.total).toMatchObject({ segments: 4, words: 17 + 17 + 18 + 10 });
    // The unit is English: in Russian nothing matches, and the repetition is still one.
    const ru = result.analysis.find((a) => a.lang === 'ru')!;
    expect(Object.fromEntries(ru.rows.map((r) => [r.band, r.segments]))).toMatchObject({ repetition: 1, 100: 0, none: 3 });

    const page = await app.request(`/documents/${documentId}/analysis`, { as: tina });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Repetitions');
    const csv = await app.request(`/documents/${documentId}/analysis.csv`, { as: tina });
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const bytes = new Uint8Array(await csv.arrayBuffer());
    // A byte order mark first, so spreadsheets read the Chinese as UTF-8.
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    // The title starts with "=": guarded so a spreadsheet does not run it.
    expect(text).toContain(`'=分析,English,100 %,1,17,18`);
    expect((await app.request('/documents/999999/analysis', { as: tina })).status).toBe(404);
    expect((await app.request(`/documents/${documentId}/analysis`)).status).toBeGreaterThanOrEqual(300);
  });

  it('leaves out the unit a segment\'s own approved slot made', async () => {
    const { documentId } = await app.services.documents.importDocument({ title: 'own', text: '两国元首举行会谈。', langs: ['en'], user: null });
    const [segment] = app.store.segments.listSegments(documentId);
    app.store.tm.upsertSlotTmUnit({
      segmentId: segment!.id, documentId, sourceText: segment!.text, targetLang: 'en', targetText: 'The heads of state held talks.', context: null, createdBy: null, now: '2026-01-01T00:00:00Z',
    });
    const en = app.services.analysis.analyse(documentId).analysis[0]!;
    expect(en.rows.find((r) => r.band === 'none')!.segments).toBe(1);
  });
});

describe('counts on the document page', () => {
  it('shows words and characters per column, Chinese by characters', async () => {
    const { documentId } = await app.services.documents.importDocument({ title: '计数', text: '两国元首举行会谈。\n2022年SCO峰会。', langs: ['en'], user: null });
    app.services.documents.placeTranslation({
      documentId, lang: 'en', sentences: ['The heads of state held talks.', 'The 2022 SCO summit.'],
      beads: [{ source: [0], target: [0] }, { source: [1], target: [1] }], status: 'aligned', action: 'align', userId: null,
    });
    expect(app.services.analysis.count(documentId)).toEqual([
      { lang: 'zh', name: '中文', units: 2, words: 8 + 5, characters: 9 + 11 },
      { lang: 'en', name: 'English', units: 2, words: 6 + 4, characters: 25 + 17 },
    ]);
    const html = await (await app.request(`/documents/${documentId}`, { as: tina })).text();
    expect(html).toContain('id="counts-title"');
    expect(html).toContain('/analysis.csv');
  });
});

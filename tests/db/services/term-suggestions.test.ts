import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadDemo, readDemoContent } from '../../../src/services/demo.js';
import type { Services } from '../../../src/services/index.js';
import type { Term } from '../../../src/store/terms.js';
import { stemWord } from '../../../src/text/stem.js';
import { makeUser, testServices } from '../../helpers/factories.js';
import { tempDb } from '../../helpers/temp-db.js';

let temp: ReturnType<typeof tempDb>;
let services: Services;
beforeEach(() => {
  temp = tempDb();
  services = testServices(temp.store);
});
afterEach(() => temp.cleanup());

const stems = (text: string) => text.split(/[\s,«»]+/).filter(Boolean).map((w) => stemWord(w, 'ru')).join(' ');
const russianOf = (term: Term) => term.equivalents.filter((e) => e.lang === 'ru' && e.kind !== 'forbidden').map((e) => e.text);

/** The glossary term without its Russian equivalents, as if nobody had entered them yet. */
function withoutRussian(source: string, reviewer: Parameters<Services['glossary']['updateTerm']>[2]): Term {
  const term = services.glossary.listTerms().find((t) => t.source === source)!;
  return services.glossary.updateTerm(term.id, { ...term, equivalents: term.equivalents.filter((e) => e.lang !== 'ru') }, reviewer);
}

describe('term suggestions on the demo', () => {
  it('proposes back the Russian of a term whose Russian was removed, and accepting it adds the forms seen', async () => {
    await loadDemo({ store: temp.store, ...services }, readDemoContent());
    const { user: reviewer } = await makeUser(services, { roles: ['reviewer'] });
    const original = services.glossary.listTerms().find((t) => t.source === '全面战略伙伴关系')!;
    const term = withoutRussian('全面战略伙伴关系', reviewer);
    const suggestion = services.termSuggestions.suggest({ termId: term.id, lang: 'ru' });
    expect(suggestion.evidence).toBe(2);
    const best = suggestion.candidates[0]!;
    expect(best).toMatchObject({ text: 'всеобъемлющего стратегического партнерства', evidence: 2, evidenceTotal: 2, background: 0 });
    expect(russianOf(original).map(stems)).toContain(stems(best.text));
    expect(best.examples[0]).toMatchObject({ title: readDemoContent().title });
    // The page lists it among the open terms.
    expect(services.termSuggestions.listOpen({ lang: 'ru', offset: 0, limit: 20 }).suggestions.map((s) => s.source)).toEqual(['全面战略伙伴关系']);
    const accepted = services.termSuggestions.accept({ termId: term.id, lang: 'ru', text: best.text, user: reviewer });
    expect(accepted.equivalents.filter((e) => e.lang === 'ru')).toEqual([{ lang: 'ru', text: 'всеобъемлющего стратегического партнерства', kind: 'preferred' }]);
    expect(services.termSuggestions.listOpen({ lang: 'ru', offset: 0, limit: 20 }).total).toBe(0);
  });

  it('finds the Russian of most demo terms left out one at a time (precision at 1)', async () => {
    await loadDemo({ store: temp.store, ...services }, readDemoContent());
    const { user: reviewer } = await makeUser(services, { roles: ['reviewer'] });
    const originals = services.glossary.listTerms();
    let right = 0;
    for (const original of originals) {
      const term = withoutRussian(original.source, reviewer);
      const best = services.termSuggestions.suggest({ termId: term.id, lang: 'ru' }).candidates[0];
      if (best && russianOf(original).map(stems).includes(stems(best.text))) right += 1;
      services.glossary.updateTerm(term.id, { ...original }, reviewer);
    }
    // 11 of 13 when this was written; the two misses (人类命运共同体, 全球发展倡议) occur once each.
    expect(right).toBeGreaterThanOrEqual(11);
    expect(originals).toHaveLength(13);
  });
});

describe('term suggestions on small made-up documents', () => {
  async function documentWith(chinese: string, en: string[], ru: string[]) {
    const { documentId } = await services.documents.importDocument({ title: '测试', text: chinese, langs: ['en', 'ru'], user: null });
    const segments = temp.store.segments.listSegments(documentId);
    for (const [lang, texts] of [['en', en], ['ru', ru]] as const) {
      services.documents.placeTranslation({ documentId, lang, sentences: texts, beads: texts.map((_, i) => ({ source: [i], target: [i] })), status: 'translated', action: 'import', userId: null });
    }
    expect(segments).toHaveLength(en.length);
    return documentId;
  }

  it('groups inflected forms by stem and shows the most frequent one', async () => {
    await documentWith(
      '丝绸之路连接亚欧。我们沿着丝绸之路前进。丝绸之路经济带正在建设。两国加强合作。合作成果丰硕。',
      ['The Silk Road links Asia and Europe.', 'We advance along the Silk Road.', 'The Silk Road Economic Belt is being built.', 'The two countries strengthen cooperation.', 'Cooperation has borne fruit.'],
      ['Шелковый путь связывает Азию и Европу.', 'Мы продвигаемся по Шелковому пути.', 'Строится экономический пояс Шелкового пути.', 'Две страны укрепляют сотрудничество.', 'Сотрудничество принесло плоды.'],
    );
    const { user: reviewer } = await makeUser(services, { roles: ['reviewer'] });
    const term = services.glossary.createTerm({ source: '丝绸之路', caseSensitive: false, note: '', equivalents: [{ lang: 'en', text: 'Silk Road', kind: 'preferred' }] }, reviewer);
    const [best] = services.termSuggestions.suggest({ termId: term.id, lang: 'ru' }).candidates;
    expect(best).toMatchObject({ evidence: 3, evidenceTotal: 3, background: 0 });
    expect(best!.forms.map((f) => f.text).sort()).toEqual(['Шелкового пути', 'Шелковому пути', 'Шелковый путь']);
    // All forms are seen once: the nominative-looking one is shown.
    expect(best!.text).toBe('Шелковый путь');
    const accepted = services.termSuggestions.accept({ termId: term.id, lang: 'ru', text: best!.text, user: reviewer });
    expect(accepted.equivalents.filter((e) => e.lang === 'ru').map((e) => `${e.kind}:${e.text}`)).toEqual(['preferred:Шелковый путь', 'allowed:Шелкового пути', 'allowed:Шелковому пути']);
  });

  it('refuses bad input and changes nothing', async () => {
    await documentWith('丝绸之路连接亚欧。', ['The Silk Road links Asia and Europe.'], ['Шелковый путь связывает Азию и Европу.']);
    const { user: reviewer } = await makeUser(services, { roles: ['reviewer'] });
    const { user: translator } = await makeUser(services, { roles: ['translator'] });
    const term = services.glossary.createTerm({ source: '丝绸之路', caseSensitive: false, note: '', equivalents: [{ lang: 'en', text: 'Silk Road', kind: 'preferred' }, { lang: 'ru', text: 'Шелковая дорога', kind: 'forbidden' }] }, reviewer);
    const before = JSON.stringify(services.glossary.getTerm(term.id));
    expect(() => services.termSuggestions.accept({ termId: term.id, lang: 'ru', text: 'Шелковый путь', user: translator })).toThrow(/reviewers and admins/);
    expect(() => services.termSuggestions.accept({ termId: term.id, lang: 'ru', text: '  ', user: reviewer })).toThrow(/Choose the equivalent/);
    expect(() => services.termSuggestions.accept({ termId: term.id, lang: 'ru', text: 'шелковая дорога', user: reviewer })).toThrow(/forbidden variant/);
    expect(() => services.termSuggestions.accept({ termId: term.id, lang: 'Russian!', text: 'Шелковый путь', user: reviewer })).toThrow(/not a language tag/);
    expect(() => services.termSuggestions.accept({ termId: 9999, lang: 'ru', text: 'Шелковый путь', user: reviewer })).toThrow(/no term 9999/);
    expect(() => services.termSuggestions.suggest({ termId: term.id, lang: 'en', pivot: 'en' })).toThrow(/another language/);
    expect(JSON.stringify(services.glossary.getTerm(term.id))).toBe(before);
    services.termSuggestions.accept({ termId: term.id, lang: 'ru', text: 'Шелковый путь', user: reviewer });
    expect(() => services.termSuggestions.accept({ termId: term.id, lang: 'ru', text: 'Шелковый путь', user: reviewer })).toThrow(/already has a ru equivalent/);
  });

  it('says so when the term and its English never meet', async () => {
    await documentWith('两国加强合作。', ['The two countries strengthen cooperation.'], ['Две страны укрепляют сотрудничество.']);
    const { user: reviewer } = await makeUser(services, { roles: ['reviewer'] });
    const term = services.glossary.createTerm({ source: '丝绸之路', caseSensitive: false, note: '', equivalents: [{ lang: 'en', text: 'Silk Road', kind: 'preferred' }] }, reviewer);
    expect(services.termSuggestions.suggest({ termId: term.id, lang: 'ru' })).toMatchObject({ evidence: 0, candidates: [] });
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { parseCedict, type Lexicon } from '../../../src/align/lexicon.js';
import { cedictSource } from '../../../src/align/lexicon-data.js';
import { groupingDisagreement, triangulate, triangulationGroups, type TriangulationFinding, type TriangulationSlot } from '../../../src/qa/triangulation.js';
import { isQuotation } from '../../../src/qa/triangulation-signals.js';

/** Real sentences of demo/joint-statement-2022 (0-based segment numbers as in zh.sentences). */
const ZH1 = '吉尔吉斯共和国总统扎帕罗夫出席2022年北京冬奥会开幕式期间，通过中华人民共和国主席习近平同吉尔吉斯共和国总统扎帕罗夫联合声明。';
const EN1 = "While President Sadyr Japarov of the Kyrgyz Republic was attending the opening ceremony of the Beijing 2022 Olympic Winter Games, the Joint Statement by President Xi Jinping of the People's Republic of China and President Sadyr Japarov of the Kyrgyz Republic was adopted.";
const RU1 = 'В период участия Президента Кыргызской Республики Садыра Жапарова в церемонии открытия зимних Олимпийских игр 2022 года в Пекине было принято Совместное заявление Председателя Китайской Народной Республики Си Цзиньпина и Президента Кыргызской Республики Садыра Жапарова.';
const ZH5 = '双方指出，1992年两国签署中吉建交联合公报，开启了中吉人民友好和两国全面合作新阶段。';
const EN5 = 'The two sides noted that the signing of the Joint Communiqué on the Establishment of Diplomatic Relations between China and Kyrgyzstan in 1992 ushered in a new stage of friendship between the Chinese and Kyrgyz peoples and of comprehensive cooperation between the two countries.';
const RU5 = 'Стороны отметили, что подписание в 1992 году Совместного коммюнике об установлении дипломатических отношений между Китаем и Кыргызстаном открыло новый этап дружбы между китайским и кыргызским народами и всестороннего сотрудничества двух стран.';
const ZH8 = '在双方共同努力下，两国合作奠定坚实基础。';
const ZH9 = '密切的政治交往推动双边务实合作取得长足发展。';
const EN8 = 'Thanks to the joint efforts of both sides, a solid foundation has been laid for cooperation between the two countries, and close political exchanges have driven substantial progress in bilateral practical cooperation.';
const RU8 = 'Совместными усилиями сторон заложена прочная основа сотрудничества двух стран.';
const RU9 = 'Тесные политические контакты способствуют значительному развитию двустороннего практического сотрудничества.';

let lexicon: Lexicon;
beforeAll(() => { lexicon = parseCedict(cedictSource(), (w) => w.length === 1); });

const one = (text: string): TriangulationSlot[] => [{ start: 0, span: 1, text }];
const run = (zh: string, en: string, ru: string) => triangulate({ segments: [zh], langs: ['en', 'ru'], slots: { en: one(en), ru: one(ru) }, lexicon: () => lexicon, lengthNorm: null });
const brief = (findings: TriangulationFinding[]) => findings.map((f) => `${f.check}:${f.suspect ?? '-'}`);

describe('numbers, dates and percentages across the two translations', () => {
  it('passes the professional translations (1992 ↔ в 1992 году)', () => expect(run(ZH5, EN5, RU5)).toEqual([]));

  it.each([
    ['the Russian dropped 1992', EN5, RU5.replace('в 1992 году ', ''), ['tri-numbers:ru'], 'The Russian lacks 1992, which the Chinese and the English have (segment 1).'],
    ['the English dropped 1992', EN5.replace(' in 1992', ''), RU5, ['tri-numbers:en'], 'The English lacks 1992, which the Chinese and the English have (segment 1).'.replace('and the English', 'and the Russian')],
    ['the Russian mistyped 1993', EN5, RU5.replace('1992', '1993'), ['tri-numbers:ru'], 'The Russian lacks 1992, which the Chinese and the English have, and has 1993, which neither the Chinese nor the English has (segment 1).'],
    ['both added a date the Chinese lacks: nobody is blamed for agreeing', `${EN5} (6 February)`, `${RU5} (6 февраля)`, [], undefined],
  ])('%s', (_name, en, ru, expected, message) => {
    const findings = run(ZH5, en, ru).filter((f) => f.check === 'tri-numbers');
    expect(brief(findings)).toEqual(expected);
    if (message) expect(findings[0]!.message).toBe(message);
  });

  it('blames the side that adds a number neither the Chinese nor the other has', () => {
    expect(brief(run('两国元首举行会谈。', 'The two heads of state held talks on 6 February.', 'Главы двух государств провели переговоры.'))).toEqual(['tri-numbers:en']);
  });
});

describe('names across scripts', () => {
  it('passes Japarov ↔ Жапаров, Xi Jinping ↔ Си Цзиньпин, Beijing ↔ Пекин', () => expect(run(ZH1, EN1, RU1)).toEqual([]));

  it.each([
    ['the Russian dropped Japarov', EN1, RU1.replace(/ Садыра Жапарова/g, ''), 'tri-names:ru', '“Japarov” (扎帕罗夫 in the Chinese)'],
    ['the Russian dropped Xi Jinping', EN1, RU1.replace(' Си Цзиньпина', ''), 'tri-names:ru', '“Xi Jinping” (习近平 in the Chinese)'],
    ['the English dropped Japarov', EN1.replace(/ Sadyr Japarov/g, ''), RU1, 'tri-names:en', '“Жапарова” (扎帕罗夫 in the Chinese)'],
  ])('%s', (_name, en, ru, expected, named) => {
    const findings = run(ZH1, en, ru).filter((f) => f.check === 'tri-names');
    expect(brief(findings)).toEqual([expected]);
    expect(findings[0]!.message).toContain(named);
  });

  it('does not take capitalised common words for names (Joint Statement, Olympic Winter Games)', () => {
    expect(run(ZH1, EN1, RU1.replace('Совместное заявление', 'документ')).filter((f) => f.check === 'tri-names')).toEqual([]);
  });
});

describe('sentence type: question, exclamation, quotation', () => {
  it.each([
    ['an English question for a Chinese statement', '我们会成功。', 'Will we succeed?', 'Мы добьемся успеха.', ['tri-sentence-type:en']],
    ['a Russian statement for a Chinese question', '我们会成功吗？', 'Will we succeed?', 'Мы добьемся успеха.', ['tri-sentence-type:ru']],
    ['an exclamation kept in both', '我们一定会成功！', 'We will succeed!', 'Мы добьемся успеха!', []],
    ['a quotation only in English', '他说：“我们会成功。”', 'He said: “We will succeed, whatever it takes.”', 'Он сказал, что мы добьемся успеха любой ценой.', ['tri-sentence-type:ru']],
    ['a quoted term is no quotation', '两国打击“三股势力”。', 'The two countries fight the “three evil forces”.', 'Две страны борются с «тремя силами зла».', []],
  ])('%s', (_name, zh, en, ru, expected) => expect(brief(run(zh, en, ru).filter((f) => f.check === 'tri-sentence-type'))).toEqual(expected));

  it.each([
    ['He said: “We will come back.”', true], ['“We will,” he said.', true], ['«Мы победим», — сказал он.', true], ['Си Цзиньпин отметил: «Китай и Казахстан — партнеры».', true],
    ['习近平指出：“中哈是永久全面战略伙伴。”', true], ['The “three evil forces” are a threat.', false], ['The two countries will hold the “Year of Tourism of China and Kazakhstan” in 2024.', false],
    ['В 2024 году две страны проведут «Год туризма Китая и Казахстана».', false],
  ])('%s is a quotation: %s', (sentence, expected) => expect(isQuotation(sentence)).toBe(expected));
});

describe('length against the document norm', () => {
  // Ten groups with a steady English/Russian ratio, then one Russian half as long as it should be.
  const zh = Array.from({ length: 11 }, (_, i) => `${ZH5.slice(0, 20)}第${i}段。`);
  const en = zh.map((_, i) => `${EN5} (${i})`);
  const ru = zh.map((_, i) => `${RU5} (${i})`);
  const slots = (texts: string[]) => texts.map((text, start) => ({ start, span: 1, text }));
  it('flags only the group whose ratio is far from the norm, and the shorter side against the Chinese', () => {
    ru[10] = `${RU5.slice(0, 90)}. (10)`;
    const findings = triangulate({ segments: zh, langs: ['en', 'ru'], slots: { en: slots(en), ru: slots(ru) } }).filter((f) => f.check === 'tri-length');
    expect(findings.map((f) => [f.first, f.suspect])).toEqual([[10, 'ru']]);
    expect(findings[0]!.message).toMatch(/^In segment 11, the English is 2\.\d× as long as usual relative to the Russian \(\d+ letters against \d+\); against the Chinese, the Russian is the one out of line \(too short\)\.$/);
  });
});

describe('grouping disagreement (English merged 8–9, Russian did not)', () => {
  const input = { segments: [ZH8, ZH9], langs: ['en', 'ru'] as const, slots: { en: [{ start: 0, span: 2, text: EN8 }], ru: [{ start: 0, span: 1, text: RU8 }, { start: 1, span: 1, text: RU9 }] } };
  it('is one group covering both segments, with each language\'s slots and the fix', () => {
    const [group] = triangulationGroups(input);
    expect(groupingDisagreement(group!)).toEqual({
      first: 0, last: 1, slots: { en: [[0, 1]], ru: [[0, 0], [1, 1]] },
      fix: { kind: 'adopt', adopt: 'en', change: 'ru', merges: 1, splits: 0 },
    });
    const findings = triangulate(input).filter((f) => f.check === 'tri-grouping');
    expect(findings.map((f) => f.slots)).toEqual([[{ lang: 'en', start: 0 }, { lang: 'ru', start: 0 }, { lang: 'ru', start: 1 }]]);
  });

  it('prefers the finer grouping when the merged slot splits at a sentence boundary', () => {
    const split = { ...input, slots: { en: [{ start: 0, span: 1, text: 'Thanks to joint efforts, a foundation was laid.' }, { start: 1, span: 1, text: 'Exchanges drove progress.' }], ru: [{ start: 0, span: 2, text: `${RU8} ${RU9}` }] } };
    expect(groupingDisagreement(triangulationGroups(split)[0]!)?.fix).toEqual({ kind: 'adopt', adopt: 'en', change: 'ru', merges: 0, splits: 1 });
  });

  it('agrees when both group alike, and skips groups one language has not translated', () => {
    expect(triangulate({ ...input, slots: { en: input.slots.en, ru: [{ start: 0, span: 2, text: `${RU8} ${RU9}` }] } })).toEqual([]);
    expect(triangulate({ ...input, slots: { en: input.slots.en, ru: [{ start: 0, span: 1, text: RU8 }, { start: 1, span: 1, text: '' }] } })).toEqual([]);
  });
});

describe('held-out data (tests/fixtures/triangulation: nothing was tuned on it)', () => {
  it('finds nothing wrong with a clean made-up joint statement', async () => {
    const { readFileSync } = await import('node:fs');
    const d = JSON.parse(readFileSync(new URL('../../fixtures/triangulation/kazakhstan-2023.json', import.meta.url), 'utf8')) as { zh: string[]; en: string[]; ru: string[] };
    const slots = (texts: string[]) => texts.map((text, start) => ({ start, span: 1, text }));
    expect(triangulate({ segments: d.zh, langs: ['en', 'ru'], slots: { en: slots(d.en), ru: slots(d.ru) }, lexicon: () => lexicon }).map((f) => f.message)).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import {
  checkEmpty, checkFinalPunctuation, checkHomoglyphs, checkLengthRatio, checkNumbers, checkPairs, checkTerms,
  checkUntranslated, checkWhitespace, containsTerm, lengthNorm, runChecks, type QaInput, type QaResult, type QaTerm,
} from '../../../src/qa/checks.js';

/** Real sentences of demo/joint-statement-2022 (segment numbers are 0-based, as in zh.sentences). */
const ZH5 = '双方指出，1992年两国签署中吉建交联合公报，开启了中吉人民友好和两国全面合作新阶段。';
const EN5 = 'The two sides noted that the signing of the Joint Communiqué on the Establishment of Diplomatic Relations between China and Kyrgyzstan in 1992 ushered in a new stage of friendship between the Chinese and Kyrgyz peoples and of comprehensive cooperation between the two countries.';
const RU5 = 'Стороны отметили, что подписание в 1992 году Совместного коммюнике об установлении дипломатических отношений между Китаем и Кыргызстаном открыло новый этап дружбы между китайским и кыргызским народами и всестороннего сотрудничества двух стран.';
const ZH55 = '（新华社北京2月6日电）';
const ZH54 = '2022年2月6日于北京';
const ZH42 = '两国在打击“三股势力”问题上立场一致。';
const RU42 = 'Позиции двух стран в вопросах борьбы с «тремя силами зла» совпадают.';
const ZH24 = '共建“一带一路”倡议是两国实施经济社会及人文合作项目的主要原动力。';
const EN24 = 'The initiative of jointly building the Belt and Road is the main driving force for the two countries in implementing economic, social and people-to-people cooperation projects.';
const ZH21 = '双方将在防控新冠肺炎疫情跨境传播方面加强合作，保障两国过境货运车辆通行数量恢复至疫情前水平。';
const EN21 = 'The two sides will strengthen cooperation in preventing and controlling the cross-border spread of COVID-19 and ensure that the number of cargo vehicles crossing the border between the two countries returns to the pre-pandemic level.';
const ZH7 = '双方指出，建交30年来，两国建立并发展友好、信任的伙伴关系，在政治、经济、人文、安全等各领域开展互利合作。';

const BRI: QaTerm = { source: '一带一路', caseSensitive: true, equivalents: ['Belt and Road'], forbidden: ['One Belt, One Road', 'OBOR'] };
const THREE_FORCES_RU: QaTerm = { source: '三股势力', caseSensitive: false, equivalents: ['три силы зла', 'тремя силами зла', 'трех сил зла'], forbidden: ['три злых силы'] };

const ids = (results: QaResult[]) => results.map((r) => `${r.check}:${r.severity}`);
const input = (source: string, target: string, lang: string, extra: Partial<QaInput> = {}): QaInput => ({ source, target, lang, ...extra });

describe('numbers', () => {
  it.each([
    ['a year kept (en)', input(ZH5, EN5, 'en'), []],
    ['a year kept (ru, 1992 году)', input(ZH5, RU5, 'ru'), []],
    ['30 years kept', input(ZH7, 'The two sides pointed out that over the 30 years since the establishment of diplomatic relations, cooperation grew.', 'en'), []],
    ['the date 2月6日 ↔ 6 February', input(ZH55, '(Xinhua, Beijing, 6 February)', 'en'), []],
    ['the date 2月6日 ↔ February 6', input(ZH55, '(Xinhua, Beijing, February 6)', 'en'), []],
    ['the date 2月6日 ↔ 6 февраля', input(ZH55, '(Синьхуа, Пекин, 6 февраля)', 'ru'), []],
    ['year and date ↔ 6 February 2022', input(ZH54, 'Beijing, 6 February 2022', 'en'), []],
    ['COVID-19 is a name, not a number', input(ZH21, EN21, 'en'), []],
    ['percentages 百分之五 ↔ 5%', input('增长百分之五。', 'Growth was 5%.', 'en'), []],
    ['Chinese numeral 三十 ↔ 30', input('三十年来。', 'Over 30 years.', 'en'), []],
    ['a year in words (en): 1992年 ↔ nineteen ninety-two', input('1992年两国建交。', 'The two countries established relations in nineteen ninety-two.', 'en'), []],
    ['a number in words (ru): 二十一 ↔ двадцать один', input('二十一个国家。', 'Двадцать один государство.', 'ru'), []],
  ])('passes: %s', (_name, value, expected) => {
    expect(ids(checkNumbers(value))).toEqual(expected);
  });

  it.each([
    ['a wrong year', input(ZH5, EN5.replace('1992', '1993'), 'en'), [
      'The Chinese has 1992, missing from the translation.',
      'The translation has 1993, which the Chinese does not.',
    ]],
    ['a dropped year (ru)', input(ZH5, RU5.replace('в 1992 году ', ''), 'ru'), ['The Chinese has 1992, missing from the translation.']],
    ['a wrong day', input(ZH55, '(Xinhua, Beijing, 7 February)', 'en'), [
      'The Chinese has the date 2月6日 (6 February), missing from the translation.',
      'The translation has the date 2月7日 (7 February), which the Chinese does not.',
    ]],
    ['a wrong month (ru)', input(ZH55, '(Синьхуа, Пекин, 6 марта)', 'ru'), [
      'The Chinese has the date 2月6日 (6 февраля), missing from the translation.',
      'The translation has the date 3月6日 (6 марта), which the Chinese does not.',
    ]],
    ['a wrong year in words', input('1992年两国建交。', 'The two countries established relations in nineteen ninety-three.', 'en'), [
      'The Chinese has 1992, missing from the translation.',
      'The translation has 1993, which the Chinese does not.',
    ]],
    ['a wrong percentage', input('增长百分之五。', 'Growth was 6%.', 'en'), [
      'The Chinese has 5%, missing from the translation.',
      'The translation has 6%, which the Chinese does not.',
    ]],
  ])('flags: %s', (_name, value, messages) => {
    const results = checkNumbers(value);
    expect(results.map((r) => r.message)).toEqual(messages);
    expect(results.every((r) => r.check === 'numbers' && r.severity === 'error')).toBe(true);
  });
});

describe('empty and untranslated', () => {
  it.each([
    ['empty', checkEmpty(input(ZH42, '', 'en')), ['empty:error']],
    ['only spaces', checkEmpty(input(ZH42, '   ', 'en')), ['empty:error']],
    ['translated', checkEmpty(input(ZH42, 'The two countries share the same position.', 'en')), []],
    ['copied source', checkUntranslated(input(ZH42, ZH42, 'en')), ['untranslated:error']],
    ['pasted Chinese with a prefix', checkUntranslated(input(ZH42, `EN: ${ZH42}`, 'en')), ['untranslated:error']],
    ['a translation naming one Chinese word', checkUntranslated(input(ZH42, 'The two countries share one position on the “three evil forces” (三股势力).', 'en')), []],
    ['an empty target is not "untranslated"', checkUntranslated(input(ZH42, '', 'en')), []],
  ])('%s', (_name, results, expected) => {
    expect(ids(results)).toEqual(expected);
  });

  it('runChecks reports only that an empty slot is empty', () => {
    expect(runChecks(input(ZH5, '', 'en'))).toEqual([{ check: 'empty', severity: 'error', message: 'The slot has no translation.' }]);
  });
});

describe('glossary terms', () => {
  it.each([
    ['term used (en)', input(ZH24, EN24, 'en', { terms: [BRI] }), []],
    ['term used, inflected (ru)', input(ZH42, RU42, 'ru', { terms: [THREE_FORCES_RU] }), []],
    ['term not in the source', input(ZH42, 'Whatever.', 'en', { terms: [BRI] }), []],
    ['term missing', input(ZH24, 'The initiative of the Silk Road is the main driving force.', 'en', { terms: [BRI] }), ['term-missing:warning']],
    ['case-sensitive term in the wrong case', input(ZH24, 'The belt and road initiative drives cooperation.', 'en', { terms: [BRI] }), ['term-missing:warning']],
    ['forbidden variant', input(ZH24, 'The Belt and Road (formerly One Belt, One Road) drives cooperation.', 'en', { terms: [BRI] }), ['term-forbidden:error']],
    ['forbidden variant instead of the term', input(ZH24, 'OBOR is the main driving force.', 'en', { terms: [BRI] }), ['term-missing:warning', 'term-forbidden:error']],
  ])('%s', (_name, value, expected) => {
    expect(ids(checkTerms(value))).toEqual(expected);
  });

  it('says which term and which equivalents', () => {
    expect(checkTerms(input(ZH24, 'OBOR is the main driving force.', 'en', { terms: [BRI] })).map((r) => r.message)).toEqual([
      '“一带一路” should be translated as “Belt and Road”.',
      '“OBOR” is a forbidden rendering of “一带一路”; use “Belt and Road”.',
    ]);
  });

  it.each([
    ['ШОС', 'в рамках ШОС.', true],
    ['ШОС', 'в рамках ШОСа', false],
    ['сотрудничеств', 'всестороннего сотрудничества', true],
    ['Belt and Road', 'Belt and Roadmap', true],
    ['CICA', 'CICAda', false],
  ])('containsTerm(%s in %s) = %s', (needle, haystack, expected) => {
    expect(containsTerm(haystack, needle, true)).toBe(expected);
  });
});

describe('quotes and brackets', () => {
  it.each([
    ['balanced “” (en)', input(ZH42, 'The two countries share the same position on combating the “three evil forces”.', 'en'), []],
    ['balanced «» (ru)', input(ZH42, RU42, 'ru'), []],
    ['balanced 《》 and （）', input(ZH55, '《条约》（2002）', 'zh'), []],
    ['unclosed «', input(ZH42, 'Позиции двух стран в вопросах борьбы с «тремя силами зла совпадают.', 'ru'), ['unbalanced-pair:warning']],
    ['unclosed (', input(ZH55, '(Xinhua, Beijing, 6 February', 'en'), ['unbalanced-pair:warning']],
    ['odd straight quotes', input(ZH42, 'the "three evil forces.', 'en'), ['unbalanced-pair:warning']],
  ])('%s', (_name, value, expected) => {
    expect(ids(checkPairs(value))).toEqual(expected);
  });

  it('names the marks and counts', () => {
    expect(checkPairs(input(ZH42, 'борьбы с «тремя силами зла совпадают.', 'ru'))[0]?.message).toBe('The translation opens « 1 time(s) but closes » 0 time(s).');
  });
});

describe('sentence-final punctuation', () => {
  it.each([
    ['statement ↔ statement', input(ZH42, RU42, 'ru'), []],
    ['title without marks', input('中华人民共和国主席习近平同吉尔吉斯共和国总统扎帕罗夫联合声明', 'Joint Statement', 'en'), []],
    ['question ↔ question with full-width ？', input('两国立场一致吗？', 'Do the two countries agree?', 'en'), []],
    ['closing quote after the full stop', input('他说：“我们走吧。”', 'He said, “Let us go.”', 'en'), []],
    ['question ↔ statement', input('两国立场一致吗？', 'The two countries agree.', 'en'), ['final-punctuation:warning']],
    ['statement ↔ question', input(ZH42, 'Do the two countries share the same position?', 'en'), ['final-punctuation:warning']],
    ['statement ↔ nothing', input(ZH42, 'The two countries share the same position', 'en'), ['final-punctuation:warning']],
  ])('%s', (_name, value, expected) => {
    expect(ids(checkFinalPunctuation(value))).toEqual(expected);
  });
});

describe('whitespace', () => {
  it.each([
    ['clean', input(ZH5, EN5, 'en'), []],
    ['double space', input(ZH5, EN5.replace('in 1992', 'in  1992'), 'en'), ['The translation has 1 double space(s).']],
    ['leading space', input(ZH5, ` ${EN5}`, 'en'), ['The translation starts with a space.']],
    ['trailing space', input(ZH5, `${EN5} `, 'en'), ['The translation ends with a space.']],
  ])('%s', (_name, value, expected) => {
    expect(checkWhitespace(value).map((r) => r.message)).toEqual(expected);
  });
});

describe('Latin/Cyrillic homoglyphs in Russian', () => {
  it.each([
    ['clean Russian', input(ZH5, RU5, 'ru'), []],
    ['Latin names next to Russian words are fine', input(ZH21, 'распространения COVID-19 и обеспечат', 'ru'), []],
    ['English is not checked', input(ZH5, EN5, 'en'), []],
    ['Latin c and e inside a Russian word', input(ZH5, RU5.replace('сотрудничества', 'сотрудничecтва'), 'ru'), ['Latin letters inside Russian word(s): “сотрудничecтва” (Latin: e, c).']],
    ['Latin o in Кыргызстаном', input(ZH5, RU5.replace('Кыргызстаном', 'Кыргызстaном'), 'ru'), ['Latin letters inside Russian word(s): “Кыргызстaном” (Latin: a).']],
  ])('%s', (_name, value, expected) => {
    expect(checkHomoglyphs(value).map((r) => r.message)).toEqual(expected);
  });
});

describe('length ratio', () => {
  const norm = { median: 4.7 };
  it.each([
    ['usual length', input(ZH5, EN5, 'en', { lengthNorm: norm }), []],
    ['no norm yet', input(ZH5, 'Short.', 'en', { lengthNorm: null }), []],
    ['a short source is not judged', input(ZH55, 'A much, much longer text than this short credit line would warrant.', 'en', { lengthNorm: norm }), []],
    ['far too short (half the sentence lost)', input(ZH5, 'The two sides noted 1992.', 'en', { lengthNorm: norm }), ['length-ratio:warning']],
    ['far too long (two sentences pasted)', input(ZH42, `${EN5} ${EN5}`, 'en', { lengthNorm: norm }), ['length-ratio:warning']],
  ])('%s', (_name, value, expected) => {
    expect(ids(checkLengthRatio(value))).toEqual(expected);
  });

  it('computes the median over pairs long enough to judge', () => {
    const pairs = [3, 4, 5, 6, 7].map((n) => ({ source: '一'.repeat(10), target: 'x'.repeat(10 * n) }));
    expect(lengthNorm([...pairs, { source: '短', target: 'x'.repeat(500) }])).toEqual({ median: 5 });
    expect(lengthNorm(pairs.slice(0, 4))).toBeNull();
  });
});

describe('runChecks', () => {
  it('finds nothing wrong with a professional translation', () => {
    expect(runChecks(input(ZH24, EN24, 'en', { terms: [BRI], lengthNorm: { median: 4.7 } }))).toEqual([]);
  });

  it('collects the problems of a careless one in a fixed order', () => {
    expect(ids(runChecks(input(ZH5, ` ${RU5.replace('1992', '1982').replace('сотрудничества', 'сотрудничecтва')}`, 'ru', { lengthNorm: { median: 4.8 } })))).toEqual([
      'numbers:error', 'numbers:error', 'whitespace:warning', 'homoglyph:error',
    ]);
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readSrx, SrxReadError } from '../../../src/formats/srx.js';
import { compileJavaRegex, javaToJs, RegexRefusal } from '../../../src/text/java-regex.js';
import { segment, sentenceSplitter } from '../../../src/text/segment.js';
import { compileSrx } from '../../../src/text/srx.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/srx/${name}`, import.meta.url), 'utf8');
const omegat = compileSrx(readSrx(fixture('omegat-defaultRules-zh.srx')));
const languagetool = compileSrx(readSrx(fixture('languagetool-segment-en-ru.srx')));
const texts = (text: string, lang: string, rules?: Parameters<typeof segment>[2]) => segment(text, lang, rules).map((s) => s.text);

describe('Java patterns in JavaScript', () => {
  it.each([
    ['\\b[nN]o\\.\\s', 'No. 5', true],
    ['\\b[А-ЯЁ]\\.\\s', 'С. Жапаров', true],
    ['\\b[А-ЯЁ]\\.\\s', 'ВС. Жапаров', false],
    ['[\\.\\?\\!]+', '?!', true],
    ['\\p{Lu}\\p{Ll}', 'Ab', true],
    ['\\Qa.b\\E', 'a.b', true],
    ['\\Qa.b\\E', 'axb', false],
    ['\\p{Alpha}{2}', 'ab', true],
    ['&lt;0\\}', '&lt;0}', true],
    ['(?i)mr\\.', 'MR.', true],
    ['\\x{4E2D}', '中', true],
  ])('%s on %j → %s', (pattern, text, expected) => {
    expect(compileJavaRegex(pattern).test(text)).toBe(expected);
  });

  it('makes \\b a Unicode word boundary (JavaScript\'s is ASCII-only)', () => {
    expect(javaToJs('\\bг\\.').source).not.toContain('\\b');
    expect(compileJavaRegex('\\bг\\.').test('в 2022 г.')).toBe(true);
    expect(compileJavaRegex('\\bг\\.').test('в 2022г.')).toBe(false);
    expect(compileJavaRegex('\\bг\\.').test('друг.')).toBe(false);
  });

  it.each([
    ['(a+)+$', /repetition or alternatives of its own/],
    ['(\\s|x)*y', /repetition or alternatives of its own/],
    ['(\\w+\\s?)*$', /repetition or alternatives of its own/],
    ['a++', /possessive/],
    ['(?>ab)c', /atomic groups/],
    ['(a)\\1', /back-references/],
    ['[a-z&&[^aeiou]]', /class intersection|nested character classes/],
    ['a(?i)b', /inline flags inside the pattern/],
    ['\\p{javaMirrored}', /Java character property JavaScript does not know/],
    ['[abc', /not closed/],
  ])('refuses %s with a reason', (pattern, reason) => {
    expect(() => compileJavaRegex(pattern)).toThrow(RegexRefusal);
    expect(() => compileJavaRegex(pattern)).toThrow(reason);
  });

  it('accepts what real rule files use: lazy quantifiers, escaped quantifier signs, \\p{Pe}, \\u escapes', () => {
    for (const pattern of ['a+?b', '\\++', '[\\.!?…][\'"\\u00BB\\u2019\\u201D\\u203A\\p{Pe}\\u0002]*', '\\p{Lu}+', '\\d{1,3}']) {
      expect(() => compileJavaRegex(pattern)).not.toThrow();
    }
  });
});

describe('SRX files', () => {
  it('reads rule sets in order, cascade and language maps', () => {
    const source = readSrx(fixture('languagetool-segment-en-ru.srx'));
    expect(Object.keys(source.rules)).toEqual(['English', 'Russian', 'Default']);
    expect(source.cascade).toBe(true);
    expect(source.maps).toEqual([{ pattern: '(EN|en).*', rule: 'English' }, { pattern: '(RU|ru).*', rule: 'Russian' }, { pattern: '.*', rule: 'Default' }]);
    expect(source.rules.English![0]).toEqual({ break: false, before: '\\b[nN]o\\.\\s', after: '\\p{N}' });
  });

  it('refuses hostile and wrong files', () => {
    expect(() => readSrx('<!DOCTYPE srx [<!ENTITY x SYSTEM "file:///etc/passwd">]><srx version="2.0">&x;</srx>')).toThrow(SrxReadError);
    expect(() => readSrx('<srx version="1.0"/>')).toThrow(/Only SRX 2.0/);
    expect(() => readSrx('<tmx/>')).toThrow(/not an SRX file/);
    expect(() => readSrx('<srx version="2.0"><body>')).toThrow(/not well-formed/);
    expect(() => readSrx('<srx version="2.0"><body/></srx>')).toThrow(/no rules/);
  });

  it('names the rule whose pattern it refuses', () => {
    const unsafe = readSrx('<srx xmlns="http://www.lisa.org/srx20" version="2.0"><header cascade="no"/><body><languagerules><languagerule languagerulename="X"><rule break="yes"><beforebreak>\\.</beforebreak><afterbreak>\\s</afterbreak></rule><rule break="no"><beforebreak>(\\w+)+\\.</beforebreak><afterbreak></afterbreak></rule></languagerule></languagerules><maprules><languagemap languagepattern=".*" languagerulename="X"/></maprules></body></srx>');
    expect(() => compileSrx(unsafe)).toThrow(/\(rule 2 of "X"\)/);
  });

  it('uses the rules of every matching map with cascade, and only the first without', () => {
    const source = readSrx(fixture('languagetool-segment-en-ru.srx'));
    expect(compileSrx(source).rulesFor('en-US').length).toBe(source.rules.English!.length + source.rules.Default!.length);
    expect(compileSrx({ ...source, cascade: false }).rulesFor('en-US').length).toBe(source.rules.English!.length);
    expect(omegat.rulesFor('zh-CN').length).toBe(omegat.source.rules.Chinese!.length + omegat.source.rules.Default!.length);
  });
});

describe('segmenting with SRX rules and abbreviations', () => {
  it('OmegaT\'s Chinese rules: no break before a closing quote, a break after 。！？', () => {
    expect(texts('他说：“我们走吧。”然后离开了。第二句！第三句？', 'zh', { srx: omegat })).toEqual(['他说：“我们走吧。”然后离开了。', '第二句！', '第三句？']);
    // Unlike the built-in rules, OmegaT's do not protect 《…》: the rule set decides.
    expect(texts('读《书。名》吧。', 'zh', { srx: omegat })).toEqual(['读《书。', '名》吧。']);
    expect(texts('读《书。名》吧。', 'zh')).toEqual(['读《书。名》吧。']);
  });

  it('LanguageTool\'s English and Russian rules: titles, initials and units do not end a sentence', () => {
    expect(texts('Mr. Smith went to Washington. He met Dr. Jones at 5 p.m. on Jan. 5. See Fig. 2. Done.', 'en', { srx: languagetool }))
      .toEqual(['Mr. Smith went to Washington.', 'He met Dr. Jones at 5 p.m. on Jan. 5.', 'See Fig. 2.', 'Done.']);
    expect(texts('С. Жапаров прибыл в 2022 г. в Пекин. Проф. Иванов ушёл. Конец.', 'ru', { srx: languagetool }))
      .toEqual(['С. Жапаров прибыл в 2022 г. в Пекин.', 'Проф. Иванов ушёл.', 'Конец.']);
  });

  it('a document\'s abbreviations hold with the built-in rules and with SRX rules', () => {
    expect(texts('Prices incl. Tax apply. Then more.', 'en')).toEqual(['Prices incl.', 'Tax apply.', 'Then more.']);
    expect(texts('Prices incl. Tax apply. Then more.', 'en', { abbreviations: ['incl.'] })).toEqual(['Prices incl. Tax apply.', 'Then more.']);
    expect(texts('Это т.н. Шанхайский дух. Он жив.', 'ru', { abbreviations: ['т.н'] })).toEqual(['Это т.н. Шанхайский дух.', 'Он жив.']);
    expect(texts('Sold by Acme Intl. Nobody knew.', 'en', { srx: languagetool })).toEqual(['Sold by Acme Intl.', 'Nobody knew.']);
    expect(texts('Sold by Acme Intl. Nobody knew.', 'en', { srx: languagetool, abbreviations: ['Intl'] })).toEqual(['Sold by Acme Intl. Nobody knew.']);
  });

  it('without rules the built-in segmenter is exactly today\'s', () => {
    const text = 'Dr. Li came. He left. В 2022 г. Китай… и т.е. так.';
    expect(sentenceSplitter('en')(text)).toEqual(sentenceSplitter('en', {})(text));
    expect(texts('甲。乙！', 'zh', { abbreviations: [] })).toEqual(texts('甲。乙！', 'zh'));
    // A rule set with no rules for the language leaves it to the built-in rules.
    expect(texts('Dr. Li came. He left.', 'en', { srx: compileSrx({ cascade: false, rules: { Z: [{ break: true, before: '。', after: '' }] }, maps: [{ pattern: 'zh.*', rule: 'Z' }] }) }))
      .toEqual(['Dr. Li came.', 'He left.']);
  });
});

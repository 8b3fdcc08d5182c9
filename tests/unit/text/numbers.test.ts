import { describe, expect, it } from 'vitest';
import { extractDates, extractNumbers, numberKeys, parseChineseNumeral } from '../../../src/text/numbers.js';

describe('parseChineseNumeral', () => {
  it.each([
    ['三十', 30], ['十五', 15], ['两千', 2000], ['二〇二二', 2022], ['一万五千', 15000],
    ['三百零五', 305], ['一亿', 100_000_000], ['零', 0],
  ])('%s → %d', (s, v) => {
    expect(parseChineseNumeral(s)).toBe(v);
  });
  it('refuses text that is not a numeral', () => {
    expect(parseChineseNumeral('三个')).toBeUndefined();
    expect(parseChineseNumeral('')).toBeUndefined();
  });
});

describe('extractNumbers', () => {
  it('reads thousands separators per language', () => {
    expect(extractNumbers('1,000 people and 3.5 km', 'en').map((n) => n.value)).toEqual([1000, 3.5]);
    expect(extractNumbers('1 000 человек и 3,5 км', 'ru').map((n) => n.value)).toEqual([1000, 3.5]);
  });
  it('multiplies by Chinese magnitudes and skips a lone 一', () => {
    expect(extractNumbers('约3万人，一起来了三十个', 'zh').map((n) => n.value)).toEqual([30000, 30]);
  });
  it('marks percentages in every language', () => {
    expect(extractNumbers('增长百分之五', 'zh')).toMatchObject([{ value: 5, percent: true }]);
    expect(extractNumbers('grew 5%', 'en')).toMatchObject([{ value: 5, percent: true }]);
    expect(extractNumbers('вырос на 5 процентов', 'ru')).toMatchObject([{ value: 5, percent: true }]);
  });
});

describe('number words and months in every case form', () => {
  it.each([
    ['en', 'Two sides, THREE rounds, ten days and a Dozen years', ['~2', '~3', '~10', '12']],
    ['ru', 'ДВЕ стороны, тремя раундами, двадцать дней, сто лет и тысячу раз', ['~2', '~3', '20', '100', '1000']],
    ['ru', 'Стороны провели переговоры', []],
    ['en', 'The sides held talks', []],
    ['en', 'twenty-one years, one hundred and five people, a thousand ships', ['21', '105', '1000']],
    ['en', 'in nineteen ninety-two and twenty twenty-two; two thousand twenty-two', ['1992', '2022', '2022']],
    ['en', 'two and three, a man and a dog, ninety-nine percent', ['~2', '~3', '99%']],
    ['ru', 'двадцать один год, сто двадцать пять дней', ['21', '125']],
    ['ru', 'в тысяча девятьсот девяносто втором году, двести тысяч человек', ['1992', '200000']],
    ['ru', 'третий раз во вторник', ['~3']],
    // A magnitude word after digits multiplies them, as 400亿 does: one number, not two.
    ['en', 'trade of 40 billion US dollars and 1.5 million tonnes', ['40000000000', '1500000']],
    ['ru', 'до 40 млрд долларов США, 3 тыс. человек и 2 миллиона тонн', ['40000000000', '3000', '2000000']],
  ] as const)('%s %s', (lang, text, keys) => {
    expect(numberKeys(text, lang)).toEqual(keys);
  });
  it.each([
    ['en', 'On MAY 9, 2022 they met', [{ month: 5, day: 9, year: 2022, start: 3, end: 14 }]],
    ['ru', '9 Мая 2022 года', [{ month: 5, day: 9, year: 2022, start: 0, end: 10 }]],
    ['en', 'They met at noon', []],
  ] as const)('%s %s', (lang, text, dates) => {
    expect(extractDates(text, lang)).toEqual(dates);
  });
});

describe('extractDates', () => {
  it('reads Chinese dates, with Chinese numerals too', () => {
    expect(extractDates('2022年2月6日', 'zh')).toEqual([{ year: 2022, month: 2, day: 6, start: 0, end: 9 }]);
    expect(extractDates('二〇二二年二月六日', 'zh')).toMatchObject([{ year: 2022, month: 2, day: 6 }]);
  });
  it('reads English dates in both orders', () => {
    expect(extractDates('on 6 February 2022', 'en')).toMatchObject([{ year: 2022, month: 2, day: 6 }]);
    expect(extractDates('on February 6, 2022', 'en')).toMatchObject([{ year: 2022, month: 2, day: 6 }]);
  });
  it('reads Russian genitive months', () => {
    expect(extractDates('6 февраля 2022 года', 'ru')).toMatchObject([{ year: 2022, month: 2, day: 6 }]);
  });
  it('does not take the verb "may" for a month', () => {
    expect(extractDates('We May go', 'en')).toEqual([]);
  });
});

describe('numberKeys', () => {
  it('gives the same keys to one date in three languages', () => {
    const zh = numberKeys('2022年2月6日', 'zh');
    expect(zh).toEqual(['2022', 'md:2-6']);
    expect(new Set(numberKeys('6 February 2022', 'en'))).toEqual(new Set(zh));
    expect(new Set(numberKeys('February 6, 2022', 'en'))).toEqual(new Set(zh));
    expect(new Set(numberKeys('6 февраля 2022 года', 'ru'))).toEqual(new Set(zh));
  });
  it('matches 三十 with 30 and marks spelled-out small numbers as soft', () => {
    expect(numberKeys('三十人', 'zh')).toEqual(['30']);
    expect(numberKeys('three people, 30 in all', 'en')).toEqual(['~3', '30']);
  });
});

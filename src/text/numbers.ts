/**
 * Number and date extraction for Chinese, English and Russian text.
 *
 * The aligner uses numbers as anchors, so what matters is that the same
 * quantity written differently in two languages yields the same key:
 * 2022年2月6日 ↔ 6 February 2022 ↔ 6 февраля 2022 года; 三十 ↔ 30;
 * 1,000 ↔ 1 000; 百分之五 ↔ 5% ↔ 5 процентов.
 */

/** One number found in a text. `percent` marks 5%, 百分之五, "5 percent". */
export interface NumberMention {
  value: number;
  percent: boolean;
  /** Spelled out as a word (three, три) or a lone Chinese numeral (三): weaker evidence than digits. */
  word: boolean;
  start: number;
  end: number;
}

/** One (possibly partial) calendar date found in a text. */
export interface DateMention {
  year?: number;
  month?: number;
  day?: number;
  start: number;
  end: number;
}

const ZH_DIGITS: Record<string, number> = {
  零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
};
const ZH_SMALL_UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };
const ZH_BIG_UNITS: Record<string, number> = { 万: 10_000, 亿: 100_000_000 };

/**
 * Value of a Chinese numeral, or undefined if it is not one.
 * Digit-by-digit readings (years) and positional numerals are both understood.
 * @example parseChineseNumeral('三十') // → 30
 * @example parseChineseNumeral('二〇二二') // → 2022
 * @example parseChineseNumeral('两千') // → 2000
 */
export function parseChineseNumeral(s: string): number | undefined {
  if (s.length === 0) return undefined;
  const chars = [...s];
  if (!chars.every((c) => c in ZH_DIGITS || c in ZH_SMALL_UNITS || c in ZH_BIG_UNITS)) return undefined;
  // No unit characters and several digits: a digit-by-digit reading (二〇二二 = 2022).
  if (chars.length > 1 && chars.every((c) => c in ZH_DIGITS)) {
    return Number(chars.map((c) => ZH_DIGITS[c]).join(''));
  }
  let total = 0;
  let section = 0;
  let digit = -1;
  for (const c of chars) {
    const d = ZH_DIGITS[c];
    const small = ZH_SMALL_UNITS[c];
    const big = ZH_BIG_UNITS[c];
    if (d !== undefined) {
      digit = d;
    } else if (small !== undefined) {
      // 十五: a unit with no digit before it means one of it.
      section += (digit < 0 ? 1 : digit) * small;
      digit = -1;
    } else if (big !== undefined) {
      section += digit < 0 ? 0 : digit;
      total += (section === 0 ? 1 : section) * big;
      section = 0;
      digit = -1;
    }
  }
  return total + section + (digit < 0 ? 0 : digit);
}

const EN_MONTHS = [
  'january', 'february', 'march', 'april', 'may', 'june',
  'july', 'august', 'september', 'october', 'november', 'december',
];
// Russian month stems cover the nominative (февраль) and genitive (февраля) forms.
const RU_MONTH_STEMS = [
  'январ', 'феврал', 'март', 'апрел', 'ма', 'июн', 'июл', 'август', 'сентябр', 'октябр', 'ноябр', 'декабр',
];
const RU_MONTH_RE = /^(январ[ьяе]|феврал[ьяе]|марта?|марте|апрел[ьяе]|ма[йяе]|июн[ьяе]|июл[ьяе]|августа?|августе|сентябр[ьяе]|октябр[ьяе]|ноябр[ьяе]|декабр[ьяе])$/;

function monthOf(word: string, lang: string): number | undefined {
  const w = word.toLowerCase();
  if (lang === 'ru') {
    if (!RU_MONTH_RE.test(w)) return undefined;
    const i = RU_MONTH_STEMS.findIndex((stem) => w.startsWith(stem));
    return i < 0 ? undefined : i + 1;
  }
  const i = EN_MONTHS.indexOf(w);
  return i < 0 ? undefined : i + 1;
}

const EN_NUMBER_WORDS: Record<string, number> = {
  two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16,
  seventeen: 17, eighteen: 18, nineteen: 19, twenty: 20, thirty: 30, forty: 40,
  fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90, hundred: 100, thousand: 1000,
  dozen: 12,
};
// Russian cardinals inflect; the alternations list the common case forms.
const RU_NUMBER_WORDS: [RegExp, number][] = [
  [/^(два|две|двух|двум|двумя)$/, 2],
  [/^(три|трех|трёх|трем|трём|тремя)$/, 3],
  [/^(четыре|четырех|четырёх|четырем|четырём|четырьмя)$/, 4],
  [/^(пять|пяти|пятью)$/, 5],
  [/^(шесть|шести|шестью)$/, 6],
  [/^(семь|семи|семью)$/, 7],
  [/^(восемь|восьми|восемью)$/, 8],
  [/^(девять|девяти|девятью)$/, 9],
  [/^(десять|десяти|десятью)$/, 10],
  [/^(двадцать|двадцати)$/, 20],
  [/^(тридцать|тридцати)$/, 30],
  [/^(сто|ста)$/, 100],
  [/^(тысяча|тысячи|тысяч|тысячу)$/, 1000],
];

// Thousands groups: 1,000 / 1 000 (space, no-break or thin space) / 1.000 is left alone
// because in English it is a decimal. A decimal part follows with . (en) or , (ru).
const ARABIC_RE = /\d{1,3}(?:(?:,|[ \u00A0\u202F\u2009])\d{3})+(?![\d])(?:[.,]\d+)?|\d+(?:[.,]\d+)?/g;
const ZH_NUM_RE = /[零〇一二两三四五六七八九十百千万亿]+/g;
const WORD_RE = /[\p{L}]+/gu;
// Necessary conditions for a number word or a month name, built from the very lists the word
// loops consult (any listed form contains one of these as a substring), for skipping the
// per-word work in the many sentences that have none.
const EN_NUMBER_HINT = new RegExp(Object.keys(EN_NUMBER_WORDS).join('|'), 'i');
const RU_NUMBER_HINT = new RegExp(RU_NUMBER_WORDS.map(([re]) => re.source.replace(/^\^|\$$/g, '')).join('|'), 'i');
const EN_MONTH_HINT = new RegExp(EN_MONTHS.join('|'), 'i');
const RU_MONTH_HINT = new RegExp(RU_MONTH_STEMS.join('|'), 'i');

function parseArabic(raw: string, lang: string): number {
  // A comma followed by exactly three digits is a thousands separator in English;
  // in Russian the comma is the decimal mark and groups are separated by spaces.
  let s = raw.replace(/[ \u00A0\u202F\u2009]/g, '');
  if (lang === 'ru') {
    s = s.replace(',', '.');
  } else if (/,\d{3}(?!\d)/.test(s)) {
    s = s.replace(/,/g, '');
  } else {
    s = s.replace(',', '.');
  }
  return Number(s);
}

/**
 * Numbers in a text, in order, in Arabic digits, Chinese numerals (zh) or number words (en, ru).
 * A lone 一 and unit-only runs (十分, 千万) are skipped: in running Chinese they are mostly
 * words ("one", "very", "must"), not quantities.
 * @example extractNumbers('约3万人，占百分之五', 'zh').map(n => n.value) // → [30000, 5]
 * @example extractNumbers('1,000 people', 'en')[0].value // → 1000
 */
export function extractNumbers(text: string, lang: string): NumberMention[] {
  const found: NumberMention[] = [];
  const taken = new Uint8Array(text.length);
  for (const m of text.matchAll(ARABIC_RE)) {
    const start = m.index;
    let end = start + m[0].length;
    let value = parseArabic(m[0], lang);
    // 3万, 1.5亿: a Chinese magnitude right after the digits multiplies them.
    const next = text[end];
    if (lang === 'zh' && next !== undefined && next in ZH_BIG_UNITS) {
      value *= ZH_BIG_UNITS[next] ?? 1;
      end += 1;
    }
    const after = text.slice(end, end + 12).toLowerCase();
    const percent = /^\s*(%|％|percent|per cent|процент)/.test(after);
    found.push({ value, percent, word: false, start, end });
    taken.fill(1, start, end);
  }
  if (lang === 'zh') {
    for (const m of text.matchAll(ZH_NUM_RE)) {
      const start = m.index;
      if (taken[start]) continue;
      const raw = m[0];
      if (raw === '一' || ![...raw].some((c) => c in ZH_DIGITS)) continue;
      const value = parseChineseNumeral(raw);
      if (value === undefined) continue;
      const percent = text.slice(Math.max(0, start - 3), start) === '百分之';
      found.push({ value, percent, word: [...raw].length === 1, start, end: start + raw.length });
    }
    // 百分之五: the 百 of 百分之 is part of the percent sign, not a hundred.
    return found
      .filter((n) => !(text.slice(n.start, n.start + 3) === '百分之'))
      .sort((a, b) => a.start - b.start);
  }
  // Most sentences name no number in words: one search rules the word loop out for them.
  if (!(lang === 'ru' ? RU_NUMBER_HINT : EN_NUMBER_HINT).test(text)) return found.sort((a, b) => a.start - b.start);
  for (const m of text.matchAll(WORD_RE)) {
    const w = m[0].toLowerCase();
    let value: number | undefined;
    if (lang === 'ru') value = RU_NUMBER_WORDS.find(([re]) => re.test(w))?.[1];
    else value = EN_NUMBER_WORDS[w];
    if (value === undefined) continue;
    const after = text.slice(m.index + m[0].length, m.index + m[0].length + 12).toLowerCase();
    found.push({ value, percent: /^\s*(%|percent|per cent|процент)/.test(after), word: true, start: m.index, end: m.index + m[0].length });
  }
  return found.sort((a, b) => a.start - b.start);
}

const ZH_DATE_RE = /(?:([0-9]{4}|[零〇一二三四五六七八九]{4})年)?(?:([0-9]{1,2}|[一二三四五六七八九十]{1,3})月)?(?:([0-9]{1,2}|[一二三四五六七八九十]{1,3})[日号])?/g;

function zhValue(s: string | undefined): number | undefined {
  if (s === undefined) return undefined;
  return /^[0-9]+$/.test(s) ? Number(s) : parseChineseNumeral(s);
}

/**
 * Calendar dates, full or partial, in zh (2022年2月6日), en (6 February 2022, February 6, 2022)
 * and ru (6 февраля 2022 года). A bare year is only a date in Chinese (2022年); elsewhere it
 * stays a plain number.
 * @example extractDates('2022年2月6日', 'zh') // → [{ year: 2022, month: 2, day: 6, start: 0, end: 10 }]
 * @example extractDates('on February 6, 2022', 'en') // → [{ year: 2022, month: 2, day: 6, start: 3, end: 19 }]
 */
export function extractDates(text: string, lang: string): DateMention[] {
  const dates: DateMention[] = [];
  if (lang === 'zh') {
    for (const m of text.matchAll(ZH_DATE_RE)) {
      if (m[0].length === 0) continue;
      const year = zhValue(m[1]);
      const month = zhValue(m[2]);
      const day = zhValue(m[3]);
      // 十日 alone is more often "ten days" than a date; require a month with a day.
      if (month === undefined && year === undefined) continue;
      if (month !== undefined && (month < 1 || month > 12)) continue;
      const d: DateMention = { start: m.index, end: m.index + m[0].length };
      if (year !== undefined) d.year = year;
      if (month !== undefined) d.month = month;
      if (day !== undefined && month !== undefined) d.day = day;
      dates.push(d);
    }
    return dates;
  }
  if (!(lang === 'ru' ? RU_MONTH_HINT : EN_MONTH_HINT).test(text)) return dates;
  const words = [...text.matchAll(/[\p{L}]+|\d+/gu)];
  for (let k = 0; k < words.length; k++) {
    const w = words[k];
    if (w === undefined) continue;
    const month = monthOf(w[0], lang);
    if (month === undefined) continue;
    // "May" is also a verb: only a month when a day or a year stands next to it.
    const prev = words[k - 1];
    const next = words[k + 1];
    const near = (a: RegExpMatchArray | undefined, b: RegExpMatchArray): boolean =>
      a !== undefined && /^\d+$/.test(a[0]) && Math.abs((a.index ?? 0) - (b.index ?? 0)) <= b[0].length + a[0].length + 3;
    const d: DateMention = { month, start: w.index, end: w.index + w[0].length };
    if (prev !== undefined && near(prev, w) && Number(prev[0]) >= 1 && Number(prev[0]) <= 31) {
      d.day = Number(prev[0]);
      d.start = prev.index;
    } else if (next !== undefined && near(next, w) && next[0].length <= 2 && Number(next[0]) >= 1 && Number(next[0]) <= 31) {
      d.day = Number(next[0]);
      d.end = next.index + next[0].length;
    }
    const yearWord = words.slice(k + 1, k + 3).find((x) => /^\d{4}$/.test(x[0]));
    if (yearWord !== undefined && yearWord.index - d.end <= 3) {
      d.year = Number(yearWord[0]);
      d.end = yearWord.index + yearWord[0].length;
    }
    if (d.day === undefined && d.year === undefined && lang === 'en' && w[0] === 'May') continue;
    dates.push(d);
  }
  return dates;
}

function formatNumber(n: NumberMention): string {
  const v = Number.isInteger(n.value) ? String(n.value) : String(Math.round(n.value * 1000) / 1000);
  // Spelled-out small numbers ("the two sides", 两国) are everywhere in prose; a ~ marks them as
  // soft keys that may match each other but never count as a missing number.
  const soft = n.word && n.value <= 10 && !n.percent ? '~' : '';
  return n.percent ? `${v}%` : `${soft}${v}`;
}

/**
 * Language-neutral keys for every number and date in a text, for anchor matching.
 * Years stay plain numbers; a month with a day becomes `md:M-D`, a lone month `m:M`;
 * numbers inside a date are not repeated; spelled-out numbers up to ten are soft (`~3`).
 * @example numberKeys('2022年2月6日，三十人', 'zh') // → ['2022', 'md:2-6', '30']
 * @example numberKeys('6 февраля 2022 года, 30 человек', 'ru') // → ['md:2-6', '2022', '30']
 */
export function numberKeys(text: string, lang: string): string[] {
  const keys: string[] = [];
  const dates = extractDates(text, lang);
  const inDate = (n: NumberMention): boolean => dates.some((d) => n.start >= d.start && n.end <= d.end);
  const events: { at: number; keys: string[] }[] = [];
  for (const d of dates) {
    const k: string[] = [];
    if (d.month !== undefined && d.day !== undefined) k.push(`md:${d.month}-${d.day}`);
    else if (d.month !== undefined) k.push(`m:${d.month}`);
    if (d.year !== undefined) {
      if (lang === 'zh') k.unshift(String(d.year));
      else k.push(String(d.year));
    }
    events.push({ at: d.start, keys: k });
  }
  for (const n of extractNumbers(text, lang)) {
    if (!inDate(n)) events.push({ at: n.start, keys: [formatNumber(n)] });
  }
  events.sort((a, b) => a.at - b.at);
  for (const e of events) keys.push(...e.keys);
  return keys;
}

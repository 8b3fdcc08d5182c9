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

/** What a number word contributes: a value to add, or a multiplier of what came before. */
type NumberWord = { add: number } | { times: number } | { ordinal: number };

const EN_NUMBER_WORDS: Record<string, NumberWord> = {
  zero: { add: 0 }, one: { add: 1 }, two: { add: 2 }, three: { add: 3 }, four: { add: 4 }, five: { add: 5 }, six: { add: 6 },
  seven: { add: 7 }, eight: { add: 8 }, nine: { add: 9 }, ten: { add: 10 }, eleven: { add: 11 }, twelve: { add: 12 },
  thirteen: { add: 13 }, fourteen: { add: 14 }, fifteen: { add: 15 }, sixteen: { add: 16 }, seventeen: { add: 17 },
  eighteen: { add: 18 }, nineteen: { add: 19 }, twenty: { add: 20 }, thirty: { add: 30 }, forty: { add: 40 },
  fifty: { add: 50 }, sixty: { add: 60 }, seventy: { add: 70 }, eighty: { add: 80 }, ninety: { add: 90 },
  hundred: { times: 100 }, thousand: { times: 1000 }, million: { times: 1_000_000 }, billion: { times: 1_000_000_000 },
  dozen: { add: 12 },
};

// Russian cardinals inflect; the alternations list the case forms. Ordinals (девяносто втором
// году) end a year read aloud, so their stems count too.
const RU_ORDINAL_END = '(?:ый|ой|ий|ая|яя|ое|ее|ые|ие|ого|его|ому|ему|ым|им|ом|ем|ых|их|ую|юю|ей|ыми|ими)';
const RU_NUMBER_WORDS: [RegExp, NumberWord][] = [
  [/^(один|одна|одно|одного|одной|одному|одним|одну|одном)$/, { add: 1 }],
  [/^(два|две|двух|двум|двумя)$/, { add: 2 }],
  [/^(три|трех|трёх|трем|трём|тремя)$/, { add: 3 }],
  [/^(четыре|четырех|четырёх|четырем|четырём|четырьмя)$/, { add: 4 }],
  [/^(пять|пяти|пятью)$/, { add: 5 }],
  [/^(шесть|шести|шестью)$/, { add: 6 }],
  [/^(семь|семи|семью)$/, { add: 7 }],
  [/^(восемь|восьми|восемью)$/, { add: 8 }],
  [/^(девять|девяти|девятью)$/, { add: 9 }],
  [/^(десять|десяти|десятью)$/, { add: 10 }],
  [/^(одиннадцать|одиннадцати)$/, { add: 11 }],
  [/^(двенадцать|двенадцати)$/, { add: 12 }],
  [/^(тринадцать|тринадцати)$/, { add: 13 }],
  [/^(четырнадцать|четырнадцати)$/, { add: 14 }],
  [/^(пятнадцать|пятнадцати)$/, { add: 15 }],
  [/^(шестнадцать|шестнадцати)$/, { add: 16 }],
  [/^(семнадцать|семнадцати)$/, { add: 17 }],
  [/^(восемнадцать|восемнадцати)$/, { add: 18 }],
  [/^(девятнадцать|девятнадцати)$/, { add: 19 }],
  [/^(двадцать|двадцати|двадцатью)$/, { add: 20 }],
  [/^(тридцать|тридцати|тридцатью)$/, { add: 30 }],
  [/^(сорок|сорока)$/, { add: 40 }],
  [/^(пятьдесят|пятидесяти)$/, { add: 50 }],
  [/^(шестьдесят|шестидесяти)$/, { add: 60 }],
  [/^(семьдесят|семидесяти)$/, { add: 70 }],
  [/^(восемьдесят|восьмидесяти)$/, { add: 80 }],
  [/^(девяносто|девяноста)$/, { add: 90 }],
  [/^(сто|ста)$/, { add: 100 }],
  [/^(двести|двухсот|двумстам)$/, { add: 200 }],
  [/^(триста|трехсот|трёхсот)$/, { add: 300 }],
  [/^(четыреста|четырехсот|четырёхсот)$/, { add: 400 }],
  [/^(пятьсот|пятисот)$/, { add: 500 }],
  [/^(шестьсот|шестисот)$/, { add: 600 }],
  [/^(семьсот|семисот)$/, { add: 700 }],
  [/^(восемьсот|восьмисот)$/, { add: 800 }],
  [/^(девятьсот|девятисот)$/, { add: 900 }],
  [/^(тысяча|тысячи|тысяч|тысячу|тысячей|тысячах|тысячам)$/, { times: 1000 }],
  [/^(миллион|миллиона|миллионов|миллионы)$/, { times: 1_000_000 }],
  [/^(миллиард|миллиарда|миллиардов)$/, { times: 1_000_000_000 }],
  ...([
    ['перв', 1], ['втор', 2], ['четверт', 4], ['четвёрт', 4], ['пят', 5], ['шест', 6], ['седьм', 7], ['восьм', 8],
    ['девят', 9], ['десят', 10], ['двадцат', 20], ['тридцат', 30], ['сороков', 40], ['пятидесят', 50], ['шестидесят', 60],
    ['семидесят', 70], ['восьмидесят', 80], ['девяност', 90], ['сот', 100], ['тысячн', 1000],
  ] as const).map(([stem, value]): [RegExp, NumberWord] => [new RegExp(`^${stem}${RU_ORDINAL_END}$`), { ordinal: value }]),
  [/^трет(?:ий|ь(?:я|е|и|его|ему|им|ем|ей|ю|их|ими))$/, { ordinal: 3 }],
];

function isMultiplier(word: NumberWord | undefined): boolean {
  return word !== undefined && 'times' in word;
}

function numberWord(word: string, lang: string): NumberWord | undefined {
  if (lang === 'ru') return RU_NUMBER_WORDS.find(([re]) => re.test(word))?.[1];
  return EN_NUMBER_WORDS[word];
}

/**
 * The value of a run of number words, or several values when the run reads as separate numbers.
 * Two two-digit groups with nothing between (nineteen ninety-two, twenty twenty-two) are a year.
 * @example readNumberWords([{ add: 20 }, { add: 1 }]) // → [21]
 * @example readNumberWords([{ add: 19 }, { add: 90 }, { add: 2 }]) // → [1992]
 */
function readNumberWords(words: readonly NumberWord[]): number[] {
  const groups: { value: number; multiplied: boolean }[] = [];
  let total = 0;
  let current = 0;
  let started = false;
  let multiplied = false;
  // The smallest place value `current` still has room for (a unit after a ten, not a ten after a unit).
  let room = Infinity;
  const close = (): void => {
    if (started) groups.push({ value: total + current, multiplied });
    total = 0;
    current = 0;
    started = false;
    multiplied = false;
    room = Infinity;
  };
  for (const w of words) {
    if ('times' in w) {
      if (w.times === 100) current = (current === 0 ? 1 : current) * 100;
      else {
        total += (current === 0 ? 1 : current) * w.times;
        current = 0;
      }
      started = true;
      multiplied = true;
      room = w.times === 100 ? 100 : w.times;
      continue;
    }
    const v = 'add' in w ? w.add : w.ordinal;
    const place = v >= 100 ? 1000 : v >= 20 ? 100 : v >= 10 ? 20 : 10;
    if (started && place > room) close();
    current += v;
    started = true;
    room = v >= 100 ? 100 : v >= 20 && v % 10 === 0 ? 10 : 0;
  }
  close();
  const [first, second] = groups;
  if (groups.length === 2 && first !== undefined && second !== undefined && !first.multiplied && !second.multiplied
    && first.value >= 10 && first.value <= 99 && second.value >= 10 && second.value <= 99) {
    return [first.value * 100 + second.value];
  }
  return groups.map((g) => g.value);
}

// Thousands groups: 1,000 / 1 000 (space, no-break or thin space) / 1.000 is left alone
// because in English it is a decimal. A decimal part follows with . (en) or , (ru).
const ARABIC_RE = /\d{1,3}(?:(?:,|[ \u00A0\u202F\u2009])\d{3})+(?![\d])(?:[.,]\d+)?|\d+(?:[.,]\d+)?/g;
const ZH_NUM_RE = /[零〇一二两三四五六七八九十百千万亿]+/g;
const WORD_RE = /[\p{L}]+/gu;
// Necessary conditions for a number word or a month name, built from the very lists the word
// loops consult (any listed form contains one of these as a substring), for skipping the
// per-word work in the many sentences that have none.
/** A magnitude after digits: `40 billion`, `1.5 million`, `40 млрд`, `3 тыс.`, `2 миллиарда`. */
const MAGNITUDE_AFTER_DIGITS = /^[ \u00a0]+(thousand|million|billion|trillion|тыс|млн|млрд|трлн|тысяч[а-яё]{0,3}|миллион[а-яё]{0,3}|миллиард[а-яё]{0,3}|триллион[а-яё]{0,3})(?![a-zа-яё])\.?/i;

function magnitudeOf(word: string): number {
  if (word.startsWith('thousand') || word.startsWith('тыс')) return 1_000;
  if (word.startsWith('million') || word.startsWith('млн') || word.startsWith('миллион')) return 1_000_000;
  if (word.startsWith('billion') || word.startsWith('млрд') || word.startsWith('миллиард')) return 1_000_000_000;
  return 1_000_000_000_000;
}

const EN_NUMBER_HINT = new RegExp(Object.keys(EN_NUMBER_WORDS).join('|'), 'i');
const RU_NUMBER_HINT = new RegExp(RU_NUMBER_WORDS.map(([re]) => re.source.replace(/^\^|\$$/g, '')).join('|'), 'i');
// Words that may stand inside a run of number words: "one hundred and five", "a hundred".
const EN_GLUE = new Set(['and', 'a']);
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
    // 40 billion, 40 млрд: a magnitude word after the digits multiplies them, as 400亿 does,
    // and is not a number of its own.
    const magnitude = lang === 'zh' ? null : MAGNITUDE_AFTER_DIGITS.exec(text.slice(end, end + 16));
    if (magnitude) {
      value *= magnitudeOf(magnitude[1]!.toLowerCase());
      end += magnitude[0].length;
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
  // Runs of number words, joined by spaces or hyphens (twenty-one, двадцать один), with "and"
  // and "a" allowed inside (one hundred and five, a thousand).
  let run: { word: NumberWord; start: number; end: number }[] = [];
  const flush = (): void => {
    const first = run[0];
    const last = run[run.length - 1];
    if (first !== undefined && last !== undefined) {
      const after = text.slice(last.end, last.end + 12).toLowerCase();
      const percent = /^\s*(%|percent|per cent|процент)/.test(after);
      for (const value of readNumberWords(run.map((r) => r.word))) found.push({ value, percent, word: true, start: first.start, end: last.end });
    }
    run = [];
  };
  let lastEnd = -1;
  for (const m of text.matchAll(WORD_RE)) {
    if (taken[m.index]) {
      // Part of a number in digits already read (the "billion" of 40 billion).
      flush();
      lastEnd = -1;
      continue;
    }
    const w = m[0].toLowerCase();
    const adjacent = lastEnd >= 0 && /^[\s\u00a0-]*$/.test(text.slice(lastEnd, m.index));
    const word = numberWord(w, lang);
    if (word !== undefined) {
      if (!adjacent) flush();
      run.push({ word, start: m.index, end: m.index + m[0].length });
      lastEnd = m.index + m[0].length;
    } else if (lang === 'en' && EN_GLUE.has(w) && adjacent && (w === 'a' || isMultiplier(run[run.length - 1]?.word))) {
      // "and" continues a number only after hundred/thousand (one hundred and five); elsewhere
      // it separates two (ninety-two and twenty).
      lastEnd = m.index + m[0].length;
    } else if (lang === 'en' && w === 'a') {
      flush();
      lastEnd = m.index + m[0].length;
    } else {
      flush();
      lastEnd = -1;
    }
  }
  flush();
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
  // Numbers come sorted by start: one sweep over the dates sorted the same way tells whether a
  // date begun at or before a number ends after it (a dates.some() per number was quadratic).
  const byStart = [...dates].sort((a, b) => a.start - b.start);
  let nextDate = 0;
  let reach = -1;
  const inDate = (n: NumberMention): boolean => {
    while (nextDate < byStart.length && byStart[nextDate]!.start <= n.start) reach = Math.max(reach, byStart[nextDate++]!.end);
    return reach >= n.end;
  };
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

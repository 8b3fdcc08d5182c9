/**
 * Quality checks on one slot: pure functions that judge a Chinese source against its
 * translation (issue #7). Each check has a stable id (stored by the review, so never
 * renamed), a severity, and a message that says exactly what is wrong and where.
 * Modelled on Weblate's checks: one function per check, tested table-style.
 */
import { numberKeys } from '../text/numbers.js';

export const QA_CHECK_IDS = [
  'empty', 'untranslated', 'numbers', 'term-missing', 'term-forbidden', 'unbalanced-pair',
  'final-punctuation', 'whitespace', 'homoglyph', 'length-ratio', 'spelling',
] as const;
export type QaCheckId = (typeof QA_CHECK_IDS)[number];
export type QaSeverity = 'error' | 'warning';

export interface QaResult {
  check: QaCheckId;
  severity: QaSeverity;
  message: string;
}

/** A glossary term as QA needs it: the equivalents in the slot's language. */
export interface QaTerm {
  source: string;
  caseSensitive: boolean;
  /** Preferred first, then allowed ones; any of them counts as the term being used. */
  equivalents: readonly string[];
  forbidden: readonly string[];
}

/** The document's usual target/source length ratio, computed by the service from its slots. */
export interface LengthNorm {
  median: number;
  /** How many times above or below the median a ratio may go before it is flagged (default 2.5). */
  factor?: number;
}

export interface QaInput {
  source: string;
  target: string;
  lang: string;
  terms?: readonly QaTerm[];
  lengthNorm?: LengthNorm | null;
}

const SEVERITY: Record<QaCheckId, QaSeverity> = {
  empty: 'error',
  untranslated: 'error',
  numbers: 'error',
  'term-missing': 'warning',
  'term-forbidden': 'error',
  'unbalanced-pair': 'warning',
  'final-punctuation': 'warning',
  whitespace: 'warning',
  homoglyph: 'error',
  'length-ratio': 'warning',
  // Found by the Hunspell dictionaries (services/spelling.ts), not by a check here.
  spelling: 'warning',
};

function result(check: QaCheckId, message: string): QaResult {
  return { check, severity: SEVERITY[check], message };
}

const primary = (lang: string) => lang.split('-')[0] ?? lang;

const MONTHS: Record<string, readonly string[]> = {
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
  ru: ['января', 'февраля', 'марта', 'апреля', 'мая', 'июня', 'июля', 'августа', 'сентября', 'октября', 'ноября', 'декабря'],
};

/** How a number key reads to a person: `md:2-6` → "the date 2月6日 (6 February)", `5%` → "5%". */
function describeKey(key: string, lang: string): string {
  const md = /^md:(\d+)-(\d+)$/.exec(key);
  if (md) {
    const month = Number(md[1]);
    const day = Number(md[2]);
    const name = MONTHS[primary(lang)]?.[month - 1];
    return `the date ${month}月${day}日${name ? ` (${day} ${name})` : ''}`;
  }
  const m = /^m:(\d+)$/.exec(key);
  if (m) return `the month ${m[1]}月${MONTHS[primary(lang)]?.[Number(m[1]) - 1] ? ` (${MONTHS[primary(lang)]![Number(m[1]) - 1]})` : ''}`;
  return key;
}

/**
 * Numbers, years, dates and percentages must appear on both sides. Spelled-out small
 * numbers (两国 "the two countries", "both") are weak evidence and only count as a match,
 * never as missing. Digits glued to letters (COVID-19, G20) are names, not quantities.
 * checkNumbers({ source: '1992年两国签署', target: 'signed in 1993', lang: 'en' })
 *   → 1992 is missing, 1993 is extra
 */
// The lookbehind starts a name only where its letters start: without it every letter of a
// long run was a new start that read to the run's end (100,000 letters took 20 s, issue #12).
// The leftmost match always began at a run's start anyway, so what matches is unchanged.
const NAME_WITH_NUMBER = /(?<![A-Za-zА-Яа-яЁё])[A-Za-zА-Яа-яЁё]+-?\d+/g;

export function checkNumbers(input: QaInput): QaResult[] {
  const sourceKeys = new Set(numberKeys(input.source.replace(NAME_WITH_NUMBER, ''), 'zh'));
  const targetKeys = new Set(numberKeys(input.target.replace(NAME_WITH_NUMBER, ''), primary(input.lang)));
  const hard = (keys: Set<string>) => [...keys].filter((k) => !k.startsWith('~'));
  const has = (keys: Set<string>, key: string) => keys.has(key) || keys.has(`~${key}`);
  const missing = hard(sourceKeys).filter((k) => !has(targetKeys, k));
  const extra = hard(targetKeys).filter((k) => !has(sourceKeys, k));
  const out: QaResult[] = [];
  if (missing.length > 0) {
    out.push(result('numbers', `The Chinese has ${missing.map((k) => describeKey(k, input.lang)).join(', ')}, missing from the translation.`));
  }
  if (extra.length > 0) {
    out.push(result('numbers', `The translation has ${extra.map((k) => describeKey(k, input.lang)).join(', ')}, which the Chinese does not.`));
  }
  return out;
}

/** An empty translation of a non-empty source. */
export function checkEmpty(input: QaInput): QaResult[] {
  return input.source.trim().length > 0 && input.target.trim().length === 0
    ? [result('empty', 'The slot has no translation.')]
    : [];
}

/** The translation is the Chinese text itself (copied and never translated). */
export function checkUntranslated(input: QaInput): QaResult[] {
  const target = input.target.trim();
  if (target.length === 0) return [];
  if (target === input.source.trim()) return [result('untranslated', 'The translation is identical to the Chinese source.')];
  // A target that is mostly Han characters was pasted, not translated (zh targets excepted).
  if (primary(input.lang) !== 'zh') {
    const han = (target.match(/\p{Script=Han}/gu) ?? []).length;
    const letters = (target.match(/\p{L}/gu) ?? []).length;
    if (letters > 0 && han / letters > 0.5) return [result('untranslated', `The translation is mostly Chinese characters (${han} of ${letters} letters).`)];
  }
  return [];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Whether `needle` occurs in `haystack` as a whole word (no letter or digit touching either end). */
export function containsTerm(haystack: string, needle: string, caseSensitive: boolean): boolean {
  if (needle.length === 0) return false;
  // Russian inflects (сотрудничество, сотрудничества): a long equivalent matches as a prefix,
  // so a glossary may list the stem; a short one (ШОС, CICA) must match as a whole word.
  const end = needle.length <= 4 ? '(?![\\p{L}\\p{N}])' : '';
  return new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(needle)}${end}`, caseSensitive ? 'u' : 'iu').test(haystack);
}

/**
 * Every glossary term found in the Chinese must be rendered with one of its equivalents,
 * and no forbidden variant may appear. Terms without equivalents in this language are skipped.
 */
export function checkTerms(input: QaInput): QaResult[] {
  const out: QaResult[] = [];
  if (input.target.trim().length === 0) return out;
  for (const term of input.terms ?? []) {
    if (!input.source.includes(term.source)) continue;
    if (term.equivalents.length > 0 && !term.equivalents.some((e) => containsTerm(input.target, e, term.caseSensitive))) {
      out.push(result('term-missing', `“${term.source}” should be translated as “${term.equivalents.join('” or “')}”.`));
    }
    for (const variant of term.forbidden) {
      if (containsTerm(input.target, variant, term.caseSensitive)) {
        out.push(result('term-forbidden', `“${variant}” is a forbidden rendering of “${term.source}”; use “${term.equivalents[0] ?? '(see the glossary)'}”.`));
      }
    }
  }
  return out;
}

const PAIRS: readonly [string, string][] = [['“', '”'], ['«', '»'], ['(', ')'], ['（', '）'], ['《', '》'], ['[', ']'], ['【', '】'], ['「', '」'], ['『', '』'], ['„', '“']];
const PAIR_MARKS: ReadonlySet<string> = new Set([...PAIRS.flat(), '"']);

/** Opening and closing quotes and brackets in the translation must balance. */
export function checkPairs(input: QaInput): QaResult[] {
  const out: QaResult[] = [];
  // One pass counting every mark (all in the BMP), not a copy of the text per mark.
  const counts = new Map<string, number>();
  for (let i = 0; i < input.target.length; i += 1) {
    const c = input.target[i]!;
    if (PAIR_MARKS.has(c)) counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  const count = (ch: string) => counts.get(ch) ?? 0;
  const lang = primary(input.lang);
  for (const [open, close] of PAIRS) {
    // „…“ is German/Russian low-high quoting; “ then doubles as a closing mark, so only
    // check that pair in Russian, and skip “” there when „ is used.
    if (open === '„' && lang !== 'ru') continue;
    if (open === '“' && lang === 'ru' && input.target.includes('„')) continue;
    const opened = count(open);
    const closed = count(close);
    if (opened !== closed) {
      out.push(result('unbalanced-pair', `The translation opens ${open} ${opened} time(s) but closes ${close} ${closed} time(s).`));
    }
  }
  const straight = count('"');
  if (straight % 2 === 1) out.push(result('unbalanced-pair', `The translation has an odd number (${straight}) of straight quotes ".`));
  return out;
}

// Closing quotes and brackets after the final mark, and spaces between them.
const CLOSERS: ReadonlySet<string> = new Set(['”', '’', '»', '」', '』', '）', ')', '》', ']', '"', "'", '】']);
const SPACE = /\s/u;

/**
 * The last character before any trailing spaces, closing quotes and brackets. A loop from
 * the end, not `/[\s”…]+$/`: that regex retried every start of a long run of spaces and
 * took 13 s on a 100,000-character slot (issue #12).
 */
export function lastMark(text: string): string {
  let end = text.length;
  while (end > 0) {
    const char = text[end - 1]!;
    if (!CLOSERS.has(char) && !SPACE.test(char)) break;
    end -= 1;
  }
  return text.slice(Math.max(0, end - 1), end);
}

function finalMark(text: string): 'question' | 'exclamation' | 'statement' | 'none' {
  const end = lastMark(text);
  if (end === '?' || end === '？') return 'question';
  if (end === '!' || end === '！') return 'exclamation';
  if (end === '.' || end === '。' || end === '…' || end === ';' || end === '；') return 'statement';
  return 'none';
}

/** A question stays a question and a statement a statement. Titles and date lines (no final mark) are left alone. */
export function checkFinalPunctuation(input: QaInput): QaResult[] {
  if (input.target.trim().length === 0) return [];
  const source = finalMark(input.source);
  const target = finalMark(input.target);
  if (source === target) return [];
  const words = { question: 'a question mark', exclamation: 'an exclamation mark', statement: 'a full stop', none: 'no final punctuation' };
  if ((source === 'question') !== (target === 'question') || (source === 'statement' && target === 'none') || (source === 'none' && target === 'statement')) {
    return [result('final-punctuation', `The Chinese ends with ${words[source]} but the translation with ${words[target]}.`)];
  }
  return [];
}

/** Double spaces inside, spaces at the start or end. */
export function checkWhitespace(input: QaInput): QaResult[] {
  const out: QaResult[] = [];
  if (input.target.length === 0) return out;
  const doubles = (input.target.match(/[ \u00a0]{2,}/g) ?? []).length;
  if (doubles > 0) out.push(result('whitespace', `The translation has ${doubles} double space(s).`));
  if (/^\s/u.test(input.target)) out.push(result('whitespace', 'The translation starts with a space.'));
  if (/\s$/u.test(input.target)) out.push(result('whitespace', 'The translation ends with a space.'));
  return out;
}

/**
 * A Russian word written with both Cyrillic and Latin letters (a Latin "о", "с", "р" typed
 * by mistake) looks right but breaks search, spell-checking and TM matching.
 * checkHomoglyphs({ target: 'сотрудничecтво', lang: 'ru', … }) → one error naming the word
 */
export function checkHomoglyphs(input: QaInput): QaResult[] {
  if (primary(input.lang) !== 'ru') return [];
  const mixed = (input.target.match(/[\p{L}]+/gu) ?? []).filter((word) => /\p{Script=Cyrillic}/u.test(word) && /\p{Script=Latin}/u.test(word));
  if (mixed.length === 0) return [];
  const shown = [...new Set(mixed)].map((word) => `“${word}” (Latin: ${[...word].filter((c) => /\p{Script=Latin}/u.test(c)).join(', ')})`);
  return [result('homoglyph', `Latin letters inside Russian word(s): ${shown.join('; ')}.`)];
}

/** The translation is far longer or shorter than the document's usual ratio suggests. */
export function checkLengthRatio(input: QaInput): QaResult[] {
  const norm = input.lengthNorm;
  const source = input.source.trim().length;
  const target = input.target.trim().length;
  // Short segments (titles, dates) vary too much to judge.
  if (!norm || norm.median <= 0 || source < 10 || target === 0) return [];
  const factor = norm.factor ?? 2.5;
  const ratio = target / source;
  if (ratio > norm.median * factor) {
    return [result('length-ratio', `The translation is ${(ratio / norm.median).toFixed(1)}× longer than usual for this document (${target} characters for ${source} Chinese; usual ${norm.median.toFixed(1)} per character).`)];
  }
  if (ratio < norm.median / factor) {
    return [result('length-ratio', `The translation is ${(norm.median / ratio).toFixed(1)}× shorter than usual for this document (${target} characters for ${source} Chinese; usual ${norm.median.toFixed(1)} per character).`)];
  }
  return [];
}

/** Every check in a fixed order; an empty slot only reports that it is empty. */
export function runChecks(input: QaInput): QaResult[] {
  const empty = checkEmpty(input);
  if (empty.length > 0) return empty;
  return [
    ...checkUntranslated(input), ...checkNumbers(input), ...checkTerms(input), ...checkPairs(input),
    ...checkFinalPunctuation(input), ...checkWhitespace(input), ...checkHomoglyphs(input), ...checkLengthRatio(input),
  ];
}

/** The median of target/source length ratios over pairs long enough to judge; null with fewer than 5. */
export function lengthNorm(pairs: readonly { source: string; target: string }[]): LengthNorm | null {
  return lengthNormOfLengths(pairs.map((p) => ({ source: p.source.trim().length, target: p.target.trim().length })));
}

/**
 * `lengthNorm` from the trimmed lengths alone (a document's figures, store/figures.ts).
 * @example lengthNormOfLengths([10, 20, 30, 40, 50].map((n) => ({ source: n, target: 2 * n }))) // → { median: 2 }
 */
export function lengthNormOfLengths(pairs: readonly { source: number; target: number }[]): LengthNorm | null {
  const ratios = pairs
    .filter((p) => p.source >= 10 && p.target > 0)
    .map((p) => p.target / p.source)
    .sort((a, b) => a - b);
  if (ratios.length < 5) return null;
  const mid = Math.floor(ratios.length / 2);
  const median = ratios.length % 2 === 1 ? ratios[mid]! : (ratios[mid - 1]! + ratios[mid]!) / 2;
  return { median };
}

/**
 * Paragraph splitting. Chinese and Latin/Cyrillic texts arrive in different
 * shapes: the Chinese demo source is one line whose paragraphs are separated
 * by U+3000 runs (the traditional two-character indent), while translations
 * come one paragraph per line.
 */

import { prepareForSegmentation } from './normalize.js';

// Languages written with Chinese sentence punctuation (。！？). Keyed by the
// BCP 47 primary subtag so `zh-CN`, `zh-Hans-CN` and `cmn` all qualify.
const CHINESE_PRIMARY_TAGS: ReadonlySet<string> = new Set(['zh', 'cmn', 'yue', 'lzh', 'wuu']);

/**
 * Whether `lang` (a BCP 47 tag) takes the Chinese segmentation rules; every
 * other language takes the Latin/Cyrillic ones.
 * @example isChineseLang('zh-Hans-CN') → true; isChineseLang('ru') → false
 */
export function isChineseLang(lang: string): boolean {
  const primary = lang.trim().toLowerCase().split(/[-_]/)[0] ?? '';
  return CHINESE_PRIMARY_TAGS.has(primary);
}

// U+2028/U+2029/U+0085 are line breaks too; they turn up in text pasted from
// Word and some web pages.
const LINE_BREAK = /\n|\u2028|\u2029|\u0085/;

// Trap: the demo source has no newlines at all; a whitespace run holding a
// U+3000 is a paragraph break, even with U+00A0 or ASCII spaces around it.
// JavaScript's \s covers U+3000 and U+00A0 (not U+0085), so each run is found
// whole and then asked whether it holds a break. Not one regular expression
// `\s*[\n\u3000]\s*`: that retries every start inside a long run of spaces
// without a break and took 24 s on 100,000 spaces (issue #12).
const WHITESPACE_RUN = /[\s\u0085]+/gu;
const ZH_BREAK_CHAR = /[\n\u2028\u2029\u0085\u3000]/u;

/**
 * Chinese paragraphs: split on line breaks and on any whitespace run that
 * contains U+3000; trimmed, empty ones dropped. Linear in the text's length.
 * @example splitParagraphsZh('　　甲。　　乙。') → ['甲。', '乙。']
 */
export function splitParagraphsZh(text: string): string[] {
  const prepared = prepareForSegmentation(text);
  const parts: string[] = [];
  let start = 0;
  for (const run of prepared.matchAll(WHITESPACE_RUN)) {
    if (!ZH_BREAK_CHAR.test(run[0])) continue;
    parts.push(prepared.slice(start, run.index));
    start = run.index + run[0].length;
  }
  parts.push(prepared.slice(start));
  return tidy(parts);
}

/**
 * Latin/Cyrillic paragraphs: one per non-empty line, trimmed.
 * @example splitParagraphsLatin('One.\n\nTwo.\r\n') → ['One.', 'Two.']
 */
export function splitParagraphsLatin(text: string): string[] {
  return tidy(prepareForSegmentation(text).split(LINE_BREAK));
}

/**
 * Paragraphs of `text` under the rules for `lang`; trimmed, empty ones
 * dropped, so the result index is the `paragraph` a segment carries.
 * @example splitParagraphs('甲。　　乙。', 'zh') → ['甲。', '乙。']
 * @example splitParagraphs('A.\nB.', 'en') → ['A.', 'B.']
 */
export function splitParagraphs(text: string, lang: string): string[] {
  return isChineseLang(lang) ? splitParagraphsZh(text) : splitParagraphsLatin(text);
}

function tidy(parts: string[]): string[] {
  return parts.map((part) => part.trim()).filter((part) => part.length > 0);
}

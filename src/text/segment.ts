/**
 * The entry point for turning a document or a translation into segments
 * (Chinese) or sentences (English, Russian, …) with their paragraph index.
 */

import { prepareForSegmentation } from './normalize.js';
import { isChineseLang, splitParagraphs } from './paragraphs.js';
import { splitSentencesLatin } from './sentences-latin.js';
import { splitSentencesZh } from './sentences-zh.js';

export { isChineseLang, splitParagraphs } from './paragraphs.js';

/** BCP 47 tag; the primary subtag picks the rules: `zh` (and `cmn`, `yue`, …) Chinese, anything else Latin/Cyrillic. */
export type SegmentLang = string;

export interface Sentence {
  text: string;
  /** 0-based index into `splitParagraphs(text, lang)`. */
  paragraph: number;
}

/**
 * Splits a whole text into sentences with their paragraph index. Only BOM
 * and line endings are normalised — no NFC — so each text is a byte-exact
 * slice of the source, trimmed (use `normalizeText` before storing imports).
 * @example segment('甲。乙。', 'zh') → [{ text: '甲。', paragraph: 0 }, { text: '乙。', paragraph: 0 }]
 * @example segment('A b. C d.\nE.', 'en') → [{ text: 'A b.', paragraph: 0 }, { text: 'C d.', paragraph: 0 }, { text: 'E.', paragraph: 1 }]
 */
export function segment(text: string, lang: SegmentLang): Sentence[] {
  return splitParagraphs(prepareForSegmentation(text), lang).flatMap((paragraph, index) =>
    splitSentences(paragraph, lang).map((sentence) => ({ text: sentence, paragraph: index })),
  );
}

/**
 * Splits one paragraph into sentences under the rules for `lang`; trimmed,
 * empties dropped.
 * @example splitSentences('“好。”“再见。”', 'zh') → ['“好。”', '“再见。”']
 * @example splitSentences('Dr. Li came. He left.', 'en') → ['Dr. Li came.', 'He left.']
 */
export function splitSentences(paragraph: string, lang: SegmentLang): string[] {
  return isChineseLang(lang) ? splitSentencesZh(paragraph) : splitSentencesLatin(paragraph);
}

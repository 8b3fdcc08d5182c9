/**
 * The entry point for turning a document or a translation into segments
 * (Chinese) or sentences (English, Russian, …) with their paragraph index.
 */

import { prepareForSegmentation } from './normalize.js';
import { isChineseLang, splitParagraphs } from './paragraphs.js';
import { splitSentencesLatin } from './sentences-latin.js';
import { splitSentencesZh } from './sentences-zh.js';
import { abbreviationTest, splitSentencesSrx, type CompiledSrx } from './srx.js';

export { isChineseLang, splitParagraphs } from './paragraphs.js';

/** BCP 47 tag; the primary subtag picks the rules: `zh` (and `cmn`, `yue`, …) Chinese, anything else Latin/Cyrillic. */
export type SegmentLang = string;

/**
 * Rules a person chose instead of the built-in ones: an SRX rule set (used for every
 * language it has rules for) and abbreviations that never end a sentence. Absent, the
 * built-in segmenter runs exactly as it always did.
 */
export interface SegmentationRules {
  srx?: CompiledSrx;
  abbreviations?: readonly string[];
}

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
export function segment(text: string, lang: SegmentLang, rules?: SegmentationRules): Sentence[] {
  const split = sentenceSplitter(lang, rules);
  return splitParagraphs(prepareForSegmentation(text), lang).flatMap((paragraph, index) =>
    split(paragraph).map((sentence) => ({ text: sentence, paragraph: index })),
  );
}

/**
 * The splitter for one language: the SRX rules when they have any for it, else the
 * built-in rules (Latin ones with the extra abbreviations).
 * @example sentenceSplitter('en', { abbreviations: ['approx'] })('It is approx. Three.') → ['It is approx. Three.']
 */
export function sentenceSplitter(lang: SegmentLang, rules?: SegmentationRules): (paragraph: string) => string[] {
  const abbreviations = (rules?.abbreviations ?? []).map((a) => a.trim().replace(/\.$/, '')).filter((a) => a.length > 0);
  const srxRules = rules?.srx?.rulesFor(lang) ?? [];
  if (srxRules.length > 0) {
    const tests = abbreviations.map(abbreviationTest);
    return (paragraph) => splitSentencesSrx(paragraph, srxRules, tests);
  }
  if (isChineseLang(lang)) return splitSentencesZh;
  const extra = new Set(abbreviations.map((a) => a.toLowerCase()));
  return extra.size === 0 ? splitSentencesLatin : (paragraph) => splitSentencesLatin(paragraph, extra);
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

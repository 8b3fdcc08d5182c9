/**
 * The figures of one text that the document's counts and QA's length norms add up: kept beside
 * each segment and slot (store/figures.ts) so a 20,000-segment document's totals and medians
 * are read from small numbers in SQL instead of every text (issue #12). Each figure is defined
 * by the same code the checks use, so a norm from figures equals one from the texts. Pure.
 */
import { countText } from './counts.js';

export interface TextFigures {
  /** UTF-16 code units, as JavaScript's `length`. */
  length: number;
  /** White space `trimStart` removes (all of it for a text of white space only). */
  leadSpace: number;
  /** White space `trimEnd` removes. */
  trailSpace: number;
  /** Letters and digits (`\p{L}\p{N}`), what triangulation compares lengths by. */
  letters: number;
  /** Words and characters as text/counts.ts counts them in this language. */
  words: number;
  characters: number;
}

const LETTER = /[\p{L}\p{N}]/gu;

/**
 * Letters and digits of a text; additive over concatenation.
 * @example countLetters('Xi Jinping, 2024') // → 13
 */
export function countLetters(text: string): number {
  return text.match(LETTER)?.length ?? 0;
}

/**
 * The figures of a text in `lang`.
 * @example textFigures(' Ab 1. ', 'en') // → { length: 7, leadSpace: 1, trailSpace: 1, letters: 3, words: 2, characters: 4 }
 */
export function textFigures(text: string, lang: string): TextFigures {
  const { words, characters } = countText(text, lang);
  return {
    length: text.length,
    leadSpace: text.length - text.trimStart().length,
    trailSpace: text.length - text.trimEnd().length,
    letters: countLetters(text),
    words, characters,
  };
}

/**
 * `text.trim().length` of the texts joined (with nothing between) from their figures alone.
 * @example trimmedJoinLength([textFigures('  ', 'zh'), textFigures(' 甲 ', 'zh'), textFigures('乙 ', 'zh')]) // → 3 ('甲 乙')
 */
export function trimmedJoinLength(parts: readonly Pick<TextFigures, 'length' | 'leadSpace' | 'trailSpace'>[]): number {
  // A part of white space only has leadSpace = length; the join's trim runs through it.
  const first = parts.findIndex((p) => p.leadSpace < p.length);
  if (first < 0) return 0;
  let last = parts.length - 1;
  while (parts[last]!.leadSpace === parts[last]!.length) last -= 1;
  let length = 0;
  for (let i = first; i <= last; i++) length += parts[i]!.length;
  return length - parts[first]!.leadSpace - parts[last]!.trailSpace;
}

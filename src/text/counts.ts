/**
 * Word and character counts of a text, as CAT tools count them for quotes and progress:
 * in Chinese (and Japanese) every ideograph or kana counts as one word, as Trados and memoQ
 * count them, and a run of Latin letters or digits inside Chinese counts as one word; in
 * other languages a word is a run of letters and digits, with inner apostrophes, hyphens and
 * number separators (`don't`, `China-Kyrgyzstan`, `1,000.5`). Characters exclude white space.
 * Pure.
 */

export interface TextCount { words: number; characters: number }

/** Ideographs, kana and the CJK compatibility block: one word each. */
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/gu;
/** A word of letters, marks and digits with single inner joiners; linear (no nested repetition over shared characters). */
const WORD = /[\p{L}\p{M}\p{N}]+(?:['’\-.,][\p{L}\p{M}\p{N}]+)*/gu;
const SPACE = /\s/gu;

/** Counts one text. */
export function countText(text: string, lang: string): TextCount {
  const characters = text.length - (text.match(SPACE)?.length ?? 0) - surrogatePairs(text);
  if (!/^(zh|ja)\b/.test(lang)) return { words: text.match(WORD)?.length ?? 0, characters };
  const ideographs = text.match(CJK)?.length ?? 0;
  // What remains once the ideographs are spaces: Latin words and numbers inside Chinese.
  const rest = text.replace(CJK, ' ').match(WORD)?.length ?? 0;
  return { words: ideographs + rest, characters };
}

/** Astral characters (rare ideographs, emoji) are two UTF-16 units but one character. */
function surrogatePairs(text: string): number {
  let pairs = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) pairs += 1;
  }
  return pairs;
}

/** Adds counts up. */
export function addCounts(a: TextCount, b: TextCount): TextCount {
  return { words: a.words + b.words, characters: a.characters + b.characters };
}

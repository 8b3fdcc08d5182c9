/**
 * The words of a translation a spelling dictionary should judge: runs of letters (with inner
 * apostrophes), in the language's own script, leaving out what dictionaries do not list:
 * acronyms (SCO, ШОС), words with digits, and words of another script (a Chinese name in
 * a Russian sentence, a Latin brand in either). Pure.
 */

export interface WordAt { word: string; start: number; end: number }

/** Letters and marks with inner apostrophes (no nested repetition over shared characters). */
const WORD = /[\p{L}\p{M}]+(?:['’][\p{L}\p{M}]+)*/gu;
const SCRIPT: Record<string, RegExp> = { en: /^\p{Script=Latin}/u, ru: /^\p{Script=Cyrillic}/u };

/** The languages a dictionary ships for (package dictionary-en, dictionary-ru). */
export const SPELLING_LANGS = ['en', 'ru'] as const;
export type SpellingLang = (typeof SPELLING_LANGS)[number];

export function spellingLang(lang: string): SpellingLang | null {
  const primary = lang.split('-')[0]?.toLowerCase();
  return (SPELLING_LANGS as readonly string[]).includes(primary ?? '') ? primary as SpellingLang : null;
}

/** The words to check in `text`, with their [start, end) in UTF-16 units. */
export function wordsToCheck(text: string, lang: SpellingLang): WordAt[] {
  const script = SCRIPT[lang]!;
  const out: WordAt[] = [];
  for (const match of text.matchAll(WORD)) {
    const word = match[0];
    if (!script.test(word)) continue;
    // Acronyms and single letters are not in dictionaries.
    if ([...word].length < 2 || (word === word.toUpperCase() && word !== word.toLowerCase())) continue;
    // A word glued to digits (2nd, 5-й) is a number form.
    const before = text[match.index - 1] ?? '';
    const after = text[match.index + word.length] ?? '';
    if (/\d/.test(before) || /\d/.test(after) || (before === '-' && /\d/.test(text[match.index - 2] ?? ''))) continue;
    out.push({ word, start: match.index, end: match.index + word.length });
  }
  return out;
}

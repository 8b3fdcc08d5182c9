import { diffChars, diffWords } from 'diff';

/** One run of a diff: unchanged, inserted or deleted text. */
export interface DiffPart { value: string; added?: true; removed?: true }

/**
 * The changes from `before` to `after` as the review shows them: by character for
 * Chinese and Japanese (no spaces between words), by word for everything else.
 * diffTexts('a b', 'a c', 'en') → [{value:'a '},{value:'b',removed:true},{value:'c',added:true}]
 */
export function diffTexts(before: string, after: string, lang: string): DiffPart[] {
  const primary = lang.split('-')[0];
  const parts = primary === 'zh' || primary === 'ja' ? diffChars(before, after) : diffWords(before, after);
  return parts.map((part) => ({ value: part.value, ...(part.added && { added: true as const }), ...(part.removed && { removed: true as const }) }));
}

/**
 * Joining sentences back into one text, the inverse of `splitSentences` for a slot
 * that holds several of them. Pure.
 */

/**
 * Joins target sentences into one slot text: with a space, except for scripts written without one.
 * @example joinSentences('en', ['A.', 'B.']) → 'A. B.'
 * @example joinSentences('zh', ['甲。', '乙。']) → '甲。乙。'
 */
export function joinSentences(lang: string, sentences: readonly string[]): string {
  const primary = lang.split('-')[0];
  const separator = primary === 'zh' || primary === 'ja' ? '' : ' ';
  return sentences.filter((s) => s.length > 0).join(separator);
}

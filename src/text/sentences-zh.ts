/**
 * Chinese sentence splitting inside one paragraph (the canonical
 * rules; demo/joint-statement-2022/README.md explains them on the fixture).
 */

// U+FF61 is the half-width form of 。 that some converters produce.
const FULL_WIDTH_ENDS: ReadonlySet<string> = new Set(['。', '！', '？', '｡']);
// ASCII ! and ? end a Chinese sentence only right after CJK text; inside an
// embedded Latin phrase ("Yahoo!") they are part of that phrase.
const ASCII_ENDS: ReadonlySet<string> = new Set(['!', '?']);
// The issue lists ”’」』）》; 】〕〗〉 and ASCII ) ] close the same way and are
// unambiguous. ASCII quotes are left out: after 。 a `"` may just as well
// open the next quotation.
const CLOSERS: ReadonlySet<string> = new Set(['”', '’', '」', '』', '）', '》', '】', '〕', '〗', '〉', ')', ']']);
const OPENERS: ReadonlySet<string> = new Set(['“', '‘', '「', '『', '（', '《', '【', '〔', '〖', '〈', '(', '[']);
const CJK = /[\p{Script=Han}\u3000-\u303F\uFF00-\uFFEF]/u;
const WHITESPACE = /\s/u;

/**
 * Splits one Chinese paragraph into sentences. A sentence ends after a run
 * of 。！？ plus the closing quotes/brackets right after it — unless a closing
 * quote is followed by more text of the same sentence (`“走吧。”他说。`).
 * Nothing inside 《…》 ends a sentence. Results are trimmed; empties dropped.
 * @example splitSentencesZh('“好。”“再见。”') → ['“好。”', '“再见。”']
 * @example splitSentencesZh('“我们走吧。”他说。') → ['“我们走吧。”他说。']
 */
export function splitSentencesZh(paragraph: string): string[] {
  // Code points, not UTF-16 units, so a Han character outside the BMP is
  // one element when we look at the character before an ASCII `!`.
  const chars = Array.from(paragraph);
  const inTitle = bookTitleMask(chars);
  const sentences: string[] = [];
  let start = 0;
  let i = 0;
  while (i < chars.length) {
    if (inTitle[i] === true || !startsEnding(chars, i)) {
      i += 1;
      continue;
    }
    let j = i;
    while (j < chars.length && isEndMark(chars[j])) j += 1;
    const runEnd = j;
    // A closing quote never opens a sentence, so one typed after a space (`摔交。 ”`, a common
    // slip in converted text) still closes this one.
    let k = j;
    while (k < chars.length && WHITESPACE.test(chars[k] ?? '')) k += 1;
    if (k > j && CLOSERS.has(chars[k] ?? '')) j = k;
    while (j < chars.length && CLOSERS.has(chars[j] ?? '')) j += 1;
    if (j === runEnd || endsHere(chars[j])) {
      sentences.push(chars.slice(start, j).join(''));
      start = j;
    }
    i = j;
  }
  sentences.push(chars.slice(start).join(''));
  return joinBareMarks(sentences).map((sentence) => sentence.trim()).filter((sentence) => sentence.length > 0);
}

/** No letter, no digit: punctuation only (`……`, `”`), nothing a translator could align. */
const BARE_MARKS = /^[^\p{L}\p{N}]*$/u;

/**
 * A piece of punctuation left alone after a sentence end (`传奇。” ……`) belongs to the sentence
 * before it: on its own it would be a segment with nothing to translate. Works on the untrimmed
 * pieces, so the joined sentence is still a slice of the paragraph.
 */
function joinBareMarks(pieces: readonly string[]): string[] {
  const out: string[] = [];
  for (const piece of pieces) {
    const last = out.length - 1;
    if (last >= 0 && BARE_MARKS.test(piece)) out[last] = `${out[last] ?? ''}${piece}`;
    else out.push(piece);
  }
  return out;
}

function isEndMark(char: string | undefined): boolean {
  return char !== undefined && (FULL_WIDTH_ENDS.has(char) || ASCII_ENDS.has(char));
}

function startsEnding(chars: readonly string[], i: number): boolean {
  const char = chars[i] ?? '';
  if (FULL_WIDTH_ENDS.has(char)) return true;
  return ASCII_ENDS.has(char) && i > 0 && CJK.test(chars[i - 1] ?? '');
}

/** After a closing quote, only these mean the quoted sentence was the whole sentence. */
function endsHere(next: string | undefined): boolean {
  return next === undefined || WHITESPACE.test(next) || OPENERS.has(next);
}

/**
 * Marks every position inside a balanced 《…》 pair (nesting allowed). An
 * unbalanced 《 protects nothing, so one stray bracket cannot glue the rest
 * of a paragraph into a single segment. Pairs are added up in a difference
 * array, so deeply nested titles cost linear time (filling each pair's range
 * took 10 s on 133,000 nested brackets, issue #12).
 */
function bookTitleMask(chars: readonly string[]): boolean[] {
  const depth = new Int32Array(chars.length + 1);
  const open: number[] = [];
  chars.forEach((char, index) => {
    if (char === '《') open.push(index);
    if (char === '》') {
      const from = open.pop();
      if (from !== undefined) {
        depth[from] = (depth[from] ?? 0) + 1;
        depth[index + 1] = (depth[index + 1] ?? 0) - 1;
      }
    }
  });
  const mask: boolean[] = new Array<boolean>(chars.length);
  let inside = 0;
  for (let i = 0; i < chars.length; i += 1) {
    inside += depth[i] ?? 0;
    mask[i] = inside > 0;
  }
  return mask;
}

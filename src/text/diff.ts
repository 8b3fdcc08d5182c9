/**
 * The differences between two versions of a text, as the review and the history show them.
 *
 * Revisions are permanent and every history and review list diffs them again, so the work
 * is bounded (issue #12): Myers' algorithm costs about (n + m) · d steps for n and m tokens
 * and d edits, and the `diff` package stops at `maxEditLength`. When a fine diff would cost
 * more than WORK_BUDGET steps, the texts are compared by sentence instead (each changed
 * sentence refined again while the budget lasts), and failing that the changed middle is
 * marked as a whole; a notice then tells the reader which.
 */
import { diffArrays } from 'diff';

/** One run of a diff: unchanged, inserted or deleted text. */
export interface DiffPart { value: string; added?: true; removed?: true }

/** A diff with, when it had to be coarser than asked for, a sentence saying so. */
export interface TextDiff { parts: DiffPart[]; notice: string | null }

/**
 * Steps of the diff algorithm, (n + m) · d, allowed for the fine diff, for the sentence diff
 * and for refining its changed sentences. Measured with the `diff` package on a busy
 * two-core machine: about 0.2 s per million steps at worst (random text, long snakes); a
 * typical edit of a slot costs a few thousand.
 */
export const WORK_BUDGET = { fine: 1_000_000, sentences: 500_000, refine: 500_000 } as const;

type Block = { common: string } | { removed: string; added: string };

/**
 * The changes from `before` to `after`: by character for Chinese and Japanese (no spaces
 * between words), by word for every other script (a Cyrillic or Greek word is one token,
 * not one per letter).
 * @example diffTexts('a b', 'a c', 'en') → [{value:'a '},{value:'b',removed:true},{value:'c',added:true}]
 */
export function diffTexts(before: string, after: string, lang: string): DiffPart[] {
  return compareTexts(before, after, lang).parts;
}

/**
 * `diffTexts` with its notice: null when the diff is as fine as `lang` asks for, else a
 * sentence for the reader saying it was made by sentence or as a whole.
 * @example compareTexts(a100k, b100k, 'en').notice → 'These versions differ in too many places…'
 */
export function compareTexts(before: string, after: string, lang: string): TextDiff {
  const byCharacter = isCharacterLang(lang);
  const tokenize = (text: string) => (byCharacter ? Array.from(text) : wordsOf(text));
  const a = tokenize(before);
  const b = tokenize(after);
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix += 1;
  let suffix = 0;
  while (suffix < a.length - prefix && suffix < b.length - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix += 1;
  const middleA = a.slice(prefix, a.length - suffix);
  const middleB = b.slice(prefix, b.length - suffix);

  let notice: string | null = null;
  let middle = myers(middleA, middleB, { left: WORK_BUDGET.fine });
  if (middle === undefined) {
    // Too far apart for a fine diff: compare sentences, then refine each changed pair.
    const coarse = myers(sentencesOf(middleA.join('')), sentencesOf(middleB.join('')), { left: WORK_BUDGET.sentences })
      ?? [{ removed: middleA.join(''), added: middleB.join('') }];
    const refine = { left: WORK_BUDGET.refine };
    let coarser = false;
    middle = coarse.flatMap((block) => {
      if ('common' in block) return [block];
      const fine = myers(tokenize(block.removed), tokenize(block.added), refine);
      if (fine !== undefined) return fine;
      coarser = true;
      return [block];
    });
    if (coarser) {
      notice = coarse.length === 1 && !('common' in coarse[0]!)
        ? 'These versions differ too much to compare in detail: the changed passage is marked as a whole.'
        : `These versions differ in too many places to compare ${byCharacter ? 'character by character' : 'word by word'}: some changes are marked by whole sentence.`;
    }
  }
  const blocks: Block[] = [
    ...(prefix > 0 ? [{ common: a.slice(0, prefix).join('') }] : []),
    ...middle,
    ...(suffix > 0 ? [{ common: a.slice(a.length - suffix).join('') }] : []),
  ];
  return { parts: toParts(absorbSpaces(blocks)), notice };
}

function isCharacterLang(lang: string): boolean {
  const primary = lang.split('-')[0]?.toLowerCase();
  return primary === 'zh' || primary === 'ja';
}

// A word is a run of letters, marks and digits of any script (an inner apostrophe keeps
// "don't" whole); every space run and every other character is a token of its own. A
// pattern rather than Intl.Segmenter, which measured about 40 times slower (11 µs a
// character); the `diff` package's own word tokenizer split Cyrillic into single letters.
const WORD_TOKEN = /[\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}\p{N}]+)*|\s+|[^]/gu;

/** Words, spaces and punctuation as separate tokens, for every alphabetic script. */
function wordsOf(text: string): string[] {
  return text.match(WORD_TOKEN) ?? [];
}

const SENTENCE_END: ReadonlySet<string> = new Set(['.', '!', '?', '…', '。', '！', '？', ';', '；']);
const CLOSER: ReadonlySet<string> = new Set(['"', "'", '”', '’', '»', '」', '』', '）', ')', '》', ']', '】']);
const SPACE = /\s/u;

/**
 * Sentences for the coarse diff: each ends after a line break, or after a run of end marks,
 * closing quotes and the spaces that follow. Lossless: joined they give `text` back.
 */
function sentencesOf(text: string): string[] {
  const sentences: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i]!;
    if (char !== '\n' && !SENTENCE_END.has(char)) continue;
    let end = i + 1;
    if (char !== '\n') {
      while (end < text.length && (SENTENCE_END.has(text[end]!) || CLOSER.has(text[end]!))) end += 1;
      while (end < text.length && text[end] !== '\n' && SPACE.test(text[end]!)) end += 1;
    }
    sentences.push(text.slice(start, end));
    start = end;
    i = end - 1;
  }
  if (start < text.length) sentences.push(text.slice(start));
  return sentences;
}

/**
 * Myers' diff of two token lists within what is left of the budget, or undefined when it
 * would need more edits than the budget allows. Charges what it spent.
 */
function myers(a: readonly string[], b: readonly string[], budget: { left: number }): Block[] | undefined {
  if (a.length === 0 && b.length === 0) return [];
  if (a.length === 0 || b.length === 0) return [{ removed: a.join(''), added: b.join('') }];
  const size = a.length + b.length;
  const maxEditLength = Math.min(size, Math.floor(budget.left / size));
  if (maxEditLength < 1) return undefined;
  const changes = diffArrays([...a], [...b], { maxEditLength });
  if (changes === undefined) {
    budget.left -= size * maxEditLength;
    return undefined;
  }
  let edits = 0;
  const blocks: Block[] = [];
  for (const change of changes) {
    const value = change.value.join('');
    if (!change.added && !change.removed) {
      blocks.push({ common: value });
      continue;
    }
    edits += change.count;
    const last = blocks[blocks.length - 1];
    const target = last !== undefined && !('common' in last) ? last : (blocks.push({ removed: '', added: '' }), blocks[blocks.length - 1] as { removed: string; added: string });
    if (change.added) target.added += value;
    else target.removed += value;
  }
  budget.left -= size * Math.max(1, edits);
  return blocks;
}

/**
 * A run of only spaces between two changes joins them ("a b c" → "x y z" reads as one
 * change, not three separated by kept spaces); neighbouring changes merge.
 */
function absorbSpaces(blocks: readonly Block[]): Block[] {
  const out: Block[] = [];
  blocks.forEach((block, index) => {
    const previous = out[out.length - 1];
    const next = blocks[index + 1];
    if ('common' in block) {
      const between = previous !== undefined && !('common' in previous) && next !== undefined && !('common' in next);
      if (block.common.length === 0) return;
      if (!between || block.common.trim().length > 0) {
        out.push(block);
        return;
      }
      previous.removed += block.common;
      previous.added += block.common;
      return;
    }
    if (previous !== undefined && !('common' in previous)) {
      previous.removed += block.removed;
      previous.added += block.added;
    } else {
      out.push({ ...block });
    }
  });
  return out;
}

function toParts(blocks: readonly Block[]): DiffPart[] {
  const parts: DiffPart[] = [];
  for (const block of blocks) {
    if ('common' in block) {
      parts.push({ value: block.common });
      continue;
    }
    if (block.removed) parts.push({ value: block.removed, removed: true });
    if (block.added) parts.push({ value: block.added, added: true });
  }
  return parts;
}

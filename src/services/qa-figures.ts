/**
 * QA's document-wide length norms from the figures kept beside every text (store/figures.ts)
 * instead of the texts: after each change of a 20,000-segment document, reading every text to
 * recompute them took 3-4 s of the event loop before the review list's first page (issue #12).
 * The walks mirror the text-based ones (heads in services/qa.ts, triangulationGroups), and the
 * norms come from the same functions, so the figures give the same norms.
 */
import { lengthNormOfLengths, type LengthNorm } from '../qa/checks.js';
import { lengthNormOfLetters, type GroupLetters, type TriangulationLengthNorm } from '../qa/triangulation-signals.js';
import { FIGURE, headAt, type FigureRows } from '../store/figures.js';
import type { Store } from '../store/index.js';
import { trimmedJoinLength } from '../text/figures.js';

/** `text.trim().length` from the figures at `at` (a text of white space only trims to nothing). */
function trimmedAt(numbers: Int32Array, at: number): number {
  return Math.max(0, numbers[at + FIGURE.length]! - numbers[at + FIGURE.leadSpace]! - numbers[at + FIGURE.trailSpace]!);
}

/** Per head of the first language read: the trimmed lengths of its Chinese and of its text. */
export function headLengths({ rows, stride, numbers }: FigureRows): { source: number; target: number }[] {
  const pairs: { source: number; target: number }[] = [];
  const head = headAt(0);
  for (let row = 0; row < rows; row++) {
    const at = row * stride;
    const span = numbers[at + head]!;
    if (span === 0) continue;
    const parts = [];
    for (let k = row; k < Math.min(rows, row + span); k++) {
      const s = k * stride;
      parts.push({ length: numbers[s + FIGURE.length]!, leadSpace: numbers[s + FIGURE.leadSpace]!, trailSpace: numbers[s + FIGURE.trailSpace]! });
    }
    pairs.push({ source: span === 1 ? trimmedAt(numbers, at) : trimmedJoinLength(parts), target: trimmedAt(numbers, at + head + 1) });
  }
  return pairs;
}

/** Letters of each group (no slot of either language crosses it) whose every slot has a translation. */
export function groupLetters({ rows, stride, numbers }: FigureRows): GroupLetters[] {
  const groups: GroupLetters[] = [];
  let openUntil = -1;
  let zh = 0;
  const letters = [0, 0];
  const heads = [0, 0];
  let translated = true;
  for (let row = 0; row < rows; row++) {
    const at = row * stride;
    zh += numbers[at + FIGURE.letters]!;
    for (let side = 0; side < 2; side++) {
      const head = at + headAt(side);
      const span = numbers[head]!;
      if (span === 0) continue;
      openUntil = Math.max(openUntil, row + span - 1);
      heads[side]! += 1;
      letters[side]! += numbers[head + 1 + FIGURE.letters]!;
      if (trimmedAt(numbers, head + 1) === 0) translated = false;
    }
    if (row < openUntil) continue;
    if (translated && heads[0]! > 0 && heads[1]! > 0) groups.push({ zh, a: letters[0]!, b: letters[1]! });
    zh = 0;
    letters.fill(0);
    heads.fill(0);
    translated = true;
  }
  return groups;
}

/** The length-ratio norm of one language (checks.ts), from figures. */
export function languageLengthNorm(store: Store, documentId: number, lang: string): LengthNorm | null {
  return lengthNormOfLengths(headLengths(store.figures.listFigureRows(documentId, [lang])));
}

/** The triangulation length norm of a language pair, from figures. */
export function pairLengthNorm(store: Store, documentId: number, pair: readonly [string, string]): TriangulationLengthNorm | null {
  return lengthNormOfLetters(groupLetters(store.figures.listFigureRows(documentId, pair)), pair);
}

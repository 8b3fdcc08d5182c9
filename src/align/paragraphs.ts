/**
 * Paragraph evidence learned from the document itself. Paragraph breaks are strong evidence when
 * both sides keep the same paragraphs, and none at all when a text was pasted one sentence a line
 * (every boundary is a "paragraph") or as one block. The first pass runs without paragraph terms;
 * its beads then tell how often a paragraph break falls inside a bead, and how often the two
 * sides' beads start paragraphs together, against what chance would give. The weights are those
 * likelihood ratios, so they vanish when the breaks say nothing.
 */
import { u8 } from './indexing.js';
import type { PlacedBead } from './model.js';
import type { Side } from './side.js';

/** Log-odds weights of the paragraph evidence, learned per document. */
export interface ParagraphWeights {
  /** Per paragraph start inside a bead's source sentences (the bead crosses a source break). */
  crossSource: number;
  /** Per paragraph start inside a bead's target sentences. */
  crossTarget: number;
  /** When exactly one side of a bead starts a paragraph. */
  startMismatch: number;
}

/** The first pass uses none: nothing is known yet about this document's paragraphs. */
export const NO_PARAGRAPH_WEIGHTS: ParagraphWeights = { crossSource: 0, crossTarget: 0, startMismatch: 0 };

/**
 * A prior worth this many boundaries (or beads) at the chance rate: a short document or a side
 * with few multi-sentence beads does not get a large weight from a handful of observations.
 * Two is the smallest prior that keeps a document with no crossing at all from an unbounded
 * weight; with it, 50 clean internal boundaries at a 20 % break rate give log(26) ≈ 3.3.
 */
const PRIOR_COUNT = 2;

/**
 * The largest weight a paragraph term may take, in nats (a likelihood ratio of 20): a paragraph
 * break is a layout decision, and a single one must not outweigh a number or a name match
 * (W.numMatch 2.5, W.name 2.0) together with the length model.
 */
const MAX_WEIGHT = 3;

function crossWeight(side: Side, beads: readonly PlacedBead[], source: boolean): number {
  const count = side.sentences.length;
  if (!side.paragraphs || count < 2) return 0;
  let breaks = 0;
  for (let k = 1; k < count; k++) breaks += u8(side.paraStart, k);
  // How often any boundary between two sentences is a paragraph break.
  const base = breaks / (count - 1);
  if (base <= 0) return 0;
  let inside = 0;
  let crossed = 0;
  for (const bead of beads) {
    const first = source ? bead.i0 : bead.j0;
    const size = source ? bead.a : bead.b;
    for (let k = first + 1; k < first + size; k++) {
      inside++;
      crossed += u8(side.paraStart, k);
    }
  }
  // How often a boundary inside a bead is one, smoothed towards the base rate.
  const insideRate = (crossed + PRIOR_COUNT * base) / (inside + PRIOR_COUNT);
  return Math.min(MAX_WEIGHT, Math.max(0, Math.log(base / insideRate)));
}

function startWeight(src: Side, tgt: Side, beads: readonly PlacedBead[]): number {
  if (!src.paragraphs || !tgt.paragraphs) return 0;
  let total = 0;
  let starts = 0;
  let startt = 0;
  let mismatched = 0;
  for (const bead of beads) {
    if (bead.a === 0 || bead.b === 0) continue;
    const s = u8(src.paraStart, bead.i0) === 1;
    const t = u8(tgt.paraStart, bead.j0) === 1;
    total++;
    if (s) starts++;
    if (t) startt++;
    if (s !== t) mismatched++;
  }
  if (total === 0) return 0;
  const ps = starts / total;
  const pt = startt / total;
  // Mismatches were the two sides' paragraph starts independent of each other.
  const chance = ps * (1 - pt) + pt * (1 - ps);
  if (chance <= 0) return 0;
  const observed = (mismatched + PRIOR_COUNT * chance) / (total + PRIOR_COUNT);
  return Math.min(MAX_WEIGHT, Math.max(0, Math.log(chance / observed)));
}

/**
 * Paragraph weights from the first pass's beads.
 * @example learnParagraphWeights(src, tgt, firstPass) // → { crossSource: 2.9, crossTarget: 0, startMismatch: 1.7 } (target pasted a sentence a line)
 */
export function learnParagraphWeights(src: Side, tgt: Side, beads: readonly PlacedBead[]): ParagraphWeights {
  return {
    crossSource: crossWeight(src, beads, true),
    crossTarget: crossWeight(tgt, beads, false),
    startMismatch: startWeight(src, tgt, beads),
  };
}

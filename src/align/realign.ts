/**
 * Anchored re-alignment for the editor: after a person fixes or confirms beads, align again only
 * the stretches of beads nobody touched, between the touched ones, and say what moved.
 */
import { ANCHOR_REASON, alignAround, type AlignOptions, type KeptBead } from './aligner.js';
import { AnchorError, checkBeadTiling } from './anchors.js';
import { formatBead, type Bead, type BeadShape } from './beads.js';
import type { Sentence } from './features.js';
import { supports, type Reason } from './reasons.js';
import { at } from './indexing.js';
import { settle } from './settle.js';

/** What `realign` works on. */
export interface RealignInput {
  source: readonly Sentence[];
  target: readonly Sentence[];
  /** The current alignment: beads that tile both texts, in order. */
  beads: readonly BeadShape[];
  /**
   * Per bead of `beads`: true when a person edited, confirmed, approved or fixed it. Touched beads
   * are anchors: kept exactly and learned from (twice the weight of a confident searched bead).
   * Untouched beads outside the re-aligned runs are kept too and learned from like a confident
   * searched bead, so a small stretch learns its associations from the whole document.
   */
  touched: readonly boolean[];
  /**
   * Re-align only the runs of untouched beads that hold a source sentence in [from, to), or that
   * start at `from` when they hold none (default: every run).
   */
  within?: { from: number; to: number };
  /**
   * Keep the new alignment of each run only as far as the fix reaches: up to where it first falls
   * back in step with the old one (settle.ts); the run's beads beyond stay as they were. What the
   * editor does after a fix; "Re-align unconfirmed" re-aligns whole runs.
   */
  settle?: boolean;
}

/** The new alignment and what changed. */
export interface RealignResult {
  /**
   * The new beads, tiling both texts. Beads outside the re-aligned runs come back as given, with
   * confidence 1 and the reason "kept"; those inside carry the aligner's confidence and reasons.
   */
  beads: Bead[];
  /** Indices into `beads` of the beads that were not in the old alignment. */
  changed: number[];
  /** Indices into the input's `beads` of the old beads that are gone. */
  removed: number[];
  /** How many runs of untouched beads were re-aligned. */
  stretches: number;
}

/** The reason given for an untouched bead outside the re-aligned stretches. */
export const KEPT_REASON: Reason = supports('kept: outside the re-aligned stretches');

const keptBead = (bead: BeadShape): Bead => ({ source: [...bead.source], target: [...bead.target], confidence: 1, reasons: [KEPT_REASON] });

/** A run of consecutive untouched beads, [first, last] bead indices and the source range it holds. */
interface Run {
  first: number;
  last: number;
  from: number;
  to: number;
}

function untouchedRuns(beads: readonly BeadShape[], touched: readonly boolean[]): Run[] {
  const runs: Run[] = [];
  let position = 0;
  beads.forEach((bead, k) => {
    const start = position;
    position += bead.source.length;
    if (at(touched, k)) return;
    const last = runs[runs.length - 1];
    if (last !== undefined && last.last === k - 1) {
      last.last = k;
      last.to = position;
    } else runs.push({ first: k, last: k, from: start, to: position });
  });
  return runs;
}

/**
 * Re-align the untouched stretches of an alignment around its touched beads.
 * @example
 * realign({ source, target, beads: [{ source: [0], target: [0, 1] }, { source: [1], target: [2] }], touched: [true, false] }, { sourceLang: 'zh', targetLang: 'en' })
 * // → { beads: [[0]:[0,1] kept, …the rest aligned again…], changed: [...], removed: [...], stretches: 1 }
 */
export function realign(input: RealignInput, options: AlignOptions): RealignResult {
  const { source, target, beads, touched } = input;
  if (touched.length !== beads.length) throw new AnchorError(`touched has ${touched.length} entries for ${beads.length} beads`);
  checkBeadTiling(beads, source.length, target.length);
  const within = input.within;
  const chosen = untouchedRuns(beads, touched).filter((run) => within === undefined
    || (run.from < within.to && run.to > within.from)
    || (run.from === run.to && run.from >= within.from && run.from <= within.to));
  const realigned = new Uint8Array(beads.length);
  for (const run of chosen) realigned.fill(1, run.first, run.last + 1);
  const kept: KeptBead[] = [];
  beads.forEach((bead, k) => {
    if (realigned[k] === 0) kept.push({ bead, learn: at(touched, k) });
  });
  const searched = chosen.length === 0
    ? beads.map((bead, k): Bead => ({ source: [...bead.source], target: [...bead.target], confidence: 1, reasons: at(touched, k) ? [ANCHOR_REASON] : [] }))
    : alignAround(source, target, options, kept);
  const out = input.settle === true ? settle(beads, touched, searched, keptBead) : searched;
  const keptKeys = new Set(kept.filter((k) => !k.learn).map((k) => formatBead(k.bead)));
  for (const bead of out) if (keptKeys.has(formatBead(bead))) bead.reasons = [KEPT_REASON];
  const before = new Set(beads.map(formatBead));
  const after = new Set(out.map(formatBead));
  return {
    beads: out,
    changed: out.flatMap((bead, k) => (before.has(formatBead(bead)) ? [] : [k])),
    removed: beads.flatMap((bead, k) => (after.has(formatBead(bead)) ? [] : [k])),
    stretches: chosen.length,
  };
}

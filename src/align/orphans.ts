/**
 * Target sentences with no source (0-1 beads) in a product that has no slot without a segment:
 * each must join the slot above or the one below. The aligner says which (`attach`), from the
 * evidence of the two merged beads; `attachOrphans` then folds them in.
 */

/** A bead as placement sees it; a 0-1 bead may say where it belongs. */
export interface AttachableBead {
  source: readonly number[];
  target: readonly number[];
  /** For a bead with no source sentence: join the bead before it or the one after. */
  attach?: 'previous' | 'next';
  /** The calibrated probability that the bead is right (beads.ts): a merged bead takes the lowest. */
  probability?: number;
}

/** The lower of two probabilities, either possibly absent (a bead the aligner did not search). */
function lower(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined ? b : b === undefined ? a : Math.min(a, b);
}

/** `bead` with `probability` when there is one. */
function withProbability<B extends AttachableBead>(bead: B, probability: number | undefined): B {
  return probability === undefined ? bead : { ...bead, probability };
}

/**
 * Where each run of 0-1 beads goes: the first `split` of the run join the bead before it, the rest
 * the bead after, so target sentences stay in order. `gain(k, r)` is how much better bead k scores
 * with the r orphans next to it (before it when they follow it, after it when they precede it)
 * than alone; `split` maximises the gain of both neighbours together.
 * @example orphanSplit(2, (side, r) => (side === 'previous' ? 1 : 2) * r) // → 0 (both go to the next bead)
 */
export function orphanSplit(run: number, gain: (side: 'previous' | 'next', count: number) => number | undefined): number {
  let best = -Infinity;
  let split = 0;
  for (let r = 0; r <= run; r++) {
    const before = r === 0 ? 0 : gain('previous', r);
    const after = r === run ? 0 : gain('next', run - r);
    // undefined: there is no bead on that side (the start or end of the text).
    if (before === undefined || after === undefined) continue;
    if (before + after > best) {
      best = before + after;
      split = r;
    }
  }
  return split;
}

/**
 * Beads with every 0-1 bead folded into a neighbour (as its `attach` says; at the very start or
 * end, the only neighbour there is), each with the number of orphans it took in. A bead that took
 * orphans in is as doubtful as the most doubtful of them: its `probability` is the lowest.
 * @example attachOrphans([{ source: [0], target: [0] }, { source: [], target: [1], attach: 'next' }, { source: [1], target: [2] }])
 * // → [{ source: [0], target: [0], orphans: 0 }, { source: [1], target: [1, 2], orphans: 1 }]
 */
export function attachOrphans<B extends AttachableBead>(beads: readonly B[]): (B & { orphans: number })[] {
  const out: (B & { orphans: number })[] = [];
  let waiting: number[] = [];
  let waitingProbability: number | undefined;
  for (const bead of beads) {
    if (bead.source.length === 0) {
      const last = out[out.length - 1];
      if (last !== undefined && bead.attach !== 'next' && waiting.length === 0) {
        out[out.length - 1] = withProbability({ ...last, target: [...last.target, ...bead.target], orphans: last.orphans + bead.target.length }, lower(last.probability, bead.probability));
      } else {
        waiting = [...waiting, ...bead.target];
        waitingProbability = lower(waitingProbability, bead.probability);
      }
      continue;
    }
    out.push(withProbability({ ...bead, target: [...waiting, ...bead.target], orphans: waiting.length }, lower(bead.probability, waitingProbability)));
    waiting = [];
    waitingProbability = undefined;
  }
  const last = out[out.length - 1];
  if (waiting.length > 0 && last !== undefined) out[out.length - 1] = withProbability({ ...last, target: [...last.target, ...waiting], orphans: last.orphans + waiting.length }, lower(last.probability, waitingProbability));
  return out;
}

/**
 * Doubt from a second opinion: the second pass searched once more with the bead shapes' priors
 * weakened, and each bead asked whether that search drew it too. Most wrong beads on MAC-Dev are
 * pieces of a larger gold bead (a 1-1 and a 1-2 for a gold 2-3, a 1-2 and a 1-3 for a 1-5) that
 * the shape priors keep small; a search that trusts them less draws such a stretch otherwise,
 * while a bead the evidence itself pins down comes out the same. The calibration
 * (calibration.ts) takes "drawn otherwise" as a feature.
 */
import type { Model, PlacedBead } from './model.js';

/**
 * The share of their log weight the shape priors keep in the variant search. Chosen by
 * leave-one-chapter-out within MAC-Dev 001–003 (bench/align-rank.ts, the held-out half unread;
 * the sweep is in calibration.ts at calibrationFeatures): every share from 0.1 to 0.75 lowered
 * the out-of-fold log loss, 0.2 the most (0.2888 against 0.2981 without); at 0 (no priors at all)
 * the variant draws half the beads otherwise and tells nothing.
 */
export const VARIANT_PRIOR_SHARE = 0.2;

/**
 * The model of the variant search: `model` with every shape's log prior multiplied by `share`
 * (the length model, the lexical evidence and the paragraphs unchanged).
 * @example variantModel({ ...model, logPrior: [-0.2, -4.6] }, 0.2).logPrior // → about [-0.04, -0.92]
 */
export function variantModel(model: Model, share: number = VARIANT_PRIOR_SHARE): Model {
  if (!(share >= 0 && share <= 1)) throw new RangeError(`the priors' share is from 0 to 1, not ${share}`);
  return { ...model, logPrior: model.logPrior.map((x) => x * share) };
}

/**
 * Per bead of `beads`, whether `variant` lacks a bead with the same sentences (same first source
 * and target sentence, same shape): true when the variant drew these sentences otherwise.
 * @example drawnOtherwise([{ i0: 0, j0: 0, a: 1, b: 1 }, { i0: 1, j0: 1, a: 1, b: 2 }], [{ i0: 0, j0: 0, a: 1, b: 1 }, { i0: 1, j0: 1, a: 2, b: 2 }]) // → [false, true]
 */
export function drawnOtherwise(beads: readonly Pick<PlacedBead, 'i0' | 'j0' | 'a' | 'b'>[], variant: readonly Pick<PlacedBead, 'i0' | 'j0' | 'a' | 'b'>[]): boolean[] {
  const key = (b: Pick<PlacedBead, 'i0' | 'j0' | 'a' | 'b'>): string => `${b.i0},${b.j0},${b.a},${b.b}`;
  const drawn = new Set(variant.map(key));
  return beads.map((b) => !drawn.has(key(b)));
}

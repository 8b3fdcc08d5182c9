/**
 * Candidate calibration features from the text's own cues at a bead's edges (src/align/edge-cues.ts,
 * issue #11 item 3), each on top of the shipped calibrationFeatures: scored by leave-one-chapter-out
 * within MAC-Dev 001–003 in bench/align-rank.ts, and judged by bench/align-flagrule.ts's CRITERION
 * with `--features NAME`. The held-out half is never read here.
 *
 * SELECTION (written down before any of these rows was run): a candidate replaces the shipped
 * features only when
 *   (1) with it, bench/align-flagrule.ts's existing CRITERION finds an eligible rule (unchanged
 *       clauses a–d, the demo's weights fitted on all of 001–003's presplit beads with it);
 *   (2) its out-of-fold log loss on presplit beads (bench/align-rank.ts) is below the shipped
 *       features', and no held chapter's log loss is worse by more than 0.005 (a gain that trades
 *       one chapter for another, as "a neighbour drawn otherwise" did, is not taken).
 * Among several such candidates, the one whose CRITERION-chosen rule has the highest pooled
 * presplit recall, ties within 0.1 point going to the lower log loss. None: the product stays as
 * it is and the rows are a negative result (calibration.ts at calibrationFeatures).
 *
 * The speech-edge rows were added after the first fourteen (run-on edges, short sentences, local
 * imbalance) had all raised the log loss: a look at 001–003's own beads with the shipped weights
 * showed edges where the Chinese closes or opens a quotation and the translation does not
 * holding 47 wrong beads of 74 where the weights expected 34.5. The SELECTION above is unchanged.
 */
import { calibrationFeatures } from '../src/align/calibration.js';
import type { EdgeCues } from '../src/align/edge-cues.js';
import type { Observed } from './align-calibration.js';
import { CALIBRATION_RIDGES } from './align-calibration.js';

/** A bead's calibration inputs with its edge cues and its neighbours'. */
export interface CuedBead extends Observed {
  cues: EdgeCues;
  prevCues: EdgeCues | undefined;
  nextCues: EdgeCues | undefined;
}

export interface CueCandidate {
  name: string;
  features: (d: CuedBead) => number[];
  /** The ridge of each weight (the intercept's, first, is not used). */
  ridges: readonly number[];
}

const runOn = (c: EdgeCues | undefined): number => c?.runOnEdges ?? 0;
const one = (d: CuedBead): number => (d.a === 1 && d.b === 1 ? 1 : 0);
/** The features before the speech edge came in: calibrationFeatures' first eight (up to "drawn otherwise"). */
const before = (d: CuedBead): number[] => calibrationFeatures(d).slice(0, 8);
const on = (name: string, extra: (d: CuedBead) => number[], more: number[]): CueCandidate => ({ name, features: (d) => [...before(d), ...extra(d)], ridges: [...CALIBRATION_RIDGES.slice(0, 8), ...more] });

export const SHIPPED_FEATURES: CueCandidate = { name: 'shipped (calibrationFeatures)', features: calibrationFeatures, ridges: CALIBRATION_RIDGES };
const BEFORE: CueCandidate = { name: 'before the speech edge (posterior, shape, join gain, quote mismatch, drawn otherwise)', features: before, ridges: CALIBRATION_RIDGES.slice(0, 8) };

export const CUE_CANDIDATES: CueCandidate[] = [
  BEFORE,
  ...[1, 3].flatMap((r) => [
    on(`+ a run-on edge (0/1), ridge ${r}`, (d) => [runOn(d.cues) > 0 ? 1 : 0], [r]),
    on(`+ run-on edges (count), ridge ${r}`, (d) => [runOn(d.cues)], [r]),
    on(`+ a short sentence at an edge (0/1), ridge ${r}`, (d) => [d.cues.shortAtEdge ? 1 : 0], [r]),
    on(`+ local imbalance, ridge ${r}`, (d) => [d.cues.localImbalance], [r]),
    on(`+ local imbalance on 1-1 beads, ridge ${r}`, (d) => [one(d) * d.cues.localImbalance], [r]),
    on(`+ a neighbour with a run-on edge (0/1), ridge ${r}`, (d) => [Math.max(runOn(d.prevCues), runOn(d.nextCues)) > 0 ? 1 : 0], [r]),
    on(`+ run-on edge, short at edge, local imbalance, ridge ${r}`, (d) => [runOn(d.cues) > 0 ? 1 : 0, d.cues.shortAtEdge ? 1 : 0, d.cues.localImbalance], [r, r, r]),
  ]),
  ...[1, 3, 10].flatMap((r) => [
    r === 1 ? { ...SHIPPED_FEATURES, name: '+ a speech edge on the source only (0/1), ridge 1 (chosen: calibrationFeatures)' } : on(`+ a speech edge on the source only (0/1), ridge ${r}`, (d) => [d.cues.speechSourceOnly > 0 ? 1 : 0], [r]),
    on(`+ speech edges on the source only (count), ridge ${r}`, (d) => [d.cues.speechSourceOnly], [r]),
    on(`+ a speech edge on one side only (0/1), ridge ${r}`, (d) => [d.cues.speechSourceOnly + d.cues.speechTargetOnly > 0 ? 1 : 0], [r]),
    on(`+ speech edges on the source only, on the target only (counts), ridge ${r}`, (d) => [d.cues.speechSourceOnly, d.cues.speechTargetOnly], [r, r]),
  ]),
];

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
const on = (name: string, extra: (d: CuedBead) => number[], more: number[]): CueCandidate => ({ name, features: (d) => [...calibrationFeatures(d), ...extra(d)], ridges: [...CALIBRATION_RIDGES, ...more] });

export const SHIPPED_FEATURES: CueCandidate = { name: 'shipped (calibrationFeatures)', features: calibrationFeatures, ridges: CALIBRATION_RIDGES };

export const CUE_CANDIDATES: CueCandidate[] = [
  SHIPPED_FEATURES,
  ...[1, 3].flatMap((r) => [
    on(`+ a run-on edge (0/1), ridge ${r}`, (d) => [runOn(d.cues) > 0 ? 1 : 0], [r]),
    on(`+ run-on edges (count), ridge ${r}`, (d) => [runOn(d.cues)], [r]),
    on(`+ a short sentence at an edge (0/1), ridge ${r}`, (d) => [d.cues.shortAtEdge ? 1 : 0], [r]),
    on(`+ local imbalance, ridge ${r}`, (d) => [d.cues.localImbalance], [r]),
    on(`+ local imbalance on 1-1 beads, ridge ${r}`, (d) => [one(d) * d.cues.localImbalance], [r]),
    on(`+ a neighbour with a run-on edge (0/1), ridge ${r}`, (d) => [Math.max(runOn(d.prevCues), runOn(d.nextCues)) > 0 ? 1 : 0], [r]),
    on(`+ run-on edge, short at edge, local imbalance, ridge ${r}`, (d) => [runOn(d.cues) > 0 ? 1 : 0, d.cues.shortAtEdge ? 1 : 0, d.cues.localImbalance], [r, r, r]),
  ]),
];

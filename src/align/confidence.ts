/**
 * The low-confidence rule, shared by the aligner's JSON output, the editor's filter, the review
 * filter and the import summary, so "low" means the same everywhere.
 */

/**
 * Below this confidence a bead (a slot) is flagged for a person to check. The calibration
 * (calibration.ts) places here the beads whose calibrated probability of being wrong is
 * FLAG_ERROR_RISK (1 in 6): the flag marks every bead at least that likely wrong.
 */
export const LOW_CONFIDENCE = 0.6;

/**
 * Whether a bead or slot of this confidence is flagged; `null` (no aligner confidence: typed,
 * pre-translated or confirmed text) never is.
 * @example isLowConfidence(0.42) // → true
 * @example isLowConfidence(null) // → false
 */
export function isLowConfidence(confidence: number | null): boolean {
  return confidence !== null && confidence < LOW_CONFIDENCE;
}

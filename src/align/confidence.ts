/**
 * The low-confidence rule, shared by the aligner's JSON output, the editor's filter, the review
 * filter and the import summary, so "low" means the same everywhere.
 */

/**
 * Below this confidence a bead (a slot) is flagged for a person to check. Which beads lie below it
 * is decided per alignment by the expected-recall rule (flag-rule.ts): the confidence map's low
 * knot is placed at the alignment's cut (calibration.ts placeConfidence; for a column of slots,
 * services/flag-cut.ts), so this one threshold is the rule for every consumer.
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

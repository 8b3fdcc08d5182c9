/**
 * The low-confidence rule, shared by the aligner's JSON output, the editor's filter, the review
 * filter and the import summary, so "low" means the same everywhere.
 */

/**
 * Below this confidence a bead (a slot) is flagged for a person to check. The calibration
 * (calibration.ts) makes confidence the probability that a bead is exactly right, so the flag
 * marks beads more likely wrong than 6 in 10 right.
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

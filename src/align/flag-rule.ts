/**
 * Which beads of one alignment (one document × one target language) are flagged for a person to
 * check: the expected-recall rule of issue #11. Pure: the aligner applies it to its beads, the
 * product to a column's machine-aligned slots (services/flag-cut.ts), and bench/align-flagrule.ts
 * scores this very function, so bench and product cannot diverge.
 *
 * On P(wrong) = 1 − the calibrated probability that a bead is right (calibration.ts): flag the
 * fewest most-doubted beads whose summed P(wrong) reaches FLAG_RULE.recall of the alignment's
 * summed P(wrong); never a bead with P(wrong) below FLAG_RULE.floor; and flag nothing more once the
 * beads left unflagged are expected to hold fewer than FLAG_RULE.slack errors. A fixed threshold
 * carries the tuning data's level into every document and missed half the wrong beads where the
 * level moved (held-out 004–006: 53.7 %); this rule asks each alignment for a share of its own
 * expected errors, so a level drift moves it far less (bench/align-flagrule.ts, level stress).
 */

/** The rule's three parameters. */
export interface FlagRule {
  /** The share of the alignment's summed P(wrong) the flagged beads must hold. */
  recall: number;
  /** No bead with a P(wrong) below this is flagged. */
  floor: number;
  /** Stop once the unflagged beads' summed P(wrong) is below this (expected errors). */
  slack: number;
  /**
   * At most ⌈cap · n⌉ of the alignment's n beads are flagged (no cap when absent): a group of
   * beads tied at one P(wrong) that would pass it is left out whole, never cut by position.
   */
  cap?: number;
}

/**
 * Chosen by leave-one-chapter-out within MAC-Dev 001–003 only (bench/align-flagrule.ts: its table
 * and level stress; the held-out half 004–006 unread when chosen): recall 0.8 rather than 0.75
 * because a level drift of half a logit cost the rule about four points there; a floor of 0.02
 * that binds on no tuning chapter, a guard for a long clean document whose many beads at
 * P(wrong) ≈ 0.01 would add up to errors the rule reaches for; a slack of one error, which kept
 * the demo (no wrong bead) unflagged and never bound on 001–003.
 */
export const FLAG_RULE: FlagRule = { recall: 0.8, floor: 0.02, slack: 1 };

/**
 * Per bead, whether the rule flags it, from each bead's P(wrong). The beads are taken in
 * decreasing P(wrong); beads tied with the last one flagged are flagged too (unless together they
 * would pass the cap, when none of them is), so a flag depends on a bead's P(wrong) alone, never
 * on its position, and one threshold on the probability separates the flagged beads from the
 * others (flagCut). Empty input: nothing.
 * @example flaggedByRisk([0.6, 0.02, 0.9, 0.7, 0.05]) // → [false, false, true, true, false]: 0.67 errors expected in the rest
 * @example flaggedByRisk([0.1, 0.1, 0.05]) // → [false, false, false]: fewer than one error expected
 */
export function flaggedByRisk(risks: readonly number[], rule: FlagRule = FLAG_RULE): boolean[] {
  for (const r of risks) if (!(r >= 0 && r <= 1)) throw new RangeError(`a probability of being wrong is from 0 to 1, not ${r}`);
  if (rule.cap !== undefined && !(rule.cap >= 0 && rule.cap <= 1)) throw new RangeError(`a cap is a share of the beads from 0 to 1, not ${rule.cap}`);
  const total = risks.reduce((s, r) => s + r, 0);
  const order = risks.map((_, k) => k).sort((x, y) => risks[y]! - risks[x]! || x - y);
  // 1e-9: cap · n is a product of floats, and 0.25 × 48 must allow 12 beads, not 13.
  const most = rule.cap === undefined ? risks.length : Math.ceil(rule.cap * risks.length - 1e-9);
  const out = risks.map(() => false);
  let sum = 0;
  let flagged = 0;
  // The beads in decreasing P(wrong), one group of equal P(wrong) at a time: a group is flagged
  // whole or not at all.
  for (let start = 0; start < order.length; ) {
    const risk = risks[order[start]!]!;
    let end = start + 1;
    while (end < order.length && risks[order[end]!] === risk) end++;
    if (sum >= rule.recall * total || total - sum < rule.slack || risk < rule.floor || flagged + (end - start) > most) break;
    for (let j = start; j < end; j++) {
      out[order[j]!] = true;
      sum += risk;
    }
    flagged += end - start;
    start = end;
  }
  return out;
}

/**
 * Where the confidence map's `low` knot goes for this alignment (calibration.ts placeConfidence):
 * a probability of being right such that every flagged bead lies below it and every other bead at
 * or above it. It stays at `preferred` (the calibration's own knot) when that separates them, so
 * an alignment the fixed rule would flag alike shows the same confidences; otherwise it goes
 * halfway between the most trusted flagged bead and the most doubted unflagged one (0 below the
 * first when nothing is flagged, 1 above the last when everything is).
 * @example flagCut([0.4, 0.98, 0.1, 0.3, 0.95], 0.8333) // → 0.35: 0.1 and 0.3 flagged, 0.4 not
 * @example flagCut([0.95, 0.97], 0.8333) // → 0.8333: nothing flagged, and 0.8333 is below both
 */
export function flagCut(probabilities: readonly number[], preferred: number, rule: FlagRule = FLAG_RULE): number {
  const flags = flaggedByRisk(probabilities.map((p) => 1 - p), rule);
  let below = 0;
  let above = 1;
  probabilities.forEach((p, k) => {
    if (flags[k]) below = Math.max(below, p);
    else above = Math.min(above, p);
  });
  const some = flags.some(Boolean);
  const separates = (x: number) => (!some || x > below) && x <= above;
  if (separates(preferred)) return preferred;
  return (below + above) / 2;
}

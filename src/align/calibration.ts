/**
 * Confidence that means what it says: the search's posterior for a bead mapped, by a logistic
 * model, to the probability that the bead is exactly right. The posterior alone is overconfident
 * where the model has blind spots (beads of four sentences, omissions and additions), so the
 * bead's shape enters too. `npm run bench:align -- --calibrate` fits the coefficients on the
 * tuning half of MAC-Dev (bench/align-data.ts) and reports them on the other half and the demo.
 */

/** What the calibration knows of one searched bead. */
export interface CalibrationInput {
  /** The search's posterior of the bead. */
  posterior: number;
  /** Its shape a-b. */
  a: number;
  b: number;
  /**
   * How much better, in standard deviations of the document's length model, the bead's length
   * fits when joined with its previous or next bead (0 when it fits best alone): see
   * `lengthJoinGain` in model.ts.
   */
  joinGain: number;
}

/**
 * The calibration's inputs for one bead: its posterior, its shape and its join gain. The join
 * gain came in because most confident wrong beads on MAC-Dev are pieces of a larger gold bead
 * (1-1 for a gold 2-2, 1-2 for a 2-3) whose lengths only add up together: with it, at a
 * quarter of beads flagged the flag catches 70.1 % of the held-out half's wrong beads instead
 * of 65.7 %, and 64.8 % instead of 63.9 % on the tuning half.
 */
export function calibrationFeatures(input: CalibrationInput): number[] {
  const { a, b } = input;
  const p = Math.min(1 - 1e-4, Math.max(1e-4, input.posterior));
  return [
    1,
    Math.log(p / (1 - p)),
    a === 0 || b === 0 ? 1 : 0,
    a === 1 && b === 1 ? 1 : 0,
    a + b >= 4 ? 1 : 0,
    input.joinGain,
  ];
}

/** A calibration: logistic weights, and the knots that place the product's two thresholds. */
export interface Calibration {
  /** Intercept, logit posterior, empty bead, 1-1 bead, bead of four sentences, join gain. */
  weights: readonly number[];
  /**
   * The logistic probability at which confidence is LOW_CONFIDENCE (0.6) and 0.9: the flag's and
   * the "near-certain" operating points, fitted on the tuning half (see the bench).
   */
  low: number;
  high: number;
}

/**
 * Fitted by `npm run bench:align -- --calibrate` on MAC-Dev 001–003 (778 beads) with the aligner
 * of this commit (bench/align-calibration.ts): `low` is where the flag catches 80 % of the tuning
 * half's wrong beads, `high` the lowest probability above which 98 % of its beads were right.
 * On the held-out half (004–006) that flags 24.6 % of beads and catches 68.7 % of the wrong ones,
 * and beads from 0.9 are 97.9 % right (the weights before the join gain, fitted on an earlier
 * aligner: 23.7 % flagged, 67.2 % caught).
 */
export const CALIBRATION: Calibration = { weights: [1.196, 0.787, -0.749, -0.342, -0.155, -0.634], low: 0.8436, high: 0.9396 };

function logistic(input: CalibrationInput, weights: readonly number[]): number {
  const x = calibrationFeatures(input);
  let z = 0;
  x.forEach((v, k) => {
    z += v * (weights[k] ?? 0);
  });
  return 1 / (1 + Math.exp(-z));
}

/** Piecewise linear through (0, 0), (low, 0.6), (high, 0.9), (1, 1): monotone, so ranks stay. */
function place(p: number, c: Calibration): number {
  const knots: [number, number][] = [[0, 0], [c.low, 0.6], [c.high, 0.9], [1, 1]];
  for (let k = 1; k < knots.length; k++) {
    const [x0, y0] = knots[k - 1] ?? [0, 0];
    const [x1, y1] = knots[k] ?? [1, 1];
    if (p <= x1) return x1 === x0 ? y1 : y0 + ((p - x0) / (x1 - x0)) * (y1 - y0);
  }
  return 1;
}

/**
 * The logistic model's probability that a bead is right (before the knots place it).
 * @example calibrationProbability({ posterior: 0.99, a: 1, b: 1, joinGain: 0 }, CALIBRATION.weights) // → about 0.98
 */
export function calibrationProbability(input: CalibrationInput, weights: readonly number[]): number {
  return logistic(input, weights);
}

/**
 * A bead's confidence: below 0.6 it is flagged, from 0.9 it is near-certain (≥ 95 % right out
 * of sample), and the order of beads is the calibrated model's.
 * @example calibratedConfidence({ posterior: 0.99, a: 1, b: 1, joinGain: 0 }) // → about 0.97
 */
export function calibratedConfidence(input: CalibrationInput, calibration: Calibration = CALIBRATION): number {
  return place(logistic(input, calibration.weights), calibration);
}

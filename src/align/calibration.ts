/**
 * Confidence that means what it says: the search's posterior for a bead mapped, by a logistic
 * model, to the probability that the bead is exactly right. The posterior alone is overconfident
 * where the model has blind spots (beads of four sentences, omissions and additions), so the
 * bead's shape enters too. `npm run bench:align -- --calibrate` fits the coefficients on the
 * tuning half of MAC-Dev (bench/align-data.ts) and reports them on the other half and the demo.
 */

/** The calibration's inputs for one bead: its posterior and its shape a-b. */
export function calibrationFeatures(posterior: number, a: number, b: number): number[] {
  const p = Math.min(1 - 1e-4, Math.max(1e-4, posterior));
  return [
    1,
    Math.log(p / (1 - p)),
    a === 0 || b === 0 ? 1 : 0,
    a === 1 && b === 1 ? 1 : 0,
    a + b >= 4 ? 1 : 0,
  ];
}

/** A calibration: logistic weights, and the knots that place the product's two thresholds. */
export interface Calibration {
  /** Intercept, logit posterior, empty bead, 1-1 bead, bead of four sentences. */
  weights: readonly number[];
  /**
   * The logistic probability at which confidence is LOW_CONFIDENCE (0.6) and 0.9: the flag's and
   * the "near-certain" operating points, fitted on the tuning half (see the bench).
   */
  low: number;
  high: number;
}

/**
 * Fitted by `npm run bench:align -- --calibrate` on MAC-Dev 001–003 (780 beads) with the aligner
 * of this commit (bench/align-calibration.ts): `low` is where the flag catches 80 % of the tuning
 * half's wrong beads, `high` the lowest probability above which 98 % of its beads were right.
 * On the held-out half (004–006) that flags 26 % of beads and catches 66 % of the wrong ones,
 * and beads from 0.9 are 97.3 % right. With IBM-1 associations (associations.ts) these weights
 * flag 23.7 % of held-out beads, catch 67.2 % of the wrong ones, and beads from 0.9 are 99.1 %
 * right; a refit on 001–003 with that aligner ({ weights: [0.948, 0.808, -0.711, -0.476,
 * -0.057], low: 0.8126, high: 0.9218 }) did worse out of sample (55.2 % caught, 18.6 % flagged),
 * so these stay.
 */
export const CALIBRATION: Calibration = { weights: [0.553, 0.701, -1.496, -0.048, -1.327], low: 0.7778, high: 0.9454 };

function logistic(posterior: number, a: number, b: number, weights: readonly number[]): number {
  const x = calibrationFeatures(posterior, a, b);
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
 * @example calibrationProbability(0.99, 1, 1, CALIBRATION.weights) // → about 0.98
 */
export function calibrationProbability(posterior: number, a: number, b: number, weights: readonly number[]): number {
  return logistic(posterior, a, b, weights);
}

/**
 * A bead's confidence: below 0.6 it is flagged, from 0.9 it is near-certain (≥ 95 % right out
 * of sample), and the order of beads is the calibrated model's.
 * @example calibratedConfidence(0.99, 1, 1) // → about 0.97
 */
export function calibratedConfidence(posterior: number, a: number, b: number, calibration: Calibration = CALIBRATION): number {
  return place(logistic(posterior, a, b, calibration.weights), calibration);
}

/**
 * Fitting the confidence calibration (src/align/calibration.ts): logistic regression of "the bead
 * is exactly right" on the calibration features, by Newton's method (IRLS) with a small ridge.
 */
import { at } from '../src/align/indexing.js';
import { calibrationFeatures, calibrationProbability, FLAG_ERROR_RISK, type Calibration, type CalibrationInput } from '../src/align/calibration.js';

/** One bead's calibration inputs (the search's raw posterior among them) and whether gold has it. */
export interface Observed extends CalibrationInput {
  correct: boolean;
}

function solve(m: number[][], v: number[]): number[] {
  const n = v.length;
  const a = m.map((row, i) => [...row, v[i] ?? 0]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r]![c]!) > Math.abs(a[p]![c]!)) p = r;
    [a[c], a[p]] = [a[p]!, a[c]!];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = a[r]![c]! / a[c]![c]!;
      for (let k = c; k <= n; k++) a[r]![k]! -= f * a[c]![k]!;
    }
  }
  return a.map((row, i) => row[n]! / row[i]!);
}

/**
 * The ridge on the weights of the posterior, the shapes and the join gain (pulling the
 * posterior's weight towards 1, the others towards 0). Chosen by leave-one-chapter-out within
 * MAC-Dev 001–003 (bench/align-loco.ts): on presplit beads mean log loss 0.3387 at 30 against 0.3517 at 1 (the ridge before), 0.3416 at
 * 10 and 0.3407 at 100; the quarter of beads most doubted holds 66.4 % of the wrong ones against
 * 60.7 %. With some 80 wrong beads per fit, the unregularised weights chased one chapter.
 */
export const CALIBRATION_RIDGE = 30;

/**
 * The quote mismatch's own ridge: chosen by the same leave-one-chapter-out on 001–003 (log loss
 * 0.3250 when it shared the ridge of 30, 0.3121 at 10, 0.3013 at 3, 0.2981 at 1, 0.2975 at 0.3).
 * A mismatch is seen on about 12 % of beads, far more than a rare shape, and the weight it earns
 * is large: a ridge of 30 held it at half of that.
 */
export const QUOTE_RIDGE = 1;

/**
 * The ridge of "drawn otherwise" (src/align/stability.ts): chosen by the same leave-one-chapter-out
 * on 001–003 (bench/align-rank.ts; the variant at priors × 0.2: log loss 0.2888 at 1, 0.2894 at 3).
 * Like the quote mismatch it is seen on many beads (22 % of 001–003's) and earns a large weight.
 */
export const VARIANT_RIDGE = 1;

/** The ridge of each weight of calibrationFeatures (the intercept's, first, is not used). */
export const CALIBRATION_RIDGES: readonly number[] = [0, CALIBRATION_RIDGE, CALIBRATION_RIDGE, CALIBRATION_RIDGE, CALIBRATION_RIDGE, CALIBRATION_RIDGE, QUOTE_RIDGE, VARIANT_RIDGE];

/**
 * Weights maximising the likelihood of `data`, with ridge `lambda` on all but the intercept.
 * Newton's steps are halved until the penalised likelihood improves: a full step overshoots on a
 * weight few beads inform (a shape seen six times, under a small ridge), and undamped the fit
 * then swung between ±2·10⁶ instead of converging.
 */
export function fitCalibration<T extends Observed>(data: readonly T[], lambda: number | readonly number[] = CALIBRATION_RIDGES, features: (d: T) => number[] = calibrationFeatures): number[] {
  const xs = data.map((d) => features(d));
  const k = xs[0]?.length ?? 0;
  const prior = (j: number) => (j === 1 ? 1 : 0);
  // One ridge for every weight, or one per weight (the intercept's is ignored).
  const ridge = (j: number): number => (typeof lambda === 'number' ? lambda : lambda[j] ?? at(lambda, lambda.length - 1));
  const objective = (w: readonly number[]): number => {
    let ll = 0;
    xs.forEach((x, i) => {
      const z = x.reduce((s, v, j) => s + v * (w[j] ?? 0), 0);
      // log(1 + e^z) without overflow.
      ll += (data[i]?.correct ? z : 0) - (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z)));
    });
    for (let j = 1; j < k; j++) ll -= (ridge(j) / 2) * ((w[j] ?? 0) - prior(j)) ** 2;
    return ll;
  };
  let w = new Array<number>(k).fill(0);
  w[1] = 1;
  let current = objective(w);
  for (let iter = 0; iter < 100; iter++) {
    const grad = new Array<number>(k).fill(0);
    const hess = Array.from({ length: k }, () => new Array<number>(k).fill(0));
    xs.forEach((x, i) => {
      const z = x.reduce((s, v, j) => s + v * (w[j] ?? 0), 0);
      const p = 1 / (1 + Math.exp(-z));
      const y = data[i]?.correct ? 1 : 0;
      for (let j = 0; j < k; j++) {
        grad[j]! += (y - p) * (x[j] ?? 0);
        for (let l = 0; l < k; l++) hess[j]![l]! += p * (1 - p) * (x[j] ?? 0) * (x[l] ?? 0);
      }
    });
    for (let j = 1; j < k; j++) {
      grad[j]! -= ridge(j) * ((w[j] ?? 0) - prior(j));
      hess[j]![j]! += ridge(j);
    }
    const step = solve(hess, grad);
    let scale = 1;
    let next = w.map((v, j) => v + (step[j] ?? 0));
    let value = objective(next);
    while (!(value >= current) && scale > 1e-6) {
      scale /= 2;
      next = w.map((v, j) => v + scale * (step[j] ?? 0));
      value = objective(next);
    }
    if (!(value >= current)) break;
    w = next;
    current = value;
    if (step.every((s) => Math.abs(scale * s) < 1e-9)) break;
  }
  return w.map((v) => Number(v.toFixed(3)));
}

/**
 * The whole calibration: logistic weights, then the knots. `low` is where the flag's rule puts
 * it, 1 − FLAG_ERROR_RISK (a cost argument, not fitted); `high` the lowest probability above
 * which at least `highPrecision` of the beads are right, asking more of the tuning half than the
 * issue's target asks of the held-out half (95 %).
 */
export function fitFullCalibration(data: readonly Observed[], highPrecision = 0.98): Calibration {
  const weights = fitCalibration(data);
  const scored = data.map((d) => ({ p: calibrationProbability(d, weights), correct: d.correct })).sort((x, y) => x.p - y.p);
  const low = 1 - FLAG_ERROR_RISK;
  let high = 1;
  let right = 0;
  for (let k = scored.length - 1; k >= 0; k--) {
    const s = scored[k];
    if (s === undefined) continue;
    if (s.correct) right++;
    if (right / (scored.length - k) >= highPrecision) high = s.p;
  }
  return { weights, low: Number(low.toFixed(4)), high: Number(Math.max(high, low + 1e-3).toFixed(4)) };
}

/** One chapter's beads, for leave-one-chapter-out. */
export interface ChapterObserved {
  name: string;
  beads: Observed[];
}

/**
 * Leave-one-chapter-out within `chapters`: each chapter's beads scored by the weights fitted on
 * the others. Returns, per chapter and in all, the share of wrong beads the fixed threshold
 * P(wrong) ≥ FLAG_ERROR_RISK catches and the share of beads it flags (the flag's rule before
 * src/align/flag-rule.ts; bench/align-flagrule.ts scores the shipped rule), and the mean log loss.
 */
export function leaveOneChapterOut(chapters: readonly ChapterObserved[]): { name: string; caught: number; flagged: number; wrong: number; beads: number; logLoss: number }[] {
  const rows = chapters.map((held) => {
    const weights = fitCalibration(chapters.filter((c) => c !== held).flatMap((c) => c.beads));
    let caught = 0;
    let flagged = 0;
    let wrong = 0;
    let loss = 0;
    for (const bead of held.beads) {
      const p = calibrationProbability(bead, weights);
      const flag = 1 - p >= FLAG_ERROR_RISK;
      if (flag) flagged++;
      if (!bead.correct) wrong++;
      if (flag && !bead.correct) caught++;
      loss -= Math.log(Math.max(1e-9, bead.correct ? p : 1 - p));
    }
    return { name: held.name, caught, flagged, wrong, beads: held.beads.length, logLoss: loss };
  });
  const sum = (f: (r: (typeof rows)[number]) => number) => rows.reduce((s, r) => s + f(r), 0);
  const all = { name: 'all', caught: sum((r) => r.caught), flagged: sum((r) => r.flagged), wrong: sum((r) => r.wrong), beads: sum((r) => r.beads), logLoss: sum((r) => r.logLoss) };
  return [...rows, all].map((r) => ({ ...r, logLoss: r.logLoss / Math.max(1, r.beads) }));
}

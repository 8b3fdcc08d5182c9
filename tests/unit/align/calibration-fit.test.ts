import { describe, expect, it } from 'vitest';
import { fitCalibration, type Observed } from '../../../bench/align-calibration.js';
import { calibrationProbability } from '../../../src/align/calibration.js';
import { seeded } from '../../helpers/random.js';

/**
 * Beads whose rightness follows their posterior, as a calibrated search's would, plus a handful of
 * beads of a rare shape (four sentences) that happen to be wrong more often than their posterior
 * says: with so few of them, that excess is as likely chance as a property of the shape.
 */
function data(): Observed[] {
  const rnd = seeded(7);
  const out: Observed[] = [];
  for (let k = 0; k < 600; k++) {
    const posterior = 0.3 + 0.69 * rnd();
    const r = rnd();
    const [a, b] = r < 0.1 ? [1, 0] : r < 0.3 ? [1, 2] : [1, 1];
    out.push({ posterior, a, b, joinGain: 0, evidenceJoinGain: 3 * rnd(), quoteMismatch: 0, drawnOtherwise: false, correct: rnd() < posterior });
  }
  // Six 2-2 beads at a posterior of 0.9, four of them wrong.
  for (let k = 0; k < 6; k++) out.push({ posterior: 0.9, a: 2, b: 2, joinGain: 0, evidenceJoinGain: 3 * rnd(), quoteMismatch: 0, drawnOtherwise: false, correct: k < 2 });
  return out;
}

/** Index of the "bead of four sentences" weight in calibrationFeatures. */
const BIG_SHAPE = 4;

describe('fitting the calibration', () => {
  it('converges with almost no ridge: the beads of a rare shape are predicted right at their observed rate', () => {
    // At the maximum of the likelihood, the probabilities of the beads an indicator marks add up
    // to how many of them are right (here 2 of 6). Undamped Newton steps swung instead.
    const beads = data();
    const weights = fitCalibration(beads, 1e-6);
    const big = beads.filter((d) => d.a + d.b >= 4);
    const expected = big.reduce((s, d) => s + calibrationProbability(d, weights), 0);
    expect(expected).toBeCloseTo(big.filter((d) => d.correct).length, 1);
  });

  it('shrinks the weight of a shape seen a handful of times with the default ridges, against almost none', () => {
    const beads = data();
    const loose = fitCalibration(beads, 1e-6);
    const ridged = fitCalibration(beads);
    const big = (w: readonly number[]) => Math.abs(w[BIG_SHAPE] ?? Number.NaN);
    // Almost unregularised, six beads are enough to give the shape a large weight of its own.
    expect(big(loose)).toBeGreaterThan(1);
    expect(big(ridged)).toBeLessThan(big(loose) / 2);
  });

  it('pulls the posterior weight towards 1 and leaves a well-supported one near its unregularised value', () => {
    const beads = data();
    const loose = fitCalibration(beads, 1e-6);
    const ridged = fitCalibration(beads);
    // The posterior is seen on every bead: the ridge moves its weight a little, towards 1.
    const posterior = 1;
    expect(Math.abs((ridged[posterior] ?? 0) - 1)).toBeLessThanOrEqual(Math.abs((loose[posterior] ?? 0) - 1) + 1e-9);
    expect(Math.abs((ridged[posterior] ?? 0) - (loose[posterior] ?? 0))).toBeLessThan(0.3);
  });
});

import { describe, expect, it } from 'vitest';
import { CALIBRATION, placeConfidence } from '../../../src/align/calibration.js';
import { isLowConfidence } from '../../../src/align/confidence.js';
import { FLAG_RULE, flagCut, flaggedByRisk } from '../../../src/align/flag-rule.js';

/** A small deterministic generator (no Math.random: a failure must be reproducible). */
function lcg(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 2 ** 32;
  };
}

const rule = { recall: 0.8, floor: 0.02, slack: 1 };

describe('flaggedByRisk (the expected-recall rule)', () => {
  it('flags the fewest most-doubted beads whose summed P(wrong) reaches R of the total', () => {
    // Total 5.0; 0.9 + 0.9 + 0.8 + 0.8 + 0.7 = 4.1 ≥ 0.8 × 5 = 4.0, and the first four (3.4) fall short.
    const risks = [0.1, 0.9, 0.3, 0.8, 0.9, 0.2, 0.8, 0.7, 0.1, 0.2];
    expect(flaggedByRisk(risks, { ...rule, slack: 0 })).toEqual([false, true, false, true, true, false, true, true, false, false]);
  });

  it('never flags a bead below the floor, even when R is not reached', () => {
    const risks = [0.5, 0.5, 0.5, 0.01, 0.01, 0.01];
    expect(flaggedByRisk(risks, { recall: 1, floor: 0.02, slack: 0 })).toEqual([true, true, true, false, false, false]);
    expect(flaggedByRisk(risks, { recall: 1, floor: 0, slack: 0 })).toEqual(risks.map(() => true));
  });

  it('stops once the unflagged beads expect fewer than `slack` errors', () => {
    // 0.9 flagged leaves 0.6 + 0.5 = 1.1: 0.6 is flagged; then 0.5 is left, below 1.
    expect(flaggedByRisk([0.5, 0.9, 0.6], { recall: 1, floor: 0, slack: 1 })).toEqual([false, true, true]);
    // A document expecting fewer than one error in all is not flagged at all.
    expect(flaggedByRisk([0.3, 0.3, 0.3], FLAG_RULE)).toEqual([false, false, false]);
  });

  it('flags nothing in an empty or an all-confident alignment', () => {
    expect(flaggedByRisk([])).toEqual([]);
    expect(flaggedByRisk(new Array<number>(500).fill(0.001))).toEqual(new Array<boolean>(500).fill(false));
    expect(flaggedByRisk([0, 0, 0], { recall: 0.8, floor: 0, slack: 0 })).toEqual([false, false, false]);
  });

  it('flags beads tied with the last one flagged, whatever their position', () => {
    // R alone would stop after two of the three 0.5 beads: the third is flagged with them.
    expect(flaggedByRisk([0.5, 0.1, 0.5, 0.5], { recall: 0.6, floor: 0, slack: 0 })).toEqual([true, false, true, true]);
    expect(flaggedByRisk([0.5, 0.5, 0.5, 0.1], { recall: 0.6, floor: 0, slack: 0 })).toEqual([true, true, true, false]);
  });

  it('flags at most ⌈cap · n⌉ beads when the cap binds, leaving out whole a tied group that would pass it', () => {
    const loose = { recall: 1, floor: 0, slack: 0 };
    // Eight beads, cap 0.25: two flagged where R alone would flag all eight.
    expect(flaggedByRisk([0.9, 0.2, 0.8, 0.3, 0.7, 0.4, 0.6, 0.5], { ...loose, cap: 0.25 })).toEqual([true, false, true, false, false, false, false, false]);
    // Seven beads, cap 0.25: ⌈1.75⌉ = 2.
    expect(flaggedByRisk([0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3], { ...loose, cap: 0.25 }).filter(Boolean).length).toBe(2);
    // 0.25 × 48 is 12 beads, not 13 by a rounding error.
    expect(flaggedByRisk(Array.from({ length: 48 }, (_, k) => 0.5 + k / 100), { ...loose, cap: 0.25 }).filter(Boolean).length).toBe(12);
    // Eight beads, cap 0.25 (two): the three tied at 0.7 would pass it together, so none of them is flagged.
    expect(flaggedByRisk([0.9, 0.7, 0.7, 0.7, 0.1, 0.1, 0.1, 0.1], { ...loose, cap: 0.25 })).toEqual([true, false, false, false, false, false, false, false]);
    // A cap that does not bind changes nothing.
    const risks = [0.1, 0.9, 0.3, 0.8, 0.9, 0.2, 0.8, 0.7, 0.1, 0.2];
    expect(flaggedByRisk(risks, { ...rule, cap: 1 })).toEqual(flaggedByRisk(risks, rule));
    expect(() => flaggedByRisk([0.5], { ...loose, cap: 1.5 })).toThrow(/share of the beads/);
  });

  it('refuses a P(wrong) outside 0..1', () => {
    expect(() => flaggedByRisk([0.2, 1.5])).toThrow(/from 0 to 1/);
    expect(() => flaggedByRisk([Number.NaN])).toThrow(/from 0 to 1/);
  });

  it('on random alignments: flags a top set, reaching R unless a stop rule binds, and no fewer beads would do', () => {
    const next = lcg(7);
    for (let trial = 0; trial < 300; trial++) {
      const n = 1 + Math.floor(next() * 60);
      const risks = Array.from({ length: n }, () => Math.round(next() ** 3 * 100) / 100);
      const flags = flaggedByRisk(risks, rule);
      const flagged = risks.filter((_, k) => flags[k]);
      const unflagged = risks.filter((_, k) => !flags[k]);
      const total = risks.reduce((s, r) => s + r, 0);
      const sum = flagged.reduce((s, r) => s + r, 0);
      // A top set: every flagged bead at least as doubted as every unflagged one, never tied.
      if (flagged.length > 0 && unflagged.length > 0) expect(Math.min(...flagged)).toBeGreaterThan(Math.max(...unflagged));
      for (const r of flagged) expect(r).toBeGreaterThanOrEqual(rule.floor);
      // Either R is reached, or what is left expects fewer than one error, or the next is below the floor.
      const stopped = sum >= rule.recall * total - 1e-9 || total - sum < rule.slack + 1e-9 || unflagged.every((r) => r < rule.floor);
      expect(stopped).toBe(true);
      // Minimal: without the least doubted flagged value (and its ties) neither R nor a stop rule held.
      if (flagged.length > 0) {
        const least = Math.min(...flagged);
        const fewer = flagged.filter((r) => r !== least).reduce((s, r) => s + r, 0);
        expect(fewer < rule.recall * total && total - fewer >= rule.slack).toBe(true);
      }
    }
  });
});

describe('flagCut and placeConfidence: the alignment cut as the map\'s low knot', () => {
  it('separates the flagged beads from the others, whatever the alignment', () => {
    const next = lcg(11);
    for (let trial = 0; trial < 300; trial++) {
      const n = Math.floor(next() * 80);
      const probabilities = Array.from({ length: n }, () => Math.round((1 - next() ** 3) * 1000) / 1000);
      const flags = flaggedByRisk(probabilities.map((p) => 1 - p));
      const cut = flagCut(probabilities, CALIBRATION.low);
      probabilities.forEach((p, k) => {
        expect(p < cut).toBe(flags[k]);
        for (const ceiling of [1, 0.85]) expect(isLowConfidence(placeConfidence(p, cut, ceiling))).toBe(flags[k]);
      });
    }
  });

  it('keeps the calibration\'s own knot when it separates, and goes halfway between otherwise', () => {
    // Flagged: 0.1 and 0.3 (risks 0.9 + 0.7 = 1.6 of 2.27 leave 0.67 < 1). 0.8333 would flag 0.4 too.
    expect(flagCut([0.4, 0.98, 0.1, 0.3, 0.95], 0.8333)).toBeCloseTo(0.35, 12);
    // Nothing flagged and every bead above 0.8333: the knot stays.
    expect(flagCut([0.95, 0.97, 0.9], 0.8333)).toBe(0.8333);
    // Nothing flagged, a bead below 0.8333: the knot goes halfway between 0 and it.
    expect(flagCut([0.7, 0.99, 0.99], 0.8333)).toBeCloseTo(0.35, 12);
    // Empty: the preferred knot.
    expect(flagCut([], 0.8333)).toBe(0.8333);
  });

  it('places a flagged bead below 0.6 even where rounding would reach 0.6', () => {
    const cut = 0.8;
    expect(placeConfidence(0.79999, cut)).toBe(0.599);
    expect(placeConfidence(0.8, cut)).toBe(0.6);
  });

  it('is monotone in the probability for any cut, and keeps ≥ 0.9 for beads at least `high` likely right', () => {
    for (const cut of [0.3, 0.6, CALIBRATION.low, 0.92, CALIBRATION.high, 0.95, 0.99]) {
      let last = -1;
      for (let p = 0; p <= 1.00001; p += 0.001) {
        const c = placeConfidence(Math.min(1, p), cut);
        expect(c).toBeGreaterThanOrEqual(last);
        last = c;
        if (c >= 0.9) expect(Math.min(1, p)).toBeGreaterThanOrEqual(CALIBRATION.high);
      }
    }
  });

  it('with the cut above `high`, moves the 0.9 knot halfway to 1 so that the flag wins', () => {
    const cut = 0.96;
    expect(placeConfidence(0.955, cut)).toBeLessThan(0.6);
    expect(placeConfidence(0.96, cut)).toBe(0.6);
    expect(placeConfidence(0.98, cut)).toBe(0.9);
    expect(placeConfidence(0.979, cut)).toBeLessThan(0.9);
  });

  it('never lets a shape ceiling unflag or a flag exceed it', () => {
    expect(placeConfidence(0.999, CALIBRATION.low, 0.85)).toBe(0.85);
    expect(placeConfidence(0.5, CALIBRATION.low, 0.85)).toBeLessThan(0.6);
  });
});

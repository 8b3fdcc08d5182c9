import { describe, expect, it } from 'vitest';
import { median, ratioOf } from '../../../bench/report.js';

describe('bench report helpers', () => {
  it('median: the middle timing, the mean of the middle two for an even count, NaN for none', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
    expect(median([])).toBeNaN();
    const xs = [5, 1, 4];
    median(xs);
    expect(xs).toEqual([5, 1, 4]);
  });

  it('ratioOf: three significant digits, undefined against a zero or missing baseline', () => {
    expect(ratioOf(1, 3)).toBe(0.333);
    expect(ratioOf(1, 0)).toBeUndefined();
    expect(ratioOf(Number.NaN, 2)).toBeUndefined();
  });
});

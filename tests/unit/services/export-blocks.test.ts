/** Issue #15: an export cut into blocks of whole groups for several producers. */
import { describe, expect, it } from 'vitest';
import { planBlocks } from '../../../src/services/export-blocks.js';

describe('planBlocks', () => {
  it('starts each block at its nominal start, or after the segments a slot from above covers', () => {
    expect(planBlocks([{ segments: 10, continued: [4, 5] }], 4)).toEqual([
      { document: 0, range: { from: 0, to: 6 } },
      { document: 0, range: { from: 6, to: Infinity } },
    ]);
    expect(planBlocks([{ segments: 9, continued: [] }], 3).map((b) => b.range)).toEqual([
      { from: 0, to: 3 }, { from: 3, to: 6 }, { from: 6, to: Infinity },
    ]);
  });

  it('gives a document covered to its end one block, and every document at least one', () => {
    expect(planBlocks([{ segments: 5, continued: [2, 3, 4] }, { segments: 0, continued: [] }], 2)).toEqual([
      { document: 0, range: { from: 0, to: Infinity } },
      { document: 1, range: { from: 0, to: Infinity } },
    ]);
  });

  it('covers every segment once, in order, whatever the block size', () => {
    const continued = [1, 2, 7, 8, 9, 15];
    for (let size = 1; size <= 20; size++) {
      const ranges = planBlocks([{ segments: 20, continued }], size).map((b) => b.range);
      expect(ranges[0]!.from).toBe(0);
      expect(ranges[ranges.length - 1]!.to).toBe(Infinity);
      for (let i = 1; i < ranges.length; i++) {
        expect(ranges[i]!.from).toBe(ranges[i - 1]!.to);
        expect(continued).not.toContain(ranges[i]!.from);
      }
    }
  });

  it('refuses a block of no segments', () => {
    expect(() => planBlocks([{ segments: 3, continued: [] }], 0)).toThrow(RangeError);
  });
});

import { describe, expect, it } from 'vitest';
import { at, f32, f64, i32, i8, u8 } from '../../../src/align/indexing.js';

describe('checked index reads', () => {
  it('return the element inside the range', () => {
    expect(at(['a', 'b'], 1)).toBe('b');
    expect(f64(Float64Array.of(0.5, 1.5), 1)).toBe(1.5);
    expect(f32(Float32Array.of(2), 0)).toBe(2);
    expect(i32(Int32Array.of(-3, 7), 1)).toBe(7);
    expect(i8(Int8Array.of(-1), 0)).toBe(-1);
    expect(u8(Uint8Array.of(0, 3), 0)).toBe(0);
  });

  it('throw, naming the index, instead of answering undefined outside it', () => {
    expect(() => at(['a'], 3)).toThrow(/index 3 outside 0\.\.0/);
    expect(() => at([], 0)).toThrow(RangeError);
    expect(() => f64(new Float64Array(2), -1)).toThrow(/index -1/);
    expect(() => f32(new Float32Array(1), 1)).toThrow(RangeError);
    expect(() => i32(new Int32Array(0), 0)).toThrow(RangeError);
    expect(() => i8(new Int8Array(1), 2)).toThrow(RangeError);
    expect(() => u8(new Uint8Array(1), 1.5)).toThrow(RangeError);
  });
});

/**
 * Checked reads for the aligner's index arithmetic. Under `noUncheckedIndexedAccess` every read
 * of an array is `T | undefined`; answering that with `?? 0` turns an index bug into a silent
 * zero in a score. These helpers throw instead, naming the index. One helper per array type
 * keeps each one monomorphic, so V8 inlines it in the search's inner loops.
 */

function outside(i: number, length: number): never {
  throw new RangeError(`aligner index ${i} outside 0..${length - 1}`);
}

/**
 * The element at `i` of an array or typed array; throws when there is none.
 * @example at(['a', 'b'], 1) // → 'b'
 * @example at(['a'], 3) // throws RangeError
 */
export function at<T>(xs: readonly T[], i: number): T {
  const v = xs[i];
  if (v === undefined) outside(i, xs.length);
  return v;
}

/** @example f64(Float64Array.of(1.5), 0) // → 1.5 */
export function f64(xs: Float64Array, i: number): number {
  const v = xs[i];
  if (v === undefined) outside(i, xs.length);
  return v;
}

/** @example f32(Float32Array.of(2), 0) // → 2 */
export function f32(xs: Float32Array, i: number): number {
  const v = xs[i];
  if (v === undefined) outside(i, xs.length);
  return v;
}

/** @example i32(Int32Array.of(7), 0) // → 7 */
export function i32(xs: Int32Array, i: number): number {
  const v = xs[i];
  if (v === undefined) outside(i, xs.length);
  return v;
}

/** @example i8(Int8Array.of(-1), 0) // → -1 */
export function i8(xs: Int8Array, i: number): number {
  const v = xs[i];
  if (v === undefined) outside(i, xs.length);
  return v;
}

/** @example u8(Uint8Array.of(3), 0) // → 3 */
export function u8(xs: Uint8Array, i: number): number {
  const v = xs[i];
  if (v === undefined) outside(i, xs.length);
  return v;
}

/**
 * The search: a dynamic programme over beads inside a band of the sentence matrix, with a
 * forward–backward pass for each bead's posterior probability, and local re-searches where the
 * best path runs along the band's edge.
 */
import { beadEvidence, newEvidence, scoreEvidence, type Evidence } from './evidence.js';
import { at, f32, f64, i32, i8 } from './indexing.js';
import { buildPairs, subLexIndex, type LexIndex, type PairTable } from './lexical-index.js';
import type { Model, Shape } from './model.js';
import { subSide, type Side } from './side.js';

/** Turns DP rows into bounded, monotone progress reports. */
export class Progress {
  private done = 0;
  private next = 0;
  private readonly step: number;
  base = 0;
  constructor(readonly total: number, private readonly report: ((done: number, total: number) => void) | undefined) {
    this.step = Math.max(1, Math.ceil(total / 100));
  }
  /** `row` rows of the current pass are done. */
  row(row: number): void {
    if (this.report === undefined) return;
    const done = Math.min(this.total, this.base + row);
    if (done <= this.done) return;
    this.done = done;
    if (done >= this.next && done < this.total) {
      this.next = done + this.step;
      this.report(done, this.total);
    }
  }
  finish(): void {
    this.report?.(this.total, this.total);
  }
}

/** The cells searched: row i (source position) spans target positions lo[i]..hi[i]. */
export interface Band {
  lo: Int32Array;
  hi: Int32Array;
  rowStart: Int32Array;
  cells: number;
}

/** A monotone band of half-width `width` around the per-row ranges [minJ, maxJ]. */
export function makeBand(n: number, m: number, minJ: Float64Array, maxJ: Float64Array, width: number): Band {
  const lo = new Int32Array(n + 1);
  const hi = new Int32Array(n + 1);
  for (let i = 0; i <= n; i++) {
    lo[i] = Math.max(0, Math.floor(f64(minJ, i) - width));
    hi[i] = Math.min(m, Math.ceil(f64(maxJ, i) + width));
  }
  lo[0] = 0;
  hi[n] = m;
  // Monotone edges, and each row reaching the next one's start so a path always exists.
  for (let i = 1; i <= n; i++) lo[i] = Math.max(i32(lo, i), i32(lo, i - 1));
  for (let i = n - 1; i >= 0; i--) hi[i] = Math.min(i32(hi, i), i32(hi, i + 1));
  for (let i = 0; i < n; i++) if (i32(hi, i) < i32(lo, i + 1)) hi[i] = i32(lo, i + 1);
  for (let i = 0; i <= n; i++) if (i32(lo, i) > i32(hi, i)) lo[i] = i32(hi, i);
  const rowStart = new Int32Array(n + 2);
  for (let i = 0; i <= n; i++) rowStart[i + 1] = i32(rowStart, i) + i32(hi, i) - i32(lo, i) + 1;
  return { lo, hi, rowStart, cells: i32(rowStart, n + 1) };
}

/** One bead of a path: it starts at source i0, target j0, with shape index `shape`. */
export interface Step {
  i0: number;
  j0: number;
  shape: number;
}

export interface DpResult {
  path: Step[];
  posterior: number[];
}

/** No path through the band honours every anchor (the band was too narrow for them). */
class NoPathError extends Error {}

function runDp(src: Side, tgt: Side, band: Band, pairs: PairTable, model: Model, shapes: readonly Shape[], progress: Progress, extra?: ExtraScore): DpResult {
  const n = src.feats.length;
  const S = shapes.length;
  const { lo, hi, rowStart } = band;
  const scores = new Float32Array(band.cells * S).fill(-Infinity);
  const best = new Float64Array(band.cells).fill(-Infinity);
  const back = new Int8Array(band.cells).fill(-1);
  const fwd = new Float64Array(band.cells).fill(-Infinity);
  best[0] = 0;
  fwd[0] = 0;
  const ev = newEvidence();
  const cand = new Float64Array(S);
  const nullS = src.forcedNull;
  const nullT = tgt.forcedNull;
  for (let i = 0; i <= n; i++) {
    progress.row(i);
    const rowLo = i32(lo, i);
    const rowHi = i32(hi, i);
    const rs = i32(rowStart, i);
    for (let j = rowLo; j <= rowHi; j++) {
      const c = rs + j - rowLo;
      if (c === 0) continue;
      let bv = -Infinity;
      let bs = -1;
      let fmax = -Infinity;
      for (let s = 0; s < S; s++) {
        cand[s] = -Infinity;
        const sh = at(shapes, s);
        // The predecessor cell, inlined: this loop runs for every cell and shape.
        const pi = i - sh.a;
        const pj = j - sh.b;
        if (pi < 0) continue;
        const plo = i32(lo, pi);
        if (pj < plo || pj > i32(hi, pi)) continue;
        const p = i32(rowStart, pi) + pj - plo;
        const pv = f64(best, p);
        if (pv === -Infinity) continue;
        // An anchor's sentence with no counterpart stays a bead of its own (1-0 or 0-1).
        if (sh.a > 0 && sh.b > 0 && ((nullS !== undefined && i32(nullS, i) > i32(nullS, pi)) || (nullT !== undefined && i32(nullT, j) > i32(nullT, pj)))) continue;
        beadEvidence(src, tgt, pairs, model, i - sh.a, j - sh.b, sh.a, sh.b, ev);
        const sc = scoreEvidence(ev, model, s, sh.a, sh.b) + (extra === undefined ? 0 : extra(i - sh.a, j - sh.b, sh.a, sh.b));
        scores[c * S + s] = sc;
        if (pv + sc > bv) {
          bv = pv + sc;
          bs = s;
        }
        const f = f64(fwd, p) + sc;
        cand[s] = f;
        if (f > fmax) fmax = f;
      }
      // log-sum-exp of the candidates with one logarithm per cell.
      let sum = 0;
      if (fmax !== -Infinity) for (let s = 0; s < S; s++) sum += Math.exp(f64(cand, s) - fmax);
      best[c] = bv;
      back[c] = bs;
      fwd[c] = fmax === -Infinity ? -Infinity : fmax + Math.log(sum);
    }
  }
  return finishDp(band, n, shapes, { scores, best, back, fwd });
}

/**
 * `runDp` under two models at once, each result exactly what `runDp` gives under it: the models
 * differ only in what `scoreEvidence` makes of a bead's evidence (the variant search's weakened
 * priors, stability.ts), so each candidate's evidence, and the lexical table, are found once.
 * Returns each model's forward pass (finishDp turns it into the result).
 */
function forwardTwice(src: Side, tgt: Side, band: Band, pairs: PairTable, model: Model, variant: Model, shapes: readonly Shape[], progress: Progress, extra?: ExtraScore): [Forward, Forward] {
  const n = src.feats.length;
  const S = shapes.length;
  const { lo, hi, rowStart } = band;
  const open = (): Forward => {
    const f = { scores: new Float32Array(band.cells * S).fill(-Infinity), best: new Float64Array(band.cells).fill(-Infinity), back: new Int8Array(band.cells).fill(-1), fwd: new Float64Array(band.cells).fill(-Infinity) };
    f.best[0] = 0;
    f.fwd[0] = 0;
    return f;
  };
  const A = open();
  const B = open();
  const ev = newEvidence();
  const candA = new Float64Array(S);
  const candB = new Float64Array(S);
  const nullS = src.forcedNull;
  const nullT = tgt.forcedNull;
  for (let i = 0; i <= n; i++) {
    progress.row(i);
    const rowLo = i32(lo, i);
    const rowHi = i32(hi, i);
    const rs = i32(rowStart, i);
    for (let j = rowLo; j <= rowHi; j++) {
      const c = rs + j - rowLo;
      if (c === 0) continue;
      let bvA = -Infinity;
      let bsA = -1;
      let fmaxA = -Infinity;
      let bvB = -Infinity;
      let bsB = -1;
      let fmaxB = -Infinity;
      for (let s = 0; s < S; s++) {
        candA[s] = -Infinity;
        candB[s] = -Infinity;
        const sh = at(shapes, s);
        const pi = i - sh.a;
        const pj = j - sh.b;
        if (pi < 0) continue;
        const plo = i32(lo, pi);
        if (pj < plo || pj > i32(hi, pi)) continue;
        const p = i32(rowStart, pi) + pj - plo;
        const pvA = f64(A.best, p);
        const pvB = f64(B.best, p);
        if (pvA === -Infinity && pvB === -Infinity) continue;
        if (sh.a > 0 && sh.b > 0 && ((nullS !== undefined && i32(nullS, i) > i32(nullS, pi)) || (nullT !== undefined && i32(nullT, j) > i32(nullT, pj)))) continue;
        beadEvidence(src, tgt, pairs, model, i - sh.a, j - sh.b, sh.a, sh.b, ev);
        const more = extra === undefined ? 0 : extra(i - sh.a, j - sh.b, sh.a, sh.b);
        if (pvA !== -Infinity) {
          const sc = scoreEvidence(ev, model, s, sh.a, sh.b) + more;
          A.scores[c * S + s] = sc;
          if (pvA + sc > bvA) {
            bvA = pvA + sc;
            bsA = s;
          }
          const f = f64(A.fwd, p) + sc;
          candA[s] = f;
          if (f > fmaxA) fmaxA = f;
        }
        if (pvB !== -Infinity) {
          const sc = scoreEvidence(ev, variant, s, sh.a, sh.b) + more;
          B.scores[c * S + s] = sc;
          if (pvB + sc > bvB) {
            bvB = pvB + sc;
            bsB = s;
          }
          const f = f64(B.fwd, p) + sc;
          candB[s] = f;
          if (f > fmaxB) fmaxB = f;
        }
      }
      let sumA = 0;
      if (fmaxA !== -Infinity) for (let s = 0; s < S; s++) sumA += Math.exp(f64(candA, s) - fmaxA);
      A.best[c] = bvA;
      A.back[c] = bsA;
      A.fwd[c] = fmaxA === -Infinity ? -Infinity : fmaxA + Math.log(sumA);
      let sumB = 0;
      if (fmaxB !== -Infinity) for (let s = 0; s < S; s++) sumB += Math.exp(f64(candB, s) - fmaxB);
      B.best[c] = bvB;
      B.back[c] = bsB;
      B.fwd[c] = fmaxB === -Infinity ? -Infinity : fmaxB + Math.log(sumB);
    }
  }
  return [A, B];
}

/** What the forward pass leaves for one model: every candidate's score, and per cell the best and the log-sum. */
interface Forward {
  scores: Float32Array;
  best: Float64Array;
  back: Int8Array;
  fwd: Float64Array;
}

/** The backward pass (each bead's posterior) and the best path, after the forward pass. */
function finishDp(band: Band, n: number, shapes: readonly Shape[], forward: Forward): DpResult {
  const S = shapes.length;
  const { lo, hi, rowStart } = band;
  const { scores, best, back, fwd } = forward;
  const cell = (i: number, j: number): number => {
    if (i < 0 || i > n || j < i32(lo, i) || j > i32(hi, i)) throw new RangeError(`alignment search left its band at ${i},${j}`);
    return i32(rowStart, i) + j - i32(lo, i);
  };
  const cand = new Float64Array(S);
  const last = band.cells - 1;
  if (f64(best, last) === -Infinity) throw new NoPathError();
  // Backward pass: bwd[c] = log-sum over completions from c to (n, m).
  const bwd = new Float64Array(band.cells).fill(-Infinity);
  bwd[last] = 0;
  for (let i = n; i >= 0; i--) {
    const rowLo = i32(lo, i);
    for (let j = i32(hi, i); j >= rowLo; j--) {
      const c = i32(rowStart, i) + j - rowLo;
      if (c === last) continue;
      let vmax = -Infinity;
      for (let s = 0; s < S; s++) {
        cand[s] = -Infinity;
        const sh = at(shapes, s);
        const ni = i + sh.a;
        const nj = j + sh.b;
        if (ni > n) continue;
        const nlo = i32(lo, ni);
        if (nj < nlo || nj > i32(hi, ni)) continue;
        const nx = i32(rowStart, ni) + nj - nlo;
        const sc = f32(scores, nx * S + s);
        if (sc === -Infinity) continue;
        const v = sc + f64(bwd, nx);
        cand[s] = v;
        if (v > vmax) vmax = v;
      }
      let sum = 0;
      if (vmax !== -Infinity) for (let s = 0; s < S; s++) sum += Math.exp(f64(cand, s) - vmax);
      bwd[c] = vmax === -Infinity ? -Infinity : vmax + Math.log(sum);
    }
  }
  const total = f64(fwd, last);
  const path: Step[] = [];
  const posterior: number[] = [];
  let i = n;
  let j = i32(hi, n);
  while (i > 0 || j > 0) {
    const c = cell(i, j);
    const s = i8(back, c);
    const sh = shapes[s];
    if (sh === undefined) throw new Error(`alignment search lost its path at ${i},${j}`);
    const p = cell(i - sh.a, j - sh.b);
    path.push({ i0: i - sh.a, j0: j - sh.b, shape: s });
    posterior.push(Math.exp(f64(fwd, p) + f32(scores, c * S + s) + f64(bwd, c) - total));
    i -= sh.a;
    j -= sh.b;
  }
  path.reverse();
  posterior.reverse();
  return { path, posterior };
}

/** Per-row target ranges of a path. */
export interface PathRange {
  minJ: Float64Array;
  maxJ: Float64Array;
}

/**
 * Rows and columns the path passes through: for each row, the first and last target position
 * of the path in it (rows inside a 2-1 or 3-1 bead span that bead's targets).
 */
export function pathRange(path: readonly Step[], shapes: readonly Shape[], n: number, m: number): PathRange {
  const minJ = new Float64Array(n + 1).fill(Infinity);
  const maxJ = new Float64Array(n + 1).fill(-Infinity);
  const mark = (i: number, j: number): void => {
    if (j < f64(minJ, i)) minJ[i] = j;
    if (j > f64(maxJ, i)) maxJ[i] = j;
  };
  for (const step of path) {
    const sh = at(shapes, step.shape);
    for (let i = step.i0; i <= step.i0 + sh.a; i++) {
      mark(i, step.j0);
      mark(i, step.j0 + sh.b);
    }
  }
  mark(0, 0);
  mark(n, m);
  return { minJ, maxJ };
}

/**
 * Searches of the first pass: the full band around the guide path, then up to two local
 * re-searches where the path still runs along the band's edge.
 */
export const FIRST_PASS_ROUNDS = 3;

/** Rows where the path runs within two cells of a band edge that is not the matrix's edge. */
function edgeRows(band: Band, range: PathRange, m: number): number[] {
  const rows: number[] = [];
  for (let i = 0; i < band.lo.length; i++) {
    const lo = i32(band.lo, i);
    const hi = i32(band.hi, i);
    if ((f64(range.minJ, i) - lo < 2 && lo > 0) || (hi - f64(range.maxJ, i) < 2 && hi < m)) rows.push(i);
  }
  return rows;
}

/**
 * A score added to every candidate bead (i0, j0, a, b) in the search's own coordinates: the
 * pivot's evidence (pivot.ts). `shiftExtra` moves it to a stretch's coordinates.
 */
export type ExtraScore = (i0: number, j0: number, a: number, b: number) => number;

/** `extra` for a stretch that starts at source `si`, target `sj`. */
export function shiftExtra(extra: ExtraScore | undefined, si: number, sj: number): ExtraScore | undefined {
  return extra === undefined || (si === 0 && sj === 0) ? extra : (i0, j0, a, b) => extra(i0 + si, j0 + sj, a, b);
}

/** What a banded search needs besides the two sides. */
export interface SearchInput {
  src: Side;
  tgt: Side;
  lex: LexIndex;
  model: Model;
  shapes: readonly Shape[];
  targetLang: string;
  extra?: ExtraScore;
}

/**
 * Search the band; then, while the best path runs along the band's edge somewhere, search again
 * only around those stretches, in a band widened there, between bead boundaries of the path on
 * either side (the rest of the path stays). A guide path keeps such stretches rare and short, so
 * a re-search costs a small share of the first.
 */
export function searchBanded(input: SearchInput, start: PathRange, width: number, progress: Progress, rounds: number): DpResult {
  const { src, tgt, lex, model, shapes, targetLang } = input;
  const n = src.feats.length;
  const m = tgt.feats.length;
  let band = makeBand(n, m, start.minJ, start.maxJ, width);
  let result: DpResult;
  try {
    result = runDp(src, tgt, band, buildPairs(src, tgt, band, lex, targetLang), model, shapes, progress, input.extra);
  } catch (error) {
    if (!(error instanceof NoPathError)) throw error;
    // Sentences anchored to nothing can ask for more room than the band gives: search the
    // whole matrix (it happens only between anchors, which keeps it small).
    band = makeBand(n, m, new Float64Array(n + 1).fill(0), new Float64Array(n + 1).fill(m), 0);
    result = runDp(src, tgt, band, buildPairs(src, tgt, band, lex, targetLang), model, shapes, progress, input.extra);
  }
  for (let round = 1; round < rounds; round++) {
    const range = pathRange(result.path, shapes, n, m);
    const touching = edgeRows(band, range, m);
    if (touching.length === 0) break;
    // The wider band covers the old one and the path's neighbourhood: a path that swings between
    // two readings of a weak stretch keeps both within reach, so rounds converge.
    for (let i = 0; i <= n; i++) {
      range.minJ[i] = Math.min(f64(range.minJ, i), i32(band.lo, i) + width);
      range.maxJ[i] = Math.max(f64(range.maxJ, i), i32(band.hi, i) - width);
    }
    band = makeBand(n, m, range.minJ, range.maxJ, width);
    // Stretches of touching rows with a margin of two band widths, merged when they meet.
    const stretches: [number, number][] = [];
    for (const r of touching) {
      const from = Math.max(0, r - 2 * width);
      const to = Math.min(n, r + 2 * width);
      const last = stretches[stretches.length - 1];
      if (last !== undefined && from <= last[1]) last[1] = Math.max(last[1], to);
      else stretches.push([from, to]);
    }
    // Right to left, so that splicing one stretch leaves the step indices of the others valid.
    const path = result.path;
    for (let s = stretches.length - 1; s >= 0; s--) {
      const [from, to] = at(stretches, s);
      let ka = 0;
      while (ka + 1 < path.length && at(path, ka + 1).i0 <= from) ka++;
      let kb = ka;
      while (kb < path.length && at(path, kb).i0 < to) kb++;
      const si = from === 0 ? 0 : at(path, ka).i0;
      const sj = from === 0 ? 0 : at(path, ka).j0;
      const k0 = from === 0 ? 0 : ka;
      // Past the last step the stretch ends at the matrix's corner.
      const ei = kb < path.length ? at(path, kb).i0 : n;
      const ej = kb < path.length ? at(path, kb).j0 : m;
      const sub = searchStretch(input, band, si, sj, ei, ej);
      const shifted = sub.path.map((st) => ({ i0: st.i0 + si, j0: st.j0 + sj, shape: st.shape }));
      path.splice(k0, kb - k0, ...shifted);
      result.posterior.splice(k0, kb - k0, ...sub.posterior);
    }
  }
  return result;
}

/**
 * One search of the band (no re-searches: `searchBanded` with one round) under `input.model` and
 * under `variant`, each result exactly what `searchBanded` gives under it, for about the cost of
 * one: the band, the lexical table and every candidate's evidence serve both (forwardTwice).
 */
export function searchBandedTwice(input: SearchInput, variant: Model, start: PathRange, width: number, progress: Progress): [DpResult, DpResult] {
  const { src, tgt, lex, model, shapes, targetLang } = input;
  const n = src.feats.length;
  const m = tgt.feats.length;
  const band = makeBand(n, m, start.minJ, start.maxJ, width);
  const forward = forwardTwice(src, tgt, band, buildPairs(src, tgt, band, lex, targetLang), model, variant, shapes, progress, input.extra);
  // As in searchBanded: a model with no path through the band searches the whole matrix.
  const finish = (f: Forward, under: Model, rows: Progress): DpResult => {
    try {
      return finishDp(band, n, shapes, f);
    } catch (error) {
      if (!(error instanceof NoPathError)) throw error;
      const whole = makeBand(n, m, new Float64Array(n + 1).fill(0), new Float64Array(n + 1).fill(m), 0);
      return runDp(src, tgt, whole, buildPairs(src, tgt, whole, lex, targetLang), under, shapes, rows, input.extra);
    }
  };
  // The variant's rows are the main search's: it reports no progress of its own.
  return [finish(forward[0], model, progress), finish(forward[1], variant, new Progress(1, undefined))];
}

/** The best path from (si, sj) to (ei, ej) within `band`. */
function searchStretch(input: SearchInput, band: Band, si: number, sj: number, ei: number, ej: number): DpResult {
  const subSrc = subSide(input.src, si, ei);
  const subTgt = subSide(input.tgt, sj, ej);
  const subLex = subLexIndex(input.lex, si, ei, sj, ej);
  const rows = ei - si;
  const minJ = new Float64Array(rows + 1);
  const maxJ = new Float64Array(rows + 1);
  for (let i = 0; i <= rows; i++) {
    minJ[i] = i32(band.lo, si + i) - sj;
    maxJ[i] = i32(band.hi, si + i) - sj;
  }
  const subBand = makeBand(rows, ej - sj, minJ, maxJ, 0);
  const pairs = buildPairs(subSrc, subTgt, subBand, subLex, input.targetLang);
  return runDp(subSrc, subTgt, subBand, pairs, input.model, input.shapes, new Progress(1, undefined), shiftExtra(input.extra, si, sj));
}

/** The evidence of one bead on its own, of any size (a tiny problem of just its sentences). */
function evidenceAlone(input: SearchInput, i0: number, j0: number, a: number, b: number): Evidence {
  const src = subSide(input.src, i0, i0 + a);
  const tgt = subSide(input.tgt, j0, j0 + b);
  const band = makeBand(a, b, new Float64Array(a + 1), new Float64Array(a + 1).fill(b), 0);
  const pairs = buildPairs(src, tgt, band, subLexIndex(input.lex, i0, i0 + a, j0, j0 + b), input.targetLang);
  return beadEvidence(src, tgt, pairs, input.model, 0, 0, a, b);
}

/**
 * The evidence score of one bead on its own, of any size and without its shape's prior: for
 * comparing beads the search does not make, such as a bead with a 0-1 bead's sentence joined to it.
 */
export function scoreBeadAlone(input: SearchInput, i0: number, j0: number, a: number, b: number): number {
  return scoreEvidence(evidenceAlone(input, i0, j0, a, b), { ...input.model, logPrior: [0] }, 0, a, b) + (input.extra?.(i0, j0, a, b) ?? 0);
}

/**
 * Two neighbouring beads, [i0, j0] a1-b1 then a2-b2, scored on their own and as one bead, as
 * `scoreBeadAlone` scores them, from one lexical table over the pair of them (three separate
 * calls would build three).
 */
export function scoreApartAndJoined(input: SearchInput, i0: number, j0: number, a1: number, b1: number, a2: number, b2: number): { first: number; second: number; joined: number } {
  const a = a1 + a2;
  const b = b1 + b2;
  const src = subSide(input.src, i0, i0 + a);
  const tgt = subSide(input.tgt, j0, j0 + b);
  const band = makeBand(a, b, new Float64Array(a + 1), new Float64Array(a + 1).fill(b), 0);
  const pairs = buildPairs(src, tgt, band, subLexIndex(input.lex, i0, i0 + a, j0, j0 + b), input.targetLang);
  const model = { ...input.model, logPrior: [0] };
  const score = (di: number, dj: number, sa: number, sb: number): number =>
    scoreEvidence(beadEvidence(src, tgt, pairs, input.model, di, dj, sa, sb), model, 0, sa, sb) + (input.extra?.(i0 + di, j0 + dj, sa, sb) ?? 0);
  return { first: score(0, 0, a1, b1), second: score(a1, b1, a2, b2), joined: score(0, 0, a, b) };
}

/**
 * How many lexical links (beyond chance) a translation has per lexical unit in this document:
 * the mean over the confident 1-1 beads given, scored with `input`'s lexicon. Half of it is
 * expected of every bead (LINK_RATE_SHARE).
 */
/**
 * The share of the mean link rate a bead is expected to reach. On the tuning half (MAC-Dev
 * 001–003) 0 and 0.25 gave strict F1 0.8094, 0.5 0.8091 (with the 0.0099 null prior), 1.0 0.8052;
 * 0.5 is the smallest that lets a long untranslated sentence, or a translator's note, stand as
 * a 1-0 / 0-1 bead at the default maximum bead size instead of being folded into a neighbour.
 * Held-out half: 0.869 before, 0.865 with it.
 */
const LINK_RATE_SHARE = 0.5;

export function learnLinkRate(input: SearchInput, beads: readonly { i0: number; j0: number; a: number; b: number; posterior: number }[]): number {
  let links = 0;
  let units = 0;
  for (const bead of beads) {
    if (bead.a !== 1 || bead.b !== 1 || bead.posterior < 0.9) continue;
    const ev = evidenceAlone(input, bead.i0, bead.j0, 1, 1);
    links += ev.links;
    units += ev.units;
  }
  return units > 0 ? Math.max(0, (LINK_RATE_SHARE * links) / units) : 0;
}

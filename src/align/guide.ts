/**
 * The guide: a cheap first search over a wide band (length, priors and rare anchors only) whose
 * path the full search then follows with a narrow band, so a document whose parts have different
 * length ratios needs no repeated full searches.
 */
import { at, f32, f64, i32, i8 } from './indexing.js';
import type { LexIndex } from './lexical-index.js';
import { DEFAULT_PRIOR, W, type Model, type Shape } from './model.js';
import { makeBand, pathRange, type Band, type PathRange, type Step } from './search.js';
import type { Side } from './side.js';

/**
 * The guide band's starting half-width: at least 100 sentences, and 1.5 % of the longer side,
 * since the drift between a length-proportional diagonal and the true path grows with the text
 * (10,000 × 13,000 concatenated dev texts: up to 141 sentences). It doubles while the guide path
 * runs along its edge.
 */
export const GUIDE_MIN_WIDTH = 100;
export const GUIDE_DRIFT = 0.015;

/** The guide band's cell budget: it never doubles past it (its arrays take 13 bytes a cell). */
const GUIDE_MAX_CELLS = 30_000_000;

/**
 * Rare evidence for the guide search, per band cell (row = source sentence, column = target
 * sentence): lexical links through target units found in at most `RARE_DF` target sentences, and
 * number keys found in at most `RARE_DF` sentences on each side. Rare matches are where two texts
 * pin each other down; collecting only them keeps the cost proportional to the text, not the band.
 */
const RARE_DF = 3;

function rareAnchors(src: Side, tgt: Side, lex: LexIndex, band: Band): Float32Array {
  const n = src.feats.length;
  const bonus = new Float32Array(band.cells);
  const add = (r: number, j: number, v: number): void => {
    const lo = i32(band.lo, r);
    if (j < lo || j > i32(band.hi, r)) return;
    const c = i32(band.rowStart, r) + j - lo;
    bonus[c] = f32(bonus, c) + v;
  };
  // Lexical: postings of rare target units.
  const postings = new Map<number, number[]>();
  lex.target.forEach((ids, j) => {
    for (const id of ids) {
      const list = postings.get(id);
      if (list === undefined) postings.set(id, [j]);
      else if (list.length <= RARE_DF) list.push(j);
    }
  });
  for (let r = 0; r < n; r++) {
    for (const id of at(lex.source, r).ids) {
      const list = postings.get(id);
      if (list === undefined || list.length > RARE_DF) continue;
      for (const j of list) add(r, j, W.lexLink * (1 + f32(lex.weight, id)));
    }
  }
  // Numbers: keys rare on both sides.
  const tNums = new Map<string, number[]>();
  tgt.feats.forEach((f, j) => {
    for (const k of new Set(f.numbers)) {
      const list = tNums.get(k);
      if (list === undefined) tNums.set(k, [j]);
      else list.push(j);
    }
  });
  const sDf = new Map<string, number>();
  for (const f of src.feats) for (const k of new Set(f.numbers)) sDf.set(k, (sDf.get(k) ?? 0) + 1);
  src.feats.forEach((f, r) => {
    for (const k of new Set(f.numbers)) {
      const list = tNums.get(k);
      if (list === undefined || list.length > RARE_DF || (sDf.get(k) ?? 0) > RARE_DF) continue;
      for (const j of list) add(r, j, W.numMatch);
    }
  });
  return bonus;
}

const GUIDE_SHAPES: Shape[] = [{ a: 1, b: 1 }, { a: 1, b: 0 }, { a: 0, b: 1 }, { a: 1, b: 2 }, { a: 2, b: 1 }];

/**
 * A cheap search over a wide band (Moore 2002's first pass, with rare anchors): length, bead
 * priors and the rare matches of `rareAnchors` only, Viterbi without posteriors. Its path stands
 * in for the length-proportional diagonal, so the full search can follow a document whose parts
 * have different length ratios with a narrow band. Returns the band rows' [minJ, maxJ] ranges of
 * the path.
 */
export function guideRange(src: Side, tgt: Side, lex: LexIndex, model: Model, centres: Float64Array, startWidth: number): PathRange {
  const n = src.feats.length;
  const m = tgt.feats.length;
  const shapes = GUIDE_SHAPES;
  const logPrior = shapes.map((sh) => Math.log(DEFAULT_PRIOR[`${sh.a}-${sh.b}`] ?? 1e-3));
  const inv2s2 = 1 / (2 * model.sigma * model.sigma);
  const lenConst = -Math.log(model.sigma) - 0.919;
  const ratio = model.ratio;
  // The length term log((lt + 4r) / (r (ls + 4))) as a difference of logarithms taken once per
  // sentence and bead size (1 or 2 sentences) instead of once per cell and shape.
  const logS = [new Float64Array(n + 1), new Float64Array(n + 1)];
  const logT = [new Float64Array(m + 1), new Float64Array(m + 1)];
  for (let k = 0; k < 2; k++) {
    const ls = at(logS, k);
    const lt = at(logT, k);
    for (let i = k + 1; i <= n; i++) ls[i] = Math.log(ratio * (f64(src.cum, i) - f64(src.cum, i - k - 1) + 4));
    for (let j = k + 1; j <= m; j++) lt[j] = Math.log(f64(tgt.cum, j) - f64(tgt.cum, j - k - 1) + 4 * ratio);
  }
  let width = startWidth;
  for (;;) {
    const band = makeBand(n, m, centres, centres, width);
    const bonus = rareAnchors(src, tgt, lex, band);
    const { lo, hi, rowStart } = band;
    const best = new Float64Array(band.cells).fill(-Infinity);
    const back = new Int8Array(band.cells).fill(-1);
    best[0] = 0;
    for (let i = 0; i <= n; i++) {
      const rowLo = i32(lo, i);
      const rowHi = i32(hi, i);
      const rs = i32(rowStart, i);
      for (let j = rowLo; j <= rowHi; j++) {
        const c = rs + j - rowLo;
        if (c === 0) continue;
        let bv = -Infinity;
        let bs = -1;
        for (let s = 0; s < shapes.length; s++) {
          const sh = at(shapes, s);
          const pi = i - sh.a;
          const pj = j - sh.b;
          if (pi < 0) continue;
          const plo = i32(lo, pi);
          if (pj < plo || pj > i32(hi, pi)) continue;
          const pv = f64(best, i32(rowStart, pi) + pj - plo);
          if (pv === -Infinity) continue;
          let v = pv + at(logPrior, s);
          if (sh.a > 0 && sh.b > 0) {
            const d = f64(at(logT, sh.b - 1), j) - f64(at(logS, sh.a - 1), i);
            v += lenConst - d * d * inv2s2;
            for (let r = pi; r < i; r++) {
              const rlo = i32(lo, r);
              const rhi = i32(hi, r);
              for (let t = pj; t < j; t++) if (t >= rlo && t <= rhi) v += f32(bonus, i32(rowStart, r) + t - rlo);
            }
          }
          if (v > bv) {
            bv = v;
            bs = s;
          }
        }
        best[c] = bv;
        back[c] = bs;
      }
    }
    const path: Step[] = [];
    let i = n;
    let j = m;
    while (i > 0 || j > 0) {
      const c = i32(rowStart, i) + j - i32(lo, i);
      const shape = i8(back, c);
      const sh = shapes[shape];
      if (sh === undefined) throw new Error(`guide search lost its path at ${i},${j}`);
      path.push({ i0: i - sh.a, j0: j - sh.b, shape });
      i -= sh.a;
      j -= sh.b;
    }
    path.reverse();
    const range = pathRange(path, shapes, n, m);
    // A path along the band's edge may have been held back by it: widen and search again,
    // while the band stays a small share of the full matrix.
    let touches = false;
    for (let r = 0; r <= n && !touches; r++) {
      const rl = i32(lo, r);
      const rh = i32(hi, r);
      if ((f64(range.minJ, r) - rl < 2 && rl > 0) || (rh - f64(range.maxJ, r) < 2 && rh < m)) touches = true;
    }
    if (!touches || 2 * width >= Math.max(n, m) || (n + 1) * (4 * width + 1) > GUIDE_MAX_CELLS) return range;
    width *= 2;
  }
}

/** The length-proportional diagonal: for each source position, the target position as far in. */
export function proportionalCentres(src: Side, tgt: Side): Float64Array {
  const n = src.feats.length;
  const m = tgt.feats.length;
  const centre = new Float64Array(n + 1);
  const totalS = f64(src.cum, n);
  const totalT = f64(tgt.cum, m);
  let j = 0;
  for (let i = 0; i <= n; i++) {
    const target = totalS > 0 ? (f64(src.cum, i) / totalS) * totalT : (i / Math.max(1, n)) * totalT;
    while (j < m && f64(tgt.cum, j + 1) <= target) j++;
    centre[i] = totalS > 0 ? j : (i * m) / Math.max(1, n);
  }
  centre[n] = m;
  return centre;
}

/** The target position where a path enters each source row. */
export function pathCentres(beads: readonly { i0: number; j0: number }[], n: number, m: number): Float64Array {
  const c = new Float64Array(n + 1);
  for (const bead of beads) c[bead.i0] = bead.j0;
  c[n] = m;
  for (let i = 1; i < n; i++) c[i] = Math.max(f64(c, i), f64(c, i - 1));
  return c;
}

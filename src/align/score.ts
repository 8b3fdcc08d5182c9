/**
 * The vecalign alignment metric (after Sennrich & Volk 2011), as ../shared/eval/score.py
 * computes it: strict and lax precision/recall/F1, micro-averaged over documents.
 */
import type { BeadShape } from './beads.js';

/** Hit counts of one document: [strict hits, strict misses, lax hits, lax misses]. */
export interface AlignmentCounts {
  precision: [number, number, number, number];
  recall: [number, number, number, number];
}

/** Strict and lax precision, recall and F1. */
export interface AlignmentScores {
  precisionStrict: number;
  recallStrict: number;
  f1Strict: number;
  precisionLax: number;
  recallLax: number;
  f1Lax: number;
}

const key = (b: BeadShape): string => `${b.source.join(',')}:${b.target.join(',')}`;

function hits(reference: BeadShape[], candidates: BeadShape[]): [number, number, number, number] {
  const ref = new Map<string, BeadShape>();
  for (const b of reference) if (b.source.length > 0 || b.target.length > 0) ref.set(key(b), b);
  const cand = new Map<string, BeadShape>();
  for (const b of candidates) if (b.source.length > 0 || b.target.length > 0) cand.set(key(b), b);
  const linked = new Map<number, Set<number>>();
  for (const b of ref.values()) {
    for (const i of b.source) {
      const set = linked.get(i) ?? new Set<number>();
      for (const j of b.target) set.add(j);
      linked.set(i, set);
    }
  }
  const c: [number, number, number, number] = [0, 0, 0, 0];
  for (const [k, b] of cand) {
    if (ref.has(k)) {
      c[0]++;
      c[2]++;
      continue;
    }
    c[1]++;
    // 1-0 and 0-1 beads link nothing, so they can only be strict hits.
    const lax = b.source.some((i) => b.target.some((j) => linked.get(i)?.has(j) === true));
    if (lax) c[2]++;
    else c[3]++;
  }
  return c;
}

/**
 * Counts for one document, to be summed over a set with `addCounts`.
 * @example countAlignment([{source:[0],target:[0]}], [{source:[0],target:[0]}]).precision // → [1, 0, 1, 0]
 */
export function countAlignment(gold: BeadShape[], test: BeadShape[]): AlignmentCounts {
  const noNull = (beads: BeadShape[]): BeadShape[] => beads.filter((b) => b.source.length > 0 && b.target.length > 0);
  return { precision: hits(gold, test), recall: hits(noNull(test), noNull(gold)) };
}

/**
 * Sum of two documents' counts (micro averaging).
 * @example addCounts(a, b).precision[0] // → a.precision[0] + b.precision[0]
 */
export function addCounts(a: AlignmentCounts, b: AlignmentCounts): AlignmentCounts {
  const add = (x: number[], y: number[]): [number, number, number, number] => [
    (x[0] ?? 0) + (y[0] ?? 0), (x[1] ?? 0) + (y[1] ?? 0), (x[2] ?? 0) + (y[2] ?? 0), (x[3] ?? 0) + (y[3] ?? 0),
  ];
  return { precision: add(a.precision, b.precision), recall: add(a.recall, b.recall) };
}

/** Counts of an empty set, the start of a sum. @example emptyCounts().precision // → [0, 0, 0, 0] */
export function emptyCounts(): AlignmentCounts {
  return { precision: [0, 0, 0, 0], recall: [0, 0, 0, 0] };
}

/**
 * P/R/F1 from counts.
 * @example summarizeCounts(countAlignment(gold, gold)).f1Strict // → 1
 */
export function summarizeCounts(c: AlignmentCounts): AlignmentScores {
  const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);
  const f1 = (p: number, r: number): number => (p + r === 0 ? 0 : (2 * p * r) / (p + r));
  const [ps0, ps1, pl0, pl1] = c.precision;
  const [rs0, rs1, rl0, rl1] = c.recall;
  const precisionStrict = ratio(ps0, ps0 + ps1);
  const precisionLax = ratio(pl0, pl0 + pl1);
  const recallStrict = ratio(rs0, rs0 + rs1);
  const recallLax = ratio(rl0, rl0 + rl1);
  return {
    precisionStrict, recallStrict, f1Strict: f1(precisionStrict, recallStrict),
    precisionLax, recallLax, f1Lax: f1(precisionLax, recallLax),
  };
}

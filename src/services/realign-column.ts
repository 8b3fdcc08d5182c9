/**
 * Re-aligning runs of untouched slots of one language column around the slots a person touched
 * (DESIGN.md "anchor"), with the aligner's `realign`. Pure: the caller reads the column, splits
 * each slot's text into sentences and writes the heads this returns.
 *
 * Only the touched slots (anchors: kept exactly, learned from) and the runs to re-align go to
 * the aligner; the other untouched slots stay as they are and are left out, so each run is
 * aligned within its own segments and texts: its first and last slots' neighbours bound it.
 */
import { ALIGN_LANGS, type AlignOptions, type Sentence } from '../align/aligner.js';
import type { Bead, BeadShape } from '../align/beads.js';
import { attachOrphans } from '../align/orphans.js';
import { realign } from '../align/realign.js';
import { doubts } from '../align/reasons.js';
import type { RegionHead } from '../domain.js';
import { joinSentences } from '../text/join.js';
import { slotCalibration } from './flag-cut.js';

/** One language column (or a part of it cut at slot edges) as the re-alignment reads it. */
export interface ColumnInput {
  lang: string;
  /** The Chinese segments, in order; heads' `start` indexes them. */
  segments: readonly { text: string; paragraph: number }[];
  /** The heads in order, tiling the segments. */
  heads: readonly RegionHead[];
  /** Per head: a person touched it (isHumanTouched). */
  touched: readonly boolean[];
  /** Per head: its text split into sentences (with the document's segmentation rules). */
  sentences: readonly (readonly string[])[];
}

/** A run of consecutive untouched heads to re-align: head indices [first, last]. */
export interface HeadRun { first: number; last: number }

export interface RealignedColumn {
  /** Every head of the column, the runs' heads replaced by the re-aligned ones. */
  heads: RegionHead[];
  /** Heads of the runs that are not as they were (text or span changed). */
  moved: number;
  /** Runs that were aligned (those holding at least one sentence). */
  runs: number;
}

/** Whether the aligner knows the language (zh ↔ en, ru); others are never re-aligned. */
export function canRealign(lang: string): boolean {
  return (ALIGN_LANGS as readonly string[]).includes(lang.split('-')[0] ?? lang);
}

/**
 * Every maximal run of untouched heads that holds a sentence: what "Re-align unconfirmed" does.
 * @example untouchedRuns([true, false, false, true, false], [['A.'], ['B.'], [], ['C.'], []]) // → [{ first: 1, last: 2 }]
 */
export function untouchedRuns(touched: readonly boolean[], sentences: readonly (readonly string[])[]): HeadRun[] {
  const runs: HeadRun[] = [];
  let first = -1;
  const close = (last: number) => {
    if (first >= 0 && sentences.slice(first, last + 1).some((s) => s.length > 0)) runs.push({ first, last });
    first = -1;
  };
  touched.forEach((isTouched, k) => {
    if (isTouched) close(k - 1);
    else if (first < 0) first = k;
  });
  close(touched.length - 1);
  return runs;
}

/** The aligner's options a column passes on, and whether each run is settled (realign's `settle`). */
export type ColumnOptions = Pick<AlignOptions, 'lexicon' | 'onProgress' | 'knownPairs'> & { settle?: boolean };

interface Placed { head: number; sourceFrom: number; sourceTo: number; targetFrom: number; targetTo: number }

/**
 * Re-aligns `runs` of the column around its touched heads. A re-aligned head keeps its old
 * version of itself when the aligner gives it the same segments and sentences; otherwise it is
 * new, `aligned` (or `empty`), with the aligner's confidence, probability and reasons, marked
 * `byAligner`; the caller cuts the column's flag again once it is written (flag-cut.ts).
 * Touched heads and heads outside the runs come back unchanged.
 * @example realignColumn({ lang: 'en', segments, heads, touched: [true, false, false], sentences }, [{ first: 1, last: 2 }], {})
 */
export function realignColumn(input: ColumnInput, runs: readonly HeadRun[], options: ColumnOptions = {}): RealignedColumn {
  const { heads, touched, sentences, lang } = input;
  const unchanged = { heads: [...heads], moved: 0, runs: 0 };
  const live = runs.filter((run) => sentences.slice(run.first, run.last + 1).some((s) => s.length > 0));
  if (live.length === 0 || !canRealign(lang)) return unchanged;
  const inRun = new Int32Array(heads.length).fill(-1);
  live.forEach((run, r) => {
    for (let k = run.first; k <= run.last; k++) {
      if (touched[k]) throw new Error(`head ${k} is touched: a run to re-align holds untouched heads only`);
      inRun[k] = r;
    }
  });

  // The aligner's input: touched heads and the runs, in column order.
  const source: Sentence[] = [];
  const target: Sentence[] = [];
  const sourceSegment: number[] = [];
  const beads: BeadShape[] = [];
  const beadTouched: boolean[] = [];
  const placed: Placed[] = [];
  heads.forEach((head, k) => {
    if (!touched[k] && (inRun[k] ?? -1) < 0) return;
    const sourceFrom = source.length;
    const targetFrom = target.length;
    for (let i = head.start; i < head.start + head.span; i++) {
      const segment = input.segments[i]!;
      source.push({ text: segment.text, paragraph: segment.paragraph });
      sourceSegment.push(i);
    }
    // Target sentences carry no paragraphs: a slot's text says nothing about where the translation's
    // paragraphs broke, and the segment's own paragraph would make the Chinese breaks look certain.
    for (const text of sentences[k] ?? []) target.push({ text });
    beads.push({ source: range(sourceFrom, source.length), target: range(targetFrom, target.length) });
    beadTouched.push(touched[k] ?? false);
    placed.push({ head: k, sourceFrom, sourceTo: source.length, targetFrom, targetTo: target.length });
  });

  const { settle, ...alignOptions } = options;
  const result = realign({ source, target, beads, touched: beadTouched, settle }, {
    sourceLang: 'zh', targetLang: lang.split('-')[0] ?? lang, ...alignOptions,
  });

  // Each run's beads: those whose sentences fall inside the run's own (anchors are kept exactly,
  // so the run's beads tile exactly its segments and sentences).
  const bounds = live.map((run) => {
    const inside = placed.filter((p) => p.head >= run.first && p.head <= run.last);
    return { sourceFrom: inside[0]!.sourceFrom, sourceTo: inside[inside.length - 1]!.sourceTo, targetFrom: inside[0]!.targetFrom, targetTo: inside[inside.length - 1]!.targetTo };
  });
  const beadsOf: Bead[][] = live.map(() => []);
  for (const bead of result.beads) {
    const r = bead.source.length > 0
      ? bounds.findIndex((b) => bead.source[0]! >= b.sourceFrom && bead.source[0]! < b.sourceTo)
      : bounds.findIndex((b) => bead.target[0]! >= b.targetFrom && bead.target[0]! < b.targetTo);
    if (r >= 0) beadsOf[r]!.push(bead);
  }

  const out: RegionHead[] = [];
  let moved = 0;
  let k = 0;
  while (k < heads.length) {
    const r = inRun[k]!;
    if (r < 0) {
      out.push(heads[k]!);
      k += 1;
      continue;
    }
    const run = live[r]!;
    const old = new Map(placed.filter((p) => p.head >= run.first && p.head <= run.last)
      .map((p) => [`${p.sourceFrom}:${p.sourceTo}:${p.targetFrom}:${p.targetTo}`, heads[p.head]!]));
    // A sentence with no Chinese joins a slot of the run itself, never a touched slot beside it.
    let cursor = bounds[r]!.targetFrom;
    for (const bead of attachOrphans(beadsOf[r]!)) {
      const targetFrom = cursor;
      cursor += bead.target.length;
      const kept = old.get(`${bead.source[0]!}:${bead.source[0]! + bead.source.length}:${targetFrom}:${cursor}`);
      if (kept) {
        out.push(kept);
        continue;
      }
      const text = joinSentences(lang, bead.target.map((j) => target[j]!.text));
      const reasons: string[] = [...bead.reasons];
      if (bead.orphans > 0) reasons.push(doubts(`holds ${bead.orphans} sentence(s) with no Chinese counterpart`));
      const calibration = slotCalibration(bead);
      out.push({
        start: sourceSegment[bead.source[0]!]!, span: bead.source.length, text, status: text.length === 0 ? 'empty' : 'aligned',
        confidence: bead.confidence, reasons, version: 0, byAligner: true, ...(calibration && { calibration }),
      });
      moved += 1;
    }
    k = run.last + 1;
  }
  return { heads: out, moved, runs: live.length };
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}

/**
 * The sentence aligner: a banded dynamic programme over beads (1-1, 1-2, 2-1, 2-2, 1-3, 3-1,
 * 1-4, 4-1, 1-0, 0-1) scored by a per-document length model, number/name/punctuation anchors, a CC-CEDICT
 * lexicon, back-reference openings and associations learned in a second pass; confidence is the
 * bead's posterior probability from a forward–backward pass over the same band. The band follows
 * a cheap guide path (length, priors and rare anchors over a wide band), so documents whose parts
 * have different length ratios need no repeated full searches. Beads a person confirmed
 * (anchors) are kept exactly: only the stretches between them are searched, and they are the
 * first training data of the learned associations.
 *
 * The parts live in their own modules: anchors.ts (checking anchors, cutting stretches),
 * side.ts (per-sentence evidence of one side), lexical-index.ts (links between sentences),
 * model.ts (shapes, priors, weights, re-estimation), evidence.ts (a bead's evidence and score),
 * search.ts (band, DP, posteriors), guide.ts (the guide path) and explain.ts (reasons).
 */
import { planAnchors, type AnchorPlan, type Stretch } from './anchors.js';
import { learnAssociations, type UnitPair } from './associations.js';
import { CALIBRATION, calibrationProbability, placeConfidence, type CalibrationInput } from './calibration.js';
import type { Bead, BeadShape } from './beads.js';
import { explain, type ExplainContext } from './explain.js';
import { flagCut } from './flag-rule.js';
import { evidenceJoinGains } from './join-gains.js';
import { sentenceFeatures, type Sentence } from './features.js';
import { GUIDE_DRIFT, GUIDE_MIN_WIDTH, guideRange, pathCentres, proportionalCentres } from './guide.js';
import { at, f64, i32 } from './indexing.js';
import { buildLexIndex, chanceLinkRate, subLexIndex, type LexIndex } from './lexical-index.js';
import { lexiconFor, type Lexicon } from './lexicon.js';
import { supports, type Reason } from './reasons.js';
import { ceiling, initialModel, lengthJoinGain, reestimate, shapesFor, type Model, type PlacedBead, type Shape } from './model.js';
import { wantedNameKeys } from './names.js';
import { orphanSplit } from './orphans.js';
import { preparePivot, type PivotEvidence, type PivotInput } from './pivot.js';
import { FIRST_PASS_ROUNDS, Progress, learnLinkRate, pathRange, scoreBeadAlone, searchBanded, searchBandedTwice, shiftExtra, type DpResult, type PathRange, type SearchInput } from './search.js';
import { buildSide, subSide, type Side } from './side.js';
import { drawnOtherwise, variantModel } from './stability.js';

export type { Sentence } from './features.js';
export { AnchorError } from './anchors.js';
export { PivotError, type PivotInput } from './pivot.js';

/** Languages the aligner has evidence for. */
export const ALIGN_LANGS = ['zh', 'en', 'ru'] as const;
export type AlignLang = (typeof ALIGN_LANGS)[number];

/** A sentence pair known to be a translation (for example an approved slot), used for learning. */
export interface KnownPair {
  source: string;
  target: string;
}

/** Options of `align`. */
export interface AlignOptions {
  sourceLang: string;
  targetLang: string;
  /**
   * Most sentences on one side of a bead, 1–4 (default 4: up to 1-4 / 4-1, 2-2; 2-3 and 3-2 are
   * never searched, see model.ts ALL_SHAPES).
   */
  maxBead?: number;
  /**
   * Beads a person confirmed (any size, `[]:[7]` and `[5]:[]` too): each comes back exactly, with
   * confidence 1; only the stretches between them are aligned; they train the learned
   * associations. Anchors that overlap, cross or leave the texts throw `AnchorError`.
   */
  anchors?: readonly BeadShape[];
  /**
   * The same source already aligned to a third language: its evidence (numbers, names, cognates,
   * marks and length shared by the target and the pivot sentences of each source span) is added
   * to every candidate bead's score (pivot.ts). Soft: a wrong pivot bead cannot force a bead.
   * A pivot that does not fit the source throws `PivotError`.
   */
  pivot?: PivotInput;
  /** Confirmed translations that feed the learned associations alongside the first pass. */
  knownPairs?: readonly KnownPair[];
  /** Defaults to CC-CEDICT; tests pass a small one. */
  lexicon?: Lexicon;
  /** Half-width of the search band around the guide path, in sentences (default 25). */
  bandWidth?: number;
  /**
   * false: report the search's own posterior as confidence, uncalibrated (the calibration bench
   * fits on it). Default true: each searched bead carries the calibrated probability that it is
   * right (`probability`), and its confidence is that probability placed by the alignment's cut
   * (flag-rule.ts): below 0.6 exactly for the beads the flag's rule picks among this call's
   * searched beads.
   */
  calibrate?: boolean;
  /**
   * For the calibration bench: called once with each returned bead's calibration inputs (the
   * search's raw posterior among them), undefined for anchors and forced beads.
   */
  onCalibrationInputs?: (inputs: readonly (CalibrationInput | undefined)[]) => void;
  /**
   * Told how far the search has got, in units of work out of `total`: about every 1 %, never
   * backwards, at most ~100 times per call, and last with `done === total`. Called synchronously
   * from inside `align`, so it should be cheap (a worker thread posts a message).
   */
  onProgress?: (done: number, total: number) => void;
}

/** A bead kept exactly; `learn` when it is a person's (it trains the associations). */
export interface KeptBead {
  bead: BeadShape;
  learn: boolean;
}

/** The reason given for every anchor. */
export const ANCHOR_REASON: Reason = supports('confirmed by a person: kept as it is');

/**
 * Align two lists of sentences into monotone beads that cover every sentence exactly once.
 * @example
 * align([{ text: '两国元首举行会谈。' }], [{ text: 'The two heads of state held talks.' }], { sourceLang: 'zh', targetLang: 'en' })
 * // → [{ source: [0], target: [0], confidence: 0.99, reasons: ['length ratio 1.00× the document norm', ...] }]
 */
export function align(source: readonly Sentence[], target: readonly Sentence[], options: AlignOptions): Bead[] {
  return alignAround(source, target, options, (options.anchors ?? []).map((bead) => ({ bead, learn: true })));
}

/**
 * `align` keeping `kept` beads exactly (options.anchors is ignored): the common core of `align`
 * and `realign`, where the beads outside the stretches to re-align are kept without being
 * learned from.
 */
export function alignAround(source: readonly Sentence[], target: readonly Sentence[], options: AlignOptions, kept: readonly KeptBead[]): Bead[] {
  const { sourceLang, targetLang } = options;
  for (const lang of [sourceLang, targetLang]) {
    if (!(ALIGN_LANGS as readonly string[]).includes(lang)) throw new Error(`unknown language: ${lang}`);
  }
  const n = source.length;
  const m = target.length;
  const plan = planAnchors(kept.map((k) => k.bead), n, m);
  if (n === 0 || m === 0) {
    return [
      ...source.map((_, i): Bead => ({ source: [i], target: [], confidence: 1, reasons: [supports('nothing on the other side')] })),
      ...target.map((_, j): Bead => ({ source: [], target: [j], confidence: 1, reasons: [supports('nothing on the other side')] })),
    ];
  }
  const lexicon = options.lexicon ?? lexiconFor(documentTexts(source, target, options.knownPairs ?? []));
  const maxBead = Math.max(1, Math.min(4, options.maxBead ?? 4));
  const shapes = shapesFor(maxBead);
  // The target side first: its names tell the source side which name keys are worth keeping.
  const tgt = buildSide(target, targetLang, sourceLang, lexicon, undefined, plan.nullTarget);
  const wanted = wantedNameKeys(tgt.names.flatMap((s) => (s.side === 'target' ? s.names : [])), targetLang);
  const src = buildSide(source, sourceLang, targetLang, lexicon, wanted, plan.nullSource);
  const dictionary = sourceLang === 'zh' && targetLang === 'en';
  const dictTranslations = (u: string): readonly string[] => (dictionary ? lexicon.glosses.get(u) ?? [] : []);
  const pivot = options.pivot === undefined ? undefined : preparePivot(source, target, options.pivot, sourceLang, targetLang);
  const problem: Problem = { src, tgt, shapes, targetLang, plan, pivot };

  // Pass 1: length, anchors, names and the dictionary, with the document's own length ratio.
  let model = initialModel(src, tgt, shapes);
  const width = options.bandWidth ?? 25;
  const lex1 = buildLexIndex(src, tgt, dictTranslations);
  const guides = plan.stretches.map((st) => stretchGuide(problem, lex1, model, st));
  lex1.chance = chanceLinkRate(src, tgt, lex1, guideCentres(plan, guides, n));
  // Progress counts DP rows: n + 1 per pass, two passes (the guide and local re-searches do not
  // move it).
  const progress = new Progress(2 * (n + 1), options.onProgress);
  const first = searchStretches(problem, lex1, model, guides, width, progress, 0, FIRST_PASS_ROUNDS);

  // Pass 2: learn associations from confident beads (anchors and known pairs first), re-estimate
  // the length model and bead priors, and search again in a narrower band around the first path.
  model = reestimate(src, tgt, first, shapes, model);
  pivot?.learn(first);
  const training: UnitPair[] = [];
  for (const bead of first) {
    if (bead.kind !== 'searched' || bead.a === 0 || bead.b === 0 || bead.posterior < 0.7) continue;
    training.push(unitPair(src, tgt, bead.i0, bead.j0, bead.a, bead.b));
  }
  // Confirmed pairs count twice: a person's word is better evidence than the first pass's guess.
  // Beads kept untouched around a re-aligned stretch count once, as the first pass's own do: the
  // stretch alone would learn from a fraction of the document.
  for (const { bead, learn } of kept) {
    if (bead.source.length === 0 || bead.target.length === 0) continue;
    training.push({ ...unitPair(src, tgt, at(bead.source, 0), at(bead.target, 0), bead.source.length, bead.target.length), weight: learn ? 2 : 1 });
  }
  for (const pair of options.knownPairs ?? []) {
    training.push({
      source: sentenceFeatures(pair.source, sourceLang, lexicon).units,
      target: sentenceFeatures(pair.target, targetLang, lexicon).units,
      weight: 2,
    });
  }
  const learned = learnAssociations(training);
  const lex2 = buildLexIndex(src, tgt, (u) => {
    const d = dictTranslations(u);
    const l = learned.get(u);
    return l === undefined ? d : [...d, ...l];
  });
  lex2.chance = chanceLinkRate(src, tgt, lex2, pathCentres(first, n, m));
  model = { ...model, linkRate: learnLinkRate({ src, tgt, lex: lex2, model, shapes, targetLang }, first) };
  const ranges = plan.stretches.map((st) => localRange(first, st, shapes));
  const secondWidth = Math.max(8, Math.round(width / 3));
  // The second opinion (stability.ts) comes with it: the same band searched with the shape
  // priors weakened, sharing the second search's lexical tables and evidence.
  const [second, variant] = searchStretchesTwice(problem, lex2, model, variantModel(model), ranges, secondWidth, progress, n + 1);
  progress.finish();

  const context: ExplainContext = { src, tgt, lexicon, dictionary, targetLang, learned, model };
  const whole: SearchInput = { src, tgt, lex: lex2, model, shapes, targetLang, ...(pivot && { extra: pivot.score }) };
  const attach = orphanAttachments(second, whole);
  const joinGains = evidenceJoinGains(whole, second);
  const quotes = (side: Side, from: number, count: number): number => side.feats.slice(from, from + count).reduce((q, f) => q + f.quotes, 0);
  const otherwise = drawnOtherwise(second, variant);
  const inputs = second.map((bead, k): CalibrationInput | undefined =>
    bead.kind === 'searched' ? {
      posterior: bead.posterior, a: bead.a, b: bead.b, joinGain: lengthJoinGain(src, tgt, model, second, k), evidenceJoinGain: at(joinGains, k),
      quoteMismatch: Math.abs(quotes(src, bead.i0, bead.a) - quotes(tgt, bead.j0, bead.b)),
      drawnOtherwise: at(otherwise, k),
    } : undefined);
  options.onCalibrationInputs?.(inputs);
  // One cut per alignment: the searched beads' expected-recall set (flag-rule.ts) is flagged.
  const probabilities = inputs.map((input) => (input === undefined ? undefined : calibrationProbability(input, CALIBRATION.weights)));
  const cut = flagCut(probabilities.filter((p): p is number => p !== undefined), CALIBRATION.low);
  return second.map((bead, k): Bead => {
    const shape = { source: range(bead.i0, bead.a), target: range(bead.j0, bead.b) };
    const input = inputs[k];
    if (bead.kind === 'anchor') return { ...shape, confidence: 1, reasons: [ANCHOR_REASON] };
    if (bead.kind === 'forced' || input === undefined) return { ...shape, confidence: 1, reasons: [supports('the only bead possible between two anchors')] };
    const side = attach.get(k);
    const probability = probabilities[k];
    if (probability === undefined) throw new Error(`searched bead ${k} has no calibrated probability`);
    return {
      ...shape,
      confidence: options.calibrate === false ? Math.round(Math.max(0, bead.posterior) * 1000) / 1000 : placeConfidence(probability, cut, ceiling(bead)),
      ...(options.calibrate === false ? {} : { probability }),
      reasons: pivot === undefined ? explain(context, bead.i0, bead.j0, bead.a, bead.b, input) : [...explain(context, bead.i0, bead.j0, bead.a, bead.b, input), ...pivot.reasons(bead.i0, bead.j0, bead.a, bead.b)],
      ...(side === undefined ? {} : { attach: side }),
    };
  });
}

/**
 * Anchors never take in another sentence (the person's bead stays as it is), so joining one
 * costs this much: more than any evidence, less than nothing at all.
 */
const ANCHOR_JOIN_COST = 1e6;

/**
 * For each searched 0-1 bead, the neighbour its sentence joins when the product places beads in
 * slots (orphans.ts): the split of each run of 0-1 beads between the beads before and after it
 * that scores best.
 */
function orphanAttachments(beads: readonly PlacedBead[], input: SearchInput): Map<number, 'previous' | 'next'> {
  const out = new Map<number, 'previous' | 'next'>();
  for (let k = 0; k < beads.length; k++) {
    if (at(beads, k).a !== 0 || at(beads, k).kind !== 'searched') continue;
    let end = k;
    while (end + 1 < beads.length && at(beads, end + 1).a === 0) end++;
    const run = beads.slice(k, end + 1);
    const prev = k > 0 ? at(beads, k - 1) : undefined;
    const next = end + 1 < beads.length ? at(beads, end + 1) : undefined;
    const orphansFrom = at(run, 0).j0;
    const gain = (side: 'previous' | 'next', count: number): number | undefined => {
      const bead = side === 'previous' ? prev : next;
      if (bead === undefined) return undefined;
      if (bead.kind === 'anchor') return -ANCHOR_JOIN_COST;
      const alone = scoreBeadAlone(input, bead.i0, bead.j0, bead.a, bead.b);
      const joined = side === 'previous'
        ? scoreBeadAlone(input, bead.i0, bead.j0, bead.a, bead.b + count)
        : scoreBeadAlone(input, bead.i0, orphansFrom + run.length - count, bead.a, bead.b + count);
      return joined - alone;
    };
    const split = orphanSplit(run.length, gain);
    run.forEach((_, r) => out.set(k + r, r < split ? 'previous' : 'next'));
    k = end;
  }
  return out;
}

/** What every stretch's search shares. */
interface Problem {
  src: Side;
  tgt: Side;
  shapes: readonly Shape[];
  targetLang: string;
  plan: AnchorPlan;
  pivot: PivotEvidence | undefined;
}

/** One stretch as a problem of its own: its sentences, lexical index and model. */
function stretchInput(p: Problem, lex: LexIndex, model: Model, st: Stretch): SearchInput {
  return {
    src: subSide(p.src, st.si, st.ei), tgt: subSide(p.tgt, st.sj, st.ej), lex: subLexIndex(lex, st.si, st.ei, st.sj, st.ej),
    model, shapes: p.shapes, targetLang: p.targetLang, ...(p.pivot && { extra: shiftExtra(p.pivot.score, st.si, st.sj) }),
  };
}

/** The guide path's ranges of a stretch, in its own coordinates (undefined when a side is empty). */
function stretchGuide(p: Problem, lex: LexIndex, model: Model, st: Stretch): PathRange | undefined {
  const rows = st.ei - st.si;
  const cols = st.ej - st.sj;
  if (rows === 0 || cols === 0) return undefined;
  const input = stretchInput(p, lex, model, st);
  const width = Math.max(GUIDE_MIN_WIDTH, Math.ceil(GUIDE_DRIFT * Math.max(rows, cols)));
  return guideRange(input.src, input.tgt, input.lex, model, proportionalCentres(input.src, input.tgt), width);
}

/** For each source position, the middle of the guide path's row in whole-text coordinates. */
function guideCentres(plan: AnchorPlan, guides: readonly (PathRange | undefined)[], n: number): Float64Array {
  const centres = new Float64Array(n + 1);
  plan.stretches.forEach((st, k) => {
    const guide = guides[k];
    for (let i = st.si; i <= st.ei; i++) centres[i] = guide === undefined ? st.sj : st.sj + (f64(guide.minJ, i - st.si) + f64(guide.maxJ, i - st.si)) / 2;
  });
  // Rows inside an anchor follow its first target sentence.
  for (const link of plan.links) for (const i of link.source) centres[i] = at(link.target, 0);
  centres[n] = plan.stretches.length > 0 ? at(plan.stretches, plan.stretches.length - 1).ej : 0;
  return centres;
}

/** The per-row ranges of the beads inside a stretch, in its own coordinates. */
function localRange(beads: readonly PlacedBead[], st: Stretch, shapes: readonly Shape[]): PathRange | undefined {
  if (st.ei === st.si || st.ej === st.sj) return undefined;
  const steps = beads
    .filter((b) => b.kind !== 'anchor' && b.i0 >= st.si && b.i0 + b.a <= st.ei && b.j0 >= st.sj && b.j0 + b.b <= st.ej)
    .map((b) => ({ i0: b.i0 - st.si, j0: b.j0 - st.sj, shape: shapes.findIndex((sh) => sh.a === b.a && sh.b === b.b) }));
  return pathRange(steps, shapes, st.ei - st.si, st.ej - st.sj);
}

/**
 * Search every stretch around its ranges and put the beads in text order with the anchors that
 * separate them. `rowBase` is where this pass's rows start in `progress`.
 */
function searchStretches(p: Problem, lex: LexIndex, model: Model, ranges: readonly (PathRange | undefined)[], width: number, progress: Progress, rowBase: number, rounds: number): PlacedBead[] {
  const [beads] = placeStretches(p, ranges, progress, rowBase, 1, (st, start) => [searchBanded(stretchInput(p, lex, model, st), start, width, progress, rounds)]);
  return beads ?? [];
}

/**
 * `searchStretches` with one round under `model` and under `variant` at once (search.ts
 * searchBandedTwice): each list of beads exactly what `searchStretches` gives under its model.
 */
function searchStretchesTwice(p: Problem, lex: LexIndex, model: Model, variant: Model, ranges: readonly (PathRange | undefined)[], width: number, progress: Progress, rowBase: number): [PlacedBead[], PlacedBead[]] {
  const [beads = [], other = []] = placeStretches(p, ranges, progress, rowBase, 2, (st, start) => searchBandedTwice(stretchInput(p, lex, model, st), variant, start, width, progress));
  return [beads, other];
}

/**
 * The beads of `count` searches of every stretch (`search` gives a stretch's results, one a
 * search, in its own coordinates), each in text order with the anchors between the stretches.
 */
function placeStretches(p: Problem, ranges: readonly (PathRange | undefined)[], progress: Progress, rowBase: number, count: number, search: (st: Stretch, start: PathRange) => DpResult[]): PlacedBead[][] {
  const outs: PlacedBead[][] = Array.from({ length: count }, () => []);
  const { plan } = p;
  plan.stretches.forEach((st, k) => {
    const start = ranges[k];
    if (start === undefined) {
      // One side of the stretch is empty: every sentence of the other is a bead of its own.
      for (const out of outs) {
        for (let i = st.si; i < st.ei; i++) out.push({ i0: i, j0: st.sj, a: 1, b: 0, posterior: 1, kind: forcedKind(plan.nullSource, i) });
        for (let j = st.sj; j < st.ej; j++) out.push({ i0: st.ei, j0: j, a: 0, b: 1, posterior: 1, kind: forcedKind(plan.nullTarget, j) });
      }
    } else {
      progress.base = rowBase + st.si;
      search(st, start).forEach((result, r) => {
        const out = at(outs, r);
        result.path.forEach((step, s) => {
          const sh = at(p.shapes, step.shape);
          const i0 = step.i0 + st.si;
          const j0 = step.j0 + st.sj;
          // A sentence an anchor left without counterpart comes out as its own 1-0/0-1 bead.
          const anchored = (sh.b === 0 && plan.nullSource[i0] !== 0) || (sh.a === 0 && plan.nullTarget[j0] !== 0);
          out.push({ i0, j0, a: sh.a, b: sh.b, posterior: anchored ? 1 : at(result.posterior, s), kind: anchored ? 'anchor' : 'searched' });
        });
      });
    }
    const link = plan.links[k];
    if (link !== undefined) for (const out of outs) out.push({ i0: at(link.source, 0), j0: at(link.target, 0), a: link.source.length, b: link.target.length, posterior: 1, kind: 'anchor' });
  });
  return outs.map((out) => joinNullAnchors(out, plan));
}

function forcedKind(nulls: Int32Array, x: number): PlacedBead['kind'] {
  return nulls[x] !== 0 ? 'anchor' : 'forced';
}

/**
 * An anchor of several sentences with no counterpart (`[3,4]:[]`) comes out of the search as one
 * 1-0 bead per sentence: join them back into the anchor, where its first sentence stands (only
 * beads of the other side can stand between them, so the order stays monotone).
 */
function joinNullAnchors(beads: PlacedBead[], plan: AnchorPlan): PlacedBead[] {
  const out: PlacedBead[] = [];
  const open = new Map<string, PlacedBead>();
  for (const bead of beads) {
    const sourceOnly = bead.kind === 'anchor' && bead.b === 0;
    const targetOnly = bead.kind === 'anchor' && bead.a === 0;
    const owner = sourceOnly ? i32(plan.nullSource, bead.i0) : targetOnly ? i32(plan.nullTarget, bead.j0) : 0;
    const key = `${sourceOnly ? 's' : 't'}${owner}`;
    const first = owner === 0 ? undefined : open.get(key);
    if (first !== undefined && sourceOnly && bead.i0 === first.i0 + first.a) {
      first.a += 1;
      continue;
    }
    if (first !== undefined && targetOnly && bead.j0 === first.j0 + first.b) {
      first.b += 1;
      continue;
    }
    if (owner !== 0) open.set(key, bead);
    out.push(bead);
  }
  return out;
}

function unitPair(src: Side, tgt: Side, i0: number, j0: number, a: number, b: number): UnitPair {
  return {
    source: src.feats.slice(i0, i0 + a).flatMap((f) => f.units),
    target: tgt.feats.slice(j0, j0 + b).flatMap((f) => f.units),
  };
}

function* documentTexts(source: readonly Sentence[], target: readonly Sentence[], known: readonly KnownPair[]): Generator<string> {
  for (const s of source) yield s.text;
  for (const t of target) yield t.text;
  for (const k of known) {
    yield k.source;
    yield k.target;
  }
}

function range(start: number, count: number): number[] {
  return Array.from({ length: count }, (_, k) => start + k);
}

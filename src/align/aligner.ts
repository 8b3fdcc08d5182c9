/**
 * The sentence aligner: a banded dynamic programme over beads (1-1, 1-2, 2-1, 2-2, 1-3, 3-1,
 * 1-0, 0-1) scored by a per-document length model, number/name/punctuation anchors, a CC-CEDICT
 * lexicon, back-reference openings and associations learned in a second pass; confidence is the
 * bead's posterior probability from a forward–backward pass over the same band. The band follows
 * a cheap guide path (length, priors and rare anchors over a wide band), so documents whose parts
 * have different length ratios need no repeated full searches.
 *
 * The parts live in their own modules: side.ts (per-sentence evidence of one side),
 * lexical-index.ts (links between sentences), model.ts (shapes, priors, weights, re-estimation),
 * evidence.ts (a bead's evidence and score), search.ts (band, DP, posteriors), guide.ts (the
 * guide path) and explain.ts (reasons).
 */
import { learnAssociations, type UnitPair } from './associations.js';
import type { Bead } from './beads.js';
import { sentenceFeatures, type Sentence } from './features.js';
import { explain, type ExplainContext } from './explain.js';
import { GUIDE_DRIFT, GUIDE_MIN_WIDTH, guideRange, pathCentres, proportionalCentres } from './guide.js';
import { at, f64 } from './indexing.js';
import { buildLexIndex, chanceLinkRate } from './lexical-index.js';
import { lexiconFor, type Lexicon } from './lexicon.js';
import { ceiling, initialModel, reestimate, shapesFor } from './model.js';
import { wantedNameKeys } from './names.js';
import { FIRST_PASS_ROUNDS, Progress, pathRange, searchBanded, type SearchInput } from './search.js';
import { buildSide } from './side.js';

export type { Sentence } from './features.js';

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
  /** Most sentences on one side of a bead, 1–3 (default 3: up to 1-3 / 3-1 and 2-2). */
  maxBead?: number;
  /** Confirmed translations that feed the learned associations alongside the first pass. */
  knownPairs?: readonly KnownPair[];
  /** Defaults to CC-CEDICT; tests pass a small one. */
  lexicon?: Lexicon;
  /** Half-width of the search band around the guide path, in sentences (default 25). */
  bandWidth?: number;
  /**
   * Told how far the search has got, in units of work out of `total`: about every 1 %, never
   * backwards, at most ~100 times per call, and last with `done === total`. Called synchronously
   * from inside `align`, so it should be cheap (a worker thread posts a message).
   */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Align two lists of sentences into monotone beads that cover every sentence exactly once.
 * @example
 * align([{ text: '两国元首举行会谈。' }], [{ text: 'The two heads of state held talks.' }], { sourceLang: 'zh', targetLang: 'en' })
 * // → [{ source: [0], target: [0], confidence: 0.99, reasons: ['length ratio 1.00× the document norm', ...] }]
 */
export function align(source: readonly Sentence[], target: readonly Sentence[], options: AlignOptions): Bead[] {
  const { sourceLang, targetLang } = options;
  for (const lang of [sourceLang, targetLang]) {
    if (!(ALIGN_LANGS as readonly string[]).includes(lang)) throw new Error(`unknown language: ${lang}`);
  }
  const n = source.length;
  const m = target.length;
  if (n === 0 || m === 0) {
    return [
      ...source.map((_, i) => ({ source: [i], target: [], confidence: 1, reasons: ['nothing on the other side'] })),
      ...target.map((_, j) => ({ source: [], target: [j], confidence: 1, reasons: ['nothing on the other side'] })),
    ];
  }
  const lexicon = options.lexicon ?? lexiconFor(documentTexts(source, target, options.knownPairs ?? []));
  const maxBead = Math.max(1, Math.min(3, options.maxBead ?? 3));
  const shapes = shapesFor(maxBead);
  // The target side first: its names tell the source side which name keys are worth keeping.
  const tgt = buildSide(target, targetLang, sourceLang, lexicon);
  const src = buildSide(source, sourceLang, targetLang, lexicon, wantedNameKeys(tgt.names.flatMap((n) => (n.side === 'target' ? n.names : [])), targetLang));
  const dictionary = sourceLang === 'zh' && targetLang === 'en';
  const dictTranslations = (u: string): readonly string[] => (dictionary ? lexicon.glosses.get(u) ?? [] : []);

  // Pass 1: length, anchors, names and the dictionary, with the document's own length ratio.
  let model = initialModel(src, tgt, shapes);
  const width = options.bandWidth ?? 25;
  const centres = proportionalCentres(src, tgt);
  const lex1 = buildLexIndex(src, tgt, dictTranslations);
  const guide = guideRange(src, tgt, lex1, model, centres, Math.max(GUIDE_MIN_WIDTH, Math.ceil(GUIDE_DRIFT * Math.max(n, m))));
  const guideCentres = new Float64Array(n + 1);
  for (let i = 0; i <= n; i++) guideCentres[i] = (f64(guide.minJ, i) + f64(guide.maxJ, i)) / 2;
  lex1.chance = chanceLinkRate(src, tgt, lex1, guideCentres);
  // Progress counts DP rows: n + 1 per pass, two passes (the guide and local re-searches do not
  // move it).
  const progress = new Progress(2 * (n + 1), options.onProgress);
  const pass1: SearchInput = { src, tgt, lex: lex1, model, shapes, targetLang };
  const first = searchBanded(pass1, guide, width, progress, FIRST_PASS_ROUNDS);
  progress.base = n + 1;

  // Pass 2: learn associations from confident beads (and known pairs), re-estimate the length
  // model and bead priors, and search again in a narrower band around the first path.
  model = reestimate(src, tgt, first, shapes, model);
  const training: UnitPair[] = [];
  first.path.forEach((step, k) => {
    const sh = at(shapes, step.shape);
    if (sh.a === 0 || sh.b === 0 || at(first.posterior, k) < 0.7) return;
    training.push({
      source: src.feats.slice(step.i0, step.i0 + sh.a).flatMap((f) => f.units),
      target: tgt.feats.slice(step.j0, step.j0 + sh.b).flatMap((f) => f.units),
    });
  });
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
  const pass2: SearchInput = { src, tgt, lex: lex2, model, shapes, targetLang };
  const second = searchBanded(pass2, pathRange(first.path, shapes, n, m), Math.max(8, Math.round(width / 3)), progress, 1);
  progress.finish();

  const context: ExplainContext = { src, tgt, lexicon, dictionary, targetLang, learned, model };
  return second.path.map((step, k) => {
    const sh = at(shapes, step.shape);
    return {
      source: range(step.i0, sh.a),
      target: range(step.j0, sh.b),
      confidence: Math.round(Math.min(ceiling(sh), Math.max(0, at(second.posterior, k))) * 1000) / 1000,
      reasons: explain(context, step.i0, step.j0, sh.a, sh.b),
    };
  });
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

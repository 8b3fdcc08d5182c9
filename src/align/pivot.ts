/**
 * Pivot alignment: when the source is already aligned to a third language (the pivot: say the
 * English of a Chinese document whose Russian is being aligned), each candidate source↔target
 * bead is also scored by how its target matches the pivot sentences aligned to its source
 * sentences (Simard 1999: three texts align better than two). Two translations of one source
 * share numbers, names, cognates and sentence marks (pivot-items.ts) and their lengths keep a
 * steadier ratio than either keeps with Chinese.
 *
 * Every item is weighed as evidence, in nats: found in the pivot it adds log(q1 / q0), missing
 * it adds log((1 − q1) / (1 − q0)), where q1 is how often an item of its kind survives into the
 * other translation (learned from the document's own first pass) and q0 the chance of meeting
 * it anyway (from how many pivot or target sentences hold it: a name used once weighs more than
 * a word on every line). The pivot's length gives a second, learned length ratio.
 *
 * The evidence is soft: each pivot bead carries a weight (1 for a bead a person confirmed),
 * lowered where the bead disagrees with its own source (numbers, length); a candidate's pivot
 * score is bounded (PIVOT_CAP), so the source↔target evidence always has the last word.
 */
import { checkBeadTiling } from './anchors.js';
import type { BeadShape } from './beads.js';
import type { Sentence } from './features.js';
import { at, f64, i32 } from './indexing.js';
import type { PlacedBead } from './model.js';
import { ITEM_KINDS, KeyTable, sentenceItems, type Item } from './pivot-items.js';
import { doubts, supports, type Reason } from './reasons.js';
import { numberKeys } from '../text/numbers.js';

/** A third language aligned to the same source. */
export interface PivotInput {
  /** Its language: `en`, `ru`, … */
  lang: string;
  sentences: readonly Sentence[];
  /** Source ↔ pivot beads that tile both texts (sentence numbers as in `source` and `sentences`). */
  beads: readonly BeadShape[];
  /**
   * Per bead, how far to trust it, 0..1: 1 for a bead a person confirmed. Default
   * UNCONFIRMED_WEIGHT for every bead.
   */
  weights?: readonly number[];
}

/** A pivot that cannot be used as given; the message says why. */
export class PivotError extends Error {
  override readonly name = 'PivotError';
}

/**
 * The weight of a pivot bead nobody confirmed and whose confidence is not known (a beads file,
 * a source sentence without pivot text), against 1 for a confirmed one. Set by hand, not
 * tuned: a shifted bead costs more than a right one gains.
 */
export const UNCONFIRMED_WEIGHT = 0.7;

/**
 * The aligner's confidence below which its own pivot bead is not weighed at all. Tuned on
 * MAC-Dev 001–003 (bench:pivot's automatic pivot: the pseudo-Russian aligned to the Chinese by
 * the aligner, as pivot for the English; strict F1, none 0.809): every bead at 0.7 → 0.716,
 * weight = confidence² → 0.774, confidence from 0.85 → 0.801, from 0.9 → 0.814, from 0.95 →
 * 0.809. The zh–pseudo-ru direction gains less with the threshold (0.411 → 0.505, against 0.635
 * at a flat 0.7), but an import must never make the other column worse.
 */
const MIN_ALIGNED_CONFIDENCE = 0.9;

/**
 * The weight of a pivot bead the aligner placed and nobody confirmed, from its confidence:
 * the confidence itself from MIN_ALIGNED_CONFIDENCE up, else 0 (an unsure bead is no evidence
 * about a third language); UNCONFIRMED_WEIGHT when the confidence is not known.
 * @example alignedBeadWeight(0.95) // → 0.95
 * @example alignedBeadWeight(0.6) // → 0
 */
export function alignedBeadWeight(confidence: number | null | undefined): number {
  if (confidence === null || confidence === undefined || !Number.isFinite(confidence)) return UNCONFIRMED_WEIGHT;
  return confidence >= MIN_ALIGNED_CONFIDENCE ? Math.min(1, confidence) : 0;
}

/**
 * Check a pivot against a source of `n` sentences: its beads must tile the source and the
 * pivot's sentences, its weights (if any) be one per bead, each within 0..1.
 * @example checkPivot({ lang: 'en', sentences: [{ text: 'A.' }], beads: [{ source: [0], target: [0] }] }, 1) // passes
 */
export function checkPivot(pivot: PivotInput, n: number): void {
  if (typeof pivot.lang !== 'string' || pivot.lang.length === 0) throw new PivotError('the pivot needs a language');
  try {
    checkBeadTiling(pivot.beads, n, pivot.sentences.length);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new PivotError(`pivot beads (source ↔ ${pivot.lang}): ${message.replace(/ target /g, ` ${pivot.lang} `)}`);
  }
  if (pivot.weights !== undefined) {
    if (pivot.weights.length !== pivot.beads.length) throw new PivotError(`the pivot has ${pivot.weights.length} weights for ${pivot.beads.length} beads`);
    pivot.weights.forEach((w, k) => {
      if (!Number.isFinite(w) || w < 0 || w > 1) throw new PivotError(`pivot bead ${k}: weight ${w} is not between 0 and 1`);
    });
  }
}

/** The pivot's evidence for one alignment problem, in whole-text coordinates. */
export interface PivotEvidence {
  /** The pivot's score of candidate bead (i0, j0, a, b), in nats; 0 for 1-0 and 0-1 beads. */
  score(i0: number, j0: number, a: number, b: number): number;
  /** Learn this document's survival rates and length ratio from a first pass's beads. */
  learn(beads: readonly PlacedBead[]): void;
  /** What the pivot said about a bead, for a person (nothing when it said little). */
  reasons(i0: number, j0: number, a: number, b: number): Reason[];
}

/**
 * The pivot's settings. Only `cap` was tuned (bench:pivot, on the demo and MAC-Dev 001–003 with
 * the pseudo-Russian of bench/pivot-data.ts; reported on 004–006); the rest were set by hand
 * and left where the first runs put them. Exported (mutable) for the bench's tuning grid.
 */
export const TUNED = {
  /**
   * Prior survival rates per kind (number, name, word, mark), before the document's own: set by
   * hand (a number nearly always carries over, a name usually, one word in four looks alike);
   * after the first pass the document's own rates count for more (priorStrength).
   */
  survival: [0.85, 0.7, 0.25, 0.6],
  /**
   * How much the survival rate varies from bead to bead, per kind, as a beta distribution's
   * concentration (smaller: more varied). A translator who paraphrases a sentence keeps few of
   * its cognates, one who does not keeps many: counted as independent coin flips, a long
   * paraphrased sentence would look like the wrong one.
   */
  concentration: [8, 4, 2, 4],
  /** How many items of evidence the prior rates count as when the document's are learned. */
  priorStrength: 20,
  /** Scale of the pivot's whole score against the source↔target evidence (0.5–1 tried: the cap matters more). */
  scale: 1,
  /**
   * The most a candidate's pivot score can add or take away, in nats: what keeps the evidence
   * soft. Tuned on the demo and MAC-Dev 001–003 (strict F1 of zh–pseudo-ru with gold / damaged
   * English pivot, MAC-Dev 001–003): cap 6 → 0.87 / 0.55 on 001 alone but the demo's zh–ru fell
   * from 1.000 to 0.90 with the gold pivot and 0.63 with a damaged one; cap 1.5 (scale 0.5) →
   * 0.674 / 0.556 and the demo 0.962 with gold; cap 1 → 0.637 / 0.543 (none: 0.411) and the demo
   * unchanged at 1.000 with gold, damaged and wrecked pivots. The safest of those that help.
   */
  cap: 1,
  /** Weight of the target/pivot length term. */
  lengthWeight: 1,
  /** Log-spread of the target/pivot length ratio before the document's own is learned. */
  sigma: 0.3,
};

const KINDS = ITEM_KINDS.length;
/** Spread of log length ratios between unrelated spans: what a wrong bead's length looks like (by hand: unrelated sentences differ by a factor of e or so). */
const BACKGROUND_SIGMA = 1;
/** Characters of slack on each side of a length ratio, so very short sentences do not swing it (by hand). */
const LENGTH_SLACK = 4;
/** Weight factor of a pivot bead whose numbers contradict its own source's (by hand: such a bead is far more often shifted than right). */
const NUMBER_CONFLICT = 0.35;
/**
 * How far (in robust σ of the document's source/pivot length ratios) a pivot bead's ratio may
 * stray before its weight falls: within it, full weight; beyond, the weight falls as a normal's
 * density, exp(−(z − LENGTH_TOLERANCE)² / 2). Set by hand, not tuned: 1.5 σ keeps about 87 % of
 * correct beads at full weight under normal noise. Chinese sentence lengths vary a lot, so it
 * catches only part of the damage: on the demo's English beads with 30 % of boundaries moved,
 * 5 of the 11 damaged beads drop below 0.8 of their weight (the cap does the rest).
 */
const LENGTH_TOLERANCE = 1.5;
/** Pivot items of a fully covered pivot span checked against the target (one bit each). */
const MAX_FULL_ITEMS = 32;

interface SentenceEvidence {
  items: Item[][];
  /** `cum[i]`: characters other than white space in sentences 0..i-1. */
  cum: Float64Array;
  /** Sentences holding each key. */
  df: Int32Array;
}

/** Everything the score of candidates with source span (i0, a) needs, whatever the target. */
interface SpanSlot {
  key: number;
  generation: number;
  /** Keys of the pivot sentences aligned to any of the span's source sentences. */
  over: Set<number>;
  /** How many pivot sentences those are. */
  overSentences: number;
  /** Whether every source sentence of the span has pivot text (else a missing item says nothing). */
  covered: boolean;
  /** Items of the pivot beads lying wholly inside the span: the target should hold them. */
  full: Item[];
  fullBit: Map<number, number>;
  /** Per full item and target size b = 1..3: log q0 and log (1 − q0) of meeting it by chance. */
  fullChance: Float64Array;
  fullChanceMiss: Float64Array;
  /** The pivot's length allotted to the span, and whether a pivot bead is cut. */
  pivotLength: number;
  cut: boolean;
  weight: number;
  /**
   * Per target sentence, computed on demand (`stamp` says for which generation): per kind the
   * items found in the pivot and all items (`counts`, 2 × KINDS a sentence), the log chance of
   * that outcome for unrelated text (`chance`, KINDS a sentence), and the full items it holds.
   */
  stamp: Int32Array;
  counts: Uint16Array;
  chance: Float64Array;
  mask: Uint32Array;
}

/**
 * Log probability of a particular sequence of k found and N − k missing items when the rate
 * varies from bead to bead as Beta(q1 κ, (1 − q1) κ): the beta-binomial without its binomial
 * coefficient (it cancels against the chance model's). Tabled up to TABLE_N items.
 */
class RateModel {
  private readonly table: Float64Array;
  constructor(alpha: number, beta: number) {
    this.table = new Float64Array(((TABLE_N + 1) * (TABLE_N + 2)) / 2);
    const base = logBeta(alpha, beta);
    for (let n = 0; n <= TABLE_N; n++) for (let k = 0; k <= n; k++) this.table[(n * (n + 1)) / 2 + k] = logBeta(k + alpha, n - k + beta) - base;
  }
  logSequence(k: number, n: number): number {
    if (n <= TABLE_N) return f64(this.table, (n * (n + 1)) / 2 + k);
    // Beyond the table the log probability grows about linearly with n.
    const kk = Math.round((k * TABLE_N) / n);
    return (f64(this.table, (TABLE_N * (TABLE_N + 1)) / 2 + kk) * n) / TABLE_N;
  }
  static of(q1: number, concentration: number): RateModel {
    return new RateModel(q1 * concentration, (1 - q1) * concentration);
  }
}
const TABLE_N = 64;

/** ln Γ(x) for x > 0 (Lanczos, g = 7, 9 terms: 15 significant digits). */
function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  const z = x - 1;
  let sum = at(c, 0);
  for (let k = 1; k < 9; k++) sum += at(c, k) / (z + k);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

function logBeta(a: number, b: number): number {
  return logGamma(a) + logGamma(b) - logGamma(a + b);
}

function evidenceOf(sentences: readonly Sentence[], lang: string, keys: KeyTable): SentenceEvidence {
  const items = sentences.map((s) => sentenceItems(s.text, lang, keys));
  const cum = new Float64Array(sentences.length + 1);
  sentences.forEach((s, i) => {
    cum[i + 1] = f64(cum, i) + s.text.replace(/\s+/g, '').length;
  });
  return { items, cum, df: new Int32Array(0) };
}

function documentFrequency(ev: SentenceEvidence, size: number): void {
  const df = new Int32Array(size);
  for (const items of ev.items) for (const item of items) for (const k of item.keys) df[k] = i32(df, k) + 1;
  ev.df = df;
}

const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));

function median(xs: number[]): number {
  const s = [...xs].sort((x, y) => x - y);
  return s.length === 0 ? 0 : (at(s, Math.floor((s.length - 1) / 2)) + at(s, Math.ceil((s.length - 1) / 2))) / 2;
}

/**
 * The pivot's evidence for aligning `source` with `target`. Throws `PivotError` when the pivot
 * does not fit the source (see `checkPivot`).
 */
export function preparePivot(source: readonly Sentence[], target: readonly Sentence[], pivot: PivotInput, sourceLang: string, targetLang: string): PivotEvidence {
  checkPivot(pivot, source.length);
  const keys = new KeyTable();
  const tgt = evidenceOf(target, targetLang, keys);
  const piv = evidenceOf(pivot.sentences, pivot.lang, keys);
  documentFrequency(tgt, keys.size);
  documentFrequency(piv, keys.size);
  const n = source.length;
  const m = target.length;
  const pCount = Math.max(1, pivot.sentences.length);
  const srcCum = new Float64Array(n + 1);
  source.forEach((s, i) => {
    srcCum[i + 1] = f64(srcCum, i) + s.text.replace(/\s+/g, '').length;
  });

  // Pivot beads with source sentences, in order; beadOf[i] is the one holding source i.
  const spans = pivot.beads.map((b, k) => ({ bead: b, weight: pivot.weights?.[k] ?? UNCONFIRMED_WEIGHT })).filter((x) => x.bead.source.length > 0);
  const beadOf = new Int32Array(n);
  const s0 = new Int32Array(spans.length);
  const s1 = new Int32Array(spans.length);
  const weight = new Float64Array(spans.length);
  const pivotLength = new Float64Array(spans.length);
  spans.forEach(({ bead, weight: w }, k) => {
    const first = at(bead.source, 0);
    s0[k] = first;
    s1[k] = first + bead.source.length;
    for (const i of bead.source) beadOf[i] = k;
    weight[k] = w;
    pivotLength[k] = bead.target.length === 0 ? 0 : f64(piv.cum, at(bead.target, bead.target.length - 1) + 1) - f64(piv.cum, at(bead.target, 0));
  });
  verifyBeads(spans.map((s) => s.bead), source, pivot, sourceLang, srcCum, pivotLength, weight);

  // The document's settings: survival rates per kind, on each side, and the length model.
  const rates = (survival: readonly number[]): RateModel[] => survival.map((q, k) => RateModel.of(q, at(TUNED.concentration, k)));
  let ratesTarget = rates(TUNED.survival);
  let ratesPivot = rates(TUNED.survival);
  const totalT = f64(tgt.cum, m);
  const totalP = f64(piv.cum, pivot.sentences.length);
  let ratio = totalP > 0 && totalT > 0 ? totalT / totalP : 1;
  let sigma = TUNED.sigma;

  // q0: the chance that `count` sentences of a side hold key k by accident.
  const chance = (df: Int32Array, size: number, k: number, count: number): number =>
    clamp(1 - Math.pow(1 - i32(df, k) / size, Math.max(1, count)), 0.5 / size, 0.95);

  let generation = 0;
  // One slot per source span size: the search asks for the spans ending at one row at a time.
  const slots: (SpanSlot | undefined)[] = [undefined, undefined, undefined, undefined];

  function slotFor(i0: number, a: number): SpanSlot {
    const key = i0 * 4 + a;
    const index = a <= 3 ? a : 0;
    const old = slots[index];
    if (old !== undefined && old.key === key) return old;
    const k0 = i32(beadOf, i0);
    const k1 = i32(beadOf, i0 + a - 1);
    const over = new Set<number>();
    let overSentences = 0;
    let covered = true;
    const full: Item[] = [];
    const fullBit = new Map<number, number>();
    let allotted = 0;
    let cut = false;
    let w = 0;
    for (let k = k0; k <= k1; k++) {
      const bead = at(spans, k).bead;
      const inside = i32(s0, k) >= i0 && i32(s1, k) <= i0 + a;
      if (bead.target.length === 0) covered = false;
      overSentences += bead.target.length;
      const from = Math.max(i32(s0, k), i0);
      const to = Math.min(i32(s1, k), i0 + a);
      const beadSource = f64(srcCum, i32(s1, k)) - f64(srcCum, i32(s0, k));
      const share = beadSource > 0 ? (f64(srcCum, to) - f64(srcCum, from)) / beadSource : (to - from) / (i32(s1, k) - i32(s0, k));
      allotted += f64(pivotLength, k) * share;
      if (!inside) cut = true;
      w += f64(weight, k) * (to - from);
      for (const p of bead.target) {
        for (const item of at(piv.items, p)) {
          for (const id of item.keys) over.add(id);
          if (inside && full.length < MAX_FULL_ITEMS && !item.keys.some((id) => fullBit.has(id))) {
            for (const id of item.keys) fullBit.set(id, full.length);
            full.push(item);
          }
        }
      }
    }
    const fullChance = new Float64Array(full.length * 3);
    const fullChanceMiss = new Float64Array(full.length * 3);
    full.forEach((item, o) => {
      for (let b = 1; b <= 3; b++) {
        const q0 = Math.min(...item.keys.map((id) => chance(tgt.df, m, id, b)));
        fullChance[o * 3 + b - 1] = Math.log(q0);
        fullChanceMiss[o * 3 + b - 1] = Math.log(1 - q0);
      }
    });
    const slot: SpanSlot = {
      key, generation: ++generation, over, overSentences, covered, full, fullBit, fullChance, fullChanceMiss,
      pivotLength: allotted, cut, weight: w / a,
      stamp: old?.stamp ?? new Int32Array(m), counts: old?.counts ?? new Uint16Array(m * 2 * KINDS),
      chance: old?.chance ?? new Float64Array(m * KINDS), mask: old?.mask ?? new Uint32Array(m),
    };
    if (index !== 0) slots[index] = slot;
    return slot;
  }

  /** Target sentence j against a slot: per kind, items found and all, their chance, full items held. */
  function targetAgainst(slot: SpanSlot, j: number): void {
    if (i32(slot.stamp, j) === slot.generation) return;
    const c = j * 2 * KINDS;
    const h = j * KINDS;
    for (let k = 0; k < KINDS; k++) {
      slot.counts[c + k] = 0;
      slot.counts[c + KINDS + k] = 0;
      slot.chance[h + k] = 0;
    }
    let mask = 0;
    for (const item of at(tgt.items, j)) {
      let hit = false;
      let q0 = 1;
      for (const id of item.keys) {
        if (slot.over.has(id)) hit = true;
        q0 = Math.min(q0, chance(piv.df, pCount, id, slot.overSentences));
        const bit = slot.fullBit.get(id);
        if (bit !== undefined) mask |= 1 << bit;
      }
      // Where part of the span has no pivot text, a missing item may belong to that part.
      if (!hit && !slot.covered) continue;
      const kind = item.kind;
      if (hit) slot.counts[c + kind] = (slot.counts[c + kind] ?? 0) + 1;
      slot.counts[c + KINDS + kind] = (slot.counts[c + KINDS + kind] ?? 0) + 1;
      slot.chance[h + kind] = f64(slot.chance, h + kind) + Math.log(hit ? q0 : 1 - q0);
    }
    slot.stamp[j] = slot.generation;
    slot.mask[j] = mask >>> 0;
  }

  const found = new Int32Array(KINDS);
  const all = new Int32Array(KINDS);
  const luck = new Float64Array(KINDS);

  /** The raw (unweighted, unbounded) evidence parts of a candidate. */
  function parts(i0: number, j0: number, a: number, b: number): { items: number; length: number; slot: SpanSlot } {
    const slot = slotFor(i0, a);
    found.fill(0);
    all.fill(0);
    luck.fill(0);
    let mask = 0;
    for (let j = j0; j < j0 + b; j++) {
      targetAgainst(slot, j);
      const c = j * 2 * KINDS;
      for (let k = 0; k < KINDS; k++) {
        found[k] = i32(found, k) + (slot.counts[c + k] ?? 0);
        all[k] = i32(all, k) + (slot.counts[c + KINDS + k] ?? 0);
        luck[k] = f64(luck, k) + f64(slot.chance, j * KINDS + k);
      }
      mask |= slot.mask[j] ?? 0;
    }
    let items = 0;
    for (let k = 0; k < KINDS; k++) if (i32(all, k) > 0) items += at(ratesTarget, k).logSequence(i32(found, k), i32(all, k)) - f64(luck, k);
    // The pivot's side: its items of wholly covered beads, found in the target or not.
    found.fill(0);
    all.fill(0);
    luck.fill(0);
    const bb = Math.min(3, b) - 1;
    for (let o = 0; o < slot.full.length; o++) {
      const kind = at(slot.full, o).kind;
      const hit = (mask >>> o) & 1;
      all[kind] = i32(all, kind) + 1;
      found[kind] = i32(found, kind) + hit;
      luck[kind] = f64(luck, kind) + (hit ? f64(slot.fullChance, o * 3 + bb) : f64(slot.fullChanceMiss, o * 3 + bb));
    }
    for (let k = 0; k < KINDS; k++) if (i32(all, k) > 0) items += at(ratesPivot, k).logSequence(i32(found, k), i32(all, k)) - f64(luck, k);
    let length = 0;
    if (slot.covered) {
      const lt = f64(tgt.cum, j0 + b) - f64(tgt.cum, j0);
      // A cut pivot bead's length is only allotted by the source's lengths: a looser measure.
      const s = slot.cut ? Math.hypot(sigma, 0.35) : sigma;
      const z = Math.log((lt + LENGTH_SLACK * ratio) / (ratio * (slot.pivotLength + LENGTH_SLACK))) / s;
      const zb = (z * s) / BACKGROUND_SIGMA;
      length = TUNED.lengthWeight * (-0.5 * z * z + 0.5 * zb * zb + Math.log(BACKGROUND_SIGMA / s));
    }
    return { items, length, slot };
  }

  function score(i0: number, j0: number, a: number, b: number): number {
    if (a === 0 || b === 0) return 0;
    const p = parts(i0, j0, a, b);
    return clamp(TUNED.scale * p.slot.weight * (p.items + p.length), -TUNED.cap, TUNED.cap);
  }

  function learn(beads: readonly PlacedBead[]): void {
    const hitT = new Float64Array(KINDS);
    const allT = new Float64Array(KINDS);
    const hitP = new Float64Array(KINDS);
    const allP = new Float64Array(KINDS);
    const logs: number[] = [];
    for (const bead of beads) {
      if (bead.kind !== 'searched' || bead.a === 0 || bead.b === 0 || bead.posterior < 0.9) continue;
      const slot = slotFor(bead.i0, bead.a);
      if (!slot.covered) continue;
      let mask = 0;
      for (let j = bead.j0; j < bead.j0 + bead.b; j++) {
        for (const item of at(tgt.items, j)) {
          allT[item.kind] = f64(allT, item.kind) + 1;
          if (item.keys.some((id) => slot.over.has(id))) hitT[item.kind] = f64(hitT, item.kind) + 1;
          for (const id of item.keys) {
            const bit = slot.fullBit.get(id);
            if (bit !== undefined) mask |= 1 << bit;
          }
        }
      }
      slot.full.forEach((item, o) => {
        allP[item.kind] = f64(allP, item.kind) + 1;
        if ((mask >>> o) & 1) hitP[item.kind] = f64(hitP, item.kind) + 1;
      });
      if (!slot.cut && bead.a === 1 && bead.b === 1 && slot.pivotLength > 0) {
        const lt = f64(tgt.cum, bead.j0 + 1) - f64(tgt.cum, bead.j0);
        if (lt > 0) logs.push(Math.log(lt / slot.pivotLength));
      }
    }
    const strength = TUNED.priorStrength;
    const learned = (hit: Float64Array, total: Float64Array): number[] =>
      TUNED.survival.map((prior, k) => clamp((f64(hit, k) + strength * prior) / (f64(total, k) + strength), 0.02, 0.98));
    ratesTarget = rates(learned(hitT, allT));
    ratesPivot = rates(learned(hitP, allP));
    if (logs.length >= 10) {
      const mid = median(logs);
      ratio = Math.exp(mid);
      // MAD × 1.4826 estimates σ for a normal; the floor and ceiling guard odd documents.
      sigma = clamp(1.4826 * median(logs.map((x) => Math.abs(x - mid))) * 1.15, 0.1, 0.8);
    }
    slots.fill(undefined);
  }

  function reasons(i0: number, j0: number, a: number, b: number): Reason[] {
    if (a === 0 || b === 0) return [];
    const total = score(i0, j0, a, b);
    if (Math.abs(total) < 0.5) return [];
    const slot = slotFor(i0, a);
    const shared: string[] = [];
    for (let j = j0; j < j0 + b; j++) {
      for (const item of at(tgt.items, j)) {
        if (item.keys.some((id) => slot.over.has(id))) {
          const other = pivotSurface(spans, i32(beadOf, i0), i32(beadOf, i0 + a - 1), piv.items, item.keys);
          if (other !== undefined) shared.push(other === item.surface ? item.surface : `${other} ↔ ${item.surface}`);
        }
      }
    }
    const name = pivot.lang;
    const list = [...new Set(shared)];
    if (total > 0) return [supports(`pivot (${name}) agrees${list.length > 0 ? `: ${list.slice(0, 4).join(', ')}` : ': its length'}`)];
    return [doubts(`pivot (${name}) disagrees: ${list.length > 0 ? `only ${list.slice(0, 3).join(', ')} shared` : 'nothing shared'}`)];
  }

  return { score, learn, reasons };
}

function pivotSurface(spans: readonly { bead: BeadShape }[], k0: number, k1: number, items: readonly Item[][], keys: readonly number[]): string | undefined {
  for (let k = k0; k <= k1; k++) {
    for (const p of at(spans, k).bead.target) {
      for (const item of at(items, p)) if (item.keys.some((id) => keys.includes(id))) return item.surface;
    }
  }
  return undefined;
}

/**
 * Lower the weight of pivot beads that disagree with their own source: numbers on both sides
 * with none shared, or a length ratio far outside the document's (a bead shifted by an
 * aligner's error, or a damaged pivot). Their evidence about the target would be about the
 * wrong sentences.
 */
function verifyBeads(beads: readonly BeadShape[], source: readonly Sentence[], pivot: PivotInput, sourceLang: string, srcCum: Float64Array, pivotLength: Float64Array, weight: Float64Array): void {
  const logs: number[] = [];
  const ratios = beads.map((bead, k) => {
    const ls = f64(srcCum, at(bead.source, bead.source.length - 1) + 1) - f64(srcCum, at(bead.source, 0));
    const lp = f64(pivotLength, k);
    const r = ls > 0 && lp > 0 ? Math.log((lp + LENGTH_SLACK) / (ls + LENGTH_SLACK)) : undefined;
    if (r !== undefined) logs.push(r);
    return r;
  });
  const mid = median(logs);
  const spread = Math.max(0.15, 1.4826 * median(logs.map((x) => Math.abs(x - mid))));
  beads.forEach((bead, k) => {
    if (bead.target.length === 0) return;
    const hard = (keys: string[]): Set<string> => new Set(keys.filter((x) => !x.startsWith('~')));
    const sk = hard(bead.source.flatMap((i) => numberKeys(at(source, i).text, sourceLang)));
    const pk = hard(bead.target.flatMap((p) => numberKeys(at(pivot.sentences, p).text, pivot.lang)));
    let factor = 1;
    if (sk.size > 0 && pk.size > 0 && ![...sk].some((x) => pk.has(x))) factor *= NUMBER_CONFLICT;
    const r = ratios[k];
    const z = r === undefined ? 0 : Math.max(0, Math.abs(r - mid) / spread - LENGTH_TOLERANCE);
    factor *= Math.exp(-0.5 * z * z);
    weight[k] = f64(weight, k) * factor;
  });
}

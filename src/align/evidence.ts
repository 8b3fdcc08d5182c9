/**
 * A candidate bead's evidence (length, lexical links, numbers, names, punctuation, list
 * markers, paragraphs, back-references) and its score under the model.
 */
import { sharedKeys } from './features.js';
import { at, f32, f64, i32, u8 } from './indexing.js';
import { beadLinks, type PairTable } from './lexical-index.js';
import { W, type Model } from './model.js';
import type { Side } from './side.js';

export interface Evidence {
  lengthLog: number;
  links: number;
  numMatch: number;
  numTotal: number;
  names: number;
  punct: number;
  list: number;
  /** Paragraph starts inside the bead's source sentences, and inside its target sentences. */
  paraCrossSource: number;
  paraCrossTarget: number;
  paraStartMismatch: boolean;
  /** The bead's first sentence opens with a back-reference on one side only. */
  anaphorMismatch: boolean;
  /** Lexical units on both sides together: what the expected number of links grows with. */
  units: number;
}

export const newEvidence = (): Evidence => ({ lengthLog: 0, links: 0, numMatch: 0, numTotal: 0, names: 0, punct: 0, list: 0, paraCrossSource: 0, paraCrossTarget: 0, paraStartMismatch: false, anaphorMismatch: false, units: 0 });

/** Fills `ev` (reused across calls: the DP scores millions of beads) with a bead's evidence. */
export function beadEvidence(src: Side, tgt: Side, pairs: PairTable, model: Model, i0: number, j0: number, a: number, b: number, ev: Evidence = newEvidence()): Evidence {
  ev.lengthLog = 0;
  ev.links = 0;
  ev.numMatch = 0;
  ev.numTotal = 0;
  ev.names = 0;
  ev.punct = 0;
  ev.list = 0;
  ev.paraCrossSource = 0;
  ev.paraCrossTarget = 0;
  ev.paraStartMismatch = false;
  ev.anaphorMismatch = false;
  ev.units = 0;
  let qs = 0;
  let qt = 0;
  let es = 0;
  let et = 0;
  // Numbers and names are counted once per bead, not once per sentence pair: a name repeated in
  // two neighbouring sentences must not make merging them look better than keeping them apart.
  let nameBest = 0;
  const single = a === 1 && b === 1;
  for (let r = i0; r < i0 + a; r++) {
    const f = at(src.feats, r);
    ev.numTotal += f.numbers.length;
    ev.units += f.units.length;
    qs += f.questions;
    es += f.exclamations;
    if (r > i0 && src.paragraphs && u8(src.paraStart, r) === 1) ev.paraCrossSource++;
    if (b === 0) continue;
    const lo = i32(pairs.plo, r);
    const hi = i32(pairs.phi, r);
    const base = i32(pairs.start, r) - lo;
    for (let j = Math.max(j0, lo); j < j0 + b && j <= hi; j++) {
      const k = base + j;
      if (single) ev.links = f32(pairs.links, k);
      ev.numMatch += u8(pairs.nums, k);
      const nm = u8(pairs.names, k);
      if (nm > nameBest) nameBest = nm;
    }
  }
  ev.names = nameBest;
  // Lexical links of a multi-sentence bead are counted on the bead as a whole, so a word that
  // recurs in neighbouring sentences links once, as it would in a 1-1 bead.
  if (a > 0 && b > 0 && !single) ev.links = beadLinks(src, tgt, pairs, i0, j0, a, b);
  if (ev.numMatch > 0 && (a > 1 || b > 1)) {
    ev.numMatch = sharedKeys(
      src.feats.slice(i0, i0 + a).flatMap((f) => f.numbers),
      tgt.feats.slice(j0, j0 + b).flatMap((f) => f.numbers),
    );
  }
  for (let j = j0; j < j0 + b; j++) {
    const f = at(tgt.feats, j);
    ev.numTotal += f.numbers.length;
    ev.units += f.units.length;
    qt += f.questions;
    et += f.exclamations;
    if (j > j0 && tgt.paragraphs && u8(tgt.paraStart, j) === 1) ev.paraCrossTarget++;
  }
  if (a > 0 && b > 0) {
    const ls = f64(src.cum, i0 + a) - f64(src.cum, i0);
    const lt = f64(tgt.cum, j0 + b) - f64(tgt.cum, j0);
    // A few characters of slack keep very short sentences (titles, "No.") from dominating.
    ev.lengthLog = Math.log((lt + 4 * model.ratio) / (model.ratio * (ls + 4)));
    ev.punct = (qs > 0) === (qt > 0) ? (qs > 0 ? 1 : 0) : -1;
    if ((es > 0) !== (et > 0)) ev.punct -= 0.5;
    const sf = at(src.feats, i0);
    const tf = at(tgt.feats, j0);
    ev.list = sf.listMarker === tf.listMarker ? (sf.listMarker ? 1 : 0) : -1;
    if (src.paragraphs && tgt.paragraphs) {
      ev.paraStartMismatch = (u8(src.paraStart, i0) === 1) !== (u8(tgt.paraStart, j0) === 1);
    }
    ev.anaphorMismatch = sf.anaphoric !== tf.anaphoric;
  }
  return ev;
}

/** The bead's log score: prior, length, links, numbers, names, punctuation, lists, paragraphs. */
export function scoreEvidence(ev: Evidence, model: Model, shapeIndex: number, a: number, b: number): number {
  let s = at(model.logPrior, shapeIndex);
  if (a > 0 && b > 0) {
    const z = ev.lengthLog / model.sigma;
    s += -0.5 * z * z - Math.log(model.sigma) - 0.919;
    // Links against the number a translation of this size has in this document: a long pair
    // with none is evidence against it, not merely no evidence for it.
    s += W.lexLink * (ev.links - model.linkRate * ev.units);
    s += ev.punct > 0 ? W.punctMatch * ev.punct : W.punctMiss * ev.punct;
    s += ev.list < 0 ? -W.listMiss : 0;
    if (ev.paraStartMismatch) s -= model.paragraphs.startMismatch;
    if (ev.anaphorMismatch) s -= W.anaphor;
  }
  s += W.numMatch * ev.numMatch - W.numMiss * Math.max(0, ev.numTotal - 2 * ev.numMatch);
  s += W.name * ev.names;
  s -= model.paragraphs.crossSource * ev.paraCrossSource + model.paragraphs.crossTarget * ev.paraCrossTarget;
  return s;
}

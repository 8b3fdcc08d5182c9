/**
 * Reasons a person can read for a bead: which evidence spoke for it and against it.
 */
import { at, f64, u8 } from './indexing.js';
import type { Lexicon } from './lexicon.js';
import type { Model } from './model.js';
import { nameMatches } from './names.js';
import type { SentenceNames } from './features.js';
import { doubts, supports, type Reason } from './reasons.js';
import type { Side } from './side.js';

/** What explanations need to know about the alignment problem. */
export interface ExplainContext {
  src: Side;
  tgt: Side;
  lexicon: Lexicon;
  /** Whether the dictionary was used (zh → en). */
  dictionary: boolean;
  targetLang: string;
  learned: Map<string, string[]>;
  model: Model;
}

/**
 * A join gain (model.ts lengthJoinGain) from which the reasons say the bead's length fits better
 * joined with a neighbour: one standard deviation of the length model, where the length reason
 * itself turns from support to doubt.
 */
const JOIN_GAIN_DOUBT = 1;

/** The reason of a bead a search that trusts bead sizes less draws otherwise (stability.ts). */
export const DRAWN_OTHERWISE = 'a search that trusts bead sizes less draws these sentences otherwise';

/** What the calibration doubted a bead for (calibration.ts CalibrationInput), as far as the reasons tell it. */
export interface Doubts {
  joinGain?: number;
  quoteMismatch?: number;
  drawnOtherwise?: boolean;
}

/**
 * The reasons for bead (i0, j0) of shape a-b; `doubted` as the calibration saw them (the quote
 * mismatch and the second opinion lower confidence, so the reasons must say so).
 */
export function explain(p: ExplainContext, i0: number, j0: number, a: number, b: number, doubted: Doubts = {}): Reason[] {
  const { joinGain = 0, quoteMismatch = 0, drawnOtherwise = false } = doubted;
  const { src, tgt, learned, model } = p;
  const reasons: Reason[] = [];
  if (a === 0 || b === 0) {
    reasons.push(doubts(a === 0 ? 'target sentence with no source (addition)' : 'source sentence left untranslated (omission)'));
    return reasons;
  }
  const ls = f64(src.cum, i0 + a) - f64(src.cum, i0);
  const lt = f64(tgt.cum, j0 + b) - f64(tgt.cum, j0);
  const rel = ls > 0 ? lt / ls / model.ratio : 0;
  // Within one standard deviation of the document's own length model the length supports the bead.
  const typical = rel > 0 && Math.abs(Math.log(rel)) <= model.sigma;
  reasons.push((typical ? supports : doubts)(`length ratio ${rel.toFixed(2)}× the document norm`));
  if (joinGain >= JOIN_GAIN_DOUBT) reasons.push(doubts('its length fits better joined with a neighbouring bead'));
  if (quoteMismatch > 0) reasons.push(doubts('a quotation opens or closes on one side only'));
  if (drawnOtherwise) reasons.push(doubts(DRAWN_OTHERWISE));
  const sNums = src.feats.slice(i0, i0 + a).flatMap((f) => f.numbers);
  const tNums = tgt.feats.slice(j0, j0 + b).flatMap((f) => f.numbers);
  const shared: string[] = [];
  const rest = [...tNums];
  for (const k of sNums) {
    const found = rest.indexOf(k);
    if (found >= 0) {
      shared.push(k.replace(/^md:/, '').replace(/^m:/, 'month '));
      rest.splice(found, 1);
    }
  }
  if (shared.length > 0) reasons.push(supports(`numbers ${shared.map((k) => `${k} ↔ ${k}`).join(', ')} match`));
  if (sNums.length + tNums.length > 2 * shared.length) reasons.push(doubts(`${sNums.length + tNums.length - 2 * shared.length} unmatched numbers`));
  const names: string[] = [];
  for (let r = i0; r < i0 + a; r++) {
    const sn = at(src.names, r);
    if (sn.side !== 'source') continue;
    for (let j = j0; j < j0 + b; j++) {
      const tn = at(tgt.names, j);
      if (tn.side !== 'target') continue;
      for (const name of tn.names) {
        const how = nameMatches(name, sn.keys, p.targetLang);
        if (how !== undefined) {
          const zh = exactSurface(sn, name.key) ?? skeletonSurface(sn, name.skeletons);
          names.push(`${zh ?? '?'} ↔ ${name.surface}`);
        }
      }
    }
  }
  if (names.length > 0) reasons.push(supports(`names: ${[...new Set(names)].slice(0, 4).join(', ')}`));
  // Lexicon and learned links, counted separately so the reader sees which one spoke.
  let dict = 0;
  let learnt = 0;
  const tUnits = new Set(tgt.feats.slice(j0, j0 + b).flatMap((f) => f.units));
  for (const f of src.feats.slice(i0, i0 + a)) {
    for (const u of f.units) {
      const viaDict = p.dictionary && (p.lexicon.glosses.get(u) ?? []).some((t) => tUnits.has(t));
      const viaLearned = (learned.get(u) ?? []).some((t) => tUnits.has(t));
      if (viaDict) dict++;
      else if (viaLearned) learnt++;
    }
  }
  if (dict > 0) reasons.push(supports(`${dict} lexicon link${dict === 1 ? '' : 's'}`));
  if (learnt > 0) reasons.push(supports(`${learnt} learned link${learnt === 1 ? '' : 's'}`));
  if (dict === 0 && learnt === 0) reasons.push(doubts('no lexical links'));
  const sa = at(src.feats, i0).anaphoric;
  const ta = at(tgt.feats, j0).anaphoric;
  if (sa !== ta) reasons.push(doubts(`only the ${sa ? 'source' : 'target'} opens with a back-reference (这些… / These… / Эти…)`));
  const laterS = src.feats.slice(i0 + 1, i0 + a).some((f) => f.anaphoric);
  const laterT = tgt.feats.slice(j0 + 1, j0 + b).some((f) => f.anaphoric);
  if (laterS || laterT) reasons.push(supports(`a later ${laterT ? 'target' : 'source'} sentence opens with a back-reference, continuing the first`));
  // Paragraph evidence only where this document's paragraphs proved to mean something.
  const weights = model.paragraphs;
  let cross = 0;
  if (weights.crossSource > 0) for (let r = i0 + 1; r < i0 + a; r++) cross += u8(src.paraStart, r);
  if (weights.crossTarget > 0) for (let j = j0 + 1; j < j0 + b; j++) cross += u8(tgt.paraStart, j);
  if (cross > 0) reasons.push(doubts('crosses a paragraph boundary'));
  else if (weights.startMismatch > 0) {
    reasons.push((u8(src.paraStart, i0) === 1) === (u8(tgt.paraStart, j0) === 1) ? supports('paragraph boundary respected') : doubts('paragraph starts differ'));
  }
  return reasons;
}

function exactSurface(sn: SentenceNames, key: string): string | undefined {
  if (sn.side !== 'source') return undefined;
  // Russian keys may carry a case ending the source window lacks (Цзиньпина).
  for (let cut = 0; cut <= 2 && key.length - cut >= 4; cut++) {
    const s = sn.keys.exact.get(cut === 0 ? key : key.slice(0, -cut));
    if (s !== undefined) return s;
  }
  return undefined;
}

function skeletonSurface(sn: SentenceNames, skeletons: string[]): string | undefined {
  if (sn.side !== 'source') return undefined;
  for (const sk of skeletons) {
    const s = sn.keys.skeletons.get(sk);
    if (s !== undefined) return s;
  }
  return undefined;
}

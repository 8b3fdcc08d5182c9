/**
 * Lexical evidence indexed for the search: each sentence's lexical units as small integer ids,
 * the links between a source sentence and the target sentences of its band (through the
 * dictionary and learned associations), and the chance rate of such links between unrelated
 * sentences.
 */
import { sharedKeys } from './features.js';
import { at, f32, f64, i32 } from './indexing.js';
import { nameMatches } from './names.js';
import type { Side } from './side.js';

/**
 * A source sentence's lexical evidence, flat: `ids` are the target-unit ids its units translate
 * to, and the local indices of the units behind `ids[g]` are `ks[starts[g] .. starts[g + 1])`.
 * (A map and an array per id cost a long document millions of small objects.)
 */
export interface SourceLinks {
  serial: number;
  ids: Int32Array;
  starts: Int32Array;
  ks: Int32Array;
}

let linksSerial = 0;

/** Lexical evidence indexed for fast pair intersection. */
export interface LexIndex {
  source: SourceLinks[];
  /** Per target sentence: distinct target-unit ids. */
  target: Int32Array[];
  /** Weight of a target-unit id (rarer units are better evidence). */
  weight: Float32Array;
  /** Chance link rate per unit pair (see chanceLinkRate). */
  chance: number;
  /** Shared scratch (see loadLinks). */
  scratch: LinkScratch;
}

/** `loadedBy[id] === links.serial` when `group[id]` is id's group in `links`, the last loaded. */
interface LinkScratch {
  group: Int32Array;
  loadedBy: Int32Array;
  current: number;
}

/** Make `scratch.group` answer for `links` (once per source sentence, not once per pair). */
function loadLinks(scratch: LinkScratch, links: SourceLinks): void {
  if (scratch.current === links.serial) return;
  scratch.current = links.serial;
  for (let g = 0; g < links.ids.length; g++) {
    const id = i32(links.ids, g);
    scratch.group[id] = g;
    scratch.loadedBy[id] = links.serial;
  }
}

/** Index the lexical units of both sides; `translations` gives a source unit's target units. */
export function buildLexIndex(src: Side, tgt: Side, translations: (unit: string) => readonly string[]): LexIndex {
  const ids = new Map<string, number>();
  const target = tgt.feats.map((f) => {
    const local = new Set<number>();
    for (const u of f.units) {
      let id = ids.get(u);
      if (id === undefined) {
        id = ids.size;
        ids.set(u, id);
      }
      local.add(id);
    }
    return Int32Array.from(local);
  });
  const df = new Float32Array(ids.size);
  for (const t of target) for (const id of t) df[id] = f32(df, id) + 1;
  const m = Math.max(2, tgt.feats.length);
  // idf scaled to 0..1 and floored: a word in every sentence still links, but barely.
  const weight = df.map((d) => Math.max(0.25, Math.min(1, Math.log(m / d) / Math.log(Math.min(m, 50)))));
  // Each distinct source unit is looked up once: words recur throughout a document.
  const unitIds = new Map<string, Int32Array>();
  const idsOf = (u: string): Int32Array => {
    let found = unitIds.get(u);
    if (found === undefined) {
      const list: number[] = [];
      for (const t of translations(u)) {
        const id = ids.get(t);
        if (id !== undefined && !list.includes(id)) list.push(id);
      }
      found = Int32Array.from(list);
      unitIds.set(u, found);
    }
    return found;
  };
  const source = src.feats.map((f): SourceLinks => {
    const map = new Map<number, number[]>();
    f.units.forEach((u, k) => {
      for (const id of idsOf(u)) {
        const list = map.get(id);
        if (list === undefined) map.set(id, [k]);
        else if (!list.includes(k)) list.push(k);
      }
    });
    const groupIds = new Int32Array(map.size);
    const starts = new Int32Array(map.size + 1);
    let total = 0;
    for (const list of map.values()) total += list.length;
    const ks = new Int32Array(total);
    let g = 0;
    let e = 0;
    for (const [id, list] of map) {
      groupIds[g] = id;
      starts[g] = e;
      for (const k of list) ks[e++] = k;
      g++;
    }
    starts[g] = e;
    // Serials start at 1: the scratch arrays start at 0, which must mean "not loaded".
    return { serial: ++linksSerial, ids: groupIds, starts, ks };
  });
  return { source, target, weight, chance: 0, scratch: { group: new Int32Array(ids.size), loadedBy: new Int32Array(ids.size), current: 0 } };
}

/** The index restricted to source sentences [si, ei) and target sentences [sj, ej). */
export function subLexIndex(lex: LexIndex, si: number, ei: number, sj: number, ej: number): LexIndex {
  return { ...lex, source: lex.source.slice(si, ei), target: lex.target.slice(sj, ej) };
}

/** A growable Int32Array (a plain array of millions of numbers costs 4× the memory). */
class IntList {
  data = new Int32Array(1 << 16);
  length = 0;
  push(x: number): void {
    if (this.length === this.data.length) {
      const bigger = new Int32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = x;
  }
}

/**
 * Links two unrelated sentences share by chance, per (source unit × target unit): estimated from
 * pairs a few sentences off the expected diagonal, which are almost never translations.
 * Subtracting it makes a link count evidence only where it beats chance, so merging two
 * sentences that share frequent words ("the two sides", "cooperation") earns nothing.
 */
export function chanceLinkRate(src: Side, tgt: Side, lex: LexIndex, centres: Float64Array): number {
  const n = src.feats.length;
  const m = tgt.feats.length;
  let links = 0;
  let volume = 0;
  const stamp = new Int32Array(256).fill(-1);
  let stampId = 0;
  for (let r = 0; r < n; r++) {
    for (const off of [-9, -6, 6, 9]) {
      const j = Math.round(f64(centres, r)) + off;
      if (j < 0 || j >= m) continue;
      stampId++;
      links += pairLinks(lex, r, j, stamp, stampId);
      volume += at(src.feats, r).units.length * at(tgt.feats, j).units.length;
    }
  }
  return volume > 0 ? links / volume : 0;
}

function pairLinks(lex: LexIndex, r: number, j: number, stamp: Int32Array, stampId: number, record?: IntList): number {
  const sl = at(lex.source, r);
  const tl = at(lex.target, j);
  if (sl.ids.length === 0) return 0;
  loadLinks(lex.scratch, sl);
  const { group, loadedBy } = lex.scratch;
  const serial = sl.serial;
  let score = 0;
  for (const id of tl) {
    if (loadedBy[id] !== serial) continue;
    const g = i32(group, id);
    score += f32(lex.weight, id);
    const end = i32(sl.starts, g + 1);
    for (let e = i32(sl.starts, g); e < end; e++) {
      const k = i32(sl.ks, e);
      record?.push(id * 256 + Math.min(k, 255));
      if (k < stamp.length && stamp[k] !== stampId) {
        stamp[k] = stampId;
        score += 1;
      }
    }
  }
  return score;
}

/** Pair evidence between source sentence r and the target sentences of its window. */
export interface PairTable {
  lex: LexIndex;
  plo: Int32Array;
  phi: Int32Array;
  start: Int32Array;
  links: Float32Array;
  nums: Uint8Array;
  names: Uint8Array;
  /**
   * The links behind each pair, so a multi-sentence bead can count its links without looking
   * words up again: pair k's links are `matches[matchStart[k] .. matchStart[k + 1])`, each
   * `targetUnitId * 256 + sourceUnitIndex` (indices past 255 share slot 255).
   */
  matchStart: Int32Array;
  matches: Int32Array;
}

/** The band's rows as windows of sentence pairs, with links, shared numbers and names per pair. */
export function buildPairs(src: Side, tgt: Side, band: { lo: Int32Array; hi: Int32Array }, lex: LexIndex, targetLang: string): PairTable {
  const n = src.feats.length;
  const m = tgt.feats.length;
  const plo = new Int32Array(n);
  const phi = new Int32Array(n);
  const start = new Int32Array(n + 1);
  for (let r = 0; r < n; r++) {
    // From three rows up, so a 4-1 bead's last source sentence still sees its target.
    plo[r] = i32(band.lo, Math.max(0, r - 3));
    // With no target sentence at all (a lone 1-0 bead scored by itself) every window is empty.
    phi[r] = m === 0 ? i32(plo, r) - 1 : Math.max(i32(plo, r), Math.min(m - 1, i32(band.hi, Math.min(n, r + 3)) - 1));
    start[r + 1] = i32(start, r) + i32(phi, r) - i32(plo, r) + 1;
  }
  const size = i32(start, n);
  const links = new Float32Array(size);
  const nums = new Uint8Array(size);
  const names = new Uint8Array(size);
  const stamp = new Int32Array(256).fill(-1);
  let stampId = 0;
  const matchStart = new Int32Array(size + 1);
  const matches = new IntList();
  for (let r = 0; r < n; r++) {
    const sf = at(src.feats, r);
    const sn = at(src.names, r);
    const base = i32(start, r) - i32(plo, r);
    const hi = i32(phi, r);
    for (let j = i32(plo, r); j <= hi; j++) {
      matchStart[base + j] = matches.length;
      const tf = at(tgt.feats, j);
      const tn = at(tgt.names, j);
      stampId++;
      const chance = lex.chance * sf.units.length * tf.units.length;
      links[base + j] = pairLinks(lex, r, j, stamp, stampId, matches) - chance;
      if (sf.numbers.length > 0 && tf.numbers.length > 0) nums[base + j] = Math.min(255, sharedKeys(sf.numbers, tf.numbers));
      if (sn.side === 'source' && tn.side === 'target' && tn.names.length > 0) {
        let c = 0;
        for (const name of tn.names) if (nameMatches(name, sn.keys, targetLang) !== undefined) c++;
        names[base + j] = Math.min(255, c);
      }
    }
  }
  matchStart[size] = matches.length;
  return { lex, plo, phi, start, links, nums, names, matchStart, matches: matches.data.subarray(0, matches.length) };
}

let beadScratch = { stampT: new Int32Array(1024), stampS: new Int32Array(1024), id: 0 };

/**
 * Links of a multi-sentence bead counted on the bead as a whole: each target unit once, each
 * source unit once, however many of the bead's sentence pairs share them.
 */
export function beadLinks(src: Side, tgt: Side, pairs: PairTable, i0: number, j0: number, a: number, b: number): number {
  const lex = pairs.lex;
  if (beadScratch.stampT.length < lex.weight.length) {
    beadScratch = { stampT: new Int32Array(lex.weight.length * 2), stampS: beadScratch.stampS, id: beadScratch.id };
  }
  const sc = beadScratch;
  const id = ++sc.id;
  const { matchStart, matches } = pairs;
  const weight = lex.weight;
  let score = 0;
  let unitsS = 0;
  let unitsT = 0;
  for (let r = i0; r < i0 + a; r++) unitsS += at(src.feats, r).units.length;
  for (let j = j0; j < j0 + b; j++) unitsT += at(tgt.feats, j).units.length;
  for (let r = i0; r < i0 + a; r++) {
    // Source units are stamped per (sentence offset, unit index): 256 units per sentence.
    const offset = (r - i0) * 256;
    for (let j = j0; j < j0 + b; j++) {
      const k = pairIndex(pairs, r, j);
      if (k < 0) continue;
      const end = i32(matchStart, k + 1);
      for (let e = i32(matchStart, k); e < end; e++) {
        const code = i32(matches, e);
        const t = code >>> 8;
        if (sc.stampT[t] !== id) {
          sc.stampT[t] = id;
          score += f32(weight, t);
        }
        const slot = offset + (code & 255);
        if (sc.stampS[slot] !== id) {
          sc.stampS[slot] = id;
          score += 1;
        }
      }
    }
  }
  return score - lex.chance * unitsS * unitsT;
}

/** Index of pair (r, j) in the table, or -1 when j lies outside r's window. */
export function pairIndex(p: PairTable, r: number, j: number): number {
  const lo = i32(p.plo, r);
  if (j < lo || j > i32(p.phi, r)) return -1;
  return i32(p.start, r) + j - lo;
}

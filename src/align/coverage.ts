/**
 * Lexical coverage of a bead: how much of each side's content finds a translation on the other
 * side of the same bead, and how much of what does not finds one in a neighbouring bead instead.
 * A bead's lexical score sums its links; coverage asks where the links are missing. A wrong bead
 * usually leaves words of one side unmatched, and when its boundary is off by a sentence those
 * words are matched just across it.
 */
import { at } from './indexing.js';

/** A bead's first sentences and size. */
export interface CoverageBead {
  i0: number;
  j0: number;
  a: number;
  b: number;
}

/** One side's counts of a bead. */
export interface SideCoverage {
  /**
   * Units of the bead's sentences on this side that could be matched at all: a source unit with
   * a translation somewhere in the target text, a target unit that translates some source unit.
   */
  known: number;
  /** Of those, the units matched in the bead's other side. */
  matched: number;
  /** Of the unmatched ones, those matched in the other side of the previous or next bead. */
  nearby: number;
  /** Known units, in text order, before the first matched one and after the last (all when none is). */
  leading: number;
  trailing: number;
  /** The longest run of unmatched known units, in text order. */
  gap: number;
}

/** Counts of a side from its known units' matched flags, in text order. */
function sideCounts(flags: readonly boolean[], nearby: number): SideCoverage {
  let matched = 0;
  let gap = 0;
  let run = 0;
  for (const f of flags) {
    if (f) {
      matched++;
      run = 0;
    } else {
      run++;
      if (run > gap) gap = run;
    }
  }
  const first = flags.indexOf(true);
  const last = flags.lastIndexOf(true);
  return {
    known: flags.length, matched, nearby,
    leading: first < 0 ? flags.length : first,
    trailing: last < 0 ? flags.length : flags.length - 1 - last,
    gap,
  };
}

export interface BeadCoverage {
  source: SideCoverage;
  target: SideCoverage;
}

/**
 * Coverage of each bead of `beads` (in text order): units are the aligner's lexical units per
 * sentence, `translations(u)` a source unit's target units (dictionary and learned associations).
 * @example beadCoverage([['会谈']], [['talk', 'held']], (u) => (u === '会谈' ? ['talk'] : []), [{ i0: 0, j0: 0, a: 1, b: 1 }])
 * // → [{ source: { known: 1, matched: 1, nearby: 0, leading: 0, trailing: 0, gap: 0 }, target: { known: 1, matched: 1, nearby: 0, leading: 0, trailing: 0, gap: 0 } }]
 */
export function beadCoverage(
  srcUnits: readonly (readonly string[])[],
  tgtUnits: readonly (readonly string[])[],
  translations: (unit: string) => readonly string[],
  beads: readonly CoverageBead[],
): BeadCoverage[] {
  const ids = new Map<string, number>();
  const tgtIds = tgtUnits.map((units) => units.map((u) => {
    let id = ids.get(u);
    if (id === undefined) {
      id = ids.size;
      ids.set(u, id);
    }
    return id;
  }));
  // Each distinct source unit's translations that occur in the target text, as ids.
  const known = new Map<string, readonly number[]>();
  const transOf = (u: string): readonly number[] => {
    let found = known.get(u);
    if (found === undefined) {
      found = [...new Set(translations(u).flatMap((t) => {
        const id = ids.get(t);
        return id === undefined ? [] : [id];
      }))];
      known.set(u, found);
    }
    return found;
  };
  const srcTrans = srcUnits.map((units) => units.map(transOf));
  const reachable = new Uint8Array(ids.size);
  for (const sentence of srcTrans) for (const list of sentence) for (const id of list) reachable[id] = 1;

  // Per bead: the target ids it holds, and the target ids its source units translate to.
  const held = beads.map((bead) => new Set(tgtIds.slice(bead.j0, bead.j0 + bead.b).flat()));
  const offered = beads.map((bead) => new Set(srcTrans.slice(bead.i0, bead.i0 + bead.a).flat(2)));
  const empty = new Set<number>();

  return beads.map((bead, k): BeadCoverage => {
    const own = at(held, k);
    const near = [held[k - 1] ?? empty, held[k + 1] ?? empty];
    const sourceFlags: boolean[] = [];
    let sourceNearby = 0;
    for (const units of srcTrans.slice(bead.i0, bead.i0 + bead.a)) {
      for (const list of units) {
        if (list.length === 0) continue;
        const hit = list.some((id) => own.has(id));
        sourceFlags.push(hit);
        if (!hit && near.some((set) => list.some((id) => set.has(id)))) sourceNearby++;
      }
    }
    const mine = at(offered, k);
    const nearOffered = [offered[k - 1] ?? empty, offered[k + 1] ?? empty];
    const targetFlags: boolean[] = [];
    let targetNearby = 0;
    for (const units of tgtIds.slice(bead.j0, bead.j0 + bead.b)) {
      for (const id of units) {
        if (reachable[id] !== 1) continue;
        const hit = mine.has(id);
        targetFlags.push(hit);
        if (!hit && nearOffered.some((set) => set.has(id))) targetNearby++;
      }
    }
    const source = sideCounts(sourceFlags, sourceNearby);
    const target = sideCounts(targetFlags, targetNearby);
    return { source, target };
  });
}

/**
 * Where a re-alignment's changes stop (issue #11, the editor's automatic re-alignment after a
 * fix). Two alignments of the same texts tile both sides in order, so they can be compared as
 * lattice paths: wherever both have a bead boundary at the same (source, target) point they are in
 * step, and between two such points each has its own stretch of beads, alike or not.
 *
 * A fix changes where its run starts. Under the same scores, the best path from a point both
 * alignments pass through is the same for both, so the fix's own effect ends where the new
 * alignment first falls back in step with the old one; differences further on come from the
 * scores themselves moving a little (the associations learned again with the fix among them).
 * Those far changes are what a translator cannot foresee: slots change pages away from the fix,
 * right ones among them, and the translator who has read them must read them again.
 */
import { formatBead, type Bead, type BeadShape } from './beads.js';

/** One alignment's beads from index `k`, walked boundary by boundary. */
class Walk<B extends BeadShape> {
  k = 0;
  s = 0;
  t = 0;
  constructor(readonly beads: readonly B[]) {}
  get done(): boolean { return this.k >= this.beads.length; }
  get bead(): B {
    const bead = this.beads[this.k];
    if (bead === undefined) throw new RangeError(`no bead ${this.k} of ${this.beads.length}`);
    return bead;
  }
  step(): B {
    const bead = this.bead;
    this.k += 1;
    this.s += bead.source.length;
    this.t += bead.target.length;
    return bead;
  }
}

/**
 * The new alignment `next` kept, in each run of untouched beads of `old`, only up to where it
 * first falls back in step with `old` after the run's first stretch in which they differ; from
 * there to the run's end `old`'s beads stand (`keep` makes each of them a bead of the result).
 * Touched beads are kept exactly by the re-alignment, so both pass through their edges and every
 * run is settled on its own. Both must tile the same texts in order (realign's input and output).
 * @example settle([[0]:[0], [1]:[1], [2]:[2], [3]:[3]], [false, false, false, false], [[0]:[0,1], [1]:[], [2]:[3], [3]:[2]], keep)
 * // → [0]:[0,1], [1]:[] (the fix's stretch), then [2]:[2], [3]:[3] as they were
 */
export function settle(old: readonly BeadShape[], touched: readonly boolean[], next: readonly Bead[], keep: (bead: BeadShape) => Bead): Bead[] {
  if (touched.length !== old.length) throw new RangeError(`touched has ${touched.length} entries for ${old.length} beads`);
  const a = new Walk(old);
  const b = new Walk(next);
  const out: Bead[] = [];
  while (!a.done && !b.done) {
    if (formatBead(a.bead) === formatBead(b.bead)) {
      a.step();
      out.push(b.step());
      continue;
    }
    // A stretch in which they differ: walk the one behind until both meet at a boundary again
    // (a point both pass through lies ahead of both, so stepping the one behind never skips it).
    do {
      if (b.done || (!a.done && (a.s < b.s || (a.s === b.s && a.t < b.t)))) a.step();
      else out.push(b.step());
    } while (a.s !== b.s || a.t !== b.t);
    // The rest of the run as it was; `next` is walked along to the same point.
    while (!a.done && touched[a.k] !== true) out.push(keep(a.step()));
    while (b.s < a.s || (b.s === a.s && b.t < a.t)) b.step();
    if (b.s !== a.s || b.t !== a.t) throw new RangeError('the re-alignment moved a touched bead');
  }
  if (!a.done || !b.done) throw new RangeError('the two alignments do not tile the same texts');
  return out;
}

/**
 * Where a re-alignment's changes stop (issue #11, the editor's automatic re-alignment after a
 * fix). Two alignments of the same texts tile both sides in order, so they can be compared as
 * lattice paths: wherever both have a bead boundary at the same (source, target) point they are in
 * step, and between two such points each has its own stretch of beads, alike or not.
 *
 * A fix changes where its run starts. Under the same scores, the best path from a point both
 * alignments pass through is the same for both, so the fix's own effect ends at the first such
 * point after the run's start: where the new alignment first falls back in step with the old one,
 * or the far edge of the run's first bead when both begin the run with it. Differences further on
 * come from the scores themselves moving a little (the associations learned again with the fix
 * among them, the run's own band and length model). Those changes are what a translator cannot
 * foresee: slots change pages away from the fix, right ones among them, and the translator who has
 * read them must read them again. Traced on MAC-Dev 001–003 (bench:effort), when the first
 * difference was taken wherever it lay: 26 of the 31 right beads undone came from follow-ups
 * whose first difference lay 2 to 151 beads below the fix, each a stretch the scores alone moved
 * (one pair of beads flipped back and forth by five successive fixes).
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
 * The new alignment `next` kept, in each run of untouched beads of `old`, only as far as the fix
 * reaches: when the run's first bead differs, up to where `next` first falls back in step with
 * `old`; when its first bead is the same, not at all. From there to the run's end `old`'s beads
 * stand (`keep` makes each of them a bead of the result). Touched beads are kept exactly by the
 * re-alignment, so both pass through their edges and every run is settled on its own. Both must
 * tile the same texts in order (realign's input and output).
 * @example settle([[0]:[0], [1]:[1], [2]:[2], [3]:[3]], [true, false, false, false], [[0]:[0], [1]:[1,2], [2]:[], [3]:[3]], keep)
 * // → [0]:[0], then [1]:[1,2], [2]:[] (the fix's stretch), then [3]:[3]
 * settle([[0]:[0], [1]:[1], [2]:[2], [3]:[3]], [true, false, false, false], [[0]:[0], [1]:[1], [2]:[2,3], [3]:[]], keep)
 * // → as old: in step at the run's first edge, so [2]:[2,3], [3]:[] is not the fix's doing
 */
export function settle(old: readonly BeadShape[], touched: readonly boolean[], next: readonly Bead[], keep: (bead: BeadShape) => Bead): Bead[] {
  if (touched.length !== old.length) throw new RangeError(`touched has ${touched.length} entries for ${old.length} beads`);
  const a = new Walk(old);
  const b = new Walk(next);
  const out: Bead[] = [];
  while (!a.done && !b.done) {
    const same = formatBead(a.bead) === formatBead(b.bead);
    if (same && touched[a.k] === true) {
      a.step();
      out.push(b.step());
      continue;
    }
    // The first bead of a run (each run is walked whole below). Where it differs, the fix's
    // stretch: walk the one behind until both meet at a boundary again (a point both pass
    // through lies ahead of both, so stepping the one behind never skips it). Where it is the
    // same, both pass through its far edge: the fix's effect has already ended.
    if (!same) {
      do {
        if (b.done || (!a.done && (a.s < b.s || (a.s === b.s && a.t < b.t)))) a.step();
        else out.push(b.step());
      } while (a.s !== b.s || a.t !== b.t);
    }
    // The rest of the run as it was; `next` is walked along to the same point.
    while (!a.done && touched[a.k] !== true) out.push(keep(a.step()));
    while (b.s < a.s || (b.s === a.s && b.t < a.t)) b.step();
    if (b.s !== a.s || b.t !== a.t) throw new RangeError('the re-alignment moved a touched bead');
  }
  if (!a.done || !b.done) throw new RangeError('the two alignments do not tile the same texts');
  return out;
}

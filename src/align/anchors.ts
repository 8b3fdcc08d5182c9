/**
 * Anchors: beads a person confirmed. The aligner keeps each exactly and aligns only the stretches
 * between them. This module checks a set of anchors against the texts and cuts the problem into
 * those stretches; it also checks that a list of beads tiles both texts.
 */
import { formatBead, type BeadShape } from './beads.js';
import { at } from './indexing.js';

/** An anchor, or a list of beads, that cannot be used as asked; the message says why. */
export class AnchorError extends Error {
  override readonly name = 'AnchorError';
}

/** Source sentences [si, ei) and target sentences [sj, ej) between two anchors, to be aligned. */
export interface Stretch {
  si: number;
  ei: number;
  sj: number;
  ej: number;
}

/** Anchors checked and put in order, and what they leave to align. */
export interface AnchorPlan {
  /** Anchors with sentences on both sides, in text order: they cut the texts into stretches. */
  links: BeadShape[];
  /** `stretches[k]` lies before `links[k]`; the last one follows the last link. */
  stretches: Stretch[];
  /**
   * Where an anchor says a sentence has no counterpart (`[5]:[]`, `[]:[7,8]`): that anchor's
   * index + 1, else 0.
   */
  nullSource: Int32Array;
  nullTarget: Int32Array;
}

function consecutive(side: readonly number[]): boolean {
  return side.every((x, k) => k === 0 || x === at(side, k - 1) + 1);
}

/**
 * Check anchors against texts of `n` source and `m` target sentences and cut the texts into the
 * stretches between them. Throws `AnchorError` for an empty anchor, one whose sentences are not
 * consecutive or out of range, two that share a sentence, and two that cross (the later source
 * sentences aligned to earlier target sentences).
 * @example planAnchors([{ source: [1], target: [1, 2] }], 3, 4).stretches // → [{ si: 0, ei: 1, sj: 0, ej: 1 }, { si: 2, ei: 3, sj: 3, ej: 4 }]
 */
export function planAnchors(anchors: readonly BeadShape[], n: number, m: number): AnchorPlan {
  const sourceOwner = new Int32Array(n).fill(-1);
  const targetOwner = new Int32Array(m).fill(-1);
  const nullSource = new Int32Array(n);
  const nullTarget = new Int32Array(m);
  anchors.forEach((anchor, k) => {
    const name = `anchor ${formatBead(anchor)}`;
    if (anchor.source.length === 0 && anchor.target.length === 0) throw new AnchorError(`${name} is empty: give at least one sentence`);
    if (!consecutive(anchor.source) || !consecutive(anchor.target)) throw new AnchorError(`${name}: the sentences of each side must be consecutive and in order`);
    const claim = (owner: Int32Array, side: readonly number[], count: number, what: string): void => {
      for (const x of side) {
        if (!Number.isInteger(x) || x < 0 || x >= count) {
          throw new AnchorError(`${name}: ${what} sentence ${x} is out of range (the ${what} has ${count} sentence${count === 1 ? '' : 's'}, 0–${count - 1})`);
        }
        const other = owner[x] ?? -1;
        if (other >= 0) throw new AnchorError(`${name} overlaps anchor ${formatBead(at(anchors, other))} on ${what} sentence ${x}`);
        owner[x] = k;
      }
    };
    claim(sourceOwner, anchor.source, n, 'source');
    claim(targetOwner, anchor.target, m, 'target');
    if (anchor.target.length === 0) for (const i of anchor.source) nullSource[i] = k + 1;
    if (anchor.source.length === 0) for (const j of anchor.target) nullTarget[j] = k + 1;
  });
  const links = anchors.filter((a) => a.source.length > 0 && a.target.length > 0).sort((x, y) => at(x.source, 0) - at(y.source, 0));
  const stretches: Stretch[] = [];
  let si = 0;
  let sj = 0;
  for (const link of links) {
    const i0 = at(link.source, 0);
    const j0 = at(link.target, 0);
    if (j0 < sj) {
      const before = at(links, links.indexOf(link) - 1);
      throw new AnchorError(`anchors ${formatBead(before)} and ${formatBead(link)} cross: a later source sentence cannot align to an earlier target sentence`);
    }
    stretches.push({ si, ei: i0, sj, ej: j0 });
    si = i0 + link.source.length;
    sj = j0 + link.target.length;
  }
  stretches.push({ si, ei: n, sj, ej: m });
  return { links, stretches, nullSource, nullTarget };
}

/**
 * Check that beads cover `n` source and `m` target sentences exactly once, in order, each side of
 * a bead consecutive; throws `AnchorError` naming the first problem.
 * @example checkBeadTiling([{ source: [0], target: [] }, { source: [1], target: [0] }], 2, 1) // passes
 */
export function checkBeadTiling(beads: readonly BeadShape[], n: number, m: number): void {
  let nextS = 0;
  let nextT = 0;
  for (const bead of beads) {
    const name = `bead ${formatBead(bead)}`;
    if (bead.source.length === 0 && bead.target.length === 0) throw new AnchorError(`${name} is empty`);
    bead.source.forEach((i, k) => {
      if (i !== nextS + k) throw new AnchorError(`${name}: expected source sentence ${nextS + k} next, got ${i}`);
    });
    bead.target.forEach((j, k) => {
      if (j !== nextT + k) throw new AnchorError(`${name}: expected target sentence ${nextT + k} next, got ${j}`);
    });
    nextS += bead.source.length;
    nextT += bead.target.length;
  }
  if (nextS !== n || nextT !== m) throw new AnchorError(`the beads cover ${nextS} of ${n} source and ${nextT} of ${m} target sentences`);
}

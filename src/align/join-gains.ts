/**
 * Doubt from the neighbours: how much better a bead's evidence scores when it is joined with its
 * previous or next bead than apart. Most confident wrong beads on MAC-Dev are pieces of a larger
 * gold bead (a 1-1 for a gold 2-2, a 1-2 for a 2-3) whose evidence only adds up together, and the
 * search cannot see it where the larger bead is a shape it does not have.
 */
import { at } from './indexing.js';
import type { PlacedBead } from './model.js';
import { scoreApartAndJoined, type SearchInput } from './search.js';

/**
 * Per bead, the evidence score (length, links, numbers, names, marks; no shape prior) gained by
 * joining it with the better of its searched, non-empty neighbours, in nats; 0 when apart scores
 * better, for empty beads and for beads with no such neighbour.
 * @example evidenceJoinGains(input, beads) // → [0, 2.1, 2.1, 0]: beads 1 and 2 score 2.1 nats better as one
 */
export function evidenceJoinGains(input: SearchInput, beads: readonly PlacedBead[]): number[] {
  const joinable = (bead: PlacedBead | undefined): bead is PlacedBead => bead !== undefined && bead.kind === 'searched' && bead.a > 0 && bead.b > 0;
  // gainWithNext[k]: beads k and k + 1 joined, against apart.
  const gainWithNext = beads.map((bead, k) => {
    const next = beads[k + 1];
    if (!joinable(bead) || !joinable(next)) return 0;
    const s = scoreApartAndJoined(input, bead.i0, bead.j0, bead.a, bead.b, next.a, next.b);
    return Math.max(0, s.joined - s.first - s.second);
  });
  return beads.map((_, k) => Math.max(k > 0 ? at(gainWithNext, k - 1) : 0, at(gainWithNext, k)));
}

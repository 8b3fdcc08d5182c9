import type { Reason } from './reasons.js';

/**
 * Beads and their text form, the vecalign format: `[0]:[0]`, `[1,2]:[3]`, `[4]:[]`, `[]:[5]`.
 */

/** One unit of an alignment: consecutive source sentences ↔ consecutive target sentences. */
export interface Bead {
  source: number[];
  target: number[];
  /** How sure the aligner is that this bead is exactly right, 0..1. */
  confidence: number;
  /**
   * For a bead the aligner searched (not an anchor, not forced): the calibrated probability that
   * it is exactly right (calibration.ts), before its alignment's cut places it as `confidence`.
   * Independent of the rest of the alignment, so a column's flag can be cut again after a
   * re-alignment (flag-rule.ts) and the pivot can weigh a bead by it.
   */
  probability?: number;
  /** Signed evidence a person can read, e.g. "+ numbers 1996 ↔ 1996 match", "− no lexical links". */
  reasons: Reason[];
  /**
   * A bead with no source sentence (0-1), where a product with one slot per source segment should
   * put its sentence: with the bead before it or the one after (see orphans.ts).
   */
  attach?: 'previous' | 'next';
}

/** The index lists of a bead, without confidence or reasons. */
export type BeadShape = Pick<Bead, 'source' | 'target'>;

/**
 * A bead in vecalign format.
 * @example formatBead({ source: [1, 2], target: [3] }) // → '[1,2]:[3]'
 */
export function formatBead(bead: BeadShape): string {
  return `[${bead.source.join(',')}]:[${bead.target.join(',')}]`;
}

/**
 * Beads read from vecalign-format lines. Spaces inside the lists and a trailing `:score`
 * (vecalign's own output) are accepted; blank lines are skipped. Throws on anything else,
 * naming the line.
 * @example parseBeads('[0]:[0]\n[1, 2]:[1]:0.53') // → [{ source: [0], target: [0] }, { source: [1, 2], target: [1] }]
 */
export function parseBeads(text: string): BeadShape[] {
  const beads: BeadShape[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((line, n) => {
    const trimmed = line.trim();
    if (trimmed.length === 0) return;
    const m = /^\[([\d,\s]*)\]\s*:\s*\[([\d,\s]*)\](?:\s*:\s*-?[\d.eE+-]+)?$/.exec(trimmed);
    if (m === null) throw new Error(`line ${n + 1}: not a bead: ${JSON.stringify(trimmed)}`);
    const list = (s: string): number[] =>
      s.split(',').map((x) => x.trim()).filter((x) => x.length > 0).map(Number);
    beads.push({ source: list(m[1] ?? ''), target: list(m[2] ?? '') });
  });
  return beads;
}

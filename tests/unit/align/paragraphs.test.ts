import { describe, expect, it } from 'vitest';
import { lexiconFor } from '../../../src/align/lexicon.js';
import type { PlacedBead } from '../../../src/align/model.js';
import { learnParagraphWeights } from '../../../src/align/paragraphs.js';
import { buildSide } from '../../../src/align/side.js';

const lexicon = lexiconFor([]);
/** A side of `count` sentences whose paragraphs start where `starts` says. */
const side = (count: number, starts: (k: number) => boolean, lang: string) => {
  let paragraph = -1;
  return buildSide(Array.from({ length: count }, (_, k) => ({ text: 'x', paragraph: starts(k) || k === 0 ? ++paragraph : paragraph })), lang, 'zh', lexicon);
};
/** Beads of 1 source sentence and `b(k)` target sentences, one after another. */
function beads(count: number, b: (k: number) => number): { beads: PlacedBead[]; targets: number } {
  const out: PlacedBead[] = [];
  let j = 0;
  for (let k = 0; k < count; k++) {
    out.push({ i0: k, j0: j, a: 1, b: b(k), posterior: 0.9, kind: 'searched' });
    j += b(k);
  }
  return { beads: out, targets: j };
}

describe('paragraph weights learned from the first pass', () => {
  // Every fourth bead is a 1-2; paragraphs every five beads on both sides.
  const { beads: path, targets } = beads(100, (k) => (k % 4 === 3 ? 2 : 1));
  const targetStart = new Set(path.filter((_, k) => k % 5 === 0).map((bead) => bead.j0));

  it('trust breaks both sides keep', () => {
    const w = learnParagraphWeights(side(100, (k) => k % 5 === 0, 'zh'), side(targets, (j) => targetStart.has(j), 'en'), path);
    expect(w.crossSource).toBe(0); // no multi-sentence source bead to learn from: no weight
    expect(w.crossTarget).toBeGreaterThan(1.5);
    expect(w.startMismatch).toBeGreaterThan(1.5);
  });

  it('say nothing when a side has a paragraph per sentence', () => {
    const w = learnParagraphWeights(side(100, () => true, 'zh'), side(targets, () => true, 'en'), path);
    expect(w).toEqual({ crossSource: 0, crossTarget: 0, startMismatch: 0 });
  });

  it('say nothing about a side pasted as one paragraph', () => {
    const w = learnParagraphWeights(side(100, (k) => k % 5 === 0, 'zh'), side(targets, () => false, 'en'), path);
    expect(w.crossTarget).toBe(0);
    expect(w.startMismatch).toBe(0);
  });

  it('stay bounded however clean the document', () => {
    const w = learnParagraphWeights(side(100, (k) => k % 2 === 0, 'zh'), side(targets, (j) => targetStart.has(j) || j % 2 === 0, 'en'), path);
    expect(Math.max(w.crossSource, w.crossTarget, w.startMismatch)).toBeLessThanOrEqual(3);
  });
});

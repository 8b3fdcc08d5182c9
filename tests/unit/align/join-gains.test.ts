import { describe, expect, it } from 'vitest';
import { evidenceJoinGains } from '../../../src/align/join-gains.js';
import { buildLexIndex } from '../../../src/align/lexical-index.js';
import { lexiconFor } from '../../../src/align/lexicon.js';
import { initialModel, shapesFor, type PlacedBead } from '../../../src/align/model.js';
import type { SearchInput } from '../../../src/align/search.js';
import { buildSide } from '../../../src/align/side.js';

const source = ['会议于2019年3月举行。', '共有35个国家参加。'];

function input(target: string[]): SearchInput {
  const texts = [...source, ...target];
  const lexicon = lexiconFor(texts);
  const src = buildSide(source.map((text) => ({ text })), 'zh', 'en', lexicon);
  const tgt = buildSide(target.map((text) => ({ text })), 'en', 'zh', lexicon);
  const shapes = shapesFor(4);
  return { src, tgt, lex: buildLexIndex(src, tgt, () => []), model: initialModel(src, tgt, shapes), shapes, targetLang: 'en' };
}
const bead = (i0: number, j0: number, a: number, b: number): PlacedBead => ({ i0, j0, a, b, posterior: 0.9, kind: 'searched' });

describe('evidence join gains', () => {
  const crossed = ['35 countries took part', 'in the meeting, held in March 2019.'];
  const apart = ['The meeting was held in March 2019.', '35 countries took part.'];

  it('doubt two beads whose numbers only match across them far more than two that fit apart', () => {
    const doubted = evidenceJoinGains(input(crossed), [bead(0, 0, 1, 1), bead(1, 1, 1, 1)]);
    const trusted = evidenceJoinGains(input(apart), [bead(0, 0, 1, 1), bead(1, 1, 1, 1)]);
    // Joined, the crossed pair matches both numbers instead of none (W.numMatch 2.5 each).
    expect(doubted[0]).toBeGreaterThan(3);
    expect(doubted[1]).toBe(doubted[0]);
    expect(trusted[0]).toBeLessThan(1);
  });

  it('never doubt an empty bead, nor join a bead with a person\'s', () => {
    expect(evidenceJoinGains(input([...apart, 'A note.']), [bead(0, 0, 1, 1), bead(1, 1, 1, 1), bead(2, 2, 0, 1)])[2]).toBe(0);
    const anchor: PlacedBead = { ...bead(1, 1, 1, 1), kind: 'anchor' };
    expect(evidenceJoinGains(input(crossed), [bead(0, 0, 1, 1), anchor])).toEqual([0, 0]);
  });
});

import { describe, expect, it } from 'vitest';
import { align, type Sentence } from '../../../src/align/aligner.js';
import { formatBead } from '../../../src/align/beads.js';
import { attachOrphans, orphanSplit } from '../../../src/align/orphans.js';

const s = (texts: string[]): Sentence[] => texts.map((text) => ({ text }));
const ZH_CTX = ['两国元首在亲切友好的气氛中举行会谈。', '双方就共同关心的国际问题交换了意见。', '双方同意加强经贸合作。'];
const EN_CTX = ['The two heads of state held talks in a cordial and friendly atmosphere.', 'The two sides exchanged views on international issues of common concern.', 'The two sides agreed to strengthen economic and trade cooperation.'];

describe('orphanSplit', () => {
  it.each([
    ['both to the bead after', 2, { previous: [0, -1, -2], next: [0, 3, 5] }, 0],
    ['both to the bead before', 2, { previous: [0, 3, 5], next: [0, -1, -2] }, 2],
    ['one each', 2, { previous: [0, 2, 1], next: [0, 2, 1] }, 1],
  ])('%s', (_what, run, gains, split) => {
    expect(orphanSplit(run, (side, count) => gains[side][count])).toBe(split);
  });
  it('uses the only neighbour there is', () => {
    expect(orphanSplit(2, (side, count) => (side === 'previous' ? undefined : -count))).toBe(0);
    expect(orphanSplit(1, (side) => (side === 'next' ? undefined : -9))).toBe(1);
  });
});

describe('attachOrphans', () => {
  it('folds 0-1 beads into the neighbour they name and counts them', () => {
    const out = attachOrphans([
      { source: [], target: [0], attach: 'previous' as const },
      { source: [0], target: [1] },
      { source: [], target: [2] },
      { source: [1], target: [] },
      { source: [], target: [3], attach: 'next' as const },
    ]);
    expect(out).toEqual([{ source: [0], target: [0, 1, 2], orphans: 2 }, { source: [1], target: [3], orphans: 1 }]);
  });
});

describe('align: where a 0-1 bead belongs', () => {
  it('names the neighbour its sentence shares evidence with', () => {
    const zh = [...ZH_CTX, '1996年，习近平主席在比什凯克同扎帕罗夫总统会见并签署条约。', '中方支持吉方维护国家主权。'];
    const before = align(s(zh), s([...EN_CTX, 'President Xi Jinping and President Japarov met.', 'In 1996 the treaty was signed in Bishkek.', 'China supports Kyrgyzstan in safeguarding its national sovereignty.']), { sourceLang: 'zh', targetLang: 'en', maxBead: 1 });
    expect(before.find((b) => b.source.length === 0)).toMatchObject({ target: [3], attach: 'next' });
    const after = align(s(zh), s([...EN_CTX, 'In 1996 the treaty was signed in Bishkek.', 'President Xi Jinping and President Japarov met.', 'China supports Kyrgyzstan in safeguarding its national sovereignty.']), { sourceLang: 'zh', targetLang: 'en', maxBead: 1 });
    expect(after.find((b) => b.source.length === 0)).toMatchObject({ target: [4], attach: 'previous' });
    expect(after.filter((b) => b.source.length > 0).every((b) => b.attach === undefined)).toBe(true);
    expect(attachOrphans(before).map(formatBead)).toContain('[3]:[3,4]');
  });
});

describe('attachOrphans and probabilities', () => {
  it('gives a bead that takes orphans in the lowest probability among them, and leaves others as they were', () => {
    const out = attachOrphans([
      { source: [0], target: [0], probability: 0.9 },
      { source: [], target: [1], probability: 0.4 },
      { source: [1], target: [2], probability: 0.95 },
      { source: [], target: [3], attach: 'next' as const, probability: 0.3 },
      { source: [2], target: [4], probability: 0.99 },
      { source: [3], target: [5] },
    ]);
    expect(out.map((b) => b.probability)).toEqual([0.4, 0.95, 0.3, undefined]);
  });
});

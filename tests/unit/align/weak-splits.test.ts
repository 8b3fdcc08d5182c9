import { describe, expect, it } from 'vitest';
import { formatBead } from '../../../src/align/beads.js';
import { alignWithWeakSplits, cutsToTry, isClauseStart, weakBreaks } from '../../../src/align/weak-splits.js';

const options = { sourceLang: 'zh', targetLang: 'en' } as const;

describe('weakBreaks', () => {
  it.each([
    ['He said: come.', [9]],
    ['Two things; both true.', [12]],
    ['他说：来吧。', [3]],
    ['She said, “Come in.”', [10]],
    ['Mr. Smith came.', [4]],
    ['No break here.', []],
    ['Ends with a colon:', []],
    ['1,000 people, all quiet.', []],
  ])('%s → %j', (text, cuts) => {
    expect(weakBreaks(text)).toEqual(cuts);
  });
});

describe('alignWithWeakSplits', () => {
  const source = ['会议于2019年举行。', '共有35个国家参加。', '会议在北京闭幕。'].map((text) => ({ text, paragraph: 0 }));
  const joined = 'The meeting was held in 2019: 35 countries took part.';

  it('cuts a target sentence at a colon where two source sentences face it, and loses no text', () => {
    const target = [{ text: joined, paragraph: 0 }, { text: 'The meeting closed in Beijing.', paragraph: 0 }];
    const out = alignWithWeakSplits(source, target, options);
    expect(out.target.map((s) => s.text)).toEqual(['The meeting was held in 2019:', '35 countries took part.', 'The meeting closed in Beijing.']);
    expect(out.beads.map(formatBead)).toEqual(['[0]:[0]', '[1]:[1]', '[2]:[2]']);
    expect(out.pieces.map((p) => p.sentence)).toEqual([0, 0, 1]);
    for (const bead of out.beads) expect(bead.confidence).toBeGreaterThan(0);
  });

  it('never cuts a sentence that is a paragraph of its own (a line the person ended)', () => {
    const target = [{ text: joined, paragraph: 0 }, { text: 'The meeting closed in Beijing.', paragraph: 1 }];
    const out = alignWithWeakSplits(source, target, options);
    expect(out.target).toEqual(target);
    expect(out.pieces).toEqual([{ sentence: 0, from: 0, to: joined.length }, { sentence: 1, from: 0, to: 30 }]);
  });

  it('leaves a one-to-one sentence whole', () => {
    const target = [{ text: 'The meeting was held in 2019: it went well.', paragraph: 0 }, { text: '35 countries took part.', paragraph: 0 }];
    const out = alignWithWeakSplits(source.slice(0, 2), target, options);
    expect(out.target).toEqual(target);
    expect(out.beads.map(formatBead)).toEqual(['[0]:[0]', '[1]:[1]']);
  });
});

describe('isClauseStart', () => {
  it.each([
    ['He said: Come.', 9, true],
    ["the shout up ahead: 'Nobody passes.'", 20, true],
    ['Он сказал: «Приходи».', 11, true],
    ['Two things; Both true.', 12, true],
    ['Ratio 3: 4 parts.', 9, false],
    ['He said: come.', 9, false],
    ['She said, “Come in.”', 10, false],
  ])('%s at %i → %s', (text, cut, expected) => {
    expect(isClauseStart(text, cut)).toBe(expected);
  });
});

describe('cutsToTry', () => {
  const sentence = (text: string) => ({ text, paragraph: 0 });
  const target = [sentence('It went as follows: Two weeks later, she came.'), sentence('She said, “Come in.” Then: she left.'), sentence('End.')];

  it('tries every weak boundary of a sentence facing two source sentences', () => {
    expect(cutsToTry([{ source: [0, 1], target: [0, 1] }, { source: [2], target: [2] }], target)).toEqual(new Map([[0, [20]], [1, [10, 27]]]));
  });

  it('tries only clause starts in a sentence facing one source sentence', () => {
    expect(cutsToTry([{ source: [0], target: [0] }, { source: [1], target: [1] }, { source: [2], target: [2] }], target)).toEqual(new Map([[0, [20]]]));
  });

  it('never cuts a sentence that is a paragraph of its own', () => {
    const lines = target.map((s, k) => ({ ...s, paragraph: k }));
    expect(cutsToTry([{ source: [0, 1], target: [0, 1, 2] }], lines)).toEqual(new Map());
  });
});

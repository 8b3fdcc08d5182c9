import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { align, type PivotInput, type Sentence } from '../../../src/align/aligner.js';
import { formatBead, parseBeads, type BeadShape } from '../../../src/align/beads.js';
import { PivotError, UNCONFIRMED_WEIGHT, alignedBeadWeight, checkPivot, preparePivot } from '../../../src/align/pivot.js';
import { KeyTable, sentenceItems, wordKey } from '../../../src/align/pivot-items.js';
import { countAlignment, summarizeCounts } from '../../../src/align/score.js';

const s = (texts: string[]): Sentence[] => texts.map((text) => ({ text }));

describe('pivot items', () => {
  it('gives a Latin name and its Cyrillic spelling, inflected, one key', () => {
    expect(wordKey('Japarov')).toBe(wordKey('Жапарова'));
    expect(wordKey('Bishkek')).toBe(wordKey('Бишкеке'));
    expect(wordKey('strategic')).toBe(wordKey('стратегическое'));
    expect(wordKey('Bishkek')).not.toBe(wordKey('Москве'));
  });
  it('shares numbers, names, a pinyin name in Palladius and sentence marks across English and Russian', () => {
    const keys = new KeyTable();
    const en = sentenceItems('Did President Xi Jinping visit Bishkek on 6 February 2022?', 'en', keys);
    const ru = sentenceItems('Посетил ли Председатель Си Цзиньпин Бишкек 6 февраля 2022 года?', 'ru', keys);
    const ruKeys = new Set(ru.flatMap((i) => i.keys));
    const shared = en.filter((i) => i.keys.some((k) => ruKeys.has(k))).map((i) => i.surface);
    expect(shared).toEqual(expect.arrayContaining(['2022', 'Jinping', 'Bishkek', '?']));
    expect(shared).not.toContain('visit');
  });
});

describe('checkPivot', () => {
  const pivot = (beads: BeadShape[], weights?: number[]): PivotInput => ({ lang: 'en', sentences: s(['A.', 'B.']), beads, ...(weights && { weights }) });
  it('accepts beads that tile the source and the pivot, with 1-0 and 0-1 beads', () => {
    expect(() => checkPivot(pivot([{ source: [0], target: [0, 1] }, { source: [1], target: [] }]), 2)).not.toThrow();
  });
  it.each([
    ['beads beyond the source', [{ source: [0], target: [0] }, { source: [1, 2], target: [1] }], undefined, /cover 3 of 2 source/],
    ['a gap in the pivot', [{ source: [0], target: [1] }, { source: [1], target: [] }], undefined, /expected en sentence 0 next, got 1/],
    ['too few beads for the pivot', [{ source: [0], target: [0] }, { source: [1], target: [] }], undefined, /cover 2 of 2 source and 1 of 2 en/],
    ['a weight per bead missing', [{ source: [0, 1], target: [0, 1] }], [1, 1], /2 weights for 1 beads/],
    ['a weight out of range', [{ source: [0, 1], target: [0, 1] }], [1.5], /weight 1.5 is not between 0 and 1/],
  ])('refuses %s with a PivotError that says why', (_what, beads, weights, message) => {
    expect(() => checkPivot(pivot(beads, weights), 2)).toThrow(PivotError);
    expect(() => checkPivot(pivot(beads, weights), 2)).toThrow(message);
  });
  it('is what align throws for a pivot that does not fit', () => {
    expect(() => align(s(['甲。', '乙。']), s(['А.', 'Б.']), { sourceLang: 'zh', targetLang: 'ru', pivot: pivot([{ source: [0], target: [0, 1] }]) })).toThrow(PivotError);
  });
});

describe('pivot evidence', () => {
  const zh = s(['两国元首举行会谈。', '2022年扎帕罗夫总统访问比什凯克。', '双方签署了联合声明。']);
  const en = s(['The two heads of state held talks.', 'In 2022 President Japarov visited Bishkek.', 'The two sides signed a joint statement.']);
  const ru = s(['Главы двух государств провели переговоры.', 'В 2022 году президент Жапаров посетил Бишкек.', 'Стороны подписали совместное заявление.']);
  const gold = [0, 1, 2].map((k) => ({ source: [k], target: [k] }));
  it('favours the target sentence that shares the pivot sentence’s number and names over its neighbours', () => {
    const ev = preparePivot(zh, ru, { lang: 'en', sentences: en, beads: gold }, 'zh', 'ru');
    expect(ev.score(1, 1, 1, 1)).toBeGreaterThan(0);
    expect(ev.score(1, 1, 1, 1)).toBeGreaterThan(ev.score(1, 0, 1, 1));
    expect(ev.score(1, 1, 1, 1)).toBeGreaterThan(ev.score(1, 2, 1, 1));
    expect(ev.reasons(1, 1, 1, 1).join(' ')).toMatch(/pivot \(en\) agrees: .*Japarov ↔ Жапаров/);
    // Beads of nothing on one side carry no pivot evidence.
    expect(ev.score(1, 1, 1, 0)).toBe(0);
  });
  it('weighs an unconfirmed pivot bead less than a confirmed one', () => {
    const confirmed = preparePivot(zh, ru, { lang: 'en', sentences: en, beads: gold, weights: [1, 1, 1] }, 'zh', 'ru');
    const unconfirmed = preparePivot(zh, ru, { lang: 'en', sentences: en, beads: gold }, 'zh', 'ru');
    expect(Math.abs(unconfirmed.score(1, 1, 1, 1))).toBeLessThanOrEqual(Math.abs(confirmed.score(1, 1, 1, 1)));
  });
});

describe('alignedBeadWeight', () => {
  it('weighs an aligned bead by its confidence, an unsure one not at all', () => {
    expect(alignedBeadWeight(0.97)).toBe(0.97);
    expect(alignedBeadWeight(0.5)).toBe(0);
    expect(alignedBeadWeight(null)).toBe(UNCONFIRMED_WEIGHT);
  });
});

describe('pivot alignment on the demo (zh–ru with the English as pivot)', () => {
  const dir = new URL('../../../demo/joint-statement-2022/', import.meta.url);
  const lines = (name: string): Sentence[] => s(readFileSync(new URL(name, dir), 'utf8').split('\n').filter((l) => l.length > 0));
  const zh = lines('zh.sentences');
  const ru = lines('ru.sentences');
  const en = lines('en.sentences');
  const ruGold = parseBeads(readFileSync(new URL('ru.gold', dir), 'utf8'));
  const enGold = parseBeads(readFileSync(new URL('en.gold', dir), 'utf8'));
  const f1 = (pivot?: PivotInput): number => summarizeCounts(countAlignment(ruGold, align(zh, ru, { sourceLang: 'zh', targetLang: 'ru', ...(pivot && { pivot }) }))).f1Strict;

  /** Every boundary between English beads moved by one sentence, each bead still claimed confirmed. */
  function wrong(beads: readonly BeadShape[]): BeadShape[] {
    const out = beads.map((b) => ({ source: [...b.source], target: [...b.target] }));
    for (let k = 0; k + 1 < out.length; k++) {
      const left = out[k]!;
      const right = out[k + 1]!;
      if (k % 2 === 0 && left.target.length > 0) right.target.unshift(left.target.pop()!);
      else if (right.target.length > 0) left.target.push(right.target.shift()!);
    }
    return out.filter((b) => b.source.length > 0 || b.target.length > 0);
  }

  it('a pivot with deliberately wrong beads costs at most a little against no pivot', () => {
    const beads = wrong(enGold);
    const right = new Set(enGold.map(formatBead));
    expect(beads.filter((b) => !right.has(formatBead(b))).length).toBeGreaterThan(enGold.length / 2);
    const none = f1();
    const wrecked = f1({ lang: 'en', sentences: en, beads, weights: beads.map(() => 1) });
    expect(wrecked).toBeGreaterThanOrEqual(none - 0.03);
  });
  it('a correct pivot costs nothing', () => {
    expect(f1({ lang: 'en', sentences: en, beads: enGold, weights: enGold.map(() => 1) })).toBeGreaterThanOrEqual(f1() - 0.02);
  });
});

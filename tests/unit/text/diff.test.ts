import { describe, expect, it } from 'vitest';
import { compareTexts, diffTexts, type DiffPart } from '../../../src/text/diff.js';
import { seeded } from '../../helpers/random.js';

const sides = (parts: DiffPart[]) => ({
  before: parts.filter((p) => !p.added).map((p) => p.value).join(''),
  after: parts.filter((p) => !p.removed).map((p) => p.value).join(''),
});

describe('diffTexts', () => {
  it('compares Chinese by character', () => {
    expect(diffTexts('两国元首举行会谈。', '两国元首亲切会谈。', 'zh')).toEqual([
      { value: '两国元首' }, { value: '举行', removed: true }, { value: '亲切', added: true }, { value: '会谈。' },
    ]);
  });

  it('compares English by word', () => {
    expect(diffTexts('The two sides held talks.', 'The two sides held cordial talks.', 'en')).toEqual([
      { value: 'The two sides held ' }, { value: 'cordial ', added: true }, { value: 'talks.' },
    ]);
  });

  it('compares Russian by word, Cyrillic words whole', () => {
    expect(diffTexts('Стороны провели переговоры.', 'Стороны провели важные переговоры.', 'ru')).toEqual([
      { value: 'Стороны провели ' }, { value: 'важные ', added: true }, { value: 'переговоры.' },
    ]);
  });

  it('replaces whole Cyrillic words, never letters inside them (issue #13)', () => {
    // The diff package's word tokenizer split Cyrillic into letters: дву→трё with a shared х.
    expect(diffTexts('Главы двух государств провели переговоры', 'Главы трёх государств провели встречу', 'ru')).toEqual([
      { value: 'Главы ' }, { value: 'двух', removed: true }, { value: 'трёх', added: true },
      { value: ' государств провели ' }, { value: 'переговоры', removed: true }, { value: 'встречу', added: true },
    ]);
  });

  it('keeps Greek and accented Latin words whole too', () => {
    expect(diffTexts('Η συνάντηση ήταν καλή', 'Η συνάντηση ήταν σημαντική', 'el')).toEqual([
      { value: 'Η συνάντηση ήταν ' }, { value: 'καλή', removed: true }, { value: 'σημαντική', added: true },
    ]);
    expect(diffTexts('une réunion générale', 'une réunion spéciale', 'fr')).toEqual([
      { value: 'une réunion ' }, { value: 'générale', removed: true }, { value: 'spéciale', added: true },
    ]);
  });

  it('reads one changed phrase as one change, not words between kept spaces', () => {
    expect(diffTexts('a b c', 'x y z', 'en')).toEqual([{ value: 'a b c', removed: true }, { value: 'x y z', added: true }]);
  });

  it('marks a full replacement and an empty base', () => {
    expect(diffTexts('', 'New.', 'en')).toEqual([{ value: 'New.', added: true }]);
    expect(diffTexts('Old.', '', 'en')).toEqual([{ value: 'Old.', removed: true }]);
    expect(diffTexts('Same.', 'Same.', 'en')).toEqual([{ value: 'Same.' }]);
  });

  it('never splits a character outside the BMP', () => {
    expect(diffTexts('𠀀甲', '𠀁甲', 'zh')).toEqual([{ value: '𠀀', removed: true }, { value: '𠀁', added: true }, { value: '甲' }]);
  });

  it('gives both texts back from its parts, whatever they are', () => {
    const rand = seeded(13);
    const alphabet = ['a', 'b', ' ', 'Ж', '。', '甲', '.', '\n', 'é', '𠀀'];
    for (let i = 0; i < 300; i++) {
      const text = () => Array.from({ length: Math.floor(rand() * 40) }, () => alphabet[Math.floor(rand() * alphabet.length)]).join('');
      const before = text();
      const after = text();
      for (const lang of ['en', 'ru', 'zh']) expect(sides(diffTexts(before, after, lang))).toEqual({ before, after });
    }
  });
});

describe('compareTexts bounds its work (issue #12)', () => {
  const words = (n: number, list: string[], seed: number) => {
    const rand = seeded(seed);
    return Array.from({ length: n }, () => list[Math.floor(rand() * list.length)]).join(' ');
  };

  it('is fine and silent for an ordinary edit', () => {
    expect(compareTexts('The two sides held talks.', 'The two sides held cordial talks.', 'en').notice).toBeNull();
  });

  it.each([
    ['en', words(3000, ['alpha', 'beta', 'gamma', 'delta', 'epsilon'], 1), words(3000, ['alpha', 'beta', 'gamma', 'delta', 'epsilon'], 2)],
    ['ru', words(3000, ['альфа', 'бета', 'гамма', 'дельта'], 3), words(3000, ['альфа', 'бета', 'гамма', 'дельта'], 4)],
    ['zh', words(10_000, ['甲', '乙', '丙', '丁', '。'], 5).replace(/ /g, ''), words(10_000, ['甲', '乙', '丙', '丁', '。'], 6).replace(/ /g, '')],
  ])('falls back to a coarser diff with a notice for two unrelated long %s texts', (lang, before, after) => {
    const diff = compareTexts(before, after, lang);
    expect(diff.notice).toMatch(/differ (too much|in too many places)/);
    expect(sides(diff.parts)).toEqual({ before, after });
  });

  it('still shows each changed sentence by word when only sentences differ', () => {
    const sentences = Array.from({ length: 400 }, (_, i) => `Sentence number ${i} says something about topic ${i % 7}.`);
    const changed = sentences.map((s, i) => (i % 2 === 0 ? s.replace('says', 'tells') : s));
    const diff = compareTexts(sentences.join(' '), changed.join(' '), 'en');
    expect(sides(diff.parts)).toEqual({ before: sentences.join(' '), after: changed.join(' ') });
    expect(diff.parts.filter((p) => p.removed).every((p) => p.value === 'says')).toBe(true);
  });
});

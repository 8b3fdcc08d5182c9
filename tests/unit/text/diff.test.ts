import { describe, expect, it } from 'vitest';
import { diffTexts } from '../../../src/text/diff.js';

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

  it('marks a full replacement and an empty base', () => {
    expect(diffTexts('', 'New.', 'en')).toEqual([{ value: 'New.', added: true }]);
    expect(diffTexts('Old.', '', 'en')).toEqual([{ value: 'Old.', removed: true }]);
  });
});

import { describe, expect, it } from 'vitest';
import { countText } from '../../../src/text/counts.js';

describe('word and character counts', () => {
  it.each([
    ['zh', '两国元首举行会谈。', { words: 8, characters: 9 }],
    ['zh', '2022年2月6日，SCO峰会', { words: 9, characters: 15 }],
    ['en', "The heads of state didn't meet in 2022.", { words: 8, characters: 32 }],
    ['en', 'China-Kyrgyzstan trade grew by 1,000.5 million', { words: 6, characters: 41 }],
    ['ru', 'Стороны высоко оценили отношения.', { words: 4, characters: 30 }],
    ['en', '  ', { words: 0, characters: 0 }],
    ['zh', '𠀀字', { words: 2, characters: 2 }],
  ])('%s %j', (lang, text, expected) => {
    expect(countText(text, lang)).toEqual(expected);
  });
});

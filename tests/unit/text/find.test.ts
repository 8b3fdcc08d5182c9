import { describe, expect, it } from 'vitest';
import { compileFind, findInText } from '../../../src/text/find.js';
import { RegexRefusal } from '../../../src/text/java-regex.js';

const plain = (query: string, caseSensitive = false) => compileFind({ query, regex: false, caseSensitive });
const regex = (query: string, caseSensitive = false) => compileFind({ query, regex: true, caseSensitive });

describe('find in a text', () => {
  it.each([
    ['plain, any case', plain('state'), 'State visit; heads of state.', [[0, 5], [22, 27]]],
    ['plain, case kept', plain('state', true), 'State visit; heads of state.', [[22, 27]]],
    ['plain text is literal', plain('a.b'), 'axb a.b', [[4, 7]]],
    ['plain Russian folds case', plain('шос'), 'ШОС и шос', [[0, 3], [6, 9]]],
    ['regex', regex('\\d{4}'), 'In 2022 and 1992.', [[3, 7], [12, 16]]],
    ['regex with Unicode classes', regex('\\p{Lu}\\p{Ll}+ов'), 'Садыр Жапаров', [[6, 13]]],
  ])('%s', (_name, find, text, expected) => {
    expect(findInText(find, text).matches.map((m) => [m.start, m.end])).toEqual(expected);
  });

  it('replaces literally in plain mode and with groups in regex mode', () => {
    expect(findInText(plain('$1'), 'cost $1', '$2').replaced).toBe('cost $2');
    expect(findInText(plain('a'), 'banana', '$&').replaced).toBe('b$&n$&n$&');
    expect(findInText(regex('(\\d+) February'), '6 February 2022', 'February $1').replaced).toBe('February 6 2022');
    expect(findInText(regex('(?<d>\\d+) февраля'), '6 февраля', '$<d>.02').replaced).toBe('6.02');
    expect(findInText(plain('x'), 'abc', 'y')).toEqual({ matches: [] });
  });

  it.each([
    ['', /type something/],
    ['(a+)+$', /repetition or alternatives of its own/],
    ['(x|xx)*y', /repetition or alternatives of its own/],
    ['a*', /matches empty text/],
    ['(?:)', /matches empty text/],
    ['[a-', /not a valid regular expression/],
    ['a'.repeat(1001), /at most 1000 characters/],
  ])('refuses %j with the reason', (query, reason) => {
    expect(() => regex(query)).toThrow(RegexRefusal);
    expect(() => regex(query)).toThrow(reason);
  });

  it('accepts what a plain search holds, regex characters included', () => {
    expect(findInText(plain('(a+)+'), 'x (a+)+ y').matches).toEqual([{ start: 2, end: 7 }]);
  });
});

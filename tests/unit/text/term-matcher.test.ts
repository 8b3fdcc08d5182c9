import { describe, expect, it } from 'vitest';
import { buildTermMatcher } from '../../../src/text/term-matcher.js';
import { seeded } from '../../helpers/random.js';

/** Every occurrence by indexOf, the definition the automaton must agree with. */
function naive(terms: readonly string[], text: string) {
  const found: { start: number; end: number; term: number }[] = [];
  const first = new Map<string, number>();
  terms.forEach((t, i) => { if (t.length > 0 && !first.has(t)) first.set(t, i); });
  for (const [term, index] of first) {
    for (let at = text.indexOf(term); at >= 0; at = text.indexOf(term, at + 1)) found.push({ start: at, end: at + term.length, term: index });
  }
  return found.sort((a, b) => a.end - b.end || a.start - b.start);
}

const sorted = (list: { start: number; end: number; term: number }[]) => [...list].sort((a, b) => a.end - b.end || a.start - b.start);

describe('buildTermMatcher', () => {
  it('finds nested and overlapping terms', () => {
    const matcher = buildTermMatcher(['战略伙伴关系', '全面战略伙伴关系', '伙伴', '关系']);
    expect(sorted(matcher.findAll('建立全面战略伙伴关系'))).toEqual([
      { start: 6, end: 8, term: 2 }, { start: 2, end: 10, term: 1 }, { start: 4, end: 10, term: 0 }, { start: 8, end: 10, term: 3 },
    ]);
  });

  it('ignores empty terms, finds the first of duplicates, and handles texts with no term', () => {
    const matcher = buildTermMatcher(['', 'ab', 'ab']);
    expect(matcher.findAll('xxabx')).toEqual([{ start: 2, end: 4, term: 1 }]);
    expect(matcher.findAll('')).toEqual([]);
    expect(buildTermMatcher([]).findAll('anything')).toEqual([]);
  });

  it('agrees with indexOf on random terms and texts', () => {
    const rand = seeded(77);
    const alphabet = ['甲', '乙', '丙', 'a', '𠀀'];
    const word = (max: number) => Array.from({ length: 1 + Math.floor(rand() * max) }, () => alphabet[Math.floor(rand() * alphabet.length)]).join('');
    for (let round = 0; round < 200; round++) {
      const terms = Array.from({ length: 1 + Math.floor(rand() * 12) }, () => word(4));
      const text = word(60);
      expect(sorted(buildTermMatcher(terms).findAll(text))).toEqual(naive(terms, text));
    }
  });

  it('stops at the occurrence limit', () => {
    const matcher = buildTermMatcher(['中', '中中', '中中中']);
    expect(matcher.findAll('中'.repeat(1000), 50)).toHaveLength(50);
  });

  it('scans in time linear in the text, whatever the number of terms', () => {
    // 20,000 terms, 200,000 characters: the former loop did 20,000 indexOf scans of the text.
    const terms = Array.from({ length: 20_000 }, (_, i) => `术${String.fromCharCode(0x4e00 + (i % 5000))}${i}`);
    const matcher = buildTermMatcher(terms);
    const text = '术语与合作。'.repeat(33_000);
    const started = performance.now();
    expect(matcher.findAll(text)).toEqual([]);
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});

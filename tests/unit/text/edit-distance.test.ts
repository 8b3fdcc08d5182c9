import { describe, expect, it } from 'vitest';
import { createEditDistance, editDistance } from '../../../src/text/edit-distance.js';
import { seeded } from '../../helpers/random.js';

/** The textbook dynamic programme over code points: the reference the bit-parallel version must equal. */
function reference(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[y.length]!;
}

describe('editDistance', () => {
  it.each([
    ['', '', 0], ['', '甲乙', 2], ['甲乙', '', 2], ['kitten', 'sitting', 3],
    ['两国元首举行会谈', '两国元首举行了会谈', 1], ['𝒳a', 'a', 1], ['a𝒳b', 'a𝒴b', 1],
  ])('%s ↔ %s = %i', (a, b, expected) => {
    expect(editDistance(a, b)).toBe(expected);
    expect(editDistance(b, a)).toBe(expected);
  });

  it('equals the dynamic programme on random texts of every length up to 150 (1, 2 and 5 blocks)', () => {
    const random = seeded(15);
    // A small alphabet makes many matches (the interesting case), with an astral character among them.
    const alphabet = ['甲', '乙', '丙', '丁', 'a', 'b', '𝒳', '，'];
    const text = (length: number) => Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
    for (let round = 0; round < 600; round++) {
      const a = text(Math.floor(random() * 150));
      // Half the time b is an edited copy of a, so distances are small as in a TM.
      const b = random() < 0.5 ? text(Math.floor(random() * 150)) : [...a].filter(() => random() > 0.1).map((c) => (random() < 0.05 ? '乙' : c)).join('');
      expect(editDistance(a, b), `${a} ↔ ${b}`).toBe(reference(a, b));
    }
  });

  it('reuses one prepared pattern for many texts', () => {
    const distance = createEditDistance('上海合作组织成员国元首理事会会议');
    const texts = ['上海合作组织成员国元首理事会', '上海合作组织', '', '上海合作组织成员国元首理事会会议', `${'长'.repeat(70)}上海合作组织`];
    for (const t of texts) expect(distance(t)).toBe(reference('上海合作组织成员国元首理事会会议', t));
  });
});

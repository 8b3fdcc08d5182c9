import { describe, expect, it } from 'vitest';
import { formatBead, parseBeads, type Bead, type BeadShape } from '../../../src/align/beads.js';
import { KEPT_REASON, realign } from '../../../src/align/realign.js';
import { settle } from '../../../src/align/settle.js';
import { seeded } from '../../helpers/random.js';

const beads = (text: string): Bead[] => parseBeads(text.split(' ').join('\n')).map((b) => ({ ...b, confidence: 0.5, reasons: [] }));
const keep = (bead: BeadShape): Bead => ({ source: [...bead.source], target: [...bead.target], confidence: 1, reasons: [KEPT_REASON] });
const shapes = (out: readonly Bead[]) => out.map(formatBead).join(' ');

describe('settle', () => {
  it('keeps the new beads up to where they fall back in step, and the old ones after', () => {
    const old = beads('[0]:[0] [1]:[1] [2]:[2] [3]:[3] [4]:[4]');
    const next = beads('[0]:[0] [1]:[1,2] [2]:[] [3]:[4] [4]:[3]');
    const out = settle(old, [true, false, false, false, false], next, keep);
    // In step again at (3, 3): the second difference (3 and 4 crossed) is not the fix's.
    expect(shapes(out)).toBe('[0]:[0] [1]:[1,2] [2]:[] [3]:[3] [4]:[4]');
    expect(out.slice(3).every((b) => b.reasons[0] === KEPT_REASON)).toBe(true);
    expect(out[1]?.confidence).toBe(0.5);
  });

  it('settles each run between touched beads on its own', () => {
    const old = beads('[0]:[0] [1]:[1] [2]:[2] [3]:[3] [4]:[4] [5]:[5]');
    const touched = [false, false, false, true, false, false];
    const next = beads('[0,1]:[0,1] [2]:[2] [3]:[3] [4,5]:[4,5]');
    expect(shapes(settle(old, touched, next, keep))).toBe('[0,1]:[0,1] [2]:[2] [3]:[3] [4,5]:[4,5]');
    const later = beads('[0,1]:[0,1] [2]:[] []:[2] [3]:[3] [4]:[4] [5]:[5]');
    expect(shapes(settle(old, touched, later, keep))).toBe('[0,1]:[0,1] [2]:[2] [3]:[3] [4]:[4] [5]:[5]');
  });

  it('returns the new alignment when it never differs, or differs only once from the run\'s first bead', () => {
    const old = beads('[0]:[0] [1]:[1] []:[2] [2]:[3]');
    expect(shapes(settle(old, old.map(() => false), old, keep))).toBe(shapes(old));
    const next = beads('[0]:[0] [1]:[1,2] [2]:[3]');
    expect(shapes(settle(old, [true, false, false, false], next, keep))).toBe(shapes(next));
    expect(shapes(settle(old, old.map(() => false), beads('[0]:[0,1] [1]:[2] [2]:[3]'), keep))).toBe('[0]:[0,1] [1]:[2] [2]:[3]');
  });

  it('leaves a run as it was when the new alignment begins it with the same bead, however it differs further down', () => {
    // In step at the far edge of [1]:[1], the run's first bead: a later difference is the
    // scores moving, not the fix (the far stretches that undid right beads on MAC-Dev 001–003).
    const old = beads('[0]:[0] [1]:[1] [2]:[2] [3]:[3] [4]:[4]');
    const touched = [true, false, false, false, false];
    const out = settle(old, touched, beads('[0]:[0] [1]:[1] [2]:[2,3] [3]:[] [4]:[4]'), keep);
    expect(shapes(out)).toBe(shapes(old));
    expect(out.slice(1).every((b) => b.reasons[0] === KEPT_REASON)).toBe(true);
    // So is a run whose first bead is the same and whose second is not, right below the fix.
    expect(shapes(settle(old, touched, beads('[0]:[0] [1]:[1] [2]:[2,3] [3,4]:[4]'), keep))).toBe(shapes(old));
    // Each run on its own: the second run differs from its first bead on and takes the new beads.
    const two = settle(old, [true, false, true, false, false], beads('[0]:[0] [1]:[1] [2]:[2] [3]:[3,4] [4]:[]'), keep);
    expect(shapes(two)).toBe('[0]:[0] [1]:[1] [2]:[2] [3]:[3,4] [4]:[]');
  });

  it('always tiles both texts, for random pairs of alignments', () => {
    const random = seeded(20261204);
    const randomTiling = (n: number, m: number): Bead[] => {
      const out: Bead[] = [];
      let i = 0;
      let j = 0;
      while (i < n || j < m) {
        const s = i < n ? Math.min(n - i, Math.floor(random() * 3)) : 0;
        const t = j < m ? Math.min(m - j, Math.floor(random() * 3)) : 0;
        if (s + t === 0) continue;
        out.push({ source: Array.from({ length: s }, (_, k) => i + k), target: Array.from({ length: t }, (_, k) => j + k), confidence: 0.5, reasons: [] });
        i += s;
        j += t;
      }
      return out;
    };
    for (let round = 0; round < 200; round++) {
      const n = 1 + Math.floor(random() * 12);
      const m = 1 + Math.floor(random() * 12);
      const old = randomTiling(n, m);
      const next = randomTiling(n, m);
      const out = settle(old, old.map(() => false), next, keep);
      expect(out.flatMap((b) => b.source)).toEqual(Array.from({ length: n }, (_, i) => i));
      expect(out.flatMap((b) => b.target)).toEqual(Array.from({ length: m }, (_, j) => j));
    }
  });

  it('refuses alignments of different texts', () => {
    const old = beads('[0]:[0] [1]:[1]');
    expect(() => settle(old, [false, false], beads('[0]:[0] [1]:[1,2]'), keep)).toThrow(RangeError);
    expect(() => settle(old, [false], old, keep)).toThrow(/touched has 1 entries for 2 beads/);
  });
});

describe('realign with settle', () => {
  const zh = ['双方于1992年建交。', '1996年双方签署条约。', '2002年双方签署边界协定。', '2011年双方举行会谈。', '2019年两国元首会晤。', '2022年两国发表联合声明。'].map((text) => ({ text }));
  const en = ['The two sides established relations in 1992.', 'In 1996 they signed a treaty.', 'In 2002 they signed the border agreement.', 'Talks were held in 2011.', 'The heads of state met in 2019.', 'In 2022 they issued a joint statement.'].map((text) => ({ text }));
  const options = { sourceLang: 'zh', targetLang: 'en' };

  it('changes the beads next to the fix and leaves a later stretch the fix does not reach', () => {
    // Fixed [1]:[1]; right after it the off-by-one beads the fix left; further down, an old
    // crossing 4 ↔ 5 that a whole re-alignment would also change.
    const beads = parseBeads('[0]:[0]\n[1]:[1]\n[2]:[]\n[3]:[2,3]\n[4]:[4]\n[5]:[5]');
    const touched = [true, true, false, false, false, false];
    const whole = realign({ source: zh, target: en, beads, touched }, options);
    const settled = realign({ source: zh, target: en, beads, touched, settle: true }, options);
    expect(whole.beads.map(formatBead)).toEqual(['[0]:[0]', '[1]:[1]', '[2]:[2]', '[3]:[3]', '[4]:[4]', '[5]:[5]']);
    expect(settled.beads.map(formatBead)).toEqual(whole.beads.map(formatBead));
    const crossed = parseBeads('[0]:[0]\n[1]:[1]\n[2]:[]\n[3]:[2,3]\n[4,5]:[4,5]');
    const out = realign({ source: zh, target: en, beads: crossed, touched: [true, true, false, false, false], settle: true }, options);
    // In step again at (4, 4), after the fix's stretch: [4,5]:[4,5] stays as it was.
    expect(out.beads.map(formatBead)).toEqual(['[0]:[0]', '[1]:[1]', '[2]:[2]', '[3]:[3]', '[4,5]:[4,5]']);
    expect(realign({ source: zh, target: en, beads: crossed, touched: [true, true, false, false, false] }, options).beads.map(formatBead)).toContain('[4]:[4]');
  });
});

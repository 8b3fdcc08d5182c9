import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { align, ANCHOR_REASON, type Sentence } from '../../../src/align/aligner.js';
import { AnchorError, checkBeadTiling, planAnchors } from '../../../src/align/anchors.js';
import { formatBead, parseBeads, type BeadShape } from '../../../src/align/beads.js';
import { KEPT_REASON, realign } from '../../../src/align/realign.js';
import { seeded } from '../../helpers/random.js';

const DEMO = new URL('../../../demo/joint-statement-2022/', import.meta.url);
const lines = (name: string): Sentence[] => readFileSync(new URL(name, DEMO), 'utf8').split('\n').filter((l) => l.length > 0).map((text) => ({ text }));
const gold = (lang: string): BeadShape[] => parseBeads(readFileSync(new URL(`${lang}.gold`, DEMO), 'utf8'));
const b = (text: string): BeadShape => {
  const [bead] = parseBeads(text);
  if (bead === undefined) throw new Error(`no bead in ${text}`);
  return bead;
};

/** Every sentence of both sides exactly once, in order, in beads with a sentence at least. */
function expectTiling(beads: readonly BeadShape[], n: number, m: number): void {
  expect(beads.flatMap((x) => x.source)).toEqual(Array.from({ length: n }, (_, i) => i));
  expect(beads.flatMap((x) => x.target)).toEqual(Array.from({ length: m }, (_, j) => j));
  expect(beads.every((x) => x.source.length + x.target.length > 0)).toBe(true);
}

describe('planAnchors', () => {
  it('cuts the texts into the stretches between anchors', () => {
    const plan = planAnchors([b('[4]:[5,6]'), b('[1]:[1]'), b('[6]:[]')], 8, 9);
    expect(plan.links.map(formatBead)).toEqual(['[1]:[1]', '[4]:[5,6]']);
    expect(plan.stretches).toEqual([
      { si: 0, ei: 1, sj: 0, ej: 1 }, { si: 2, ei: 4, sj: 2, ej: 5 }, { si: 5, ei: 8, sj: 7, ej: 9 },
    ]);
    expect([...plan.nullSource]).toEqual([0, 0, 0, 0, 0, 0, 3, 0]);
  });
  it.each([
    [[b('[3]:[4]')], 3, 5, /anchor \[3\]:\[4\]: source sentence 3 is out of range \(the source has 3 sentences, 0–2\)/],
    [[b('[0]:[9]')], 3, 5, /target sentence 9 is out of range/],
    [[b('[1,2]:[1]'), b('[2]:[2]')], 4, 4, /anchor \[2\]:\[2\] overlaps anchor \[1,2\]:\[1\] on source sentence 2/],
    [[b('[1]:[3]'), b('[2]:[3]')], 4, 4, /overlaps anchor \[1\]:\[3\] on target sentence 3/],
    [[b('[1]:[3]'), b('[2]:[1]')], 4, 4, /anchors \[1\]:\[3\] and \[2\]:\[1\] cross/],
    [[b('[1,3]:[1]')], 4, 4, /must be consecutive/],
    [[{ source: [], target: [] }], 4, 4, /is empty/],
  ])('refuses %j on %i × %i sentences', (anchors, n, m, message) => {
    expect(() => planAnchors(anchors, n, m)).toThrow(AnchorError);
    expect(() => planAnchors(anchors, n, m)).toThrow(message);
  });
});

describe('align with anchors', () => {
  it('keeps every anchor exactly and tiles, for random anchor sets taken from gold (fixed seed)', () => {
    const rand = seeded(11);
    const source = lines('zh.sentences');
    for (const lang of ['en', 'ru']) {
      const target = lines(`${lang}.sentences`);
      const reference = gold(lang);
      for (let round = 0; round < 4; round++) {
        const share = rand();
        const anchors = reference.filter(() => rand() < share);
        const out = align(source, target, { sourceLang: 'zh', targetLang: lang, anchors });
        expectTiling(out, source.length, target.length);
        const found = new Map(out.map((x) => [formatBead(x), x]));
        for (const anchor of anchors) {
          expect(found.get(formatBead(anchor))).toMatchObject({ confidence: 1, reasons: [ANCHOR_REASON] });
        }
      }
    }
  }, 120_000); // eight alignments of the demo: a second alone, many on a busy machine

  it('keeps anchors the search would never make: large, empty, and against the evidence', () => {
    const rand = seeded(5);
    for (let round = 0; round < 25; round++) {
      // A random "gold" tiling of random sentences, anchors drawn from it.
      const tiling: BeadShape[] = [];
      let i = 0;
      let j = 0;
      const beads = 1 + Math.floor(rand() * 12);
      for (let k = 0; k < beads; k++) {
        const a = Math.floor(rand() * 5);
        const c = a === 0 ? 1 + Math.floor(rand() * 2) : Math.floor(rand() * 5);
        tiling.push({ source: Array.from({ length: a }, (_, x) => i + x), target: Array.from({ length: c }, (_, x) => j + x) });
        i += a;
        j += c;
      }
      const zh = Array.from({ length: i }, (_, x) => ({ text: `第${x}句话在这里。` }));
      const en = Array.from({ length: j }, (_, x) => ({ text: `Sentence ${x} is here.` }));
      const anchors = tiling.filter(() => rand() < 0.4);
      const out = align(zh, en, { sourceLang: 'zh', targetLang: rand() < 0.5 ? 'en' : 'ru', anchors, bandWidth: 3 });
      expectTiling(out, i, j);
      const found = new Set(out.map(formatBead));
      for (const anchor of anchors) expect(found.has(formatBead(anchor))).toBe(true);
    }
  });

  it('refuses anchors that overlap or leave the texts, with the reason', () => {
    const s = [{ text: '甲。' }, { text: '乙。' }];
    expect(() => align(s, s, { sourceLang: 'zh', targetLang: 'en', anchors: [b('[0]:[0]'), b('[0]:[1]')] })).toThrow(/overlaps/);
    expect(() => align(s, s, { sourceLang: 'zh', targetLang: 'en', anchors: [b('[2]:[0]')] })).toThrow(/out of range/);
  });
});

describe('realign', () => {
  const zh = ['双方于1992年建交。', '1996年双方签署条约。', '2002年双方签署边界协定。', '2011年双方举行会谈。', '2019年两国元首会晤。', '2022年两国发表联合声明。'].map((text) => ({ text }));
  const en = ['The two sides established relations in 1992.', 'In 1996 they signed a treaty.', 'In 2002 they signed the border agreement.', 'Talks were held in 2011.', 'The heads of state met in 2019.', 'In 2022 they issued a joint statement.'].map((text) => ({ text }));
  const options = { sourceLang: 'zh', targetLang: 'en' };
  // A wrong alignment: everything after the first bead is off by one.
  const wrong = parseBeads('[0]:[0]\n[1,2]:[1]\n[3]:[2]\n[4]:[3]\n[5]:[4,5]');

  it('re-aligns the untouched beads around a fixed one and says what changed', () => {
    // The translator fixed [1,2]:[1] into [1]:[1]; the old [3]:[2] etc. remain untouched.
    const beads = [...parseBeads('[0]:[0]\n[1]:[1]\n[2]:[]'), ...wrong.slice(2)];
    const touched = [false, true, false, false, false, false];
    const result = realign({ source: zh, target: en, beads, touched }, options);
    expectTiling(result.beads, zh.length, en.length);
    expect(result.beads.map(formatBead)).toContain('[1]:[1]');
    expect(result.beads.map(formatBead)).toEqual(['[0]:[0]', '[1]:[1]', '[2]:[2]', '[3]:[3]', '[4]:[4]', '[5]:[5]']);
    expect(result.changed.map((k) => formatBead(result.beads[k] ?? { source: [], target: [] }))).toEqual(['[2]:[2]', '[3]:[3]', '[4]:[4]', '[5]:[5]']);
    expect(result.removed.map((k) => formatBead(beads[k] ?? { source: [], target: [] }))).toEqual(['[2]:[]', '[3]:[2]', '[4]:[3]', '[5]:[4,5]']);
    expect(result.stretches).toBe(2);
  });

  it('never changes a touched bead, and leaves runs outside `within` as they were', () => {
    const touched = [false, false, true, false, false];
    const result = realign({ source: zh, target: en, beads: wrong, touched, within: { from: 4, to: 6 } }, options);
    expectTiling(result.beads, zh.length, en.length);
    const out = result.beads.map(formatBead);
    expect(out.slice(0, 3)).toEqual(['[0]:[0]', '[1,2]:[1]', '[3]:[2]']);
    expect(result.beads[0]?.reasons).toEqual([KEPT_REASON]);
    expect(result.beads[2]?.reasons).toEqual([ANCHOR_REASON]);
    expect(result.removed.every((k) => k >= 3)).toBe(true);
    expect(result.stretches).toBe(1);
  });

  it('learns from the beads kept around a re-aligned stretch', () => {
    // Chinese–Russian has no dictionary: only the kept beads at the top say 熊猫 ↔ панда; the
    // touched bead between them and the stretch holds neither.
    const zhRu = ['熊猫吃竹子。', '熊猫在睡觉。', '熊猫很可爱。', '天气很好。', '那只熊猫爬树。', '我们回家了。'].map((text) => ({ text }));
    const ru = ['Панда ест бамбук.', 'Панда спит.', 'Панда очень милая.', 'Погода хорошая.', 'Эта панда лезет на дерево.', 'Мы пошли домой.'].map((text) => ({ text }));
    const beads = parseBeads('[0]:[0]\n[1]:[1]\n[2]:[2]\n[3]:[3]\n[4]:[4]\n[5]:[5]');
    const touched = [false, false, false, true, false, false];
    const result = realign({ source: zhRu, target: ru, beads, touched, within: { from: 4, to: 6 } }, { sourceLang: 'zh', targetLang: 'ru' });
    expect(result.stretches).toBe(1);
    const panda = result.beads.find((x) => formatBead(x) === '[4]:[4]');
    expect(panda?.reasons.some((r) => /learned link/.test(r))).toBe(true);
  });

  it('does nothing when every bead is touched', () => {
    const result = realign({ source: zh, target: en, beads: wrong, touched: wrong.map(() => true) }, options);
    expect(result.beads.map(formatBead)).toEqual(wrong.map(formatBead));
    expect(result).toMatchObject({ changed: [], removed: [], stretches: 0 });
  });

  it('refuses beads that do not tile the texts, or a touched list of another length', () => {
    expect(() => realign({ source: zh, target: en, beads: wrong.slice(1), touched: wrong.slice(1).map(() => false) }, options)).toThrow(/expected source sentence 0/);
    expect(() => realign({ source: zh, target: en, beads: wrong, touched: [true] }, options)).toThrow(/touched has 1 entries for 5 beads/);
    expect(() => checkBeadTiling(parseBeads('[0]:[0]'), 2, 1)).toThrow(/cover 1 of 2 source/);
  });
});

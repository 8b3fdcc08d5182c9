import { describe, expect, it } from 'vitest';
import type { RegionHead, RegionState } from '../../../src/domain.js';
import {
  deleteEmptySlot, insertEmptySlot, mergeSlots, moveFirstSentenceUp, moveLastSentenceDown, shiftDown, shiftUp, splitSlot,
} from '../../../src/services/alignment-ops.js';
import { ValidationError } from '../../../src/services/errors.js';
import { seeded } from '../../helpers/random.js';

// Issue #13: every alignment fix changes at most the slots it names plus one neighbour; the
// empty-slot operations move texts along only up to the next empty slot or the next slot a
// person touched. Checked on random regions (fixed seed) for every operation.

const SENTENCES = ['Alpha came home.', 'Beta left early.', 'Gamma stayed.', 'Delta wrote it.', 'Epsilon read.', 'Zeta slept.'];

function randomRegion(rand: () => number): { region: RegionState; touched: boolean[] } {
  const rows = 3 + Math.floor(rand() * 8);
  const segments = Array.from({ length: rows }, (_, i) => ({ id: i + 1, text: `第${i}句。`, paragraph: 0 }));
  const heads: RegionHead[] = [];
  const touched: boolean[] = [];
  for (let start = 0; start < rows;) {
    const span = Math.min(rows - start, rand() < 0.2 ? 2 : 1);
    const count = rand() < 0.25 ? 0 : 1 + Math.floor(rand() * 3);
    const text = Array.from({ length: count }, () => SENTENCES[Math.floor(rand() * SENTENCES.length)]!).join(' ');
    const isTouched = rand() < 0.25;
    heads.push({ start, span, text, status: text ? (isTouched ? 'translated' : 'aligned') : 'empty', confidence: text && !isTouched ? 0.8 : null, reasons: [], version: 1 });
    touched.push(isTouched);
    start += span;
  }
  return { region: { startPosition: 0, segments, slots: { en: heads } }, touched };
}

const key = (h: RegionHead) => `${h.start}|${h.span}|${h.text}|${h.status}`;

/** Indices (into the old heads) of heads that are not exactly as they were. */
function changedHeads(before: RegionState, after: RegionState): number[] {
  const kept = new Set((after.slots.en ?? []).map(key));
  return (before.slots.en ?? []).flatMap((h, k) => (kept.has(key(h)) ? [] : [k]));
}

const LOCAL: [string, (r: RegionState, i: number) => RegionState, -1 | 1 | 0][] = [
  ['merge', (r, i) => mergeSlots(r, 'en', i), 1],
  ['split', (r, i) => splitSlot(r, 'en', i), 1],
  ['shift-down', (r, i) => shiftDown(r, 'en', i), 1],
  ['shift-up', (r, i) => shiftUp(r, 'en', i), -1],
  ['move-first-up', (r, i) => moveFirstSentenceUp(r, 'en', i), -1],
  ['move-last-down', (r, i) => moveLastSentenceDown(r, 'en', i), 1],
];

describe('alignment fixes stay local', () => {
  it.each(LOCAL)('%s changes at most the named slot and one neighbour', (_name, apply, side) => {
    const rand = seeded(1301);
    let applied = 0;
    for (let trial = 0; trial < 400; trial++) {
      const { region } = randomRegion(rand);
      const index = Math.floor(rand() * region.slots.en!.length);
      let after: RegionState;
      try {
        after = apply(region, index);
      } catch (error) {
        expect(error).toBeInstanceOf(ValidationError);
        continue;
      }
      applied += 1;
      const allowed = new Set([index, index + side]);
      expect(changedHeads(region, after).filter((k) => !allowed.has(k))).toEqual([]);
    }
    expect(applied).toBeGreaterThan(100);
  });

  it.each([
    ['insert-empty', insertEmptySlot],
    ['delete-empty', deleteEmptySlot],
  ] as const)('%s moves texts only up to the next empty or touched slot, and never changes a touched slot', (_name, apply) => {
    const rand = seeded(1302);
    let applied = 0;
    for (let trial = 0; trial < 400; trial++) {
      const { region, touched } = randomRegion(rand);
      const heads = region.slots.en!;
      const index = Math.floor(rand() * heads.length);
      let after: RegionState;
      try {
        after = apply(region, 'en', index, touched);
      } catch (error) {
        expect(error).toBeInstanceOf(ValidationError);
        continue;
      }
      applied += 1;
      let stop = index + 1;
      while (stop < heads.length && heads[stop]!.text.length > 0 && !touched[stop]) stop++;
      const changed = changedHeads(region, after);
      // Within [index, stop]; a touched stop only when it is the named slot's own neighbour.
      expect(changed.filter((k) => k < index || k > stop)).toEqual([]);
      expect(changed.filter((k) => touched[k] && k !== index && k !== index + 1)).toEqual([]);
      // Texts moved along stay unconfirmed; nothing is lost.
      const words = (r: RegionState) => (r.slots.en ?? []).flatMap((h) => h.text.split(' ')).filter(Boolean).sort().join(' ');
      expect(words(after)).toBe(words(region));
      expect((after.slots.en ?? []).map((h) => h.span).reduce((a, b) => a + b, 0)).toBe(region.segments.length);
    }
    expect(applied).toBeGreaterThan(30);
  });

  it('insert then delete at the same slot gives back the texts where they were', () => {
    const heads: RegionHead[] = ['A.', 'B.', 'C.', ''].map((text, start) => ({ start, span: 1, text, status: text ? 'aligned' : 'empty', confidence: null, reasons: [], version: 1 }));
    const region: RegionState = { startPosition: 0, segments: heads.map((_, i) => ({ id: i + 1, text: `${i}。`, paragraph: 0 })), slots: { en: heads } };
    const inserted = insertEmptySlot(region, 'en', 1, [false, false, false, false]);
    expect(inserted.slots.en!.map((h) => h.text)).toEqual(['A.', '', 'B.', 'C.']);
    const deleted = deleteEmptySlot(inserted, 'en', 1, [false, false, false, false]);
    expect(deleted.slots.en!.map((h) => h.text)).toEqual(['A.', 'B.', 'C.', '']);
  });
});

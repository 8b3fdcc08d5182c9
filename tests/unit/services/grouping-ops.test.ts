import { describe, expect, it } from 'vitest';
import type { RegionHead, RegionState } from '../../../src/domain.js';
import { ValidationError } from '../../../src/services/errors.js';
import { GROUPING_CHANGED, adoptGrouping, approvalsRegrouped, partsAt, reopenApprovals } from '../../../src/services/grouping-ops.js';

const head = (start: number, span: number, text: string, status: RegionHead['status'] = 'aligned'): RegionHead =>
  ({ start, span, text, status, confidence: status === 'aligned' ? 0.9 : null, reasons: [], version: 3 });

function region(zh: string[], en: RegionHead[], ru: RegionHead[]): RegionState {
  return { startPosition: 10, segments: zh.map((text, i) => ({ id: i + 1, text, paragraph: 0 })), slots: { en, ru } };
}

describe('partsAt', () => {
  it('cuts at the sentence boundary nearest each share, every part non-empty', () => {
    expect(partsAt(['Aaaa.', 'Bb.', 'Cccc.'], [0.5])).toEqual([['Aaaa.'], ['Bb.', 'Cccc.']]);
    expect(partsAt(['A.', 'B.'], [0.01, 0.02])).toBeNull();
    expect(partsAt(['A.', 'B.', 'C.'], [0.01, 0.02])).toEqual([['A.'], ['B.'], ['C.']]);
    expect(partsAt([], [0.5])).toEqual([[], []]);
  });
});

describe('adopting the other language\'s grouping', () => {
  const zh = ['两国元首举行会谈。', '双方交换了意见。'];

  it('merges the slots the other language has as one, as a person\'s decision', () => {
    const r = region(zh, [head(0, 2, 'The leaders held talks and exchanged views.')], [head(0, 1, 'Главы провели переговоры.'), head(1, 1, 'Стороны обменялись мнениями.', 'translated')]);
    const next = adoptGrouping(r, 'ru', 'en');
    expect(next.slots.ru).toEqual([expect.objectContaining({ start: 0, span: 2, text: 'Главы провели переговоры. Стороны обменялись мнениями.', status: 'draft', confidence: null })]);
    expect(next.slots.en).toEqual(r.slots.en);
  });

  it('splits a slot at a sentence boundary where the other language cuts', () => {
    const r = region(zh, [head(0, 1, 'The leaders held talks.'), head(1, 1, 'They exchanged views.')], [head(0, 2, 'Главы провели переговоры. Стороны обменялись мнениями.')]);
    const next = adoptGrouping(r, 'ru', 'en');
    expect(next.slots.ru!.map((h) => [h.start, h.span, h.text, h.status])).toEqual([
      [0, 1, 'Главы провели переговоры.', 'draft'], [1, 1, 'Стороны обменялись мнениями.', 'draft'],
    ]);
  });

  it('refuses a split the text has no sentence boundary for, and a grouping that already agrees', () => {
    const r = region(zh, [head(0, 1, 'The leaders held talks.'), head(1, 1, 'They exchanged views.')], [head(0, 2, 'Главы провели переговоры и обменялись мнениями.')]);
    expect(() => adoptGrouping(r, 'ru', 'en')).toThrow(ValidationError);
    const same = region(zh, [head(0, 2, 'A. B.')], [head(0, 2, 'А. Б.')]);
    expect(() => adoptGrouping(same, 'ru', 'en')).toThrow(/already grouped/);
  });
});

describe('approvals across languages', () => {
  const zh = ['一。', '二。', '三。'];
  const ru = [head(0, 1, 'Один.', 'approved'), head(1, 1, 'Два.', 'approved'), head(2, 1, 'Три.', 'approved')];

  it('finds the approved slots of the other language whose grouping changed, and re-opens only those', () => {
    const before = region(zh, [head(0, 1, 'One.'), head(1, 1, 'Two.'), head(2, 1, 'Three.')], ru);
    const after: RegionState = { ...before, slots: { ...before.slots, en: [head(0, 1, 'One.'), head(1, 2, 'Two. Three.', 'draft')] } };
    expect(approvalsRegrouped(before, after, 'en', 'ru')).toEqual([1, 2]);
    const reopened = reopenApprovals(after, 'ru', [1, 2]);
    expect(reopened.slots.ru!.map((h) => [h.status, h.reasons])).toEqual([['approved', []], ['translated', [GROUPING_CHANGED]], ['translated', [GROUPING_CHANGED]]]);
  });

  it('leaves approvals alone when only texts changed', () => {
    const before = region(zh, [head(0, 1, 'One.'), head(1, 1, 'Two.'), head(2, 1, 'Three.')], ru);
    const after: RegionState = { ...before, slots: { ...before.slots, en: [head(0, 1, ''), head(1, 1, 'One. Two.', 'draft'), head(2, 1, 'Three.')] } };
    expect(approvalsRegrouped(before, after, 'en', 'ru')).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { align, type Sentence } from '../../../src/align/aligner.js';
import { calibratedConfidence, type CalibrationInput } from '../../../src/align/calibration.js';
import { DRAWN_OTHERWISE } from '../../../src/align/explain.js';
import { NO_PARAGRAPH_WEIGHTS } from '../../../src/align/paragraphs.js';
import type { Model } from '../../../src/align/model.js';
import { drawnOtherwise, variantModel, VARIANT_PRIOR_SHARE } from '../../../src/align/stability.js';

const s = (texts: string[]): Sentence[] => texts.map((text) => ({ text }));
const model: Model = { ratio: 1.3, sigma: 0.3, logPrior: [-0.2, -4.6, -6], paragraphs: NO_PARAGRAPH_WEIGHTS, linkRate: 0.1 };

describe('the second opinion: a search with the shape priors weakened', () => {
  it('scales every log prior by the share and leaves the rest of the model alone', () => {
    const v = variantModel(model, 0.2);
    v.logPrior.forEach((x, k) => expect(x).toBeCloseTo(0.2 * (model.logPrior[k] ?? 0), 12));
    expect({ ...v, logPrior: model.logPrior }).toEqual(model);
    expect(variantModel(model).logPrior[1]).toBeCloseTo(VARIANT_PRIOR_SHARE * -4.6, 12);
    expect(variantModel(model, 1)).toEqual(model);
    // The model it was made from is not changed.
    expect(model.logPrior).toEqual([-0.2, -4.6, -6]);
  });

  it('refuses a share outside 0..1', () => {
    for (const bad of [-0.1, 1.5, Number.NaN]) expect(() => variantModel(model, bad)).toThrow(RangeError);
  });

  it('marks exactly the beads the variant lacks, by their sentences and shape', () => {
    const beads = [{ i0: 0, j0: 0, a: 1, b: 1 }, { i0: 1, j0: 1, a: 1, b: 1 }, { i0: 2, j0: 2, a: 1, b: 2 }, { i0: 3, j0: 4, a: 1, b: 1 }];
    // The variant joins beads 1 and 2 into one 2-3 bead and keeps the others.
    const variant = [{ i0: 0, j0: 0, a: 1, b: 1 }, { i0: 1, j0: 1, a: 2, b: 3 }, { i0: 3, j0: 4, a: 1, b: 1 }];
    expect(drawnOtherwise(beads, variant)).toEqual([false, true, true, false]);
    // Same start, other shape: drawn otherwise.
    expect(drawnOtherwise([{ i0: 0, j0: 0, a: 1, b: 1 }], [{ i0: 0, j0: 0, a: 1, b: 2 }])).toEqual([true]);
    expect(drawnOtherwise([], variant)).toEqual([]);
    expect(drawnOtherwise(beads, beads)).toEqual([false, false, false, false]);
  });

  it('lowers the calibrated confidence of a bead the variant drew otherwise', () => {
    const input: CalibrationInput = { posterior: 0.95, a: 1, b: 1, joinGain: 0, evidenceJoinGain: 0, quoteMismatch: 0, drawnOtherwise: false };
    expect(calibratedConfidence({ ...input, drawnOtherwise: true })).toBeLessThan(calibratedConfidence(input));
  });

  it('hands the calibration the second opinion of each bead, and says so among the reasons of exactly those beads', () => {
    // One long Chinese sentence translated as three English ones and a sentence the translator
    // added: the search and its variant draw the stretch differently.
    const zh = ['两国元首在亲切友好的气氛中举行会谈。', '双方回顾了两国关系的发展历程，并就共同关心的国际和地区问题深入交换了意见，一致认为应当加强合作，推动两国关系不断向前发展。', '会议于2019年3月举行。', '双方同意加强经贸合作。'];
    const en = ['The two heads of state held talks in a cordial and friendly atmosphere.', 'The two sides reviewed the development of relations.', 'They exchanged views in depth.', 'The issues were international and regional ones of common concern.', 'It was a good day.', 'The meeting was held in March 2019.', 'The two sides agreed to strengthen economic and trade cooperation.'];
    let inputs: readonly (CalibrationInput | undefined)[] = [];
    const out = align(s(zh), s(en), { sourceLang: 'zh', targetLang: 'en', onCalibrationInputs: (x) => (inputs = x) });
    const otherwise = inputs.map((x) => x?.drawnOtherwise ?? false);
    expect(otherwise.some(Boolean)).toBe(true);
    expect(otherwise.every(Boolean)).toBe(false);
    expect(out.map((b) => b.reasons.includes(`− ${DRAWN_OTHERWISE}`))).toEqual(otherwise.map((o, k) => o && (out[k]?.source.length ?? 0) > 0 && (out[k]?.target.length ?? 0) > 0));
  });

  it('draws nothing otherwise in a plain one-to-one translation', () => {
    let inputs: readonly (CalibrationInput | undefined)[] = [];
    align(s(['两国元首举行会谈。', '会议于2019年3月举行。', '双方同意加强经贸合作。']), s(['The two heads of state held talks.', 'The meeting was held in March 2019.', 'The two sides agreed to strengthen economic and trade cooperation.']), { sourceLang: 'zh', targetLang: 'en', onCalibrationInputs: (x) => (inputs = x) });
    expect(inputs.map((x) => x?.drawnOtherwise)).toEqual([false, false, false]);
  });
});

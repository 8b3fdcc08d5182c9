import { describe, expect, it } from 'vitest';
import { align, type Sentence } from '../../../src/align/aligner.js';
import { CALIBRATION, calibratedConfidence, calibrationProbability, FLAG_ERROR_RISK, type CalibrationInput } from '../../../src/align/calibration.js';
import { quoteBalance } from '../../../src/align/features.js';
import { isLowConfidence } from '../../../src/align/confidence.js';
import { lengthJoinGain, type Model, type PlacedBead } from '../../../src/align/model.js';
import { readReason } from '../../../src/align/reasons.js';
import type { Side } from '../../../src/align/side.js';

const s = (texts: string[]): Sentence[] => texts.map((text) => ({ text }));

describe('signed reasons', () => {
  it('sign every reason: + supports the bead, − doubts it', () => {
    const out = align(
      s(['两国元首举行会谈。', '1996年双方在比什凯克签署条约。', '会谈结束后，客人参观了北京的一所学校。']),
      s(['The two heads of state held talks.', 'In 1997 the treaty was signed.', 'After the talks the guests visited a school in Beijing.', 'It was sunny.']),
      { sourceLang: 'zh', targetLang: 'en' },
    );
    const reasons = out.flatMap((b) => b.reasons);
    expect(reasons.length).toBeGreaterThan(0);
    for (const r of reasons) expect(readReason(r).sign).toMatch(/^[+−]$/);
    expect(reasons).toContain('− 2 unmatched numbers');
  });

  it('count 二十一 ↔ twenty-one as a matching number, never as two unmatched ones', () => {
    const [bead] = align(s(['二十一个国家签署了协定。']), s(['Twenty-one countries signed the agreement.']), { sourceLang: 'zh', targetLang: 'en' });
    expect(bead?.reasons).toContain('+ numbers 21 ↔ 21 match');
    expect(bead?.reasons.some((r) => r.includes('unmatched'))).toBe(false);
    const [ru] = align(s(['二十一个国家签署了协定。']), s(['Двадцать одна страна подписала соглашение.']), { sourceLang: 'zh', targetLang: 'ru' });
    expect(ru?.reasons).toContain('+ numbers 21 ↔ 21 match');
  });

  it('read reasons stored before signs existed as unsigned', () => {
    expect(readReason('length ratio 1.02× the document norm')).toEqual({ sign: undefined, text: 'length ratio 1.02× the document norm' });
    expect(readReason('+ names: 比什凯克 ↔ Bishkek')).toEqual({ sign: '+', text: 'names: 比什凯克 ↔ Bishkek' });
  });
});

describe('calibrated confidence', () => {
  it('with the knot at its preferred place (no alignment cut), puts below 0.6 exactly the beads at least FLAG_ERROR_RISK likely wrong', () => {
    for (const [a, b] of [[1, 1], [1, 2], [2, 1], [1, 3], [2, 2], [1, 0], [0, 1]] as const) {
      for (let k = 1; k < 200; k++) {
        const input = { posterior: k / 200, a, b, joinGain: 0, evidenceJoinGain: (k % 7) / 2, quoteMismatch: 0, drawnOtherwise: false };
        const risk = 1 - calibrationProbability(input, CALIBRATION.weights);
        if (Math.abs(risk - FLAG_ERROR_RISK) < 1e-6) continue;
        expect({ a, b, k, low: isLowConfidence(calibratedConfidence(input)) }).toEqual({ a, b, k, low: risk >= FLAG_ERROR_RISK });
      }
    }
  });

  it('stays in [0, 1] and keeps the order of posteriors for every shape', () => {
    for (const [a, b] of [[1, 1], [1, 2], [2, 1], [1, 3], [2, 2], [1, 0], [0, 1]] as const) {
      const values = [0, 0.01, 0.2, 0.5, 0.7, 0.9, 0.99, 1].map((p) => calibratedConfidence({ posterior: p, a, b, joinGain: 0, evidenceJoinGain: 0, quoteMismatch: 0, drawnOtherwise: false }));
      expect(values).toEqual([...values].sort((x, y) => x - y));
      for (const v of values) expect(v).toBeGreaterThanOrEqual(0);
      for (const v of values) expect(v).toBeLessThanOrEqual(1);
    }
  });
});

describe('join gain', () => {
  // Lengths only: sides whose sentence k runs from cum[k] to cum[k + 1].
  const side = (lengths: number[]): Side => ({ cum: Float64Array.from([0, ...lengths.map((_, k) => lengths.slice(0, k + 1).reduce((x, y) => x + y, 0))]) }) as unknown as Side;
  const model = { ratio: 1, sigma: 0.25 } as Model;
  const bead = (i0: number, j0: number, a: number, b: number): PlacedBead => ({ i0, j0, a, b, posterior: 0.9, kind: 'searched' });

  it('measures how much better two halves of one translation fit together', () => {
    // Source 10 + 30 against target 30 + 10: each 1-1 is 3× off, together they are exact.
    const beads = [bead(0, 0, 1, 1), bead(1, 1, 1, 1)];
    const gain = lengthJoinGain(side([10, 30]), side([30, 10]), model, beads, 0);
    expect(gain).toBeCloseTo(Math.log(3) / 0.25, 5);
    // Beads that fit alone gain nothing; an empty bead never does.
    expect(lengthJoinGain(side([10, 30]), side([10, 30]), model, beads, 0)).toBe(0);
    expect(lengthJoinGain(side([10]), side([10, 5]), model, [bead(0, 0, 1, 1), bead(1, 1, 0, 1)], 1)).toBe(0);
  });

  it('lowers the calibrated confidence of a bead whose sides disagree on the quotations they open and close', () => {
    const even = calibratedConfidence({ posterior: 0.95, a: 1, b: 1, joinGain: 0, evidenceJoinGain: 0, quoteMismatch: 0, drawnOtherwise: false });
    const cut = calibratedConfidence({ posterior: 0.95, a: 1, b: 1, joinGain: 0, evidenceJoinGain: 0, quoteMismatch: 1, drawnOtherwise: false });
    expect(cut).toBeLessThan(even);
  });

  it('hands the calibration the quote mismatch of each bead: how many more quotations one side opens or closes', () => {
    const zh = ['两国元首在亲切友好的气氛中举行会谈。', '他说：“我们走吧。”', '她问：“去哪里？', '回家吗？”', '双方同意加强经贸合作。'];
    const en = ['The two heads of state held talks in a cordial and friendly atmosphere.', "'Let's go,' he said.", "'Where to?' she asked.", 'Home?', 'The two sides agreed to strengthen economic and trade cooperation.'];
    let inputs: readonly (CalibrationInput | undefined)[] = [];
    const out = align(s(zh), s(en), { sourceLang: 'zh', targetLang: 'en', onCalibrationInputs: (x) => (inputs = x) });
    const balance = (texts: string[], ids: number[], lang: string) => ids.reduce((q, i) => q + quoteBalance(texts[i] ?? '', lang), 0);
    const expected = out.map((b) => Math.abs(balance(zh, b.source, 'zh') - balance(en, b.target, 'en')));
    expect(inputs.map((x) => x?.quoteMismatch)).toEqual(expected);
    // The speech split differently on the two sides leaves a quotation open on one side only.
    expect(expected.some((q) => q > 0)).toBe(true);
    // The doubt that lowered the confidence is among the bead's reasons, and only there.
    const doubted = out.map((b) => b.reasons.includes('− a quotation opens or closes on one side only'));
    expect(doubted).toEqual(out.map((b, k) => (b.source.length > 0 && b.target.length > 0 ? (expected[k] ?? 0) > 0 : false)));
    expect(doubted.some(Boolean)).toBe(true);
  });

  it('lowers the calibrated confidence of a bead that fits better joined', () => {
    const alone = calibratedConfidence({ posterior: 0.95, a: 1, b: 1, joinGain: 0, evidenceJoinGain: 0, quoteMismatch: 0, drawnOtherwise: false });
    const half = calibratedConfidence({ posterior: 0.95, a: 1, b: 1, joinGain: 3, evidenceJoinGain: 3, quoteMismatch: 0, drawnOtherwise: false });
    expect(half).toBeLessThan(alone);
  });
});

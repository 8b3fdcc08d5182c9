import { describe, expect, it } from 'vitest';
import { runChecks } from '../../../src/qa/checks.js';
import { decodeText } from '../../../src/text/decode.js';
import { diffTexts } from '../../../src/text/diff.js';
import { normalizeText } from '../../../src/text/normalize.js';
import { numberKeys } from '../../../src/text/numbers.js';
import { segment } from '../../../src/text/segment.js';
import { hostileTexts } from '../../helpers/hostile-text.js';

/**
 * Every text function on 1 MB adversarial inputs (issue #12). The bound is generous on
 * purpose: linear code takes well under a second per call here, while each quadratic
 * regex this suite was written against needed minutes to hours at this size (24 s for
 * 100,000 spaces, ×100 for ten times more). It is a guard against a super-linear
 * regression, not a speed target; speed is for the benchmarks.
 */
const SIZE = 1024 * 1024;
const GENEROUS_MS = 15_000;

// segment() runs paragraph and sentence splitting; numberKeys() runs number and date
// extraction; runChecks() runs every QA check, numberKeys included.
let diffCalls = 0;
const FUNCTIONS: [string, (text: string) => unknown][] = [
  ['normalizeText', normalizeText],
  ['segment zh', (t) => segment(t, 'zh')],
  ['segment en', (t) => segment(t, 'en')],
  ['numberKeys zh/en/ru', (t) => ['zh', 'en', 'ru'].map((lang) => numberKeys(t, lang))],
  ['decodeText', (t) => decodeText(new TextEncoder().encode(t))],
  ['QA runChecks (as the Chinese and as an en/ru translation)', (t) => [runChecks({ source: t, target: 'The two sides.', lang: 'en' }), runChecks({ source: '两国。', target: t, lang: 'ru' })]],
  // By word and by character, on alternate inputs (the two tokenizers; the rest is shared).
  ['diffTexts against a changed copy', (t) => diffTexts(t, `x${t.slice(1, -1)}y`, (diffCalls++) % 2 === 0 ? 'en' : 'zh')],
];

describe.each(FUNCTIONS)('%s on 1 MB adversarial inputs', (_name, fn) => {
  it.each(hostileTexts(SIZE).map((h) => [h.label, h.text] as const))('%s', (_label, text) => {
    const started = performance.now();
    fn(text);
    expect(performance.now() - started).toBeLessThan(GENEROUS_MS);
  }, 120_000);
});

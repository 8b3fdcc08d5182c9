import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { align, type Sentence } from '../../../src/align/aligner.js';
import { CALIBRATION, calibrationProbability, type CalibrationInput } from '../../../src/align/calibration.js';
import { isLowConfidence } from '../../../src/align/confidence.js';
import { flaggedByRisk } from '../../../src/align/flag-rule.js';
import { alignCommand } from '../../../src/cli-align.js';

const DEMO = join(import.meta.dirname, '../../../demo/joint-statement-2022');
const lines = (name: string): string[] => readFileSync(join(DEMO, name), 'utf8').split('\n').filter((l) => l.trim().length > 0);

/**
 * The demo's English made hard to align: every sixth sentence dropped and every ninth replaced
 * by one about something else, so that some beads are doubtful and others are not.
 */
function damaged(): { zh: string[]; en: string[] } {
  const en = lines('en.sentences').flatMap((text, k) => (k % 6 === 5 ? [] : k % 9 === 4 ? ['The weather in the mountains was cold and the roads were closed for a week.'] : [text]));
  return { zh: lines('zh.sentences'), en };
}

describe('the aligner flags its alignment by the expected-recall rule', () => {
  const { zh, en } = damaged();
  const toSentences = (texts: string[]): Sentence[] => texts.map((text) => ({ text }));
  let inputs: readonly (CalibrationInput | undefined)[] = [];
  const beads = align(toSentences(zh), toSentences(en), { sourceLang: 'zh', targetLang: 'en', onCalibrationInputs: (x) => (inputs = x) });
  const searched = beads.flatMap((b, k) => (inputs[k] === undefined ? [] : [{ bead: b, input: inputs[k]! }]));
  const expected = flaggedByRisk(searched.map((s) => 1 - calibrationProbability(s.input, CALIBRATION.weights)));

  it('shows below 0.6 exactly the beads the rule flags over its searched beads', () => {
    expect(searched.length).toBeGreaterThan(40);
    // The damage must leave both kinds, or the comparison below proves nothing.
    expect(expected.filter(Boolean).length).toBeGreaterThan(0);
    expect(expected.filter((f) => !f).length).toBeGreaterThan(0);
    expect(searched.map((s) => isLowConfidence(s.bead.confidence))).toEqual(expected);
  });

  it('gives each searched bead its calibrated probability of being right', () => {
    for (const s of searched) expect(s.bead.probability).toBeCloseTo(calibrationProbability(s.input, CALIBRATION.weights), 12);
  });

  it('says "low" in the CLI JSON from the same rule', async () => {
    const out: string[] = [];
    const files: Record<string, Uint8Array> = { 'a.zh': new TextEncoder().encode(`${zh.join('\n')}\n`), 'a.en': new TextEncoder().encode(`${en.join('\n')}\n`) };
    const io = {
      writeFile: async () => {}, isWritableDirectory: async () => true, readStdin: async () => new Uint8Array(),
      readFile: async (path: string) => files[path]!, out: (s: string) => { out.push(s); }, err: () => {},
    };
    expect(await alignCommand(['--src-lang', 'zh', '--tgt-lang', 'en', '--presplit', '--format', 'json', 'a.zh', 'a.en'], io)).toBe(0);
    const json = JSON.parse(out.join('')) as { bead: string; low: boolean }[];
    const flagOf = new Map(searched.map((s, k) => [`[${s.bead.source.join(',')}]:[${s.bead.target.join(',')}]`, expected[k]!]));
    expect(json.length).toBe(beads.length);
    for (const b of json) expect(b.low).toBe(flagOf.get(b.bead) ?? false);
  });
});

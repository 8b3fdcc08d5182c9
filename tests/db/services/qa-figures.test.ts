/**
 * QA's document-wide length norms come from the figures kept beside the texts (issue #12:
 * reading every text to recompute them took 3-4 s after each change of a 20,000-segment
 * document). They must be the norms the texts give: the old computation is run here on seeded
 * documents with merged slots in either language, empty and blank slots, blank segments,
 * surrounding white space, astral characters and lone surrogates (an astral character cut in
 * half, which SQLite reads back as three U+FFFD), and compared exactly.
 */
import { describe, expect, it } from 'vitest';
import { lengthNorm } from '../../../src/qa/checks.js';
import { triangulationGroups, triangulationLengthNorm } from '../../../src/qa/triangulation.js';
import { languageLengthNorm, pairLengthNorm } from '../../../src/services/qa-figures.js';
import { seeded } from '../../helpers/random.js';
import { serviceEnv } from '../../helpers/service-env.js';

const env = serviceEnv();
const AT = '2026-12-01T00:00:00.000Z';
const SPACES = ['', ' ', '  ', '\u3000', '\u00a0', '\t'];

function seed(random: () => number, segments: number): number {
  const { store } = env;
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const padded = (text: string) => `${pick(SPACES)}${text}${pick(SPACES)}`;
  // Cutting the text may cut 𠀀 in half: a lone surrogate.
  const chinese = () => (random() < 0.08 ? pick(SPACES) : padded('两国元首就双边关系深入交换意见𠀀'.slice(0, 3 + Math.floor(random() * 15))));
  const translation = (word: string) => {
    const r = random();
    if (r < 0.06) return '';
    if (r < 0.1) return pick(SPACES.slice(1));
    return padded(Array.from({ length: 2 + Math.floor(random() * 14) }, () => word).join(' ') + (random() < 0.2 ? ' 😀' : '.'));
  };
  return store.transaction(() => {
    const id = store.documents.insertDocument({ title: '长度', sourceLang: 'zh-CN', createdBy: null, langs: ['en', 'ru'], now: AT });
    const ids = store.segments.insertSegments(id, Array.from({ length: segments }, (_, i) => ({ paragraph: Math.floor(i / 4), text: chinese() })));
    for (const [lang, word] of [['en', 'word'], ['ru', 'слово']] as const) {
      for (let i = 0; i < ids.length;) {
        const span = Math.min(ids.length - i, random() < 0.15 ? 2 + Math.floor(random() * 2) : 1);
        const text = translation(word);
        store.slots.insertHead({ segmentId: ids[i]!, lang, text, status: text ? 'translated' : 'empty', span, updatedBy: null, now: AT });
        for (let k = 1; k < span; k++) store.slots.insertContinuation(ids[i + k]!, lang, ids[i]!);
        i += span;
      }
    }
    return id;
  });
}

/** The norms as computed from the texts before the figures (services/qa.ts and qa-triangulation.ts). */
function fromTexts(documentId: number) {
  const { store } = env;
  const segments = store.segments.listSegments(documentId);
  const language = (lang: string) => lengthNorm(store.slots.listSlots(documentId, lang).flatMap((slot, index) => (slot.kind === 'head'
    ? [{ source: segments.slice(index, index + slot.span).map((s) => s.text).join(''), target: slot.text }] : [])));
  const region = store.regions.readRegion(documentId, 0, segments.length - 1, ['en', 'ru']);
  const slots = Object.fromEntries(['en', 'ru'].map((lang) => [lang, (region.slots[lang] ?? []).map((h) => ({ start: h.start, span: h.span, text: h.text }))]));
  const pair = triangulationLengthNorm(triangulationGroups({ segments: region.segments.map((s) => s.text), langs: ['en', 'ru'], slots }));
  return { en: language('en'), ru: language('ru'), pair };
}

describe('length norms from figures', () => {
  it('equal the norms computed from the texts', () => {
    let judged = 0;
    for (const run of [1, 2, 3, 4, 5]) {
      const documentId = seed(seeded(run), 60 + run * 7);
      const expected = fromTexts(documentId);
      const got = { en: languageLengthNorm(env.store, documentId, 'en'), ru: languageLengthNorm(env.store, documentId, 'ru'), pair: pairLengthNorm(env.store, documentId, ['en', 'ru']) };
      expect(got, `run ${run}`).toEqual(expected);
      if (expected.en && expected.ru && expected.pair) judged += 1;
    }
    // The documents are long enough to have norms: the comparison is not of nulls.
    expect(judged).toBeGreaterThanOrEqual(4);
  });

  it('are null where the texts give none: too few slots long enough to judge', () => {
    const documentId = seed(seeded(9), 4);
    expect({ en: languageLengthNorm(env.store, documentId, 'en'), pair: pairLengthNorm(env.store, documentId, ['en', 'ru']) })
      .toEqual({ en: fromTexts(documentId).en, pair: fromTexts(documentId).pair });
    expect(pairLengthNorm(env.store, documentId, ['en', 'ru'])).toBeNull();
  });
});

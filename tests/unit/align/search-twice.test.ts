import { describe, expect, it } from 'vitest';
import { proportionalCentres } from '../../../src/align/guide.js';
import { buildLexIndex } from '../../../src/align/lexical-index.js';
import { lexiconFor } from '../../../src/align/lexicon.js';
import { initialModel, shapesFor } from '../../../src/align/model.js';
import { Progress, searchBanded, searchBandedTwice, type SearchInput } from '../../../src/align/search.js';
import { buildSide } from '../../../src/align/side.js';
import { variantModel } from '../../../src/align/stability.js';
import { seeded } from '../../helpers/random.js';

// Made-up parallel texts: numbered facts, some English sentences split in two, a few left out.
const FACTS: [string, string][] = [
  ['两国元首举行会谈', 'the two heads of state held talks'],
  ['双方同意加强合作', 'the two sides agreed to strengthen cooperation'],
  ['会议在北京举行', 'the meeting was held in Beijing'],
  ['经济增长很快', 'the economy grew quickly'],
  ['他们签署了条约', 'they signed a treaty'],
  ['人民生活改善了', 'the life of the people improved'],
];

function texts(seed: number, count: number): { zh: string[]; en: string[] } {
  const random = seeded(seed);
  const zh: string[] = [];
  const en: string[] = [];
  for (let k = 0; k < count; k++) {
    const [z, e] = FACTS[Math.floor(random() * FACTS.length)] ?? FACTS[0]!;
    const year = 1990 + Math.floor(random() * 30);
    zh.push(`${year}年，${z}。`);
    const roll = random();
    if (roll < 0.2) en.push(`In ${year}, ${e}.`, 'This mattered.');
    else if (roll < 0.27) continue;
    else en.push(`In ${year}, ${e}.`);
  }
  return { zh, en };
}

function input(seed: number, count: number, extra?: SearchInput['extra']): SearchInput {
  const { zh, en } = texts(seed, count);
  const lexicon = lexiconFor([...zh, ...en]);
  const src = buildSide(zh.map((text) => ({ text })), 'zh', 'en', lexicon);
  const tgt = buildSide(en.map((text) => ({ text })), 'en', 'zh', lexicon);
  const shapes = shapesFor(4);
  return { src, tgt, lex: buildLexIndex(src, tgt, (u) => lexicon.glosses.get(u) ?? []), model: initialModel(src, tgt, shapes), shapes, targetLang: 'en', ...(extra && { extra }) };
}

describe('searchBandedTwice', () => {
  it.each([
    ['a wide band', 1, 60, 25, undefined],
    ['a narrow band', 2, 80, 3, undefined],
    ['an extra score (a pivot\'s)', 3, 50, 8, (i0: number, j0: number, a: number, b: number) => ((i0 * 7 + j0 * 3 + a - b) % 5) / 10],
  ])('gives under each model exactly what a search of its own gives (%s)', (_what, seed, count, width, extra) => {
    const search = input(seed, count, extra);
    const centres = proportionalCentres(search.src, search.tgt);
    const start = { minJ: centres, maxJ: centres };
    const variant = variantModel(search.model);
    const alone = [search.model, variant].map((model) => searchBanded({ ...search, model }, start, width, new Progress(1, undefined), 1));
    const twice = searchBandedTwice(search, variant, start, width, new Progress(1, undefined));
    expect(twice).toEqual(alone);
    // The test means something only if the two models draw some stretch otherwise.
    expect(alone[0]?.path).not.toEqual(alone[1]?.path);
  });
});

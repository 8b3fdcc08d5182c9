/**
 * One side of an alignment problem as the search sees it: each sentence's features and name
 * evidence, cumulative lengths, and where paragraphs start.
 */
import { sentenceFeatures, sentenceNames, type Sentence, type SentenceFeatures, type SentenceNames } from './features.js';
import { f64, i32 } from './indexing.js';
import type { Lexicon } from './lexicon.js';
import type { WantedNameKeys } from './names.js';

export interface Side {
  sentences: readonly Sentence[];
  feats: SentenceFeatures[];
  names: SentenceNames[];
  /** `cum[i]` is the length of sentences 0..i-1. */
  cum: Float64Array;
  /** 1 where the sentence starts a paragraph (only meaningful when `paragraphs` is true). */
  paraStart: Uint8Array;
  paragraphs: boolean;
  /**
   * Sentences an anchor says have no counterpart, as a running count: `forcedNull[i]` of
   * sentences 0..i-1 (undefined when there are none). Such a sentence can only be a 1-0 or 0-1 bead.
   */
  forcedNull: Int32Array | undefined;
}

/** Features, names, cumulative lengths and paragraph starts of one side's sentences. */
export function buildSide(sentences: readonly Sentence[], lang: string, otherLang: string, lexicon: Lexicon, wanted?: WantedNameKeys, nulls?: Int32Array): Side {
  // One sentence at a time, so that its names reuse the segmentation its features just made.
  const feats: SentenceFeatures[] = [];
  const names: SentenceNames[] = [];
  for (const s of sentences) {
    feats.push(sentenceFeatures(s.text, lang, lexicon));
    names.push(sentenceNames(s.text, lang, otherLang, lexicon, wanted));
  }
  const cum = new Float64Array(sentences.length + 1);
  feats.forEach((f, i) => {
    cum[i + 1] = f64(cum, i) + f.length;
  });
  const known = sentences.every((s) => s.paragraph !== undefined);
  const distinct = new Set(sentences.map((s) => s.paragraph)).size;
  const paraStart = new Uint8Array(sentences.length);
  sentences.forEach((s, i) => {
    paraStart[i] = i === 0 || s.paragraph !== sentences[i - 1]?.paragraph ? 1 : 0;
  });
  let forcedNull: Int32Array | undefined;
  if (nulls !== undefined && nulls.some((x) => x !== 0)) {
    forcedNull = new Int32Array(sentences.length + 1);
    for (let i = 0; i < sentences.length; i++) forcedNull[i + 1] = i32(forcedNull, i) + (i32(nulls, i) !== 0 ? 1 : 0);
  }
  return { sentences, feats, names, cum, paraStart, paragraphs: known && distinct > 1, forcedNull };
}

/** Sentences [from, to) of a side, as a side of their own. */
export function subSide(side: Side, from: number, to: number): Side {
  const cum = new Float64Array(to - from + 1);
  const base = f64(side.cum, from);
  for (let k = 0; k <= to - from; k++) cum[k] = f64(side.cum, from + k) - base;
  return {
    sentences: side.sentences.slice(from, to),
    feats: side.feats.slice(from, to),
    names: side.names.slice(from, to),
    cum,
    paraStart: side.paraStart.slice(from, to),
    paragraphs: side.paragraphs,
    forcedNull: side.forcedNull === undefined ? undefined : side.forcedNull.slice(from, to + 1),
  };
}

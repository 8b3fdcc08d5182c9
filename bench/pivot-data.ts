/**
 * Three-way data for bench:pivot. The demo has Chinese, English and Russian with gold beads for
 * both translations. MAC-Dev has only Chinese and English, so a third text is constructed from
 * the English: a **pseudo-Russian** that keeps what a second translation shares with the first
 * (numbers, names, sentence marks, a length that follows the content, and a few cognates) and
 * nothing else, segmented differently. Its gold beads are the English gold projected through
 * the re-segmentation. Also here: damaging pivot beads on purpose, and projecting beads.
 *
 * What the pseudo-Russian is, exactly (seeded, so every run builds the same text):
 * - Sentences: an English sentence of over 80 characters is split at its first "; ", ": " or
 *   ", and/but/or/so" past a third of it with probability 0.3; two neighbouring sentences are
 *   merged with probability 0.12 (across gold beads too: a second translator groups the
 *   Chinese differently from the first).
 * - Words: each lowercase word type becomes one pseudo-word in Cyrillic letters (the same every
 *   time, so an aligner can learn it as it learns Russian), of the word's length times a factor
 *   drawn once per type (log-normal, σ 0.3); 10 % of the types of five letters or more are
 *   transliterated instead (cognates). A capitalised word after the first (a name) is
 *   transliterated: pinyin in Palladius as Russian writes Chinese names, other names letter by
 *   letter, with a Russian case ending a third of the time. The first word of a sentence is a
 *   pseudo-word with a capital. Digits and punctuation stay, English quotes become «».
 * - Sentence length: 8 % of words dropped and as many pseudo-words added at random, so the
 *   length ratio to the English varies from sentence to sentence.
 * Its limits: it says exactly what the English says (the same omissions, additions and order;
 * a real Russian translation made from the Chinese departs from the English more), its numbers
 * are the English digits (English number words become pseudo-words, so "twenty" is lost where
 * Russian "двадцать" would be read), and its cognates are spread evenly rather than clustered in
 * technical words. It measures what the pivot adds through numbers, names, marks, length and a
 * few cognates when the target has no dictionary (as zh–ru has none) and groups sentences its
 * own way.
 */
import type { Sentence } from '../src/align/aligner.js';
import type { BeadShape } from '../src/align/beads.js';
import { palladius } from '../src/align/names.js';
import { splitPinyin } from '../src/text/transliterate.js';
import type { Doc } from './align-data.js';

/** A seeded random source (LCG): every run builds the same data. */
export function rng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

function hash(text: string, seed: number): number {
  let h = 2166136261 ^ seed;
  for (let k = 0; k < text.length; k++) h = Math.imul(h ^ text.charCodeAt(k), 16777619);
  return h >>> 0;
}

const CONSONANTS = [...'бвгджзклмнпрстфхцчшщ'];
const VOWELS = [...'аеиоуыэюя'];

function pseudoWord(word: string): string {
  const local = rng(hash(word, 7));
  // Box–Muller: one log-normal length factor per word type.
  const g = Math.sqrt(-2 * Math.log(1 - local())) * Math.cos(2 * Math.PI * local());
  const length = Math.max(1, Math.round(word.length * Math.exp(0.3 * g)));
  let out = '';
  for (let k = 0; k < length; k++) out += k % 2 === 0 ? CONSONANTS[Math.floor(local() * CONSONANTS.length)] : VOWELS[Math.floor(local() * VOWELS.length)];
  return out;
}

const LATIN_CYRILLIC: readonly [RegExp, string][] = [
  [/sh/g, 'ш'], [/ch/g, 'ч'], [/zh/g, 'ж'], [/kh/g, 'х'], [/ts/g, 'ц'], [/ya/g, 'я'], [/yu/g, 'ю'], [/ee/g, 'и'], [/oo/g, 'у'],
  [/j/g, 'дж'], [/x/g, 'кс'], [/w/g, 'в'], [/q/g, 'к'], [/c(?=[eiy])/g, 'с'], [/c/g, 'к'], [/y(?=[aeiou])/g, 'й'], [/y/g, 'и'], [/h/g, 'х'],
  [/a/g, 'а'], [/b/g, 'б'], [/d/g, 'д'], [/e/g, 'е'], [/f/g, 'ф'], [/g/g, 'г'], [/i/g, 'и'], [/k/g, 'к'], [/l/g, 'л'], [/m/g, 'м'],
  [/n/g, 'н'], [/o/g, 'о'], [/p/g, 'п'], [/r/g, 'р'], [/s/g, 'с'], [/t/g, 'т'], [/u/g, 'у'], [/v/g, 'в'], [/z/g, 'з'],
];

/** Latin letters in Cyrillic, letter by letter (independent of the product's own romanisation). */
function cyrillic(word: string): string {
  let s = word.toLowerCase();
  for (const [re, to] of LATIN_CYRILLIC) s = s.replace(re, to);
  return s;
}

const ENDINGS = ['а', 'у', 'е', 'ом', 'ой'];

function nameInCyrillic(word: string, random: () => number): string {
  const syllables = splitPinyin(word, (s) => palladius(s) !== undefined);
  const base = syllables !== undefined && syllables.length >= 2 ? syllables.map((s) => palladius(s) ?? s).join('') : cyrillic(word);
  const inflected = random() < 1 / 3 ? base + (ENDINGS[Math.floor(random() * ENDINGS.length)] ?? '') : base;
  return inflected.charAt(0).toUpperCase() + inflected.slice(1);
}

/** One English sentence as pseudo-Russian. */
function pseudoSentence(text: string, random: () => number): string {
  const tokens = text.replace(/“|"(?=\w)/g, '«').replace(/”|"/g, '»').split(/(\p{L}[\p{L}'’]*)/u);
  let first = true;
  const out: string[] = [];
  for (let k = 0; k < tokens.length; k++) {
    const token = tokens[k] ?? '';
    if (k % 2 === 0) {
      out.push(token);
      continue;
    }
    const isFirst = first;
    first = false;
    // Another translator's wording: some words go, others come.
    if (!isFirst && random() < 0.08) continue;
    let word: string;
    if (/^\p{Lu}/u.test(token) && !isFirst) word = nameInCyrillic(token, random);
    else {
      const lower = token.toLowerCase();
      const cognate = lower.length >= 5 && hash(lower, 11) % 10 === 0;
      word = cognate ? cyrillic(lower) : pseudoWord(lower);
      if (isFirst) word = word.charAt(0).toUpperCase() + word.slice(1);
    }
    out.push(word);
    if (random() < 0.08) out.push(` ${pseudoWord(`filler${Math.floor(random() * 500)}`)}`);
  }
  return out.join('');
}

const SPLIT_AT = /; |: |, (?=and |but |or |so )/g;

/** Where an English sentence splits, or undefined. */
function splitPoint(text: string): number | undefined {
  for (const m of text.matchAll(SPLIT_AT)) if (m.index > text.length / 3 && m.index < text.length - 20) return m.index + 1;
  return undefined;
}

/** A third text built from a document's English: its sentences, and which English sentences each holds. */
export interface PseudoText {
  sentences: Sentence[];
  /** Per pseudo sentence, the English sentences it comes from (consecutive). */
  fromEnglish: number[][];
}

/** The pseudo-Russian of an English text (see the file's comment). */
export function pseudoRussian(english: readonly string[], seed: number): PseudoText {
  const random = rng(seed);
  // Pieces: whole English sentences, or halves of split ones.
  const pieces: { text: string; from: number }[] = [];
  english.forEach((line, e) => {
    const at = line.length > 80 && random() < 0.3 ? splitPoint(line) : undefined;
    if (at === undefined) pieces.push({ text: line, from: e });
    else {
      pieces.push({ text: line.slice(0, at).replace(/[;:,]\s*$/, '.'), from: e });
      const rest = line.slice(at).trim();
      pieces.push({ text: rest.charAt(0).toUpperCase() + rest.slice(1), from: e });
    }
  });
  const sentences: Sentence[] = [];
  const fromEnglish: number[][] = [];
  for (let k = 0; k < pieces.length; k++) {
    const piece = pieces[k]!;
    const next = pieces[k + 1];
    if (next !== undefined && next.from !== piece.from && random() < 0.12) {
      sentences.push({ text: `${pseudoSentence(piece.text, random)} ${pseudoSentence(next.text, random)}` });
      fromEnglish.push([piece.from, next.from]);
      k++;
      continue;
    }
    sentences.push({ text: pseudoSentence(piece.text, random) });
    fromEnglish.push([piece.from]);
  }
  return { sentences, fromEnglish };
}

/**
 * Gold beads source ↔ pseudo text from the source ↔ English gold: each bead takes the pseudo
 * sentences its English sentences went into, and beads that share one become one bead.
 */
export function projectGold(gold: readonly BeadShape[], pseudo: PseudoText): BeadShape[] {
  const ofEnglish = new Map<number, number[]>();
  pseudo.fromEnglish.forEach((es, x) => {
    for (const e of es) ofEnglish.set(e, [...(ofEnglish.get(e) ?? []), x]);
  });
  const out: { source: number[]; target: number[] }[] = [];
  for (const bead of gold) {
    const target = [...new Set(bead.target.flatMap((e) => ofEnglish.get(e) ?? []))].sort((x, y) => x - y);
    // The last bead with pseudo sentences: when it shares one with this bead, it, the beads
    // after it (which have none) and this one become one bead.
    let k = out.length - 1;
    while (k >= 0 && out[k]!.target.length === 0) k--;
    const last = out[k];
    if (last !== undefined && target.length > 0 && target[0]! <= last.target[last.target.length - 1]!) {
      for (const merged of out.splice(k + 1)) last.source.push(...merged.source);
      last.source.push(...bead.source);
      for (const x of target) if (!last.target.includes(x)) last.target.push(x);
      continue;
    }
    out.push({ source: [...bead.source], target });
  }
  return out;
}

/**
 * Pivot beads damaged on purpose: a share `rate` of the boundaries between neighbouring beads
 * moved by one pivot sentence (the commonest error of an aligner), so the sentence on either
 * side of it is credited to the wrong source sentences. Still a tiling.
 */
export function damageBeads(beads: readonly BeadShape[], rate: number, seed: number): BeadShape[] {
  const random = rng(seed);
  const out = beads.map((b) => ({ source: [...b.source], target: [...b.target] }));
  for (let k = 0; k + 1 < out.length; k++) {
    if (random() >= rate) continue;
    const left = out[k]!;
    const right = out[k + 1]!;
    if (random() < 0.5 && left.target.length > 0 && (left.target.length > 1 || left.source.length > 0)) {
      right.target.unshift(left.target.pop()!);
    } else if (right.target.length > 0) {
      left.target.push(right.target.shift()!);
    }
  }
  return out.filter((b) => b.source.length > 0 || b.target.length > 0);
}

/** The pseudo-Russian of a MAC-Dev chapter as a document of its own, with its gold. */
export function pseudoDoc(doc: Doc, seed: number): { doc: Doc; pseudo: PseudoText } {
  const pseudo = pseudoRussian(doc.tgtLines, seed);
  const lines = pseudo.sentences.map((s) => s.text);
  return {
    pseudo,
    doc: { name: `${doc.name}-pseudo-ru`, src: doc.src, tgt: pseudo.sentences, srcLines: doc.srcLines, tgtLines: lines, gold: projectGold(doc.gold, pseudo), lang: 'ru' },
  };
}

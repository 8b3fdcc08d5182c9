/**
 * What a target sentence and a pivot sentence (two translations of the same source, such as
 * Russian and English) can share whatever their wording: numbers and dates, names and other
 * words that look alike across Latin and Cyrillic script (transliteration and cognates:
 * Japarov ↔ Жапаров, Bishkek ↔ Бишкеке, strategic ↔ стратегический, Jinping ↔ Цзиньпин), and
 * marks of sentence type (question, exclamation, quotation, brackets). Each becomes an item
 * with a key both spellings reduce to, so matching is a look-up. Pure.
 */
import { numberKeys } from '../text/numbers.js';
import { nameKey, splitPinyin } from '../text/transliterate.js';
import { palladius } from './names.js';

/** What an item is; each kind has its own chance of surviving into the other translation. */
export const ITEM_KINDS = ['number', 'name', 'word', 'mark'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];
export const KIND_NUMBER = 0;
export const KIND_NAME = 1;
export const KIND_WORD = 2;
export const KIND_MARK = 3;

/** One item of a sentence: its keys (a second one for a pinyin name: Jinping / Цзиньпин). */
export interface Item {
  keys: number[];
  kind: number;
  surface: string;
}

/** Strings to small integers, shared by the target and the pivot of one alignment. */
export class KeyTable {
  private readonly ids = new Map<string, number>();
  id(key: string): number {
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(key, id);
    }
    return id;
  }
  get size(): number {
    return this.ids.size;
  }
}

/**
 * Letters of a word's loose key that two spellings must share. Five: long enough that chance
 * meetings of unrelated words are rare (and the document-frequency weighting in pivot.ts
 * discounts the common ones), short enough that a Russian case or adjective ending (Жапарова,
 * стратегическое) falls after it. Words shorter than this are not compared.
 */
const KEY_LETTERS = 5;

/**
 * The key a word is compared under: `nameKey` (BGN/PCGN romanisation with the usual spelling
 * alternatives merged), with z and s merged too (president / президент), cut to KEY_LETTERS.
 * @example wordKey('Жапарова') // → 'japar'
 * @example wordKey('strategic') === wordKey('стратегический') // → true
 */
export function wordKey(word: string): string | undefined {
  // Latin -tion/-tia is Russian -ция (position / позиция, initiative / инициатива).
  const key = nameKey(/^[A-Za-z]+$/.test(word) ? word.replace(/ti(?=[aeiou])/gi, 'tsi') : word).replace(/z/g, 's');
  return key.length >= KEY_LETTERS && /^[a-z]/.test(key) ? key.slice(0, KEY_LETTERS) : undefined;
}

/**
 * The key of a capitalised Latin word read as pinyin and written in Palladius, as Russian
 * writes Chinese names (Jinping → Цзиньпин), or undefined when it does not read as pinyin.
 * @example pinyinKey('Jinping') === wordKey('Цзиньпина') // → true
 */
export function pinyinKey(word: string): string | undefined {
  if (!/^[A-Za-z]+$/.test(word)) return undefined;
  const syllables = splitPinyin(word, (s) => palladius(s) !== undefined);
  if (syllables === undefined || syllables.length < 2) return undefined;
  return wordKey(syllables.map((s) => palladius(s) ?? '').join(''));
}

// Words, with hyphenated compounds taken apart (China-Kyrgyzstan, торгово-экономического).
const WORD_RE = /\p{L}[\p{L}'’]*/gu;
const LATIN_OR_CYRILLIC = /^[\p{Script=Latin}\p{Script=Cyrillic}'’-]+$/u;
const MARKS: readonly [RegExp, string][] = [
  [/[?？]/u, '?'],
  [/[!！]/u, '!'],
  [/[“”«»„"「」『』]/u, 'quote'],
  [/[()（）[\]]/u, 'bracket'],
];

/** A word without the apostrophes it ends with (states' → states), by a scan: no backtracking. */
function withoutTrailingApostrophes(word: string): string {
  let end = word.length;
  while (end > 0 && (word[end - 1] === "'" || word[end - 1] === '’')) end--;
  return word.slice(0, end);
}

/**
 * The items of one sentence, each key once (a sentence that names Bishkek twice has one
 * Bishkek item). Numbers come from `numberKeys` (spelled-out small numbers, which prose uses
 * loosely, are left out); a capitalised word after the first is a name, any other word of
 * KEY_LETTERS letters or more a word.
 * @example sentenceItems('Japarov visited Bishkek in 2022?', 'en', keys).map((i) => i.surface) // → ['2022', 'Japarov', 'visited', 'Bishkek', '?']
 */
export function sentenceItems(text: string, lang: string, keys: KeyTable): Item[] {
  const items: Item[] = [];
  const seen = new Set<number>();
  const add = (key: string, kind: number, surface: string, extra?: string): void => {
    const id = keys.id(key);
    if (seen.has(id)) return;
    seen.add(id);
    const ids = [id];
    if (extra !== undefined && extra !== key) ids.push(keys.id(extra));
    items.push({ keys: ids, kind, surface });
  };
  for (const k of numberKeys(text, lang)) if (!k.startsWith('~')) add(`n:${k}`, KIND_NUMBER, k.replace(/^md:/, '').replace(/^m:/, 'month '));
  if (lang !== 'zh') {
    let first = true;
    for (const m of text.matchAll(WORD_RE)) {
      const surface = withoutTrailingApostrophes(m[0]);
      const isFirst = first;
      first = false;
      if (!LATIN_OR_CYRILLIC.test(surface)) continue;
      const key = wordKey(surface);
      if (key === undefined) continue;
      const capital = /^\p{Lu}/u.test(surface);
      const pinyin = capital ? pinyinKey(surface) : undefined;
      add(`w:${key}`, capital && !isFirst ? KIND_NAME : KIND_WORD, surface, pinyin === undefined ? undefined : `w:${pinyin}`);
    }
  }
  for (const [re, mark] of MARKS) if (re.test(text)) add(`m:${mark}`, KIND_MARK, mark);
  return items;
}

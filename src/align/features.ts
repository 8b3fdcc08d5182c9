/**
 * Per-sentence evidence the aligner compares: length, number keys, punctuation anchors,
 * names and lexical units. Computed once per sentence so that the dynamic programme only
 * intersects small arrays.
 */
import { numberKeys } from '../text/numbers.js';
import { segmentChinese, targetStems, type Lexicon } from './lexicon.js';
import { sourceNameKeys, targetNames, type NameKeys, type TargetName, type WantedNameKeys } from './names.js';

/** A sentence as the aligner receives it. */
export interface Sentence {
  text: string;
  paragraph?: number;
}

/** What the aligner knows about one sentence. */
export interface SentenceFeatures {
  /** Characters other than white space: the length unit for every language. */
  length: number;
  numbers: string[];
  questions: number;
  exclamations: number;
  quoted: boolean;
  listMarker: boolean;
  /** Opens with a demonstrative pointing back (这些… / These… / Эти…): see `ANAPHOR_RE`. */
  anaphoric: boolean;
  /** Lexical units: Chinese words (max matching) on a Chinese side, word stems otherwise. */
  units: string[];
  /** Quotations opened minus quotations closed (see `quoteBalance`). */
  quotes: number;
}

// Opening quotes and brackets of the three languages; a sentence with any of them is "quoted".
const QUOTE_RE = /[《「『“«"„‘]/;
// (一) （一） 一、 1. 1) a) • – — at the start of a sentence.
const LIST_RE = /^\s*(?:[（(]?[一二三四五六七八九十]+[）)、]|[（(]?\d{1,2}[.)）、]\s|[（(]?[a-zа-я][)）]\s|[•·▪–—-]\s)/u;

/**
 * Sentence openings that point back at what came before: demonstrative determiners and pronouns
 * (这/此/该/上述, this/these/that/those/such, это/эти/этот/такой/…). A translator who splits a long
 * Chinese sentence usually opens the split-off part with one ("…前景广阔。" → "… These areas
 * have broad prospects."), so a bead whose first sentence opens this way while the other
 * side's does not has probably cut a sentence from its antecedent.
 */
const ANAPHOR_RE: Record<string, RegExp> = {
  zh: /^\s*[“"《]?(?:这|此|该|那些|那种|那样|上述|以上|前述|如此)/u,
  en: /^\s*["“]?(?:this|these|that|those|such)\b/iu,
  ru: /^\s*[«"„]?(?:эт(?:о|от|а|у|и|ой|ом|им|их|ими|ому)|так(?:ой|ая|ое|ие|им|их|ую|ого|ому)|подобн\p{L}*|данн(?:ый|ая|ое|ые))(?![\p{L}])/iu,
};

// Chinese function words: they match nothing reliably across languages, and the learned
// associations would otherwise spend their counts on them.
const ZH_STOP = new Set([...'的了着过是在和与也就都而及把被让给对从向这那个之其我你他她它们不有就又还很才'].concat(['我们', '你们', '他们', '她们', '这个', '那个', '一个', '没有', '自己', '什么', '这样', '那样', '已经', '因为', '所以', '但是', '可是', '如果', '就是', '还是', '不是', '一些']));

/**
 * Features of one sentence.
 * @example sentenceFeatures('两国元首举行会谈？', 'zh', lex).questions // → 1
 */
export function sentenceFeatures(text: string, lang: string, lexicon: Lexicon): SentenceFeatures {
  let units: string[];
  if (lang === 'zh') {
    units = segmentChinese(text, lexicon)
      .filter((t) => t.han && !ZH_STOP.has(t.text))
      .map((t) => t.text);
  } else {
    units = targetStems(text, lang);
  }
  return {
    length: text.replace(/\s+/g, '').length,
    // Soft keys (spelled-out small numbers) proved noise in prose: two sides, 两国, 一些.
    numbers: numberKeys(text, lang).filter((k) => !k.startsWith('~')),
    questions: (text.match(/[?？]/g) ?? []).length,
    exclamations: (text.match(/[!！]/g) ?? []).length,
    quoted: QUOTE_RE.test(text),
    listMarker: LIST_RE.test(text),
    anaphoric: ANAPHOR_RE[lang]?.test(text) ?? false,
    units,
    quotes: quoteBalance(text, lang),
  };
}

// Quotation marks that open and close without doubt; book-title marks 《》 are not quotations.
const OPENING = new Set(['“', '‘', '「', '『', '«', '„']);
const CLOSING = new Set(['”', '’', '」', '』', '»']);
/**
 * Marks that open or close by where they stand: straight quotes everywhere; in English and
 * Russian ‘ ’ too, since ’ is also the apostrophe; in Russian “ ” as well, since „…“ closes
 * with “. Chinese nests ‘ ’ inside “ ” and has no apostrophe.
 */
const BY_POSITION: Record<string, Set<string>> = {
  zh: new Set(["'", '"']),
  en: new Set(['‘', '’', "'", '"']),
  ru: new Set(['‘', '’', "'", '"', '“', '”']),
};
const WORD = /[\p{L}\p{N}]/u;
const ANY_QUOTE = /['"‘’“”「」『』«»„]/;

/**
 * Quotations a sentence opens minus those it closes: a speech the translator split across two
 * sentences opens in one and closes in the next, on both sides alike. A mark that may be an
 * apostrophe or either end (BY_POSITION) is an apostrophe between two letters (don't, Trinket's),
 * opens with a letter after it and none before, and closes with none after.
 * @example quoteBalance("'Please, Auntie!", 'en') // → 1
 * @example quoteBalance('贾蓉笑道：“只求婶娘开恩罢！”', 'zh') // → 0
 */
export function quoteBalance(text: string, lang: string): number {
  // Most sentences have no quotation mark at all: skip splitting them into characters.
  if (!ANY_QUOTE.test(text)) return 0;
  const chars = [...text];
  const byPosition = BY_POSITION[lang] ?? BY_POSITION.en;
  let n = 0;
  chars.forEach((c, k) => {
    if (byPosition?.has(c)) {
      const before = WORD.test(chars[k - 1] ?? ' ');
      const after = WORD.test(chars[k + 1] ?? ' ');
      if (before && after) return;
      if (!before && after) n++;
      else if (!after) n--;
    } else if (OPENING.has(c)) n++;
    else if (CLOSING.has(c)) n--;
  });
  return n;
}

/** Name evidence of a sentence, on whichever side it stands. */
export type SentenceNames = { side: 'source'; keys: NameKeys } | { side: 'target'; names: TargetName[] };

/**
 * Name evidence: windows of a Chinese sentence (only the `wanted` keys when given), capitalised
 * words of an English/Russian one.
 * @example sentenceNames('Бишкек', 'ru', 'zh', lex) // → { side: 'target', names: [...] }
 */
export function sentenceNames(text: string, lang: string, otherLang: string, lexicon: Lexicon, wanted?: WantedNameKeys): SentenceNames {
  if (lang === 'zh') return { side: 'source', keys: sourceNameKeys(text, lexicon, otherLang, wanted) };
  return { side: 'target', names: targetNames(text, lang) };
}

/**
 * Multiset intersection of two key lists: how many keys they share.
 * @example sharedKeys(['2022', '30', '30'], ['30', '2022']) // → 2
 */
export function sharedKeys(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const left = new Map<string, number>();
  for (const k of a) left.set(k, (left.get(k) ?? 0) + 1);
  let n = 0;
  for (const k of b) {
    const c = left.get(k) ?? 0;
    if (c > 0) {
      n++;
      left.set(k, c - 1);
    }
  }
  return n;
}

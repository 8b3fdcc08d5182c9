/**
 * How the translation memory sees text: the normalised form that match percentages are
 * computed on, the folded form its indexes hold, and the index tokens themselves
 * (db/migrations "tm_grams"). Pure.
 */

/**
 * Text as matching sees it: NFKC (full-width ，、digits fold to their usual forms),
 * lower case, no whitespace. Chinese is compared character by character anyway, and
 * spacing differences in the target-side punctuation should not cost a percent.
 * normalizeForMatch('双方 指出，１９９２年') → '双方指出,1992年'
 */
export function normalizeForMatch(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
}

/**
 * Text as the TM's indexes and concordance see it: NFKC, lower case, each run of
 * whitespace one space. (Spaces stay: "two sides" should not match "twosides".)
 * foldForIndex('  The  ＳＣＯ ') → 'the sco'
 */
export function foldForIndex(text: string): string {
  // Most TM text is ASCII, Cyrillic, CJK ideographs and punctuation, where NFKC only maps
  // full-width ASCII (U+FF01–U+FF5E) to ASCII: done directly, it costs a fraction of
  // normalize (concordance folds every row it checks). tm-terms.test.ts checks this path
  // against NFKC for every code point it accepts.
  const nfkc = SIMPLE_NFKC.test(text) ? text.replace(FULL_WIDTH, fromFullWidth) : text.normalize('NFKC');
  return nfkc.toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Characters whose NFKC form is themselves, or (full-width ASCII) that ASCII character. */
export const SIMPLE_NFKC = /^[\t\n\r\u0020-\u007E\u0401\u0410-\u044F\u0451\u3001-\u3011\u4E00-\u9FFF\uFF01-\uFF5E]*$/;
const FULL_WIDTH = /[\uFF01-\uFF5E]/g;
const fromFullWidth = (c: string) => String.fromCharCode(c.charCodeAt(0) - 0xfee0);

/** Encodings already made, by code point (a TM uses a few thousand distinct characters). */
const encoded = new Map<number, string>();

/** One code point as 4 base-36 digits (36^4 = 1,679,616 > U+10FFFF), so every token is ASCII alphanumeric. */
function encode(codePoint: number): string {
  let code = encoded.get(codePoint);
  if (code === undefined) {
    code = codePoint.toString(36).padStart(4, '0');
    // Bounded: a hostile text of a million distinct characters must not grow it for ever.
    if (encoded.size < 65_536) encoded.set(codePoint, code);
  }
  return code;
}

/** Pads the end of every indexed text, so each character starts a token (1- and 2-character searches). */
const SENTINEL = encode(0);

/** Code points of a string, encoded (a surrogate pair is one code point). */
function encodedChars(text: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i++) {
    let cp = text.charCodeAt(i);
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        cp = (cp - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000;
        i += 1;
      }
    }
    out.push(encode(cp));
  }
  return out;
}

/**
 * The index tokens of folded text, in text order: one per character, holding it and the
 * two after it (trigrams), the last two padded with the sentinel. Repeats are kept
 * (callers dedupe).
 * gramTokens('ab') → ['002p002q0000', '002q00000000']
 */
export function gramTokens(folded: string): string[] {
  const chars = encodedChars(folded);
  const out: string[] = [];
  for (let i = 0; i < chars.length; i++) out.push(chars[i]! + (chars[i + 1] ?? SENTINEL) + (chars[i + 2] ?? SENTINEL));
  return out;
}

/**
 * One token per character holding it and the next (bigrams), the last padded. Short
 * segments need them: one edit in "交合作。" leaves it no trigram in common with "交合新。".
 * bigramTokens('ab') → ['002p002q', '002q0000']
 */
export function bigramTokens(folded: string): string[] {
  const chars = encodedChars(folded);
  return chars.map((c, i) => c + (chars[i + 1] ?? SENTINEL));
}

/** The tokens of a query of 3 or more characters that lie inside it (no sentinel). */
export function innerGramTokens(folded: string): string[] {
  const tokens = gramTokens(folded);
  return tokens.slice(0, Math.max(0, tokens.length - 2));
}

/**
 * What the source index stores for a text (already folded): its distinct trigrams and bigrams, space-separated.
 * Made in one pass, each token checked against those already made (a text rarely repeats
 * one): the same tokens as gramTokens and bigramTokens give, at a third of the cost of
 * building both lists and a set of them (TM seeding makes this for every unit).
 * indexedGrams('ab') → '002p002q0000 002p002q 002q00000000 002q0000'
 */
export function indexedGrams(folded: string): string {
  const chars = encodedChars(folded);
  const seen = new Set<string>();
  let out = '';
  for (let i = 0; i < chars.length; i++) {
    const bigram = chars[i]! + (chars[i + 1] ?? SENTINEL);
    const trigram = bigram + (chars[i + 2] ?? SENTINEL);
    if (!seen.has(trigram)) {
      seen.add(trigram);
      out += out.length === 0 ? trigram : ` ${trigram}`;
    }
    if (!seen.has(bigram)) {
      seen.add(bigram);
      out += ` ${bigram}`;
    }
  }
  return out;
}

/**
 * A 1- or 2-character query as an FTS5 query: a 2-character one is a bigram token, a
 * 1-character one the prefix of the tokens it starts (`0k3w*`).
 */
export function shortQuery(folded: string): string {
  const chars = encodedChars(folded);
  return chars.length === 1 ? `${chars[0]}*` : chars.join('');
}

/** A word for the target index: letters and digits (so each is one token of FTS5's `ascii` tokenizer). */
const NOT_WORD = /[^\p{L}\p{N}]+/u;

/**
 * What the target index stores: text whose tokens, as FTS5's `ascii` tokenizer splits it
 * (runs of ASCII letters and digits and of any non-ASCII character), are the words of the
 * folded text. Targets are English, Russian and the like, where a translator searches for
 * words and their beginnings; words are 5–10× fewer tokens than bigrams, so the index is
 * cheap to write. Text of ASCII and Cyrillic letters is handed over folded, as the
 * tokenizer splits it the same way (a repeated word is one posting: the index keeps no
 * positions); other text is split here, so `«`, `—` or `，` never join words.
 * indexedWords('The SCO, the SCO!') → 'the sco, the sco!' (tokens: the, sco)
 * indexedWords('«Пояс»—путь') → 'пояс путь'
 */
export function indexedWords(text: string): string {
  const folded = foldForIndex(text);
  if (ASCII_AND_CYRILLIC.test(folded)) return folded;
  return [...new Set(folded.split(NOT_WORD).filter((w) => w.length > 0))].join(' ');
}

/** Text the `ascii` tokenizer splits into the same words as NOT_WORD does: ASCII, and Cyrillic letters. */
const ASCII_AND_CYRILLIC = /^[\u0000-\u007F\u0401\u0410-\u044F\u0451]*$/;

/**
 * The words of a query as quoted FTS5 terms to be ANDed: whole words, or with `prefix`
 * the last one as a word beginning (`"partner"*`).
 * wordTerms('Belt and Road', true) → ['"belt"', '"and"', '"road"*']
 */
export function wordTerms(q: string, prefix: boolean): string[] {
  const words = [...new Set(foldForIndex(q).split(NOT_WORD).filter((w) => w.length > 0))];
  return words.map((w, i) => (prefix && i === words.length - 1 ? `"${w}"*` : `"${w}"`));
}

/**
 * A 53-bit hash of the text as matching sees it, stored beside each TM unit so exact
 * and normalisation-only matches are one index seek. Two FNV-1a variants over UTF-16
 * units; a collision only adds a candidate, which scoring then judges on its text.
 * sourceKey('两国 元首') === sourceKey('两国元首')
 */
export function sourceKey(text: string): number {
  return foldedSourceKey(foldForIndex(text));
}

/** sourceKey of text already folded by foldForIndex (the same normalised form once its spaces go). */
export function foldedSourceKey(folded: string): number {
  const normalized = folded.replace(/ /g, '');
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ normalized.length;
  for (let i = 0; i < normalized.length; i++) {
    const c = normalized.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  return (h1 >>> 0) * 0x200000 + ((h2 >>> 0) & 0x1fffff);
}

/**
 * A 53-bit hash of an exact source/target pair with its languages (no folding: two pairs
 * differing in one space are two pairs), stored beside each TM unit so a new pair is
 * checked against the few units with its key instead of a unique index over every text
 * (db/migrations "tm_bulk_index"). Each field's length is mixed in, so moving text from
 * one field to the next changes the key.
 * pairKey('zh-CN', 'en', '甲', 'A') !== pairKey('zh-CN', 'en', '甲A', '')
 */
export function pairKey(sourceLang: string, targetLang: string, sourceText: string, targetText: string): number {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (const field of [sourceLang, targetLang, sourceText, targetText]) {
    h1 = Math.imul(h1 ^ field.length, 0x01000193);
    h2 = Math.imul(h2 ^ field.length, 0x5bd1e995);
    for (let i = 0; i < field.length; i++) {
      const c = field.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995);
      h2 ^= h2 >>> 15;
    }
  }
  return (h1 >>> 0) * 0x200000 + ((h2 >>> 0) & 0x1fffff);
}

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

/**
 * How the source index writes a character (db/migrations "tm_raw_grams"). FTS5's `ascii`
 * tokenizer keeps ASCII letters and digits and every non-ASCII character inside a token and
 * splits at any other ASCII character; so those (punctuation, spaces, controls) move to the
 * private-use block, U+E000 + their code, and every other character stands for itself.
 * Tokens are then the text's own UTF-8 (3 bytes a Chinese character, 1 an ASCII letter),
 * where a base-36 code took 4 bytes a character and a pass to make: this halved the
 * source index's write time (bench/tm.ts). UTF-8 never makes one character's bytes the
 * start of another's, so a token prefix still ends on a character.
 * A text holding private-use characters U+E000–U+E080 shares tokens with the ASCII they
 * stand for; that only adds candidates, which scoring and concordance check on the text.
 */
const ASCII_SPLITTERS = /[^0-9A-Za-z\u0080-\uFFFF]/g;
const shifted = (c: string) => String.fromCharCode(0xe000 + c.charCodeAt(0));
/** Pads the end of every indexed text, so each character starts a token (1- and 2-character searches); no ASCII maps to it. */
const SENTINEL = '\ue080';
const SURROGATE = /[\ud800-\udfff]/;

/** The characters of folded text as the index writes them (a surrogate pair is one character). */
function indexChars(folded: string): string[] {
  const text = folded.replace(ASCII_SPLITTERS, shifted);
  return SURROGATE.test(text) ? Array.from(text) : text.split('');
}

/**
 * The index tokens of folded text, in text order: one per character, holding it and the
 * two after it (trigrams), the last two padded with the sentinel. Repeats are kept
 * (callers dedupe).
 * gramTokens('a,b') → ['a\ue02cb', '\ue02cb\ue080', 'b\ue080\ue080']
 */
export function gramTokens(folded: string): string[] {
  const chars = indexChars(folded);
  return chars.map((c, i) => c + (chars[i + 1] ?? SENTINEL) + (chars[i + 2] ?? SENTINEL));
}

/**
 * One token per character holding it and the next (bigrams), the last padded. Short
 * segments need them: one edit in "交合作。" leaves it no trigram in common with "交合新。".
 * bigramTokens('ab') → ['ab', 'b\ue080']
 */
export function bigramTokens(folded: string): string[] {
  const chars = indexChars(folded);
  return chars.map((c, i) => c + (chars[i + 1] ?? SENTINEL));
}

/** The tokens of a query of 3 or more characters that lie inside it (no sentinel). */
export function innerGramTokens(folded: string): string[] {
  const tokens = gramTokens(folded);
  return tokens.slice(0, Math.max(0, tokens.length - 2));
}

/**
 * What the source index stores for a text (already folded): its trigrams and bigrams,
 * space-separated. Repeats are kept: the index keeps no positions, so FTS5 files a token
 * twice in one unit as once, for less than checking each against a set here cost
 * (a third of making them; TM seeding makes this for every unit).
 * indexedGrams('ab') → 'ab\ue080 ab b\ue080\ue080 b\ue080'
 */
export function indexedGrams(folded: string): string {
  const text = folded.replace(ASCII_SPLITTERS, shifted);
  if (SURROGATE.test(text)) return [...gramTokens(folded), ...bigramTokens(folded)].join(' ');
  // One UTF-16 unit a character here: tokens are slices of the padded text.
  const padded = text + SENTINEL + SENTINEL;
  const tokens: string[] = new Array(2 * text.length);
  for (let i = 0; i < text.length; i++) {
    tokens[2 * i] = padded.slice(i, i + 3);
    tokens[2 * i + 1] = padded.slice(i, i + 2);
  }
  return tokens.join(' ');
}

/** A source token as an FTS5 query term (quoted: the query parser then takes it as it is). */
export function gramTerm(token: string): string {
  return `"${token}"`;
}

/**
 * A 1- or 2-character query as an FTS5 query: a 2-character one is a bigram token, a
 * 1-character one the prefix of the tokens it starts (`"信"*`).
 */
export function shortQuery(folded: string): string {
  const chars = indexChars(folded);
  return chars.length === 1 ? `${gramTerm(chars[0]!)}*` : gramTerm(chars.join(''));
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

/**
 * Chinese–English lexicon from CC-CEDICT: dictionary maximum matching on the Chinese side,
 * glosses reduced to English word stems, and per-character pinyin readings for name matching.
 */
import { cedictSource, preparedCedictLines } from './lexicon-data.js';

/** A parsed dictionary: Chinese word → English gloss stems, and Chinese word → pinyin syllables. */
export interface Lexicon {
  glosses: Map<string, string[]>;
  readings: Map<string, string[]>;
  maxWordLength: number;
}

/** One token of a Chinese sentence after maximum matching. */
export interface ZhToken {
  text: string;
  start: number;
  /** True for a run of Han characters, false for digits, Latin words and the like. */
  han: boolean;
}

// Words that carry no alignment evidence, plus CEDICT's own metalanguage (sb, sth, bound form…).
const EN_STOP = new Set(
  `a an the and or but if then else of to in on at by for with from into onto upon about as is are was were be been being
  am do does did done have has had having i me my mine we us our you your yours he him his she her hers it its they them
  their theirs this that these those there here what which who whom whose when where why how not no nor so than too very
  can could will would shall should may might must just also only even still yet all any some each every both either
  neither one ones oneself myself yourself himself herself itself ourselves themselves up down out over under again
  further once off more most other such own same s t don now sb sth etc something someone somebody anything used form
  bound particle classifier measure word literary fig lit esp indicating expressing modal marker abbr variant see pr
  sbd sth's sb's le de ye ba ma ne a1 le5 de5 get got let make made like well back`.split(/\s+/),
);

/**
 * English word → crude stem, shared by glosses and target sentences so both meet in the same form.
 * @example stemEnglish('meetings') // → 'meet'
 * @example stemEnglish('studies') // → 'study'
 */
export function stemEnglish(word: string): string {
  let w = word.toLowerCase().replace(/['’]s$/, '').replace(/['’]/g, '');
  if (w.length > 4 && w.endsWith('ies')) w = `${w.slice(0, -3)}y`;
  else if (w.length > 4 && w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith('s') && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
  let suffixed = false;
  if (w.length > 5 && w.endsWith('ing')) [w, suffixed] = [w.slice(0, -3), true];
  else if (w.length > 4 && w.endsWith('ed')) [w, suffixed] = [w.slice(0, -2), true];
  else if (w.length > 5 && w.endsWith('ly')) w = w.slice(0, -2);
  if (w.length > 4 && w.endsWith('e')) w = w.slice(0, -1);
  // running → runn: drop the doubled final consonant that -ing/-ed left behind.
  if (suffixed && w.length > 3 && /([bdgmnprt])\1$/.test(w)) w = w.slice(0, -1);
  return w;
}

/**
 * Russian word → a truncated stem. Russian inflects heavily; cutting to the first five letters
 * is a standard cheap substitute for a stemmer in alignment work.
 * @example stemRussian('сотрудничества') // → 'сотру'
 */
export function stemRussian(word: string): string {
  const w = word.toLowerCase().replace(/ё/g, 'е');
  return w.length > 5 ? w.slice(0, 5) : w;
}

const RU_STOP = new Set(
  `и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только ее её мне было вот от меня
  еще ещё нет о из ему теперь когда даже ну вдруг ли если уже или ни быть был него до вас нибудь опять уж вам ведь там
  потом себя ничего ей может они тут где есть надо ней для мы тебя их чем была сам чтоб без будто чего раз тоже себе
  под будет ж тогда кто этот того потому этого какой совсем ним здесь этом один почти мой тем чтобы нее неё были куда
  зачем всех никогда можно при наконец два об другой хоть после над больше тот через эти нас про всего них какая много
  разве три эту моя впрочем хорошо свою этой перед иногда лучше чуть том нельзя такой им более всегда конечно всю между
  это также которые который которая которых которое`.split(/\s+/),
);

/**
 * Content-word stems of an English or Russian sentence (stop words dropped), in order.
 * @example targetStems('The two sides held talks.', 'en') // → ['two', 'side', 'held', 'talk']
 */
export function targetStems(text: string, lang: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu)) {
    const w = m[0].toLowerCase();
    if (lang === 'ru') {
      if (RU_STOP.has(w) || w.length < 2) continue;
      out.push(stemRussian(w));
    } else {
      if (EN_STOP.has(w) || w.length < 2 || /^\d+$/.test(w)) continue;
      const s = stemEnglish(w);
      if (!EN_STOP.has(s)) out.push(s);
    }
  }
  return out;
}

const SKIP_GLOSS = /^(surname |variant of|old variant|see |used in|CL:|abbr\. for|also written|also pr\.|Taiwan pr\.|erhua variant|\(old\)|archaic variant|japanese variant)/i;

function glossStems(defs: string[]): string[] {
  const stems = new Set<string>();
  for (const raw of defs) {
    if (SKIP_GLOSS.test(raw)) continue;
    const gloss = raw.replace(/\([^)]*\)/g, ' ').replace(/\[[^\]]*\]/g, ' ').replace(/\S*\|\S*/g, ' ');
    for (const m of gloss.matchAll(/[A-Za-z]+(?:'[a-z]+)?/g)) {
      const w = m[0].toLowerCase();
      if (EN_STOP.has(w) || w.length < 2) continue;
      stems.add(stemEnglish(w));
    }
  }
  // Very long gloss lists (characters with a dozen senses) dilute the evidence; keep the first senses.
  return [...stems].slice(0, 16);
}

function syllables(pinyin: string): string[] {
  return pinyin
    .toLowerCase()
    .split(/\s+/)
    .map((s) => s.replace(/u:/g, 'v').replace(/[0-9]/g, ''))
    .filter((s) => /^[a-zv]+$/.test(s));
}

/**
 * Parse CC-CEDICT text. A character's reading is the one with the most glosses across its entries
 * (说 → shuo rather than shui), which is the common reading in practice. `keep` filters entries
 * by their simplified headword before the (costly) gloss parsing.
 * @example parseCedict('說 说 [shuo1] /to speak/to say/\n').glosses.get('说') // → ['speak', 'say']
 */
export function parseCedict(text: string, keep?: (simplified: string) => boolean): Lexicon {
  const glosses = new Map<string, string[]>();
  const readings = new Map<string, string[]>();
  const readingWeight = new Map<string, number>();
  let maxWordLength = 1;
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const lineStart = start;
    start = end + 1;
    if (end === lineStart || text.charCodeAt(lineStart) === 35 /* # */) continue;
    // `Trad Simp [pin1 yin1] /gloss/gloss/`: find Simp with two indexOf calls, and skip the line
    // before any regular expression runs when the caller has no use for the word.
    const s1 = text.indexOf(' ', lineStart);
    if (s1 < 0 || s1 >= end) continue;
    const s2 = text.indexOf(' ', s1 + 1);
    if (s2 < 0 || s2 >= end) continue;
    const simp = text.slice(s1 + 1, s2);
    if (keep !== undefined && !keep(simp)) continue;
    const m = /^\[([^\]]*)\] \/(.*)\/\s*$/.exec(text.slice(s2 + 1, end));
    if (m === null) continue;
    const defs = (m[2] ?? '').split('/');
    const stems = glossStems(defs);
    const prev = glosses.get(simp);
    if (prev === undefined) glosses.set(simp, stems);
    else if (stems.length > 0) glosses.set(simp, [...new Set([...prev, ...stems])].slice(0, 24));
    const syl = syllables(m[1] ?? '');
    const len = [...simp].length;
    if (syl.length === len) {
      const weight = defs.filter((d) => d.length > 0 && !SKIP_GLOSS.test(d)).length;
      if (weight > (readingWeight.get(simp) ?? -1)) {
        readings.set(simp, syl);
        readingWeight.set(simp, weight);
      }
    }
    if (len > maxWordLength && len <= 8) maxWordLength = len;
  }
  return { glosses, readings, maxWordLength };
}

/** A parsed dictionary in its prepared form (see `prepareLexicon`). */
export interface PreparedLexicon {
  /** One headword a line, `word<TAB>stems<TAB>reading`, grouped by the word's first character. */
  body: string;
  /** First character's code point → the UTF-8 byte range [start, end) of its lines in `body`. */
  index: Record<string, [number, number]>;
}

/** Names the format of a prepared dictionary; a build of another format is not read. */
export const PREPARED_FORMAT = 'duizhao-lexicon 2';

/**
 * A parsed dictionary in the form the build writes once (dist/data/cedict.tsv and .idx.json), so
 * no run parses CC-CEDICT's glosses again and a short text reads only the lines of its own
 * characters. Stems and pinyin syllables are separated by spaces; either may be empty.
 * @example prepareLexicon(parseCedict('說 说 [shuo1] /to speak/\n')) // → { body: '说\tspeak\tshuo\n', index: { 35828: [0, 15] } }
 */
export function prepareLexicon(lexicon: Lexicon): PreparedLexicon {
  const byFirst = new Map<number, string[]>();
  for (const [word, stems] of lexicon.glosses) {
    const first = word.codePointAt(0) ?? 0;
    const lines = byFirst.get(first) ?? [];
    lines.push(`${word}\t${stems.join(' ')}\t${(lexicon.readings.get(word) ?? []).join(' ')}\n`);
    byFirst.set(first, lines);
  }
  const parts: string[] = [];
  const index: Record<string, [number, number]> = {};
  let at = 0;
  for (const first of [...byFirst.keys()].sort((x, y) => x - y)) {
    const text = (byFirst.get(first) ?? []).join('');
    const bytes = utf8Length(text);
    index[String(first)] = [at, at + bytes];
    at += bytes;
    parts.push(text);
  }
  return { body: parts.join(''), index };
}

function utf8Length(text: string): number {
  let n = 0;
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c < 0xdc00) {
      n += 4;
      k++;
    } else n += 3;
  }
  return n;
}

/**
 * Prepared dictionary lines read back into a `Lexicon`, keeping only the headwords `keep`
 * accepts (tested before the line is split).
 * @example parsePreparedLexicon('说\tspeak\tshuo\n').readings.get('说') // → ['shuo']
 */
export function parsePreparedLexicon(lines: string, keep?: (word: string) => boolean): Lexicon {
  const glosses = new Map<string, string[]>();
  const readings = new Map<string, string[]>();
  let maxWordLength = 1;
  let start = 0;
  while (start < lines.length) {
    let end = lines.indexOf('\n', start);
    if (end < 0) end = lines.length;
    const lineStart = start;
    start = end + 1;
    const tab1 = lines.indexOf('\t', lineStart);
    if (tab1 < 0 || tab1 >= end) continue;
    const word = lines.slice(lineStart, tab1);
    if (keep !== undefined && !keep(word)) continue;
    const tab2 = lines.indexOf('\t', tab1 + 1);
    const stems = lines.slice(tab1 + 1, tab2 < 0 || tab2 > end ? end : tab2);
    glosses.set(word, stems.length > 0 ? stems.split(' ') : []);
    if (tab2 >= 0 && tab2 < end - 1) readings.set(word, lines.slice(tab2 + 1, end).split(' '));
    const len = [...word].length;
    if (len > maxWordLength && len <= 8) maxWordLength = len;
  }
  return { glosses, readings, maxWordLength };
}

let inMemory: string | undefined;

/**
 * Prepared lines of the headwords starting with one of `firsts` (code points; all of them when
 * undefined): from the build's files, or, running from sources before a build, prepared now.
 */
function preparedLines(firsts?: readonly number[]): string {
  const built = preparedCedictLines(PREPARED_FORMAT, firsts);
  if (built !== undefined) return built;
  inMemory ??= prepareLexicon(parseCedict(cedictSource())).body;
  return inMemory;
}

let cached: Lexicon | undefined;

/**
 * The whole CC-CEDICT lexicon, read on first use and then kept:
 * it is immutable, so sharing it between calls is safe.
 * @example defaultLexicon().glosses.get('比什凯克') // → ['bishkek', 'capital', 'kyrgyzstan']
 */
export function defaultLexicon(): Lexicon {
  cached ??= parsePreparedLexicon(preparedLines());
  return cached;
}

/**
 * CC-CEDICT restricted to the words that can occur in `texts`: every character of the word is in
 * the texts and so is every adjacent pair of characters. Segmentation and readings of those texts
 * are exactly what the whole dictionary gives (any word maximum matching can find in them passes
 * the test), at a fraction of the cost: a MAC-Dev chapter needs ~3 % of the entries.
 * @example lexiconFor(['两国元首举行会谈']).glosses.get('会谈') // → ['talk', ...]
 * @example lexiconFor(['两国元首举行会谈']).glosses.has('比什凯克') // → false
 */
export function lexiconFor(texts: Iterable<string>): Lexicon {
  // Characters get small dense ids (a table for the Basic Multilingual Plane, a map beyond it), so
  // that a pair of them is a small-integer key: a set of code-point pairs, which are doubles, is
  // several times slower on a long document.
  const bmp = new Int32Array(0x10000).fill(-1);
  const astral = new Map<number, number>();
  const seen: number[] = [];
  const idOf = (c: number, add: boolean): number => {
    if (c < 0x10000) {
      if ((bmp[c] ?? -1) < 0 && add) {
        bmp[c] = seen.length;
        seen.push(c);
      }
      return bmp[c] ?? -1;
    }
    let id = astral.get(c);
    if (id === undefined && add) {
      astral.set(c, (id = seen.length));
      seen.push(c);
    }
    return id ?? -1;
  };
  const PAIR = 1 << 15;
  const pairs = new Set<number>();
  const wide = new Set<string>();
  const pairKey = (a: number, b: number): number | string => (a < PAIR && b < PAIR ? a * PAIR + b : `${a},${b}`);
  for (const text of texts) {
    let prev = -1;
    for (let k = 0; k < text.length; k++) {
      let c = text.charCodeAt(k);
      if (c >= 0xd800 && c < 0xdc00 && k + 1 < text.length) {
        c = text.codePointAt(k) ?? c;
        k++;
      }
      const id = idOf(c, true);
      if (prev >= 0) {
        const key = pairKey(prev, id);
        if (typeof key === 'number') pairs.add(key);
        else wide.add(key);
      }
      prev = id;
    }
  }
  return parsePreparedLexicon(preparedLines(seen), (word) => {
    let prev = -1;
    for (const ch of word) {
      const id = idOf(ch.codePointAt(0) ?? 0, false);
      if (id < 0) return false;
      if (prev >= 0) {
        const key = pairKey(prev, id);
        if (!(typeof key === 'number' ? pairs.has(key) : wide.has(key))) return false;
      }
      prev = id;
    }
    return true;
  });
}

const HAN = /\p{Script=Han}/u;

/**
 * Forward maximum matching of a Chinese sentence against the dictionary; characters and runs
 * outside the Han script become tokens of their own.
 * @example segmentChinese('两国元首举行会谈', lex).map(t => t.text) // → ['两国', '元首', '举行', '会谈']
 */
export function segmentChinese(text: string, lexicon: Lexicon): ZhToken[] {
  // Features and name keys both segment each sentence, one right after the other.
  if (lastSegmentation !== undefined && lastSegmentation.text === text && lastSegmentation.lexicon === lexicon) return lastSegmentation.tokens;
  const chars = [...text];
  // UTF-16 offset of each character, so that a candidate word is one slice of the text.
  const at = new Int32Array(chars.length + 1);
  const han = new Uint8Array(chars.length);
  for (let k = 0; k < chars.length; k++) {
    const c = chars[k] ?? '';
    at[k + 1] = (at[k] ?? 0) + c.length;
    han[k] = HAN.test(c) ? 1 : 0;
  }
  const tokens: ZhToken[] = [];
  let i = 0;
  while (i < chars.length) {
    if (han[i] === 0) {
      let j = i;
      while (j < chars.length && han[j] === 0 && WORD_CHAR.test(chars[j] ?? '')) j++;
      if (j > i) tokens.push({ text: text.slice(at[i], at[j]), start: i, han: false });
      i = Math.max(j, i + 1);
      continue;
    }
    let len = Math.min(lexicon.maxWordLength, chars.length - i);
    for (; len > 1; len--) {
      if (han[i + len - 1] === 1 && lexicon.glosses.has(text.slice(at[i], at[i + len]))) break;
    }
    tokens.push({ text: text.slice(at[i], at[i + len]), start: i, han: true });
    i += len;
  }
  lastSegmentation = { text, lexicon, tokens };
  return tokens;
}

const WORD_CHAR = /[\p{L}\p{N}]/u;
let lastSegmentation: { text: string; lexicon: Lexicon; tokens: ZhToken[] } | undefined;

/**
 * Toneless pinyin for each character of a text (undefined for non-Han characters), read word by
 * word so that polyphones take the reading of the word they stand in.
 * @example pinyinOf('习近平', lex) // → ['xi', 'jin', 'ping']
 */
export function pinyinOf(text: string, lexicon: Lexicon): (string | undefined)[] {
  const chars = [...text];
  const out: (string | undefined)[] = new Array<string | undefined>(chars.length).fill(undefined);
  for (const t of segmentChinese(text, lexicon)) {
    if (!t.han) continue;
    const tchars = [...t.text];
    const word = lexicon.readings.get(t.text);
    tchars.forEach((c, k) => {
      out[t.start + k] = word?.[k] ?? lexicon.readings.get(c)?.[0];
    });
  }
  return out;
}

/**
 * The names check of triangulation QA: a proper name in one translation of a group that the
 * other translation lacks. Names are matched across scripts by transliteration both ways
 * (Japarov ↔ Жапаров, Bishkek ↔ Бишкеке) and, for Chinese names, through pinyin and Palladius
 * (Xi Jinping ↔ Си Цзиньпин). A capitalised word counts as a name only when the Chinese has it
 * too (its pinyin, or the consonant skeleton of a transliterated foreign name): that is both
 * what keeps "Joint Statement" or "Belt and Road" out, and the tie-breaker — a name the Chinese
 * and one translation have is one the other translation dropped. Pure.
 */
import { pinyinOf, type Lexicon } from '../align/lexicon.js';
import { consonantSkeleton, nameMatches, palladius, sourceNameKeys, type NameKeys, type TargetName, type WantedNameKeys } from '../align/names.js';
import { nameKey, sameNameKey, splitPinyin } from '../text/transliterate.js';
import { capitalize, finding, segmentsLabel, sideName, type GroupSide, type TriangulationFinding, type TriangulationGroup } from './triangulation-core.js';
import { slotsCovering } from './triangulation-signals.js';

const primary = (lang: string) => lang.split('-')[0] ?? lang;

/** One word (or two short adjacent ones: Xi Jinping, Си Цзиньпин) of a translation. */
interface Token {
  surface: string;
  /** Keys the word can meet another under: its own, and Palladius of its pinyin reading. */
  keys: string[];
}

// Palladius of every string tried as a pinyin syllable, and of every word tried as pinyin:
// both are pure, and a document repeats its words. Bounded caches.
const CACHE_SIZE = 20_000;
const syllableCache = new Map<string, string | null>();
const wordCache = new Map<string, string | null>();
function cached<T>(cache: Map<string, T>, key: string, make: () => T): T {
  const known = cache.get(key);
  if (known !== undefined) return known;
  const value = make();
  if (cache.size >= CACHE_SIZE) cache.clear();
  cache.set(key, value);
  return value;
}

const palladiusCached = (syllable: string) => cached(syllableCache, syllable, () => palladius(syllable) ?? null);

/**
 * Palladius (Cyrillic) of a Latin word that reads as pinyin throughout, else undefined.
 * @example pinyinInCyrillic('Jinping') // → 'цзиньпин'
 */
export function pinyinInCyrillic(word: string): string | undefined {
  const value = cached(wordCache, word, () => {
    if (!/^[A-Za-z'’]+$/.test(word)) return null;
    const syllables = splitPinyin(word, (s) => palladiusCached(s) !== null);
    return syllables ? syllables.map((s) => palladiusCached(s) ?? '').join('') : null;
  });
  return value ?? undefined;
}

function token(surface: string, capitalised: boolean): Token {
  const keys = [nameKey(surface)];
  // Chinese names in pinyin are capitalised (Jinping, Wang Yi); other words never need it.
  const cyrillic = capitalised ? pinyinInCyrillic(surface.replace(/\s+/g, '')) : undefined;
  if (cyrillic !== undefined) keys.push(nameKey(cyrillic));
  return { surface, keys };
}

const isCapitalised = (word: string) => /^\p{Lu}/u.test(word);

/** Every word of a text, and every pair of adjacent capitalised words (names of two words), as tokens. */
function tokensOf(text: string): Token[] {
  const words = [...text.matchAll(/[\p{L}\p{N}]+/gu)];
  const out: Token[] = [];
  words.forEach((w, k) => {
    const capitalised = isCapitalised(w[0]);
    out.push(token(w[0], capitalised));
    const next = words[k + 1];
    if (capitalised && next && isCapitalised(next[0]) && /^[ \u00a0]$/.test(text.slice(w.index + w[0].length, next.index))) out.push(token(`${w[0]} ${next[0]}`, true));
  });
  return out;
}

/**
 * Candidate names of a translation: capitalised words of three letters or more that are not
 * abbreviations (SCO, ООН stand for common nouns), and a capitalised pair with a word under
 * three letters (Xi Jinping, Wang Yi, Си Цзиньпин), which only make a name together.
 */
function candidatesOf(text: string): Token[] {
  const words = [...text.matchAll(/[\p{L}\p{N}]+/gu)];
  const capital = (w: string) => /^\p{Lu}/u.test(w) && !/^[\p{Lu}\p{N}]+$/u.test(w) && /^\p{L}+$/u.test(w);
  const out: Token[] = [];
  words.forEach((w, k) => {
    const next = words[k + 1];
    const adjacent = next && /^[ \u00a0]$/.test(text.slice(w.index + w[0].length, next.index));
    if (adjacent && capital(w[0]) && capital(next[0]) && (w[0].length < 3 || next[0].length < 3)) out.push(token(`${w[0]} ${next[0]}`, true));
    else if (capital(w[0]) && w[0].length >= 3) out.push(token(w[0], true));
  });
  return out;
}

const meets = (a: Token, b: Token) => a.keys.some((ka) => b.keys.some((kb) => sameNameKey(ka, kb)));

// Russian keeps its pre-Palladius exonyms for these Chinese places (Пекин, not Бэйцзин); every
// other name in pinyin takes its Palladius form. A fact of the language pair, like month names.
const RUSSIAN_EXONYMS: Record<string, string> = { beijing: 'пекин', nanjing: 'нанкин', xizang: 'тибет' };

/** A candidate as align/names.ts matches it against a Chinese sentence's keys. */
function targetName(surface: string, lang: string): TargetName {
  const key = surface.toLowerCase().replace(/[\s'’-]/g, '').replace(/ё/g, 'е');
  const skeletons = [consonantSkeleton(key)];
  if (primary(lang) === 'ru' && key.length > 5) skeletons.push(consonantSkeleton(key.slice(0, -2)));
  return { surface, key, skeletons };
}

/** The only Chinese keys `chineseWindow` can look up for these candidates (align/names.ts's `wanted`). */
function wantedKeys(candidates: readonly Token[], lang: string): WantedNameKeys {
  const exact = new Set<string>();
  const skeletons = new Set<string>();
  for (const c of candidates) {
    const name = targetName(c.surface, lang);
    for (let cut = 0; cut <= 2 && name.key.length - cut >= 2; cut++) exact.add(cut === 0 ? name.key : name.key.slice(0, -cut));
    for (const sk of name.skeletons) {
      skeletons.add(sk);
      skeletons.add(sk.slice(0, -1));
    }
  }
  return { exact, skeletons };
}

/**
 * align/names.ts's keys of a Chinese text, restricted to what the candidates of both sides can
 * look up: pinyin keys and skeletons (which do not depend on the language), and Russian exact
 * keys, the Palladius renderings of the same windows, made here through the syllable cache
 * (rendering every window afresh was most of this check's time on long documents).
 */
function chineseKeys(source: string, lexicon: Lexicon, wanted: readonly WantedNameKeys[]): { en: NameKeys; ru: NameKeys } {
  const [english, russian] = [0, 1].map((k) => wanted[k] ?? { exact: new Set<string>(), skeletons: new Set<string>() }) as [WantedNameKeys, WantedNameKeys];
  const keys = sourceNameKeys(source, lexicon, 'en', { exact: english.exact, skeletons: new Set([...english.skeletons, ...russian.skeletons]) });
  const chars = [...source];
  const pinyin = russian.exact.size > 0 ? pinyinOf(source, lexicon) : [];
  const exact = new Map<string, string>();
  for (let i = 0; i < pinyin.length; i++) {
    let key = '';
    for (let len = 1; len <= 4 && i + len <= chars.length; len++) {
      const syllable = pinyin[i + len - 1];
      const rendered = syllable === undefined ? null : palladiusCached(syllable);
      if (rendered === null) break;
      key += rendered;
      if (len >= 2 && russian.exact.has(key) && !exact.has(key)) exact.set(key, chars.slice(i, i + len).join(''));
    }
  }
  return { en: keys, ru: { exact, skeletons: keys.skeletons } };
}

/**
 * Whether the Chinese could confirm a candidate at all: by its pinyin (English words that read
 * as pinyin), by Palladius (Russian words and pairs), or by a skeleton of three classes or more.
 * "The", "This", "Эти" are none of these and cost the Chinese look-up nothing.
 */
function confirmable(candidate: Token, lang: string): boolean {
  const name = targetName(candidate.surface, lang);
  if (name.skeletons.some((sk) => sk.length >= 3)) return true;
  return primary(lang) === 'ru' ? name.key.length >= 4 : candidate.keys.length > 1;
}

/**
 * The Chinese window a candidate name stands for, if any: its exact pinyin (Palladius for
 * Russian) or its consonant skeleton. Chinese transliteration often drops or adds a final
 * consonant (扎帕罗夫 has no character for -v in the transliteration table), so a skeleton one
 * class longer than a window's of three or more classes still counts.
 */
function chineseWindow(candidate: Token, keys: NameKeys, lang: string, source: string): string | undefined {
  const name = targetName(candidate.surface, lang);
  const how = nameMatches(name, keys, primary(lang));
  if (how === 'exact') {
    for (let cut = 0; cut <= 2; cut++) {
      const hit = keys.exact.get(cut === 0 ? name.key : name.key.slice(0, -cut));
      if (hit !== undefined) return hit;
    }
  }
  for (const sk of name.skeletons) {
    const hit = sk.length >= 3 ? keys.skeletons.get(sk) : undefined;
    if (hit !== undefined) return hit;
    const shorter = sk.length >= 4 ? keys.skeletons.get(sk.slice(0, -1)) : undefined;
    // The name's last consonant is the next character, outside the table (扎帕罗 + 夫): show it.
    if (shorter !== undefined) return extendWindow(shorter, source);
  }
  return undefined;
}

/** `window` and the Han character after it in `source`, if there is one. */
function extendWindow(window: string, source: string): string {
  const at = source.indexOf(window);
  const next = at >= 0 ? [...source.slice(at + window.length)][0] : undefined;
  return next !== undefined && /\p{Script=Han}/u.test(next) ? window + next : window;
}

/** Tokens the other translation would show for a Chinese window: its pinyin, Palladius, exonym. */
function windowTokens(window: string, lexicon: Lexicon): Token[] {
  const syllables = pinyinOf(window, lexicon).filter((s): s is string => s !== undefined);
  const pinyin = syllables.join('');
  const out = [token(pinyin, false), token(syllables.map((s) => palladius(s) ?? s).join(''), false)];
  const exonym = RUSSIAN_EXONYMS[pinyin];
  if (exonym) out.push(token(exonym, false));
  return out;
}

const skeletonsMeet = (a: string, b: string) => a.length >= 3 && b.length >= 3 && (a === b || (Math.abs(a.length - b.length) === 1 && Math.min(a.length, b.length) >= 3 && (a.startsWith(b) || b.startsWith(a))));

/** Whether `side` shows the Chinese window `window` by pinyin, Palladius, exonym or skeleton. */
function showsWindow(window: string, side: GroupSide, tokens: readonly Token[], lexicon: Lexicon): boolean {
  const wanted = windowTokens(window, lexicon);
  if (tokens.some((t) => wanted.some((w) => meets(t, w)))) return true;
  const pinyin = pinyinOf(window, lexicon).filter((s): s is string => s !== undefined).join('');
  const skeleton = consonantSkeleton(pinyin);
  return tokens.some((t) => targetName(t.surface, side.lang).skeletons.some((sk) => skeletonsMeet(sk, skeleton)));
}

/**
 * Names one translation of the group has and the other lacks, confirmed by the Chinese.
 * Without a lexicon (no pinyin readings) nothing can be confirmed and nothing is reported.
 * @example English "Xi Jinping met Sadyr Japarov", Russian "Си Цзиньпин встретился с президентом"
 *   → the Russian lacks the name Japarov (扎帕罗夫 in the Chinese)
 */
export function nameFindings(group: TriangulationGroup, lexicon?: () => Lexicon): TriangulationFinding[] {
  if (!lexicon) return [];
  const [a, b] = group.sides;
  const tokens = new Map([[a.lang, tokensOf(a.text)], [b.lang, tokensOf(b.text)]]);
  // Names of each side the other side does not show, that the Chinese could confirm at all.
  const unmatched = new Map([a, b].map((side) => {
    const theirs = tokens.get((side === a ? b : a).lang)!;
    return [side.lang, candidatesOf(side.text).filter((c) => confirmable(c, side.lang) && !theirs.some((t) => meets(c, t)))] as const;
  }));
  if ([...unmatched.values()].every((list) => list.length === 0)) return [];
  // Only now are the Chinese readings needed, once for both directions.
  const lex = lexicon();
  const source = group.source.join('');
  const keys = chineseKeys(source, lex, [...unmatched].map(([lang, list]) => wantedKeys(list, lang)));
  const out: TriangulationFinding[] = [];
  for (const [side, other] of [[a, b], [b, a]] as const) {
    const theirs = tokens.get(other.lang)!;
    const lacking = new Map<string, string>();
    for (const candidate of unmatched.get(side.lang) ?? []) {
      const window = chineseWindow(candidate, primary(side.lang) === 'ru' ? keys.ru : keys.en, side.lang, source);
      if (window === undefined || showsWindow(window, other, theirs, lex)) continue;
      if (![...lacking.keys()].some((shown) => shown.includes(candidate.surface) || candidate.surface.includes(shown))) lacking.set(candidate.surface, window);
    }
    if (lacking.size === 0) continue;
    const shown = [...lacking].map(([surface, window]) => `“${surface}” (${window} in the Chinese)`);
    const names = shown.length <= 1 ? shown.join('') : `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
    const positions = [...lacking.values()].flatMap((w) => group.source.flatMap((text, i) => (text.includes(w) ? [group.first + i] : [])));
    out.push(finding('tri-names', {
      message: `${capitalize(sideName(other.lang))} lacks the name${shown.length > 1 ? 's' : ''} ${names}, which ${sideName(side.lang)} has (${segmentsLabel(group.first, group.last)}).`,
      suspect: other.lang, first: group.first, last: group.last,
      slots: slotsCovering(other, positions).map((start) => ({ lang: other.lang, start })),
    }));
  }
  return out;
}

/**
 * Latin ↔ Cyrillic transliteration for matching proper names across English and Russian
 * (Japarov ↔ Жапаров, Bishkek ↔ Бишкеке, Tokayev ↔ Токаев), and pinyin syllabification for
 * Chinese names written in Latin letters (Jinping → jin·ping). Pure functions.
 *
 * Transliteration is ambiguous in both directions (Russian ж is "zh" in BGN/PCGN but "j" in
 * Kyrgyz and Kazakh names written in English; English j is дж in John but ж in Japarov), so
 * names are not converted one way and compared: both spellings are reduced to one loose
 * phonetic key (`nameKey`) in which the usual alternatives meet, and keys are compared with
 * room for Russian case endings (`sameName`).
 */

// BGN/PCGN romanisation, the system English-language news and atlases use for Russian names,
// plus the extra letters of Kazakh, Kyrgyz and Ukrainian names that appear in Russian texts.
const CYRILLIC_LATIN: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'yo', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k',
  л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts',
  ч: 'ch', ш: 'sh', щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya',
  ә: 'a', ғ: 'gh', қ: 'q', ң: 'ng', ө: 'o', ұ: 'u', ү: 'u', һ: 'h', і: 'i', ї: 'yi', є: 'ye', ґ: 'g',
};
const CYRILLIC_VOWELS = new Set([...'аеёиоуыэюяәөұүіїє']);
const CYRILLIC = /\p{Script=Cyrillic}/u;

/**
 * Cyrillic letters in BGN/PCGN romanisation (е and ё are "ye"/"yo" at the start of a word and
 * after a vowel, ь and ъ), other characters unchanged; the case of each letter is kept.
 * @example romanize('Жапаров') // → 'Zhaparov'
 * @example romanize('Токаев') // → 'Tokayev'
 */
export function romanize(text: string): string {
  let out = '';
  let previous = '';
  for (const ch of text) {
    const lower = ch.toLowerCase();
    let latin = CYRILLIC_LATIN[lower];
    if (latin === undefined) {
      out += ch;
      previous = lower;
      continue;
    }
    const wordStart = previous === '' || !/\p{L}/u.test(previous);
    if ((lower === 'е' || lower === 'ё') && (wordStart || CYRILLIC_VOWELS.has(previous) || previous === 'ь' || previous === 'ъ')) {
      latin = lower === 'е' ? 'ye' : 'yo';
    }
    out += ch !== lower && latin.length > 0 ? latin[0]!.toUpperCase() + latin.slice(1) : latin;
    previous = lower;
  }
  return out;
}

// Latin spellings of one sound reduced to one letter, in order (longer spellings first).
// The alternatives come from comparing the English and Russian renderings of the same names:
// ж/дж ↔ j/zh/dzh (Japarov, Zhou, Dzhumabekov), х ↔ h/kh (Rakhmon, Rahmon), ц ↔ ts/tz,
// й/ы/и ↔ y/i, в ↔ v/w, and English doubled vowels (ee, oo) for и and у.
const KEY_RULES: readonly [RegExp, string][] = [
  [/shch|sch/g, 'sh'],
  [/dzh|dj|zh|j/g, 'j'],
  [/kh|gh|h/g, 'h'],
  [/tch/g, 'ch'],
  [/ck|q/g, 'k'],
  [/x/g, 'ks'],
  [/c(?=[eiy])/g, 's'],
  [/c(?!h)/g, 'k'],
  [/ph/g, 'f'],
  [/w/g, 'v'],
  [/ts|tz/g, 'c'],
  [/ee/g, 'i'],
  [/oo|ou/g, 'u'],
  [/y/g, 'i'],
  [/([a-z])\1+/g, '$1'],
];

/**
 * A loose phonetic key of a name in Latin or Cyrillic letters: both spellings of one name
 * meet (Japarov and Жапаров → 'japarov'); diacritics, case, hyphens and apostrophes drop.
 * @example nameKey('Жапаров') // → 'japarov'
 * @example nameKey('Kyrgyz') // → 'kirgiz'
 */
export function nameKey(name: string): string {
  const known = keyCache.get(name);
  if (known !== undefined) return known;
  const key = makeNameKey(name);
  // A document repeats its words: each distinct one is keyed once. Bounded, and only a cache.
  if (keyCache.size >= KEY_CACHE_SIZE) keyCache.clear();
  keyCache.set(name, key);
  return key;
}

const KEY_CACHE_SIZE = 50_000;
const keyCache = new Map<string, string>();

function makeNameKey(name: string): string {
  let s = romanize(name.toLowerCase());
  s = s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^a-z0-9]/g, '');
  for (const [pattern, replacement] of KEY_RULES) s = s.replace(pattern, replacement);
  return s;
}

/** Whether a text contains Cyrillic letters. */
export function isCyrillic(text: string): boolean {
  return CYRILLIC.test(text);
}

function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      current.push(value);
      best = Math.min(best, value);
    }
    if (best > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length]!;
}

const FINAL_VOWEL = /[aeiou]$/;
// What may follow a name in a Russian word: a case ending (Жапарова, Бишкеке, Кыргызстаном:
// at most three letters), or the relational-adjective suffix -ск- with its ending
// (кыргызская, ошской), which Russian uses where English puts the name itself before a noun.
const RUSSIAN_TAIL = /^(?:[a-z]{0,3}|s?k[a-z]{0,4})$/;

/**
 * Whether two words (Latin or Cyrillic, any case) can be the same name: equal keys, or one key
 * continued by a Russian case ending or adjective suffix, or (for keys of six letters or more)
 * one letter apart, two for ten or more.
 * @example sameName('Japarov', 'Жапарова') // → true
 * @example sameName('Kyrgyz', 'кыргызская') // → true
 * @example sameName('Naryn', 'Нарын') // → true
 * @example sameName('Osh', 'Оман') // → false
 */
export function sameName(a: string, b: string): boolean {
  return sameNameKey(nameKey(a), nameKey(b));
}

/**
 * `sameName` on keys already made by `nameKey` (for comparing many words without re-keying).
 * @example sameNameKey('japarov', 'japarovim') // → true
 */
export function sameNameKey(ka: string, kb: string): boolean {
  if (ka.length === 0 || kb.length === 0) return false;
  if (ka === kb) return true;
  // Keys of one name begin alike (the spellings of a first sound meet in the key); checking
  // that first spares the comparisons below for almost every pair of words.
  if (ka[0] !== kb[0]) return false;
  // A final vowel is where the languages differ most (Isfana ↔ Исфане, Moscow ↔ Москва).
  const trim = (k: string) => (k.length > 3 && FINAL_VOWEL.test(k) ? k.slice(0, -1) : k);
  const ta = trim(ka);
  const tb = trim(kb);
  for (const [x, y] of [[ka, kb], [ta, tb]] as const) {
    const [short, long] = x.length <= y.length ? [x, y] : [y, x];
    if (short.length >= 3 && long.startsWith(short) && RUSSIAN_TAIL.test(long.slice(short.length))) return true;
  }
  const short = ta.length <= tb.length ? ta : tb;
  const limit = short.length >= 10 ? 2 : short.length >= 6 ? 1 : 0;
  return limit > 0 && editDistance(ta, tb, limit) <= limit;
}

/**
 * Splits a Latin word into pinyin syllables when it reads as pinyin throughout (apostrophes
 * mark syllable breaks, as in Xi'an), preferring the fewest syllables; undefined otherwise.
 * `isSyllable` decides what a syllable is (e.g. `palladius(s) !== undefined` from align/names).
 * @example splitPinyin('Jinping', (s) => ['jin', 'ping', 'ji', 'n'].includes(s)) // → ['jin', 'ping']
 */
export function splitPinyin(word: string, isSyllable: (syllable: string) => boolean): string[] | undefined {
  const parts = word.toLowerCase().replace(/ü/g, 'v').split(/['’]/);
  const out: string[] = [];
  for (const part of parts) {
    if (!/^[a-z]+$/.test(part)) return undefined;
    // best[i]: the fewest syllables covering part[0, i); pinyin syllables have at most six letters.
    const best: (string[] | undefined)[] = [[]];
    for (let i = 1; i <= part.length; i++) {
      for (let len = Math.min(6, i); len >= 1; len--) {
        const before = best[i - len];
        const syllable = part.slice(i - len, i);
        if (before === undefined || !isSyllable(syllable)) continue;
        if (best[i] === undefined || before.length + 1 < best[i]!.length) best[i] = [...before, syllable];
      }
    }
    const whole = best[part.length];
    if (whole === undefined) return undefined;
    out.push(...whole);
  }
  return out.length > 0 ? out : undefined;
}

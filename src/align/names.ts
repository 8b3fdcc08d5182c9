/**
 * Proper-name evidence: Chinese names rendered in pinyin (English) or the Palladius system
 * (Russian), and foreign names in Chinese transliteration matched by consonant skeleton
 * (比什凯克 bishikeke ↔ Bishkek ↔ Бишкек all reduce to P-S-K).
 */
import { pinyinOf, type Lexicon } from './lexicon.js';

const PALLADIUS_INITIALS: Record<string, string> = {
  b: 'б', p: 'п', m: 'м', f: 'ф', d: 'д', t: 'т', n: 'н', l: 'л', g: 'г', k: 'к', h: 'х',
  j: 'цз', q: 'ц', x: 'с', zh: 'чж', ch: 'ч', sh: 'ш', r: 'ж', z: 'цз', c: 'ц', s: 'с',
};
// Finals after an initial. The zero-initial (y-, w-) spellings are listed separately below.
const PALLADIUS_FINALS: Record<string, string> = {
  a: 'а', o: 'о', e: 'э', ai: 'ай', ei: 'эй', ao: 'ао', ou: 'оу', an: 'ань', en: 'энь', ang: 'ан',
  eng: 'эн', ong: 'ун', er: 'эр', i: 'и', ia: 'я', ie: 'е', iao: 'яо', iu: 'ю', ian: 'янь', in: 'инь',
  iang: 'ян', ing: 'ин', iong: 'юн', u: 'у', ua: 'уа', uo: 'о', uai: 'уай', ui: 'уй', uan: 'уань',
  un: 'унь', uang: 'уан', v: 'юй', ve: 'юэ', van: 'юань', vn: 'юнь',
};
const PALLADIUS_WHOLE: Record<string, string> = {
  a: 'а', o: 'о', e: 'э', ai: 'ай', ei: 'эй', ao: 'ао', ou: 'оу', an: 'ань', en: 'энь', ang: 'ан',
  eng: 'эн', er: 'эр', yi: 'и', ya: 'я', ye: 'е', yao: 'яо', you: 'ю', yan: 'янь', yin: 'инь',
  yang: 'ян', ying: 'ин', yong: 'юн', wu: 'у', wa: 'ва', wo: 'во', wai: 'вай', wei: 'вэй',
  wan: 'вань', wen: 'вэнь', wang: 'ван', weng: 'вэн', yu: 'юй', yue: 'юэ', yuan: 'юань', yun: 'юнь',
  // Retroflex and dental sibilants take -и/-ы instead of the usual i-series.
  zhi: 'чжи', chi: 'чи', shi: 'ши', ri: 'жи', zi: 'цзы', ci: 'цы', si: 'сы', hui: 'хуэй',
};

/**
 * One toneless pinyin syllable in the Palladius system, or undefined if it is not a syllable.
 * @example palladius('jin') // → 'цзинь'
 * @example palladius('xi') // → 'си'
 */
export function palladius(syllable: string): string | undefined {
  const s = syllable.toLowerCase().replace(/ü|u:/g, 'v');
  const whole = PALLADIUS_WHOLE[s];
  if (whole !== undefined) return whole;
  const m = /^(zh|ch|sh|[bpmfdtnlgkhjqxrzcs])(.+)$/.exec(s);
  if (m === null) return undefined;
  const initial = m[1] ?? '';
  // After j, q, x the letter u stands for ü (ju = jü).
  const final = /^[jqx]$/.test(initial) ? (m[2] ?? '').replace(/^u/, 'v') : (m[2] ?? '');
  const i = PALLADIUS_INITIALS[initial];
  const f = PALLADIUS_FINALS[final];
  return i === undefined || f === undefined ? undefined : i + f;
}

const CYR_TO_LAT: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k',
  л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'h', ц: 'ts',
  ч: 'ch', ш: 'sh', щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya',
};

/**
 * The consonant skeleton of a name in Latin or Cyrillic letters, in coarse classes
 * (P b/p, F f/v, T d/t, K g/k/h, S sibilants, L l/r, M, N), repeats collapsed.
 * Chinese transliteration adds vowels and turns final consonants into syllables; the skeleton
 * survives that.
 * @example consonantSkeleton('bishikeke') // → 'PSK'
 * @example consonantSkeleton('Бишкек') // → 'PSK'
 */
export function consonantSkeleton(name: string): string {
  const lat = [...name.toLowerCase()].map((c) => CYR_TO_LAT[c] ?? c).join('');
  let out = '';
  for (let i = 0; i < lat.length; i++) {
    const two = lat.slice(i, i + 2);
    let cls: string | undefined;
    if (two === 'zh' || two === 'ch' || two === 'sh' || two === 'ts' || two === 'kh' || two === 'ph' || two === 'th' || two === 'ng') {
      cls = two === 'kh' ? 'K' : two === 'ph' ? 'F' : two === 'th' ? 'T' : two === 'ng' ? 'N' : 'S';
      i++;
    } else {
      const c = lat[i] ?? '';
      if ('bp'.includes(c)) cls = 'P';
      else if ('fv'.includes(c)) cls = 'F';
      else if ('dt'.includes(c)) cls = 'T';
      else if ('gkh'.includes(c)) cls = 'K';
      else if ('sxjzcq'.includes(c)) cls = 'S';
      else if ('lr'.includes(c)) cls = 'L';
      else if (c === 'm') cls = 'M';
      else if (c === 'n') cls = 'N';
    }
    if (cls !== undefined && !out.endsWith(cls)) out += cls;
  }
  return out;
}

// Characters that Chinese uses to transliterate foreign names (Xinhua's tables lean on these).
// A window made only of them may be a foreign name; other text is not compared by skeleton,
// which keeps chance matches rare.
const TRANSLIT_CHARS = new Set(
  [...`阿埃艾爱安昂奥巴拔白拜班邦保鲍贝本比彼毕宾波伯博布查察达戴丹德登迪蒂丁东杜敦多厄鄂恩尔法凡范菲费芬丰弗福富盖甘冈戈格根古瓜圭哈海汉豪赫黑亨洪胡华怀霍基吉加贾杰捷金卡凯坎康科克肯库夸奎拉莱赖兰朗劳勒雷里利丽莉连列林琳隆卢鲁伦罗洛马玛迈麦曼芒梅门蒙米密敏明莫姆穆纳奈南内尼涅宁纽努诺帕派潘佩彭皮普奇齐契乔切钦琼丘屈萨塞桑瑟森沙莎山尚绍舍什施史舒斯松苏索塔泰坦汤唐特提廷图托瓦万旺威韦维温沃乌伍武西希锡夏谢辛休雅亚扬耶叶伊因英尤扎詹泽哲珍朱兹佐祖喀汗喜热茨捷奥埃`],
);

/** Keys under which a Chinese sentence can meet a name in the target sentence. */
export interface NameKeys {
  /** pinyin (en) or Palladius (ru) renderings of 2–4 character windows → the Chinese window. */
  exact: Map<string, string>;
  /** consonant skeletons of windows made of transliteration characters → the Chinese window. */
  skeletons: Map<string, string>;
}

/**
 * The only keys a document's target names can match (see `nameMatches`): a source sentence need
 * keep no others, which spares a long document hundreds of thousands of map entries.
 */
export interface WantedNameKeys {
  exact: Set<string>;
  skeletons: Set<string>;
}

/**
 * Keys that `nameMatches` may look up for these target names.
 * @example [...wantedNameKeys(targetNames('в Бишкеке', 'ru'), 'ru').exact] // → ['бишкеке', 'бишкек', 'бишке']
 */
export function wantedNameKeys(names: Iterable<TargetName>, targetLang: string): WantedNameKeys {
  const exact = new Set<string>();
  const skeletons = new Set<string>();
  for (const name of names) {
    if (name.key.length >= 4) {
      exact.add(name.key);
      if (targetLang === 'ru') for (let cut = 1; cut <= 2 && name.key.length - cut >= 4; cut++) exact.add(name.key.slice(0, -cut));
    }
    for (const sk of name.skeletons) if (sk.length >= 3) skeletons.add(sk);
  }
  return { exact, skeletons };
}

/**
 * Name keys of a Chinese sentence for a target language; with `wanted`, only those keys.
 * @example sourceNameKeys('习近平会见', lex, 'ru').exact.has('сицзиньпин') // → true
 * @example sourceNameKeys('在比什凯克', lex, 'en').skeletons.has('PSK') // → true
 */
export function sourceNameKeys(text: string, lexicon: Lexicon, targetLang: string, wanted?: WantedNameKeys): NameKeys {
  const chars = [...text];
  const py = pinyinOf(text, lexicon);
  const exact = new Map<string, string>();
  const skeletons = new Map<string, string>();
  const render = (syl: string): string | undefined => (targetLang === 'ru' ? palladius(syl) : syl);
  for (let i = 0; i < chars.length; i++) {
    let key = '';
    let latin = '';
    let translit = true;
    for (let len = 1; len <= 6 && i + len <= chars.length; len++) {
      const syl = py[i + len - 1];
      if (syl === undefined) break;
      const r = render(syl);
      if (r === undefined) break;
      key += r;
      latin += syl;
      translit &&= TRANSLIT_CHARS.has(chars[i + len - 1] ?? '');
      if (len >= 2 && len <= 4 && !exact.has(key) && (wanted === undefined || wanted.exact.has(key))) exact.set(key, chars.slice(i, i + len).join(''));
      if (translit && len >= 2 && (wanted === undefined || wanted.skeletons.size > 0)) {
        const sk = consonantSkeleton(latin);
        // Keep the longest window with this skeleton: 比什凯克, not 比什凯.
        if (sk.length >= 3 && (skeletons.get(sk)?.length ?? 0) < len && (wanted === undefined || wanted.skeletons.has(sk))) skeletons.set(sk, chars.slice(i, i + len).join(''));
      }
    }
  }
  return { exact, skeletons };
}

/** A capitalised word (or two in a row) of the target sentence that may be a name. */
export interface TargetName {
  surface: string;
  key: string;
  /** The skeleton, and for Russian also the skeleton without a case ending (Бишкеком → PSK). */
  skeletons: string[];
}

/**
 * Candidate names in an English or Russian sentence: capitalised words and pairs of them
 * (Xi Jinping → 'xijinping'); hyphens and apostrophes are dropped.
 * @example targetNames('President Xi Jinping met', 'en').map(n => n.key) // → ['president', 'presidentxi', 'xi', 'xijinping', 'jinping']
 */
export function targetNames(text: string, lang: string): TargetName[] {
  const words = [...text.matchAll(/\p{Lu}[\p{L}'’-]*/gu)];
  const out: TargetName[] = [];
  const norm = (s: string): string => s.toLowerCase().replace(/['’-]/g, '').replace(/ё/g, 'е');
  const skel = (key: string): string[] => {
    const all = [consonantSkeleton(key)];
    if (lang === 'ru' && key.length > 5) all.push(consonantSkeleton(key.slice(0, -2)));
    return all;
  };
  for (let k = 0; k < words.length; k++) {
    const w = words[k];
    if (w === undefined) continue;
    out.push({ surface: w[0], key: norm(w[0]), skeletons: skel(norm(w[0])) });
    const next = words[k + 1];
    if (next !== undefined && next.index === w.index + w[0].length + 1) {
      const surface = `${w[0]} ${next[0]}`;
      out.push({ surface, key: norm(w[0] + next[0]), skeletons: skel(norm(w[0] + next[0])) });
    }
  }
  return out;
}

/**
 * Does a target name match the source keys? Russian names inflect (Си Цзиньпина), so up to two
 * final letters may be dropped before the exact comparison.
 * @example nameMatches(targetNames('в Бишкеке', 'ru')[0], sourceNameKeys('在比什凯克', lex, 'ru'), 'ru') // → 'skeleton'
 */
export function nameMatches(name: TargetName, keys: NameKeys, targetLang: string): 'exact' | 'skeleton' | undefined {
  if (name.key.length >= 4) {
    if (keys.exact.has(name.key)) return 'exact';
    if (targetLang === 'ru') {
      for (let cut = 1; cut <= 2 && name.key.length - cut >= 4; cut++) {
        if (keys.exact.has(name.key.slice(0, -cut))) return 'exact';
      }
    }
  }
  if (name.skeletons.some((sk) => sk.length >= 3 && keys.skeletons.has(sk))) return 'skeleton';
  return undefined;
}

/**
 * Cross-lingual term suggestions (issue #16): the translation of a glossary term in a language
 * the glossary lacks (Russian), read off the translations of the places where the Chinese term
 * and its equivalent in another language (English) co-occur. Phrases that recur across those
 * places and are rare elsewhere in the same documents are the candidates; inflected forms are
 * grouped by Snowball stems, and each candidate is shown in its most natural surface form.
 * Pure: the service gathers the texts.
 */
import { stemWord } from '../text/stem.js';
import { nameKey, sameNameKey } from '../text/transliterate.js';
import { pinyinInCyrillic } from './triangulation-names.js';

export interface TermCandidateInput {
  /** The language of the texts (the one the glossary lacks), e.g. 'ru'. */
  lang: string;
  /** The term's equivalents in the other language (English), preferred first. */
  pivot: readonly string[];
  /** The target texts of the groups where the Chinese term and a pivot equivalent co-occur. */
  evidence: readonly string[];
  /** The target texts of the other groups of the same documents (where the term is absent). */
  background: readonly string[];
  /** Whether the Chinese puts the term in quotation marks (“一带一路”): translators then quote it too. */
  sourceQuoted?: boolean;
  /** How many candidates to return (default 5). */
  limit?: number;
}

export interface TermCandidate {
  /** The form to propose: the most frequent one, the nominative-looking one on a tie. */
  text: string;
  /** Every surface form seen in the evidence, most frequent first, with its count. */
  forms: { text: string; count: number }[];
  /** Evidence groups the candidate occurs in, of `evidenceTotal`. */
  evidence: number;
  evidenceTotal: number;
  /** Other groups of the same documents it occurs in. */
  background: number;
  score: number;
}

// Function words a term neither starts nor ends with (it may hold them inside:
// «Совещание по взаимодействию и мерам доверия в Азии»). English for the pivot's length.
const STOP: Record<string, ReadonlySet<string>> = {
  ru: new Set(`и в во на с со по к ко о об обо от до из за для при без над под про через между а но или либо не ни что как
    же ли бы у также так то это этот эта эти этого этой этих его ее её их который которая которое которые которых свой своей
    своих своего свои был была были будет быть является являются стороны сторона двух две два обе обеих`.split(/\s+/)),
  en: new Set(`a an the and or of to in on at by for with from into as is are be its their this that these those both two
    between among its`.split(/\s+/)),
};
const stopOf = (lang: string) => STOP[lang.split('-')[0] ?? lang] ?? new Set<string>();

interface Word { surface: string; stem: string; stop: boolean; /** The first word of its text (capitalised for the sentence, not as a name). */ initial: boolean }

// A candidate never crosses a sentence or clause mark, nor a bracket; inside quotation marks it
// may cross commas («Один пояс, один путь»), and a quoted phrase is a candidate as a whole.
const QUOTED = /[«“„]([^«»“”„]{1,120})[»”“]/gu;

function wordsOf(chunk: { text: string; start: boolean }, lang: string): Word[] {
  const stop = stopOf(lang);
  return [...chunk.text.matchAll(/[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*/gu)].map((m, k) => {
    const lower = m[0].toLowerCase().replace(/ё/g, 'е');
    return { surface: m[0], stem: stemWord(m[0], lang), stop: stop.has(lower), initial: chunk.start && k === 0 };
  });
}

/** The text's runs of words between breaks, plus each quoted phrase whole (flagged); `start` marks a run that opens a sentence. */
function chunksOf(text: string): { text: string; quoted: boolean; start: boolean }[] {
  const quoted = [...text.matchAll(QUOTED)].map((m) => ({ text: m[1] ?? '', quoted: true, start: false }));
  const rest: { text: string; quoted: boolean; start: boolean }[] = [];
  let sentenceStart = true;
  // A bare number (2022) is no part of a term: «… игр 2022 года» is a date beside it.
  for (const m of text.replace(QUOTED, '«»').replace(/(?<![\p{L}\p{N}-])\d+(?:[.,]\d+)*(?![\p{L}\p{N}-])/gu, ';').matchAll(/([^.!?;:()[\]{}…—–,«»“”„"]*)([.!?;:()[\]{}…—–,«»“”„"]*)/gu)) {
    if (m[0].length === 0) continue;
    rest.push({ text: m[1] ?? '', quoted: false, start: sentenceStart });
    if ((m[1] ?? '').trim().length > 0 || /[.!?]/.test(m[2] ?? '')) sentenceStart = /[.!?…]/.test(m[2] ?? '');
  }
  return [...quoted, ...rest];
}

interface Gram { key: string; surface: string; content: number; quoted: boolean; capital: boolean }

/** Every phrase of 1..maxWords words of `text` that neither starts nor ends with a function word. */
function gramsOf(text: string, lang: string, maxWords: number): Gram[] {
  const out: Gram[] = [];
  for (const chunk of chunksOf(text)) {
    const words = wordsOf(chunk, lang);
    for (let i = 0; i < words.length; i++) {
      if (words[i]!.stop) continue;
      for (let n = 1; n <= maxWords && i + n <= words.length; n++) {
        const last = words[i + n - 1]!;
        if (last.stop) continue;
        const span = words.slice(i, i + n);
        out.push({
          key: span.map((w) => w.stem).join(' '),
          // A phrase quoted whole keeps its own punctuation («Один пояс, один путь»).
          surface: chunk.quoted && i === 0 && n === words.length ? chunk.text.trim() : span.map((w) => w.surface).join(' '),
          content: span.filter((w) => !w.stop).length,
          quoted: chunk.quoted && i === 0 && n === words.length,
          capital: !words[i]!.initial && /^\p{Lu}/u.test(words[i]!.surface),
        });
      }
    }
  }
  return out;
}

// Russian nominative endings of adjectives and the most common noun endings of the
// nominative singular: among equally frequent forms, the one with more of these is shown.
const NOMINATIVE = /(ый|ий|ой|ая|яя|ое|ее|ые|ие|ство|ция|ние|ость)$/;

function naturalForm(forms: Map<string, number>, lang: string): string {
  const ranked = [...forms].sort((a, b) => {
    if (b[1] !== a[1]) return b[1] - a[1];
    if ((lang.split('-')[0] ?? lang) === 'ru') {
      const nominative = (text: string) => text.split(' ').filter((w) => NOMINATIVE.test(w.toLowerCase())).length;
      const d = nominative(b[0]) - nominative(a[0]);
      if (d !== 0) return d;
    }
    return a[0].length - b[0].length;
  });
  return ranked[0]![0];
}

/** Content words of the pivot equivalent (what the target phrase's length is expected near). */
function pivotLength(pivot: readonly string[]): number {
  const first = pivot[0] ?? '';
  const stop = STOP.en!;
  return Math.max(1, (first.match(/[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*/gu) ?? []).filter((w) => !stop.has(w.toLowerCase())).length);
}

// Cognates share their beginning across the scripts (strategic ↔ стратегического, Olympic ↔
// Олимпийских, global ↔ глобальную): five letters of the phrase key in common, and over half of
// the shorter word, are past what chance gives two unrelated words.
function cognate(x: string, y: string): boolean {
  // Latin -ti- before a vowel is Russian -ци- (initiative ↔ инициатива, nation ↔ нация).
  const a = x.replace(/ti(?=[aeiou])/g, 'ci');
  const b = y.replace(/ti(?=[aeiou])/g, 'ci');
  let common = 0;
  while (common < a.length && common < b.length && a[common] === b[common]) common++;
  return common >= 5 && common > 0.5 * Math.min(a.length, b.length);
}

// Punctuation at either end of a word. The trailing run may only start after a letter or
// digit, so a long run of punctuation is read once, not once per character (issue #12).
const EDGE_PUNCTUATION = /^[^\p{L}\p{N}]+|(?<=[\p{L}\p{N}])[^\p{L}\p{N}]+$/gu;

/**
 * Which words of a phrase echo the pivot across scripts: names by transliteration or pinyin
 * (Xi Jinping ↔ Си Цзиньпин), codes (COVID-19) and cognates.
 */
function pivotEchoes(surface: string, pivot: readonly string[]): boolean[] {
  const stop = STOP.en!;
  const pivotWords = pivot.flatMap((p) => p.split(/[\s]+/)).map((w) => w.replace(EDGE_PUNCTUATION, '')).filter((w) => w.length >= 2 && !stop.has(w.toLowerCase()));
  const pivotKeys = pivotWords.flatMap((w) => [nameKey(w), ...[pinyinInCyrillic(w)].filter((c): c is string => c !== undefined).map(nameKey)]);
  return surface.split(/\s+/).map((w) => {
    const k = nameKey(w);
    return pivotKeys.some((p) => sameNameKey(k, p) || cognate(k, p));
  });
}

interface Stats {
  evidence: Set<number>;
  background: number;
  forms: Map<string, number>;
  content: number;
  quoted: boolean;
  /** Seen with a capital on a word that does not start a sentence (Russian capitalises a name's first word). */
  capital: boolean;
  surface: string;
  stems: string[];
}

// Single words of one family share a long beginning where Snowball leaves the noun and the
// adjective apart (добрососедств-о, добрососедск-ий): seven letters and three quarters of the
// shorter stem are well past any Russian prefix, so the two count as one candidate.
function sameFamily(a: string, b: string): boolean {
  let common = 0;
  while (common < a.length && common < b.length && a[common] === b[common]) common++;
  return common >= 7 && common >= 0.75 * Math.min(a.length, b.length);
}

/**
 * Ranked candidates for a term's equivalent in `lang`. The score multiplies
 *   coverage — the share of evidence groups holding the phrase;
 *   specificity — the share of the groups holding it that are evidence (+1 in the denominator:
 *     a phrase seen once and nowhere else is not yet specific);
 *   length fit — closeness of its content words to the pivot's;
 * and favours phrases the translator quoted as a whole (the more so when the Chinese quotes the
 * term), names transliterated or words cognate with the pivot, and
 * (for a pivot written as a proper name) phrases that begin with a capital inside a sentence.
 * A phrase inside a longer one that occurs exactly as often, in the evidence and elsewhere, is
 * no unit of its own and is dropped (Организации Объединенных inside … Наций).
 * @example termCandidates({ lang: 'ru', pivot: ['Silk Road'], evidence: ['Шёлковый путь открыт.', 'Вдоль Шелкового пути.'], background: ['Путь домой.'] })[0].text
 *   // → 'Шёлковый путь'
 */
export function termCandidates(input: TermCandidateInput): TermCandidate[] {
  const expected = pivotLength(input.pivot);
  // Up to two content words more than the pivot: Russian says with a phrase what English says
  // with a word; function words inside come on top.
  const maxWords = Math.min(10, expected + 4);
  const stats = new Map<string, Stats>();
  input.evidence.forEach((text, index) => {
    for (const gram of gramsOf(text, input.lang, maxWords)) {
      if (gram.content > expected + 2) continue;
      let st = stats.get(gram.key);
      if (!st) stats.set(gram.key, (st = { evidence: new Set(), background: 0, forms: new Map(), content: gram.content, quoted: false, capital: false, surface: gram.surface, stems: gram.key.split(' ') }));
      st.forms.set(gram.surface, (st.forms.get(gram.surface) ?? 0) + 1);
      st.quoted ||= gram.quoted;
      st.capital ||= gram.capital;
      st.evidence.add(index);
    }
  });
  for (const text of input.background) {
    for (const key of new Set(gramsOf(text, input.lang, maxWords).map((g) => g.key))) {
      const st = stats.get(key);
      if (st) st.background += 1;
    }
  }
  // Merge single-word families: each member counts the evidence of all.
  const singles = [...stats].filter(([key]) => !key.includes(' '));
  for (const [key, st] of singles) {
    for (const [other, ot] of singles) if (other !== key && sameFamily(key, other)) for (const i of ot.evidence) st.evidence.add(i);
  }
  const total = input.evidence.length;
  // A phrase seen once in many evidence groups is chance; with one or two groups, once is all there is.
  const minEvidence = total <= 2 ? 1 : 2;
  const properName = input.pivot.some((p) => /^\p{Lu}/u.test(p));
  const scored = [...stats].filter(([, st]) => st.evidence.size >= minEvidence).map(([key, st]) => {
    const evidence = st.evidence.size;
    const coverage = evidence / total;
    const specificity = evidence / (evidence + st.background + 1);
    const lengthFit = 1 / (1 + 0.25 * Math.abs(st.content - expected));
    const echoes = pivotEchoes(st.surface, input.pivot);
    const share = echoes.filter(Boolean).length / echoes.length;
    const quoted = st.quoted ? (input.sourceQuoted ? 2 : 1.2) : 1;
    const bonus = quoted * (1 + 0.5 * share) * (properName && st.capital ? 1.15 : 1);
    const forms = [...st.forms].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([form, count]) => ({ text: form, count }));
    return {
      key, stats: st,
      candidate: { text: naturalForm(st.forms, input.lang), forms, evidence, evidenceTotal: total, background: st.background, score: coverage * specificity * lengthFit * bonus },
    };
  });
  const total_ = (st: Stats) => [...st.forms.values()].reduce((a, b) => a + b, 0);
  const closed = scored.filter((item) => !scored.some((longer) => {
    if (longer.key.length <= item.key.length || !` ${longer.key} `.includes(` ${item.key} `)) return false;
    if (longer.candidate.evidence !== item.candidate.evidence || longer.stats.background !== item.stats.background || total_(longer.stats) !== total_(item.stats)) return false;
    // The longer phrase is the unit when its extra words continue a name (Организации
    // Объединенных + Наций) or when it is nearer the pivot's length (Олимпийских → зимних
    // Олимпийских игр); a context word that happens to recur (отношений + всеобъемлющего …)
    // does neither.
    // A word that also occurs apart from the phrase in the evidence (Президент beside Токаев)
    // is no part of the name.
    const extraStems = longer.key.split(' ').filter((stem) => !item.key.split(' ').includes(stem));
    const bound = extraStems.every((stem) => (stats.get(stem)?.evidence.size ?? 0) <= longer.candidate.evidence);
    const extra = longer.stats.surface.split(' ').filter((w) => !item.stats.surface.split(' ').includes(w));
    return (bound && extra.every((w) => /^\p{Lu}/u.test(w))) || Math.abs(longer.stats.content - expected) <= Math.abs(item.stats.content - expected);
  }));
  closed.sort((a, b) => b.candidate.score - a.candidate.score || b.key.length - a.key.length);
  const kept: typeof closed = [];
  for (const item of closed) {
    // One candidate per family or phrase: a shorter or longer variant of a better one adds nothing.
    const overlaps = kept.some((k) => ` ${k.key} `.includes(` ${item.key} `) || ` ${item.key} `.includes(` ${k.key} `) || (!k.key.includes(' ') && !item.key.includes(' ') && sameFamily(k.key, item.key)));
    if (!overlaps) kept.push(item);
    if (kept.length >= (input.limit ?? 5)) break;
  }
  return kept.map((k) => ({ ...k.candidate, score: Math.round(k.candidate.score * 1000) / 1000 }));
}

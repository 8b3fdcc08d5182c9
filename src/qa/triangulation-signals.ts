/**
 * Triangulation checks that compare what both translations of a group carry: numbers and
 * dates, sentence types (question, exclamation, quotation) and length. In each, a difference
 * between the English and the Russian is settled by the Chinese: the side that disagrees with
 * the Chinese is the one likely wrong. Pure.
 */
import { countLetters } from '../text/figures.js';
import { numberKeys } from '../text/numbers.js';
import { lastMark } from './checks.js';
import { splitSentences } from '../text/segment.js';
import { capitalize, finding, segmentsLabel, sideName, type GroupSide, type TriangulationFinding, type TriangulationGroup } from './triangulation-core.js';

const primary = (lang: string) => lang.split('-')[0] ?? lang;

// ------------------------------------------------------------------ numbers and dates

// Digits glued to letters (COVID-19, G20, Су-35) are names, not quantities, as in checks.ts.
// The lookbehind starts a name where its letters start, so a long run of letters is read
// once (without it every letter restarted the scan: quadratic, issue #12).
const DIGIT_NAMES = /(?<![A-Za-zА-Яа-яЁё])[A-Za-zА-Яа-яЁё]+-?\d+/g;

function keysOf(text: string, lang: string): Set<string> {
  return new Set(numberKeys(text.replace(DIGIT_NAMES, ''), primary(lang)));
}

// Spelled-out small numbers (~2: "both", 两国) are soft: they may match but never count as missing.
const hardKeys = (keys: Set<string>) => [...keys].filter((k) => !k.startsWith('~'));
const hasKey = (keys: Set<string>, key: string) => keys.has(key) || keys.has(`~${key}`);

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** How a number key reads in a message: `md:2-6` → "the date 6 February (2月6日)". */
export function describeNumberKey(key: string): string {
  const md = /^md:(\d+)-(\d+)$/.exec(key);
  if (md) return `the date ${md[2]} ${MONTHS[Number(md[1]) - 1] ?? md[1]} (${md[1]}月${md[2]}日)`;
  const m = /^m:(\d+)$/.exec(key);
  if (m) return `the month ${MONTHS[Number(m[1]) - 1] ?? m[1]} (${m[1]}月)`;
  return key;
}

const list = (items: readonly string[]) => (items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`);

/** Starts of `side`'s slots that cover any of the given document positions (all of them when none do). */
export function slotsCovering(side: GroupSide, positions: readonly number[]): number[] {
  const hit = side.slots.filter((s) => positions.some((p) => p >= s.start && p < s.start + s.span)).map((s) => s.start);
  return hit.length > 0 ? hit : side.slots.map((s) => s.start);
}

/**
 * A number, date or percentage in one translation and not the other. The Chinese decides:
 * when it has the number, the side without it dropped it; when it has not, the side with it
 * added it (or mistyped another: 1992 in the Chinese, 1993 in the Russian).
 * @example English "in 1992", Russian without it, Chinese 1992年 → the Russian lacks 1992
 */
export function numberFindings(group: TriangulationGroup): TriangulationFinding[] {
  const [a, b] = group.sides;
  const keys = new Map([[a.lang, keysOf(a.text, a.lang)], [b.lang, keysOf(b.text, b.lang)]]);
  const [ka, kb] = [keys.get(a.lang)!, keys.get(b.lang)!];
  // Most groups agree: then the Chinese need not be read.
  if (hardKeys(ka).every((k) => hasKey(kb, k)) && hardKeys(kb).every((k) => hasKey(ka, k))) return [];
  const zhBySegment = group.source.map((text) => keysOf(text, 'zh'));
  const zh = new Set(zhBySegment.flatMap((set) => [...set]));
  const out: TriangulationFinding[] = [];
  for (const [side, other] of [[a, b], [b, a]] as const) {
    // Judged from `side` being the suspect: what it lacks that the other has, and what it adds.
    const own = keys.get(side.lang)!;
    const theirs = keys.get(other.lang)!;
    const missing = hardKeys(theirs).filter((k) => !hasKey(own, k) && hasKey(zh, k));
    const extra = hardKeys(own).filter((k) => !hasKey(theirs, k) && !hasKey(zh, k));
    if (missing.length === 0 && extra.length === 0) continue;
    const positions = [
      ...missing.flatMap((k) => zhBySegment.flatMap((set, i) => (hasKey(set, k) ? [group.first + i] : []))),
      ...side.slots.filter((s) => extra.some((k) => hasKey(keysOf(s.text, side.lang), k))).flatMap((s) => [s.start]),
    ];
    const parts: string[] = [];
    if (missing.length > 0) parts.push(`lacks ${list(missing.map(describeNumberKey))}, which the Chinese and ${sideName(other.lang)} have`);
    if (extra.length > 0) parts.push(`has ${list(extra.map(describeNumberKey))}, which neither the Chinese nor ${sideName(other.lang)} has`);
    out.push(finding('tri-numbers', {
      message: `${capitalize(sideName(side.lang))} ${parts.join(', and ')} (${segmentsLabel(group.first, group.last)}).`,
      suspect: side.lang, first: group.first, last: group.last,
      slots: slotsCovering(side, positions).map((start) => ({ lang: side.lang, start })),
    }));
  }
  return out;
}

// ------------------------------------------------------------------ sentence types

const SENTENCE_KINDS = ['question', 'exclamation', 'quotation'] as const;
type SentenceKind = (typeof SENTENCE_KINDS)[number];


// Direct speech, as the three orthographies write it: the quotation opens the sentence
// («Мы победим», — сказал он; “We will,” he said), follows a colon (指出：“…” / said: “…” /
// отметил: «…»), or ends with its own sentence mark inside the closing quote (“… partners.”).
// A quoted name or title («Один пояс, один путь», the “Year of Tourism”) does none of these.
const QUOTATION = [/^\s*[“«„「『"]/u, /[:：]\s*[“«„「『"]/u, /[.!?。！？…][”»“」』"]/u];

/** Whether a sentence is, or carries, a direct quotation (see QUOTATION). */
export function isQuotation(sentence: string): boolean {
  return QUOTATION.some((pattern) => pattern.test(sentence));
}

function kindsOf(sentence: string): SentenceKind[] {
  // The last mark before closing quotes and spaces, found by a loop (a regex was quadratic).
  const end = lastMark(sentence);
  const out: SentenceKind[] = [];
  if (end === '?' || end === '？') out.push('question');
  if (end === '!' || end === '！') out.push('exclamation');
  if (isQuotation(sentence)) out.push('quotation');
  return out;
}

function countKinds(sentences: readonly string[]): Record<SentenceKind, number> {
  const counts: Record<SentenceKind, number> = { question: 0, exclamation: 0, quotation: 0 };
  for (const sentence of sentences) for (const kind of kindsOf(sentence)) counts[kind] += 1;
  return counts;
}

const sentencesOf = (side: GroupSide) => side.slots.flatMap((s) => splitSentences(s.text, side.lang));

function counted(n: number, kind: SentenceKind): string {
  if (n === 0) return 'none';
  return n === 1 ? `a ${kind}` : `${n} ${kind}s`;
}

/**
 * One translation is a question, an exclamation or a quotation and the other is not; the
 * Chinese says which one kept the original's sentence type.
 * @example Chinese "……吗？", English "…?", Russian "…." → the Russian is likely wrong
 */
// Every mark a question, an exclamation or a quotation needs: a group without any has none.
const TYPE_MARKS = /[?？!！“«„「『"]/u;

export function sentenceTypeFindings(group: TriangulationGroup): TriangulationFinding[] {
  const [a, b] = group.sides;
  if (!TYPE_MARKS.test(a.text) && !TYPE_MARKS.test(b.text)) return [];
  const ca = countKinds(sentencesOf(a));
  const cb = countKinds(sentencesOf(b));
  if (SENTENCE_KINDS.every((kind) => ca[kind] === cb[kind])) return [];
  const zh = countKinds(group.source.flatMap((s) => splitSentences(s, 'zh')));
  const out: TriangulationFinding[] = [];
  for (const kind of SENTENCE_KINDS) {
    if (ca[kind] === cb[kind]) continue;
    const suspect = zh[kind] === ca[kind] ? b : zh[kind] === cb[kind] ? a : null;
    const verdict = suspect ? `, so ${sideName(suspect.lang)} is likely wrong` : '';
    const sides = suspect ? [suspect] : [a, b];
    out.push(finding('tri-sentence-type', {
      message: `In ${segmentsLabel(group.first, group.last)}, ${sideName(a.lang)} has ${counted(ca[kind], kind)} and ${sideName(b.lang)} ${counted(cb[kind], kind).replace(/^none$/, `no ${kind}`)}; the Chinese has ${counted(zh[kind], kind)}${verdict}.`,
      suspect: suspect?.lang ?? null, first: group.first, last: group.last,
      slots: sides.flatMap((side) => side.slots.map((s) => ({ lang: side.lang, start: s.start }))),
    }));
  }
  return out;
}

// ------------------------------------------------------------------ length

/** A robust centre and spread of log length ratios over a document's groups. */
export interface RatioNorm { median: number; spread: number }

/** The document's usual lengths: second/first translation, and each translation against the Chinese. */
export interface TriangulationLengthNorm {
  /** ln(second / first) over the groups long enough to judge. */
  pair: RatioNorm;
  /** ln(translation / Chinese) per language. */
  source: Record<string, RatioNorm>;
  groups: number;
}


// Groups shorter than this (titles, date lines, "(Xinhua, Beijing, 6 February)") vary too much
// in length to judge, as in checks.ts's length-ratio (10 Chinese characters); a translation of
// ten Chinese characters runs to some 20 letters and more.
const MIN_CHINESE = 10;
const MIN_LETTERS = 20;
// A norm from fewer groups than this is not a norm.
const MIN_GROUPS = 8;

/** Letters of a group's Chinese (zh) and of its two translations (a, b, in the order of its sides). */
export interface GroupLetters { zh: number; a: number; b: number }

const longEnough = (l: GroupLetters) => l.zh >= MIN_CHINESE && l.a >= MIN_LETTERS && l.b >= MIN_LETTERS;

function judged(group: TriangulationGroup): GroupLetters | undefined {
  const letters = { zh: countLetters(group.source.join('')), a: countLetters(group.sides[0].text), b: countLetters(group.sides[1].text) };
  return longEnough(letters) ? letters : undefined;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Median and scaled median absolute deviation (1.4826 × MAD estimates the standard deviation of
 * normal data, and a few wild groups cannot move it: Iglewicz & Hoaglin 1993).
 */
function robustNorm(values: readonly number[]): RatioNorm {
  const m = median(values);
  return { median: m, spread: 1.4826 * median(values.map((v) => Math.abs(v - m))) };
}

/**
 * The document's length norm from its groups where both translations are long enough to
 * judge; null with fewer than eight such groups.
 */
export function triangulationLengthNorm(groups: readonly TriangulationGroup[]): TriangulationLengthNorm | null {
  const translated = groups.flatMap((g) => {
    if (!g.sides.every((side) => side.slots.length > 0 && side.slots.every((s) => s.text.trim().length > 0))) return [];
    return [{ zh: countLetters(g.source.join('')), a: countLetters(g.sides[0].text), b: countLetters(g.sides[1].text) }];
  });
  return groups.length === 0 ? null : lengthNormOfLetters(translated, groups[0]!.sides.map((s) => s.lang) as [string, string]);
}

/**
 * `triangulationLengthNorm` from the letters of the groups whose every slot has a translation
 * (a document's figures, store/figures.ts); `langs` are the sides' languages.
 */
export function lengthNormOfLetters(groups: readonly GroupLetters[], langs: readonly [string, string]): TriangulationLengthNorm | null {
  const rows = groups.filter(longEnough);
  if (rows.length < MIN_GROUPS) return null;
  const [first, second] = langs;
  return {
    pair: robustNorm(rows.map((r) => Math.log(r.b / r.a))),
    source: { [first]: robustNorm(rows.map((r) => Math.log(r.a / r.zh))), [second]: robustNorm(rows.map((r) => Math.log(r.b / r.zh))) },
    groups: rows.length,
  };
}

// How far from the document's norm a group's English/Russian ratio may go. The modified
// z-score cut of 3.5 is Iglewicz & Hoaglin's (1993) rule for outliers under a robust spread.
// The floor keeps a very even document (a tiny spread) from flagging ordinary rephrasing:
// one translation half as long again as usual relative to the other is past what rewording
// explains (Gale & Church 1993 measured a standard deviation of about a quarter of the length
// for sentences of 50–100 characters, so 1.5× is two of those).
const MAX_Z = 3.5;
const MIN_FACTOR = 1.5;

/**
 * The group's two translations are inconsistent in length: their ratio is far from the
 * document's norm. The Chinese decides: the translation whose length against the Chinese is
 * further from its own norm is the one likely wrong (a sentence dropped, or one left over).
 */
export function lengthFinding(group: TriangulationGroup, norm: TriangulationLengthNorm): TriangulationFinding | undefined {
  const j = judged(group);
  if (!j) return undefined;
  const deviation = Math.log(j.b / j.a) - norm.pair.median;
  if (Math.abs(deviation) <= Math.max(MAX_Z * norm.pair.spread, Math.log(MIN_FACTOR))) return undefined;
  const [a, b] = group.sides;
  const off = (side: GroupSide, letters: number) => {
    const n = norm.source[side.lang];
    return n ? (Math.log(letters / j.zh) - n.median) / Math.max(n.spread, 1e-6) : 0;
  };
  const za = off(a, j.a);
  const zb = off(b, j.b);
  // The suspect must stand out clearly against the Chinese, twice as far from its norm as the other.
  const suspect = Math.abs(za) >= 2 * Math.abs(zb) ? a : Math.abs(zb) >= 2 * Math.abs(za) ? b : null;
  const times = Math.exp(Math.abs(deviation));
  const longer = deviation > 0 ? b : a;
  const shorter = deviation > 0 ? a : b;
  const zs = suspect === a ? za : zb;
  const why = suspect ? `; against the Chinese, ${sideName(suspect.lang)} is the one out of line (too ${zs < 0 ? 'short' : 'long'})` : '';
  const sides = suspect ? [suspect] : [a, b];
  return finding('tri-length', {
    message: `In ${segmentsLabel(group.first, group.last)}, ${sideName(longer.lang)} is ${times.toFixed(1)}× as long as usual relative to ${sideName(shorter.lang)} (${longer === a ? j.a : j.b} letters against ${shorter === a ? j.a : j.b})${why}.`,
    suspect: suspect?.lang ?? null, first: group.first, last: group.last,
    slots: sides.flatMap((side) => side.slots.map((s) => ({ lang: side.lang, start: s.start }))),
  });
}

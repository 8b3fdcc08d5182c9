/**
 * Cues in the text itself that a bead's edge is a weak boundary: that a sentence at the edge
 * belongs with the neighbouring bead's. Most wrong beads on MAC-Dev are pieces of a larger gold
 * bead (a gold 1-2 drawn as 1-1 plus 0-1, a gold 2-2 as two 1-1s), and a translator's sentence
 * that runs on across the cut often shows it: the sentence before the edge stops without
 * sentence-final punctuation (，：； or an open quotation in Chinese; , : ; or a dash in English
 * and Russian), the one after it opens in lower case or with a continuation dash, or one of the
 * two is a short tag ("he said." / "сказал он." / 他道：) that rarely stands alone. A window of
 * beads whose sides hold many more sentences on one side than the document's ratio marks a
 * stretch the translator split or merged. Pure: sentences and bead shapes in, cues out; no
 * words of any language, only punctuation, letter case and lengths. Here in bench/, not src/align/:
 * only the calibration candidates (align-cue-candidates.ts) use it; none was kept in the product.
 */
import type { BeadShape } from '../src/align/beads.js';

/** What the text says about one bead's two edges and its neighbourhood. */
export interface EdgeCues {
  /** Edges of the bead (0–2) where the text runs on across the cut on either side: see `runsOn`. */
  runOnEdges: number;
  /** Whether a sentence on either side of either edge is a short one (see `isShort`). */
  shortAtEdge: boolean;
  /**
   * How far, in absolute log ratio, the beads from two before to two after this one hold more
   * target sentences per source sentence than the document as a whole (0 when alike).
   */
  localImbalance: number;
  /**
   * Edges (0–2) that fall at a speech boundary on the source side only (see `speechEdge`): the
   * Chinese closes or opens a quotation there and the translation does not, so the cut runs
   * through a speech (or a speech and its tag) on the target side.
   */
  speechSourceOnly: number;
  /** Edges (0–2) at a speech boundary on the target side only. */
  speechTargetOnly: number;
}

// Sentence-final marks, then any closing quotes or brackets after them.
const FINAL_ZH = /[。！？!?…][”’」』》）)"']*\s*$/u;
const FINAL_LATIN = /[.!?…][”’»"')\]›]*\s*$/u;
// A sentence broken off by a dash inside a quotation ("though—'") is speech that ends there.
const DASH_IN_QUOTE = /[—–][”’»"'›]+\s*$/u;
// Openers that continue what came before: a lower-case letter (after quotes or brackets), a dash,
// an ellipsis; in Chinese a closing quote or a mark no sentence may start with (，。：；、).
const CONTINUES_LATIN = /^[\s"“”«»„‘’'(\[]*(?:\p{Ll}|[—–]\s*\p{Ll}|…|\.\.\.)/u;
const CONTINUES_ZH = /^\s*(?:[”’」』，。：；、…—]|[—…])/u;

/**
 * Whether the boundary between two consecutive sentences of one side is weak: the first does not
 * end a sentence, or the second opens as a continuation.
 * @example runsOn('She said,', 'and then she left.', 'en') // → true
 * @example runsOn('他笑道：', '“好！”', 'zh') // → true
 * @example runsOn('Он ушёл.', 'Она осталась.', 'ru') // → false
 */
export function runsOn(before: string, after: string, lang: string): boolean {
  if (lang === 'zh') return !FINAL_ZH.test(before) || CONTINUES_ZH.test(after);
  if (!FINAL_LATIN.test(before) && !DASH_IN_QUOTE.test(before)) return true;
  return CONTINUES_LATIN.test(after);
}

/**
 * A short sentence: at most SHORT_ZH characters other than punctuation and white space in Chinese,
 * at most SHORT_WORDS words otherwise. Not tuned on data: a speech tag is two or three words
 * ("he said", "сказал он") or four to six characters (小宝道：, 他笑道).
 */
const SHORT_ZH = 6;
const SHORT_WORDS = 3;

/**
 * Whether a sentence is short enough to be a tag or a fragment (see SHORT_ZH, SHORT_WORDS).
 * @example isShort('he said.', 'en') // → true
 * @example isShort('сказал он.', 'ru') // → true
 * @example isShort('小玄子道：', 'zh') // → true
 */
export function isShort(text: string, lang: string): boolean {
  if (lang === 'zh') return text.replace(/[\s\p{P}\p{S}]/gu, '').length <= SHORT_ZH;
  return (text.match(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu) ?? []).length <= SHORT_WORDS;
}

// A quotation closing at the very end of a sentence, or opening at its very start; and the
// dialogue dash of Russian (and of other languages that set speech as dashed lines), where a
// line opening "— Capital" is speech until the line ends.
const CLOSES_SPEECH = /[”」』»"'’›]\s*$/u;
const OPENS_SPEECH = /^\s*[“「『«„"'‘‹]/u;
const DIALOGUE_LINE = /^\s*[—–]\s*\p{Lu}/u;

/**
 * Whether the boundary between two consecutive sentences of one side is a speech boundary: a
 * quotation closes at the end of the first or opens at the start of the second, or either is a
 * dialogue line (opens with a dash before a capital).
 * @example speechEdge('他道：“好！”', '两人走了。') // → true
 * @example speechEdge('Он ушёл.', '— Стой!') // → true
 * @example speechEdge('— Стой! — крикнул он.', 'Все замолчали.') // → true
 * @example speechEdge('He stopped.', 'Then he left.') // → false
 */
export function speechEdge(before: string, after: string): boolean {
  return CLOSES_SPEECH.test(before) || OPENS_SPEECH.test(after) || DIALOGUE_LINE.test(before) || DIALOGUE_LINE.test(after);
}

/** Beads on either side of a bead in the local imbalance's window. */
const WINDOW = 2;

/**
 * Per bead, its edge cues (see EdgeCues), from both sides' sentence texts and the beads in order
 * (each side's indices increasing, as the aligner returns them). A side with no sentence in the
 * bead has no edge of its own there.
 * @example edgeCues(['他道：', '“好！”'], ['He said,', 'fine.'], [{ source: [0], target: [0] }, { source: [1], target: [1] }], 'zh', 'en').map((c) => c.runOnEdges) // → [1, 1]
 */
export function edgeCues(source: readonly string[], target: readonly string[], beads: readonly BeadShape[], sourceLang: string, targetLang: string): EdgeCues[] {
  const ratio = Math.log((target.length + 0.5) / (source.length + 0.5));
  const sides = [{ texts: source, lang: sourceLang, of: (b: BeadShape) => b.source }, { texts: target, lang: targetLang, of: (b: BeadShape) => b.target }];
  return beads.map((bead, k) => {
    let start = false;
    let end = false;
    let short = false;
    // Per edge (start, end), whether each side's sentences meet at a speech boundary there.
    const speech: (boolean | undefined)[][] = [[undefined, undefined], [undefined, undefined]];
    sides.forEach(({ texts, lang, of }, side) => {
      const ids = of(bead);
      const first = ids[0];
      const last = ids[ids.length - 1];
      if (first === undefined || last === undefined) return;
      const edge = (x: number, y: number): boolean => {
        const a = texts[x];
        const b = texts[y];
        if (a === undefined || b === undefined) return false;
        if (isShort(a, lang) || isShort(b, lang)) short = true;
        return runsOn(a, b, lang);
      };
      if (first > 0 && edge(first - 1, first)) start = true;
      if (last + 1 < texts.length && edge(last, last + 1)) end = true;
      if (first > 0) speech[side]![0] = speechEdge(texts[first - 1] ?? '', texts[first] ?? '');
      if (last + 1 < texts.length) speech[side]![1] = speechEdge(texts[last] ?? '', texts[last + 1] ?? '');
    });
    let speechSourceOnly = 0;
    let speechTargetOnly = 0;
    // An edge counts only where both sides have one to compare.
    for (const e of [0, 1]) {
      const s = speech[0]![e];
      const t = speech[1]![e];
      if (s === undefined || t === undefined) continue;
      if (s && !t) speechSourceOnly++;
      if (t && !s) speechTargetOnly++;
    }
    let s = 0;
    let t = 0;
    for (let q = Math.max(0, k - WINDOW); q <= Math.min(beads.length - 1, k + WINDOW); q++) {
      s += beads[q]?.source.length ?? 0;
      t += beads[q]?.target.length ?? 0;
    }
    const localImbalance = Math.abs(Math.log((t + 0.5) / (s + 0.5)) - ratio);
    return { runOnEdges: (start ? 1 : 0) + (end ? 1 : 0), shortAtEdge: short, localImbalance, speechSourceOnly, speechTargetOnly };
  });
}

/**
 * The same development text in the shapes a user pastes it: one sentence a line, one paragraph,
 * or real paragraphs, through the import's own segmentation; and the aligner's beads on those
 * sentences projected back onto the gold lines, so every form is scored against the same gold.
 */
import type { Sentence } from '../../src/align/aligner.js';
import type { BeadShape } from '../../src/align/beads.js';
import type { SplitAlignment } from '../../src/align/weak-splits.js';
import { normalizeText } from '../../src/text/normalize.js';
import { segment } from '../../src/text/segment.js';

/** A text pair given one sentence a line, with gold beads over the lines. */
export interface LineDoc {
  srcLines: readonly string[];
  tgtLines: readonly string[];
  gold: readonly BeadShape[];
  /** The target language (the source is Chinese). */
  lang: string;
}

/** One side as the product sees it, with the gold lines each of its sentences overlaps. */
export interface Pasted {
  sentences: Sentence[];
  lineOf: number[][];
  /** Per sentence, the characters [from, to) of it each gold line covers (for pieces of sentences). */
  linesWithin?: { line: number; from: number; to: number }[][];
}

/** How a text is pasted: line per sentence, one paragraph, or paragraphs as `paragraphOf[line]`. */
export type Shape = { kind: 'lines' } | { kind: 'one-paragraph' } | { kind: 'paragraphs'; paragraphOf: readonly number[] };

/** `lines` pasted in `shape` and segmented as the import segments a pasted text. */
export function paste(lines: readonly string[], lang: string, shape: Shape): Pasted {
  const joiner = lang === 'zh' ? '' : ' ';
  const starts: number[] = [];
  let text = '';
  lines.forEach((raw, k) => {
    const line = normalizeText(raw);
    if (k > 0) {
      const sameParagraph = shape.kind === 'one-paragraph' || (shape.kind === 'paragraphs' && shape.paragraphOf[k] === shape.paragraphOf[k - 1]);
      text += sameParagraph ? joiner : '\n';
    }
    starts.push(text.length);
    text += line;
  });
  const sentences = segment(text, lang);
  let cursor = 0;
  const linesWithin = sentences.map((s) => {
    const at = text.indexOf(s.text, cursor);
    if (at < 0) throw new Error(`sentence not found in the pasted text: ${s.text}`);
    cursor = at + s.text.length;
    const covered: { line: number; from: number; to: number }[] = [];
    for (let k = 0; k < lines.length; k++) {
      const from = starts[k] ?? 0;
      const to = from + normalizeText(lines[k] ?? '').length;
      if (from < cursor && to > at) covered.push({ line: k, from: Math.max(0, from - at), to: Math.min(s.text.length, to - at) });
    }
    return covered;
  });
  return { sentences, lineOf: linesWithin.map((c) => c.map((x) => x.line)), linesWithin };
}

/**
 * A pasted side as cut by alignWithWeakSplits: each piece covers the gold lines its characters
 * overlap.
 */
export function cutPasted(p: Pasted, split: SplitAlignment): Pasted {
  const lineOf = split.pieces.map((piece) => {
    const within = p.linesWithin?.[piece.sentence];
    if (within === undefined) return p.lineOf[piece.sentence] ?? [];
    return within.filter((x) => x.from < piece.to && x.to > piece.from).map((x) => x.line);
  });
  return { sentences: split.target, lineOf };
}

/** Lines as they are, each a sentence, with optional paragraph indices (the CLI's --presplit). */
export function presplit(lines: readonly string[], paragraphOf?: readonly number[]): Pasted {
  return {
    sentences: lines.map((text, k) => (paragraphOf === undefined ? { text } : { text, paragraph: paragraphOf[k] ?? 0 })),
    lineOf: lines.map((_, k) => [k]),
  };
}

/**
 * Beads over pasted sentences as beads over the gold lines: each side becomes the lines its
 * sentences overlap, and neighbouring beads that share a line become one (a sentence the
 * segmenter did not split cannot be aligned finer than it is).
 */
export function projectBeads(beads: readonly BeadShape[], src: Pasted, tgt: Pasted): BeadShape[] {
  const out: { source: Set<number>; target: Set<number> }[] = [];
  for (const bead of beads) {
    const source = new Set(bead.source.flatMap((i) => src.lineOf[i] ?? []));
    const target = new Set(bead.target.flatMap((j) => tgt.lineOf[j] ?? []));
    const last = out[out.length - 1];
    if (last !== undefined && ([...source].some((x) => last.source.has(x)) || [...target].some((x) => last.target.has(x)))) {
      for (const x of source) last.source.add(x);
      for (const x of target) last.target.add(x);
    } else out.push({ source, target });
  }
  return out.map((b) => ({ source: [...b.source].sort((x, y) => x - y), target: [...b.target].sort((x, y) => x - y) }))
    .filter((b) => b.source.length + b.target.length > 0);
}

/**
 * Paragraph indices per line on both sides from the gold beads: consecutive beads grouped into
 * paragraphs of 2–8 beads (seeded), as a translator keeps the source's paragraphs.
 */
export function goldParagraphs(doc: LineDoc, seed: number): { source: number[]; target: number[] } {
  let state = seed >>> 0;
  const next = (): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
  const source = new Array<number>(doc.srcLines.length).fill(0);
  const target = new Array<number>(doc.tgtLines.length).fill(0);
  let paragraph = 0;
  let left = 2 + Math.floor(next() * 7);
  for (const bead of doc.gold) {
    for (const i of bead.source) source[i] = paragraph;
    for (const j of bead.target) target[j] = paragraph;
    if (--left === 0) {
      paragraph++;
      left = 2 + Math.floor(next() * 7);
    }
  }
  return { source, target };
}

/**
 * The gold beads as the best any aligner can do on pasted sentences: neighbouring gold beads that
 * one pasted sentence spans must become one.
 */
export function segmentationCeiling(gold: readonly BeadShape[], src: Pasted, tgt: Pasted): BeadShape[] {
  const joined = (p: Pasted): Set<number> => new Set(p.lineOf.flatMap((lines) => lines.slice(1)));
  const joinS = joined(src);
  const joinT = joined(tgt);
  const out: BeadShape[] = [];
  for (const bead of gold) {
    const last = out[out.length - 1];
    if (last !== undefined && (bead.source.some((i) => joinS.has(i)) || bead.target.some((j) => joinT.has(j)))) {
      out[out.length - 1] = { source: [...last.source, ...bead.source], target: [...last.target, ...bead.target] };
    } else out.push({ source: [...bead.source], target: [...bead.target] });
  }
  return out;
}

/**
 * The input forms: the CLI's presplit lines, and the target pasted one sentence a line, as one
 * paragraph and with real paragraphs (the source imported as a document pasted a line a sentence,
 * or with the same real paragraphs), as the product would see them.
 */
export function inputForms(doc: LineDoc): { form: string; src: Pasted; tgt: Pasted }[] {
  const paragraphs = goldParagraphs(doc, 1463);
  const documentLines = paste(doc.srcLines, 'zh', { kind: 'lines' });
  return [
    { form: 'presplit (CLI)', src: presplit(doc.srcLines), tgt: presplit(doc.tgtLines) },
    { form: 'line per sentence', src: documentLines, tgt: paste(doc.tgtLines, doc.lang, { kind: 'lines' }) },
    { form: 'one paragraph', src: documentLines, tgt: paste(doc.tgtLines, doc.lang, { kind: 'one-paragraph' }) },
    { form: 'real paragraphs', src: presplit(doc.srcLines, paragraphs.source), tgt: paste(doc.tgtLines, doc.lang, { kind: 'paragraphs', paragraphOf: paragraphs.target }) },
  ];
}

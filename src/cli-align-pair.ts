/**
 * One pair of the `align` command aligned and rendered: what the command runs in its own thread
 * (one pair, or a batch with --jobs 1) and what each of a batch's worker threads runs
 * (cli-align-worker.ts), so both give the same bytes.
 */
import { align, type PivotInput, type Sentence } from './align/aligner.js';
import { formatBead, type Bead, type BeadShape } from './align/beads.js';
import { isLowConfidence } from './align/confidence.js';
import type { Lexicon } from './align/lexicon.js';

export const FORMATS = ['beads', 'json', 'tsv'] as const;
export type Format = (typeof FORMATS)[number];

/** A pair read and checked: its sentences, the beads to keep, and a pivot (single pair only). */
export interface PairInput {
  src: Sentence[];
  tgt: Sentence[];
  anchors: BeadShape[];
  pivot?: PivotInput;
}

/** What every pair of one run shares. */
export interface PairSettings {
  srcLang: string;
  tgtLang: string;
  format: Format;
}

/** A pair's output: the text to print or write, and how many beads it holds. */
export interface PairOutput {
  text: string;
  beads: number;
}

const tsvCell = (s: string): string => s.replace(/[\t\n\r]/g, ' ');

/** The beads in the chosen format, ending with a newline unless there are none. */
export function render(beads: readonly Bead[], src: readonly Sentence[], tgt: readonly Sentence[], format: Format): string {
  const lines = beads.map((b) => {
    if (format === 'beads') return formatBead(b);
    if (format === 'json') {
      return JSON.stringify({ source: b.source, target: b.target, bead: formatBead(b), confidence: b.confidence, low: isLowConfidence(b.confidence), reasons: b.reasons });
    }
    const s = b.source.map((i) => src[i]?.text ?? '').join(' ');
    const t = b.target.map((j) => tgt[j]?.text ?? '').join(' ');
    return `${tsvCell(s)}\t${tsvCell(t)}\t${b.confidence.toFixed(3)}`;
  });
  // JSON: one array, one bead a line: valid JSON that still diffs and greps well.
  if (format === 'json') return lines.length > 0 ? `[\n${lines.join(',\n')}\n]\n` : '[]\n';
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

/**
 * Aligns a checked pair (its anchors and pivot already checked by the command) and renders it.
 * @example alignPair({ src: [{ text: '两国元首举行会谈。' }], tgt: [{ text: 'The two heads of state held talks.' }], anchors: [] }, { srcLang: 'zh', tgtLang: 'en', format: 'beads' }) // → { text: '[0]:[0]\n', beads: 1 }
 */
export function alignPair(pair: PairInput, settings: PairSettings, lexicon?: Lexicon): PairOutput {
  const beads = align(pair.src, pair.tgt, {
    sourceLang: settings.srcLang, targetLang: settings.tgtLang, anchors: pair.anchors,
    ...(pair.pivot && { pivot: pair.pivot }), ...(lexicon === undefined ? {} : { lexicon }),
  });
  return { text: render(beads, pair.src, pair.tgt, settings.format), beads: beads.length };
}

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { align } from '../../../src/align/aligner.js';
import { parseBeads, type BeadShape } from '../../../src/align/beads.js';
import { countAlignment, summarizeCounts } from '../../../src/align/score.js';
import { alignWithWeakSplits } from '../../../src/align/weak-splits.js';
import { cutPasted, inputForms, projectBeads, segmentationCeiling, type LineDoc } from '../../helpers/input-forms.js';

const DEMO = new URL('../../../demo/joint-statement-2022/', import.meta.url);
const lines = (name: string): string[] => readFileSync(new URL(name, DEMO), 'utf8').split('\n').filter((l) => l.length > 0);

/**
 * The demo without its headings and signature lines (they end in no full stop, so pasted as one
 * paragraph they join the next sentence, and no aligner can split them again): the gold beads
 * whose every line ends a sentence, renumbered. Every input form then segments into the same
 * sentences, and only the paragraph evidence differs.
 */
function sentencesOnly(lang: string): LineDoc {
  const zh = lines('zh.sentences');
  const tgt = lines(`${lang}.sentences`);
  const ends = (line: string): boolean => /[。！？.!?][”"»’)）]*$/.test(line);
  const doc: { srcLines: string[]; tgtLines: string[]; gold: BeadShape[]; lang: string } = { srcLines: [], tgtLines: [], gold: [], lang };
  for (const bead of parseBeads(readFileSync(new URL(`${lang}.gold`, DEMO), 'utf8'))) {
    if (![...bead.source.map((i) => zh[i] ?? ''), ...bead.target.map((j) => tgt[j] ?? '')].every(ends)) continue;
    doc.gold.push({ source: bead.source.map((_, k) => doc.srcLines.length + k), target: bead.target.map((_, k) => doc.tgtLines.length + k) });
    doc.srcLines.push(...bead.source.map((i) => zh[i] ?? ''));
    doc.tgtLines.push(...bead.target.map((j) => tgt[j] ?? ''));
  }
  return doc;
}

describe('alignment does not depend on how the text was pasted', () => {
  it.each(['en', 'ru'])('zh–%s: line per sentence, one paragraph and real paragraphs score within 0.01 strict F1 of presplit', (lang) => {
    const doc = sentencesOnly(lang);
    expect(doc.gold.length).toBeGreaterThan(40);
    const f1 = inputForms(doc).map(({ form, src, tgt }) => {
      // Every form segments into the gold's very sentences: nothing is lost before aligning.
      expect(summarizeCounts(countAlignment([...doc.gold], segmentationCeiling(doc.gold, src, tgt))).f1Strict).toBe(1);
      // The CLI aligns presplit lines as they are; a pasted text goes the import's way (weak-splits.ts).
      const options = { sourceLang: 'zh', targetLang: lang };
      if (form === 'presplit (CLI)') return { form, f1: summarizeCounts(countAlignment([...doc.gold], projectBeads(align(src.sentences, tgt.sentences, options), src, tgt))).f1Strict };
      const split = alignWithWeakSplits(src.sentences, tgt.sentences, options);
      return { form, f1: summarizeCounts(countAlignment([...doc.gold], projectBeads(split.beads, src, cutPasted(tgt, split)))).f1Strict };
    });
    expect(f1.map((x) => x.form)).toEqual(['presplit (CLI)', 'line per sentence', 'one paragraph', 'real paragraphs']);
    const presplit = f1[0]?.f1 ?? 0;
    for (const { form, f1: score } of f1) expect({ form, score: Math.max(score, presplit - 0.01) }).toEqual({ form, score });
  });
});

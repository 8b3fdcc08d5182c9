/**
 * Every searched bead of MAC-Dev's tuning half (001–003) with its calibration inputs and whether
 * it is right, for the benches that choose calibrations and flag rules by leave-one-chapter-out
 * (align-loco.ts, align-flagrule.ts). The held-out half is never read here.
 */
import { align } from '../src/align/aligner.js';
import { formatBead, type BeadShape } from '../src/align/beads.js';
import type { CalibrationInput } from '../src/align/calibration.js';
import { edgeCues, type EdgeCues } from './edge-cues.js';
import { inputForms, projectBeads, segmentationCeiling } from '../tests/helpers/input-forms.js';
import { macDevDocs, macDevHalves } from './align-data.js';
import type { Observed } from './align-calibration.js';

/** A bead's calibration inputs and rightness, its chapter and input form, and its neighbours' inputs. */
export interface TuningBead extends Observed {
  chapter: string;
  form: string;
  prev: CalibrationInput | undefined;
  next: CalibrationInput | undefined;
  /** The text's cues at the bead's edges (bench/edge-cues.ts), and its neighbours'. */
  cues: EdgeCues;
  prevCues: EdgeCues | undefined;
  nextCues: EdgeCues | undefined;
}

/**
 * The beads of 001–003 in the presplit, line-per-sentence and one-paragraph forms. A bead is
 * right when, on the gold lines, it is a bead of the best its segmentation allows.
 */
export function observeTuningBeads(): TuningBead[] {
  const mac = macDevDocs();
  if (mac === undefined) throw new Error('MAC-Dev not found');
  const out: TuningBead[] = [];
  for (const d of macDevHalves(mac).tuning) {
    for (const { form, src, tgt } of inputForms(d)) {
      if (form === 'real paragraphs') continue;
      let inputs: readonly (CalibrationInput | undefined)[] = [];
      const beads = align(src.sentences, tgt.sentences, { sourceLang: 'zh', targetLang: d.lang, onCalibrationInputs: (x) => (inputs = x) });
      const best = new Set(segmentationCeiling(d.gold, src, tgt).map(formatBead));
      const shapes: BeadShape[] = beads;
      const cues = edgeCues(src.sentences.map((s) => s.text), tgt.sentences.map((s) => s.text), shapes, 'zh', d.lang);
      shapes.forEach((b, k) => {
        const input = inputs[k];
        if (input === undefined) return;
        const projected = projectBeads([b], src, tgt);
        const correct = projected.length === 1 && best.has(formatBead(projected[0]!));
        out.push({ ...input, correct, chapter: d.name, form, prev: inputs[k - 1], next: inputs[k + 1], cues: cues[k]!, prevCues: cues[k - 1], nextCues: cues[k + 1] });
      });
    }
  }
  return out;
}

/**
 * The flag of one language column (issue #11): the aligner's rule (align/flag-rule.ts) cut over
 * the column's slots the aligner placed and nobody touched, each shown with its calibrated
 * probability placed by that cut (align/calibration.ts placeConfidence). So the low-confidence
 * filter, the review filter and the import summary all list the expected-recall set of the
 * column as it stands after the aligner last wrote it.
 *
 * Cut again whenever the aligner writes the column: an import, an automatic re-alignment after a
 * fix or a confirm, "Re-align unconfirmed", and the undo or redo of such a step. Not after a
 * person's edit or confirm alone: a slot a person touched leaves the population at the next cut,
 * and the flags of the others do not move while the person works down the list. Slots a person
 * touched keep the confidence they show; slots without a stored probability (placed before
 * migration 018, or not by the aligner) keep theirs and take no part.
 */
import { CALIBRATION, placeConfidence } from '../align/calibration.js';
import { isLowConfidence } from '../align/confidence.js';
import { flagCut } from '../align/flag-rule.js';
import { slotCeiling } from '../align/model.js';
import { isHumanTouched, type RegionHead, type RegionState, type SlotCalibration } from '../domain.js';
import type { Store } from '../store/index.js';

/**
 * What a slot placed from an aligner bead stores: the bead's probability (the lowest of the beads
 * folded into it, orphans.ts) and the ceiling of its shape. Undefined when the bead has none.
 */
export function slotCalibration(bead: { source: readonly number[]; target: readonly number[]; probability?: number; orphans: number }): SlotCalibration | undefined {
  if (bead.probability === undefined) return undefined;
  return { probability: bead.probability, ceiling: slotCeiling(bead.source.length, bead.target.length - bead.orphans, bead.orphans) };
}

/**
 * Cuts the flag of `lang`'s column again and writes the confidences that changed (no version,
 * no revision: what a slot shows follows from its probability and the cut). Returns how many
 * slots are flagged, how many confidences changed and the segments of those slots (so a change's
 * answer can tell the editor that slots outside its rows now show another confidence).
 */
export function recutFlags(store: Store, documentId: number, lang: string): { flagged: number; changed: number; changedSegments: number[] } {
  const heads = store.slots.listCalibratedHeads(documentId, lang).filter((h) => !isHumanTouched(h.status, h.lastAction));
  const cut = flagCut(heads.map((h) => h.probability), CALIBRATION.low);
  let flagged = 0;
  const changedSegments: number[] = [];
  for (const head of heads) {
    const confidence = placeConfidence(head.probability, cut, head.ceiling);
    if (isLowConfidence(confidence)) flagged++;
    if (confidence !== head.confidence) {
      store.slots.setConfidence(head.segmentId, lang, confidence);
      changedSegments.push(head.segmentId);
    }
  }
  return { flagged, changed: changedSegments.length, changedSegments };
}

/**
 * `change` with `reflagged`: how many of the slots whose confidence a cut changed lie outside the
 * rows it answers with. The editor reloads its page when there are any, so its badges and low
 * filter show the column's new flag rather than the one before the fix.
 */
export function withReflagged<C extends { rows: readonly { segmentId: number }[] }>(change: C, changedSegments: readonly number[]): C & { reflagged?: number } {
  const shown = new Set(change.rows.map((r) => r.segmentId));
  const reflagged = changedSegments.filter((id) => !shown.has(id)).length;
  return reflagged > 0 ? { ...change, reflagged } : change;
}

/**
 * The languages in which going from region `a` to region `b` (or back) is the aligner's writing:
 * each side holds an unconfirmed (`aligned`) slot the other lacks. An edit, a confirm or
 * a merge only takes slots out of the aligner's hands; a re-alignment replaces some by others.
 * Undo and redo cut a language's flag again when its step was such a writing.
 */
export function alignerRewrote(a: RegionState, b: RegionState): string[] {
  const keys = (heads: readonly RegionHead[]): Set<string> =>
    new Set(heads.filter((h) => h.status === 'aligned').map((h) => `${h.start}|${h.span}|${h.text}`));
  return Object.keys(b.slots).filter((lang) => {
    const x = keys(a.slots[lang] ?? []);
    const y = keys(b.slots[lang] ?? []);
    return [...x].some((k) => !y.has(k)) && [...y].some((k) => !x.has(k));
  });
}

/**
 * The pivot of a translation import: another language of the document already aligned to the
 * same Chinese segments, whose slots become pivot evidence for the new one (align/pivot.ts).
 */
import { ALIGN_LANGS } from '../align/aligner.js';
import { documentFreeConfidence } from '../align/calibration.js';
import type { BeadShape } from '../align/beads.js';
import { PivotError, UNCONFIRMED_WEIGHT, alignedBeadWeight, checkPivot, type PivotInput } from '../align/pivot.js';
import { DONE_STATUSES, englishLanguageName } from '../domain.js';
import type { Store } from '../store/index.js';

/** Which column served as the pivot, as the import summary reports it. */
export interface PivotUsed {
  lang: string;
  /** Its language's name, for the summary. */
  name: string;
  /** Slots holding text, and how many of them a person confirmed (translated or approved). */
  slots: number;
  confirmed: number;
}

/**
 * A column is worth pivoting on when text covers at least this share of the Chinese segments:
 * a column translated only here and there says nothing about most beads, and its empty slots
 * would read as "this Chinese has no translation".
 */
const MIN_COVERAGE = 0.5;

const baseLang = (lang: string): string => lang.split('-')[0] ?? lang;

interface Candidate { pivot: PivotInput; used: PivotUsed }

/** One column as a pivot: one pivot sentence per slot with text, one bead per slot. */
function columnPivot(store: Store, documentId: number, lang: string, segmentIds: readonly number[]): Candidate | undefined {
  const heads = new Map<number, { text: string; span: number; confirmed: boolean; confidence: number | null }>();
  for (const slot of store.slots.listSlots(documentId, lang)) {
    if (slot.kind !== 'head') continue;
    // An unconfirmed slot the aligner placed weighs by its probability, not by the confidence its
    // own column's flag cut shows (flag-cut.ts): the same bead weighs the same in every document.
    const placed = slot.status === 'aligned' && slot.calibration !== undefined;
    const confidence = placed ? documentFreeConfidence(slot.calibration!.probability, slot.calibration!.ceiling) : slot.confidence;
    heads.set(slot.segmentId, { text: slot.text, span: slot.span, confirmed: DONE_STATUSES.includes(slot.status), confidence });
  }
  if (heads.size === 0) return undefined;
  const sentences: { text: string }[] = [];
  const beads: BeadShape[] = [];
  const weights: number[] = [];
  let covered = 0;
  let confirmed = 0;
  for (let i = 0; i < segmentIds.length;) {
    const head = heads.get(segmentIds[i] ?? 0);
    const span = Math.max(1, Math.min(head?.span ?? 1, segmentIds.length - i));
    const source = Array.from({ length: span }, (_, k) => i + k);
    if (head !== undefined && head.text.trim().length > 0) {
      beads.push({ source, target: [sentences.length] });
      sentences.push({ text: head.text });
      // A confirmed slot counts fully; an aligned one by the aligner's confidence in it.
      weights.push(head.confirmed ? 1 : alignedBeadWeight(head.confidence));
      covered += span;
      if (head.confirmed) confirmed++;
    } else {
      beads.push({ source, target: [] });
      weights.push(UNCONFIRMED_WEIGHT);
    }
    i += span;
  }
  if (covered < MIN_COVERAGE * segmentIds.length) return undefined;
  const pivot: PivotInput = { lang: baseLang(lang), sentences, beads, weights };
  try {
    checkPivot(pivot, segmentIds.length);
  } catch (error) {
    // A column whose slots do not tile the segments is not evidence; the import goes on without it.
    if (error instanceof PivotError) return undefined;
    throw error;
  }
  return { pivot, used: { lang, name: englishLanguageName(lang), slots: sentences.length, confirmed } };
}

/**
 * The best pivot for importing `lang`: among the document's other aligner languages whose
 * columns are mostly filled, the one with the most slots a person confirmed, then the most
 * filled; undefined when there is none.
 */
export function choosePivot(store: Store, documentId: number, lang: string, langs: readonly string[], segmentIds: readonly number[]): Candidate | undefined {
  let best: Candidate | undefined;
  for (const other of langs) {
    const base = baseLang(other);
    if (other === lang || base === 'zh' || !(ALIGN_LANGS as readonly string[]).includes(base)) continue;
    const candidate = columnPivot(store, documentId, other, segmentIds);
    if (candidate === undefined) continue;
    const better = best === undefined || candidate.used.confirmed > best.used.confirmed
      || (candidate.used.confirmed === best.used.confirmed && candidate.used.slots > best.used.slots);
    if (better) best = candidate;
  }
  return best;
}

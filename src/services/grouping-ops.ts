/**
 * Grouping across languages (issue #16), pure: one language taking the other's grouping of a
 * group of Chinese segments, and which approved slots of a language a change of another
 * language's grouping touches. No SQL, no I/O.
 */
import { APPROVED_STATUSES, type RegionHead, type RegionState } from '../domain.js';
import { joinSentences } from '../text/join.js';
import { splitSentences } from '../text/segment.js';
import { ValidationError } from './errors.js';

/** The cuts of a language's heads: the row indices where a head starts, but the first. */
function cuts(heads: readonly RegionHead[]): Set<number> {
  return new Set(heads.filter((h) => h.start > 0).map((h) => h.start));
}

/**
 * Splits `sentences` into parts at `shares` (each the share of Chinese text before a cut, in
 * order), choosing for each cut the sentence boundary whose share of translated text is nearest,
 * with at least one sentence in every part. Null when there are fewer sentences than parts.
 * @example partsAt(['A.', 'B.', 'C.'], [0.66]) // → [['A.', 'B.'], ['C.']]
 */
export function partsAt(sentences: readonly string[], shares: readonly number[]): string[][] | null {
  const parts = shares.length + 1;
  if (sentences.length === 0) return Array.from({ length: parts }, () => []);
  if (sentences.length < parts) return null;
  const total = sentences.reduce((sum, s) => sum + s.length, 0) || 1;
  const before: number[] = [0];
  for (const s of sentences) before.push(before[before.length - 1]! + s.length);
  const bounds: number[] = [];
  let low = 1;
  shares.forEach((share, k) => {
    const high = sentences.length - (shares.length - k);
    let best = low;
    for (let b = low; b <= high; b++) {
      if (Math.abs(before[b]! / total - share) < Math.abs(before[best]! / total - share)) best = b;
    }
    bounds.push(best);
    low = best + 1;
  });
  const edges = [0, ...bounds, sentences.length];
  return Array.from({ length: parts }, (_, k) => sentences.slice(edges[k], edges[k + 1]));
}

/**
 * `lang` takes the grouping of `model` over the whole region (a group: no slot of either crosses
 * its edges). Boundaries only `lang` has are merged away; boundaries only `model` has split a
 * slot of `lang` at a sentence boundary, where the share of translation best matches the share
 * of Chinese before the cut. Slots that end up as they were keep their state; the others are a
 * person's decision now (`draft`, or `empty`). Refuses when a slot has too few sentences.
 */
export function adoptGrouping(region: RegionState, lang: string, model: string): RegionState {
  const heads = region.slots[lang];
  const theirs = region.slots[model];
  if (!heads || !theirs) throw new ValidationError(`The document has no ${heads ? model : lang} column.`);
  const mine = cuts(heads);
  const target = cuts(theirs);
  if (mine.size === target.size && [...mine].every((c) => target.has(c))) {
    throw new ValidationError(`This slot is already grouped as the ${model} column groups it.`);
  }
  const length = (from: number, to: number) => region.segments.slice(from, to).reduce((sum, s) => sum + s.text.length, 0);
  // Each head of `lang` is cut where the model cuts inside it; the pieces then join by model slot.
  const pieces: { start: number; text: string[] }[] = [];
  for (const head of heads) {
    const end = head.start + head.span;
    const inside = [...target].filter((c) => c > head.start && c < end).sort((a, b) => a - b);
    const whole = length(head.start, end) || 1;
    const parts = partsAt(splitSentences(head.text, lang), inside.map((c) => length(head.start, c) / whole));
    if (!parts) {
      throw new ValidationError(`The ${lang} slot at segment ${region.startPosition + head.start + 1} has fewer sentences than the ${model} grouping has slots there; split it at the caret (Alt+S) or merge the ${model} slots instead.`);
    }
    [head.start, ...inside].forEach((start, k) => pieces.push({ start, text: parts[k]! }));
  }
  const old = new Map(heads.map((h) => [h.start, h]));
  const next: RegionHead[] = theirs.map((slot) => {
    const text = joinSentences(lang, pieces.filter((p) => p.start >= slot.start && p.start < slot.start + slot.span).flatMap((p) => p.text));
    const was = old.get(slot.start);
    if (was && was.span === slot.span && was.text === text) return { ...was, reasons: [...was.reasons] };
    return { start: slot.start, span: slot.span, text, status: text.length === 0 ? 'empty' : 'draft', confidence: null, reasons: [], version: was?.version ?? 0 };
  });
  return { ...region, slots: { ...region.slots, [lang]: next } };
}

/** What an approval that a grouping change re-opens says, in the slot's reasons (grid, review). */
export const GROUPING_CHANGED = 'grouping changed since approval';

/**
 * The approved heads of `other` whose grouping relation to `changed` is not what it was: the
 * cuts of `changed` inside or at the edges of the approved slot moved. Head indices into
 * `before.slots[other]` (the same heads as in `after`: only `changed` changed).
 */
export function approvalsRegrouped(before: RegionState, after: RegionState, changed: string, other: string): number[] {
  const was = cuts(before.slots[changed] ?? []);
  const now = cuts(after.slots[changed] ?? []);
  return (before.slots[other] ?? []).flatMap((head, k) => {
    if (!APPROVED_STATUSES.includes(head.status)) return [];
    for (let c = head.start; c <= head.start + head.span; c++) if (was.has(c) !== now.has(c)) return [k];
    return [];
  });
}

/** Re-opens the approval of those heads: back to `translated` (awaiting review), with the reason. */
export function reopenApprovals(region: RegionState, lang: string, indices: readonly number[]): RegionState {
  if (indices.length === 0) return region;
  const heads = (region.slots[lang] ?? []).map((h, k) => (indices.includes(k)
    ? { ...h, status: 'translated' as const, reasons: [...h.reasons.filter((r) => r !== GROUPING_CHANGED), GROUPING_CHANGED] }
    : h));
  return { ...region, slots: { ...region.slots, [lang]: heads } };
}

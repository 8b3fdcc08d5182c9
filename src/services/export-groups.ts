/**
 * What every export format writes: groups of consecutive segments that no exported slot
 * crosses (DESIGN.md "TMX grouping"), each with one variant per language, and the rule
 * that decides whether a variant may be written at all (issue #14 §1).
 */
import type { SlotStatus } from '../domain.js';
import type { Document } from '../store/documents.js';
import type { ExportHead, ExportSegment } from '../store/exports.js';
import { joinSentences } from '../text/join.js';

/**
 * Statuses from weakest to strongest. A group whose slots differ carries the weakest:
 * a rejected text is weaker than one nobody has looked at yet (a person said it is
 * wrong), a first reviewer's approval (reviewed) is weaker than the final one, and only
 * approved is as strong as approved.
 */
export const STATUS_STRENGTH: readonly SlotStatus[] = ['empty', 'rejected', 'aligned', 'draft', 'translated', 'reviewed', 'approved'];

export function weakestStatus(statuses: readonly SlotStatus[]): SlotStatus {
  if (statuses.length === 0) return 'empty';
  return statuses.reduce((low, s) => (STATUS_STRENGTH.indexOf(s) < STATUS_STRENGTH.indexOf(low) ? s : low));
}

/** Which slots an export writes: listed statuses, plus (optionally) aligned ones the aligner was sure of. */
export interface ExportFilter {
  statuses: ReadonlySet<SlotStatus>;
  /** Aligned slots at or above this confidence are written too (Trados/XTM "90+" files); null: none. */
  alignedAbove: number | null;
}

export function passesFilter(slot: { status: SlotStatus; confidence: number | null; text: string }, filter: ExportFilter): boolean {
  if (slot.text.length === 0) return false;
  if (filter.statuses.has(slot.status)) return true;
  return slot.status === 'aligned' && filter.alignedAbove !== null && slot.confidence !== null && slot.confidence >= filter.alignedAbove;
}

export type HeadOf = ExportHead;

/** One part of a variant: a head slot with the 1-based segment range it covers. */
export interface VariantPart { first: number; last: number; status: SlotStatus }

export interface ExportVariant {
  lang: string;
  text: string;
  /** The weakest status of the slots in the group. */
  status: SlotStatus;
  /** Each slot's status when the group's slots of this language differ in status; else empty. */
  parts: VariantPart[];
  /** The lowest aligner confidence among the slots, if any has one. */
  confidence: number | null;
  changedAt: string;
  changedBy: string | null;
  /** Written only when every slot of the group passes the filter: half a merged translation is not a translation. */
  included: boolean;
  heads: HeadOf[];
}

export interface ExportGroup {
  document: Document;
  segments: ExportSegment[];
  sourceText: string;
  variants: ExportVariant[];
}

/** 1-based range of a group, as `3` or `3-4`. */
export function segmentRange(segments: readonly { position: number }[]): string {
  const first = (segments[0]?.position ?? 0) + 1;
  const last = (segments[segments.length - 1]?.position ?? 0) + 1;
  return first === last ? String(first) : `${first}-${last}`;
}

/** Parts written as a prop: `3 approved; 4 rejected` (1-based segment ranges). */
export function partsLabel(parts: readonly VariantPart[]): string {
  return parts.map((p) => `${p.first === p.last ? p.first : `${p.first}-${p.last}`} ${p.status}`).join('; ');
}

function variantOf(lang: string, index: number, group: readonly ExportSegment[], filter: ExportFilter): ExportVariant {
  const heads: HeadOf[] = [];
  for (const segment of group) {
    const head = segment.heads[index];
    if (head) heads.push(head);
  }
  const only = heads.length === 1 ? heads[0]! : undefined;
  if (only) {
    // Nearly every group of a real document is one slot per language: no joining, no comparing.
    return {
      lang, text: only.text, status: only.status, parts: [], confidence: only.confidence, changedAt: only.updatedAt,
      changedBy: only.updatedBy, included: passesFilter(only, filter), heads,
    };
  }
  const latest = heads.reduce<HeadOf | undefined>((l, h) => (!l || h.updatedAt > l.updatedAt ? h : l), undefined);
  const confidences = heads.map((h) => h.confidence).filter((c): c is number => c !== null);
  return {
    lang,
    text: joinSentences(lang, heads.map((h) => h.text)),
    status: weakestStatus(heads.map((h) => h.status)),
    parts: new Set(heads.map((h) => h.status)).size > 1 ? heads.map((h) => ({ first: h.position + 1, last: h.position + h.span, status: h.status })) : [],
    confidence: confidences.length > 0 ? Math.min(...confidences) : null,
    changedAt: latest?.updatedAt ?? '',
    changedBy: latest?.updatedBy ?? null,
    included: heads.length > 0 && heads.every((h) => passesFilter(h, filter)),
    heads,
  };
}

/**
 * Positions read per store call: bounds memory whatever the document's size, and few
 * enough calls that their fixed cost vanishes. Smaller than it was (4,096): once the TMX
 * writer got cheap, a batch that outlives several young-generation collections was the
 * cost, being promoted to the old generation. bench/tmx.ts export, CPU time, two
 * interleaved runs each (load 7.5-8.8): 256 → 1.14 s, 512 → 1.12 s, 4,096 → 1.33 s.
 */
export const EXPORT_BATCH = 512;

/** Positions of one document a run of groups covers: from a group's first segment to before another's. */
export interface GroupRange { from: number; to: number }

/**
 * The groups of one document: consecutive segments are gathered until no head slot of
 * any exported language reaches past the last of them. With `range`, the groups whose
 * first segment lies in [from, to): `from` must begin a group and `to` too (or be past
 * the end), which is what splitting an export between producers relies on
 * (export-blocks.ts); a group still open at `to` means it did not, and is an error.
 */
export function* documentGroups(
  read: { listExportSegments(documentId: number, langs: readonly string[], from: number, limit: number, withComments?: boolean): ExportSegment[] },
  document: Document,
  langs: readonly string[],
  filter: ExportFilter,
  withComments = false,
  range?: GroupRange,
): Generator<ExportGroup> {
  let pending: ExportSegment[] = [];
  let openUntil = -1;
  const close = (): ExportGroup => {
    const group = pending;
    pending = [];
    const variants: ExportVariant[] = new Array(langs.length);
    for (let i = 0; i < langs.length; i++) variants[i] = variantOf(langs[i]!, i, group, filter);
    return {
      document, segments: group,
      sourceText: group.length === 1 ? group[0]!.text : joinSentences('zh', group.map((s) => s.text)),
      variants,
    };
  };
  const start = range?.from ?? 0;
  const to = range?.to ?? Infinity;
  for (let from = start; from < to; from += EXPORT_BATCH) {
    const batch = read.listExportSegments(document.id, langs, from, Math.min(EXPORT_BATCH, to - from), withComments);
    for (const seg of batch) {
      pending.push(seg);
      for (const head of seg.heads) {
        if (head) openUntil = Math.max(openUntil, seg.position + head.span - 1);
      }
      if (seg.position >= openUntil) yield close();
    }
    if (batch.length < Math.min(EXPORT_BATCH, to - from)) break;
  }
  if (pending.length > 0) {
    if (to !== Infinity && openUntil >= to) throw new Error(`Segment ${to + 1} of document ${document.id} does not begin a group: the export cannot be split there.`);
    yield close();
  }
}

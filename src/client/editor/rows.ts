/**
 * The rows of the page the editor shows: segments with their slots, in document order.
 * Pure data, no DOM: which slot covers a segment, the stops of a column for ↑/↓, and
 * putting a changed region in place.
 */
import type { RegionChange, RowView, SlotView } from '../../web/api-types.js';

export type HeadView = Extract<SlotView, { kind: 'head' }>;
/** A grid column: 'source' for the Chinese, otherwise a language tag. */
export type Column = 'source' | string;
export interface Place { column: Column; segmentId: number }
/** Statuses a translator still has to act on, for "confirm and go to the next". */
export const NEEDS_WORK: ReadonlySet<string> = new Set(['empty', 'aligned', 'draft', 'rejected']);

export class PageRows {
  rows: RowView[] = [];

  rowOf(segmentId: number): RowView | undefined {
    return this.rows.find((r) => r.segmentId === segmentId);
  }

  indexOf(segmentId: number): number {
    return this.rows.findIndex((r) => r.segmentId === segmentId);
  }

  /** The head slot of `lang` that covers `segmentId` (itself or the slot above spanning it). */
  headOf(segmentId: number, lang: string): HeadView | undefined {
    const slot = this.rowOf(segmentId)?.slots[lang];
    if (!slot) return undefined;
    if (slot.kind === 'head') return slot;
    const head = this.rowOf(slot.headSegmentId)?.slots[lang];
    return head?.kind === 'head' ? head : undefined;
  }

  /** The head segments of a column in page order (continuations skipped). */
  columnStops(column: Column): number[] {
    if (column === 'source') return this.rows.map((r) => r.segmentId);
    return this.rows.flatMap((r) => (r.slots[column]?.kind === 'head' ? [r.segmentId] : []));
  }

  /** The Chinese text a slot covers (every segment it spans). */
  sourceOf(head: HeadView): string {
    const index = this.indexOf(head.segmentId);
    return this.rows.slice(index, index + head.span).map((r) => r.source).join('');
  }

  /** Stores a slot the server answered with. */
  applySlot(slot: SlotView): void {
    if (slot.kind !== 'head') return;
    const row = this.rowOf(slot.segmentId);
    if (row) row.slots[slot.lang] = slot;
  }

  /**
   * Puts a changed region in place; false when the page does not show the whole region as
   * consecutive rows (it starts elsewhere, or the low-confidence filter hides part of it).
   */
  applyChange(change: RegionChange): boolean {
    const start = this.rows.findIndex((r) => r.position === change.startPosition);
    if (start < 0) return false;
    for (let i = 0; i < change.replacedCount; i++) {
      if (this.rows[start + i]?.position !== change.startPosition + i) return false;
    }
    const delta = change.rows.length - change.replacedCount;
    this.rows.splice(start, change.replacedCount, ...change.rows);
    for (const row of this.rows.slice(start + change.rows.length)) row.position += delta;
    return true;
  }

  /** Replaces the rows a fresh read returned (same segments, new slots); false when they moved. */
  replaceRows(fresh: RowView[]): boolean {
    const first = fresh[0];
    if (!first) return false;
    const start = this.rows.findIndex((r) => r.position === first.position);
    if (start < 0 || !fresh.every((r, i) => this.rows[start + i]?.segmentId === r.segmentId)) return false;
    this.rows.splice(start, fresh.length, ...fresh);
    return true;
  }

  /**
   * Whether the slot (or Chinese segment) next to `place` on `side` is shown right beside it.
   * The low-confidence filter shows groups with gaps between them: an operation that pulls in
   * a neighbour (merge, shift, move a sentence) must act only on one the person can see.
   */
  neighbourShown(place: Place, side: 'previous' | 'next'): boolean {
    const head = place.column === 'source' ? undefined : this.headOf(place.segmentId, place.column);
    const index = this.indexOf(head?.segmentId ?? place.segmentId);
    const row = this.rows[index];
    if (!row) return false;
    if (side === 'previous') return this.rows[index - 1]?.position === row.position - 1;
    const span = head?.span ?? 1;
    return this.rows[index + span]?.position === row.position + span;
  }

  /** The row closest to a 0-based position, for landing the cursor when its slot left the page. */
  nearest(position: number): RowView | undefined {
    let best: RowView | undefined;
    for (const row of this.rows) if (!best || Math.abs(row.position - position) < Math.abs(best.position - position)) best = row;
    return best;
  }
}

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

  /** Puts a changed region in place; false when the region does not start on this page. */
  applyChange(change: RegionChange): boolean {
    const start = this.rows.findIndex((r) => r.position === change.startPosition);
    if (start < 0) return false;
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
}

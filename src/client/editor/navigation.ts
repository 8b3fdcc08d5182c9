/**
 * Moving the cursor: arrow keys within the page and across its edges, "go to segment",
 * and the next low-confidence slot.
 */
import { required } from '../dom.js';
import type { Editor } from './editor.js';
import { NEEDS_WORK, type Column } from './rows.js';

export class Navigation {
  constructor(private readonly editor: Editor) {}

  async move(direction: 'up' | 'down' | 'left' | 'right'): Promise<void> {
    if (!this.editor.active) return;
    const columns: Column[] = ['source', ...this.editor.visibleLangs];
    if (direction === 'left' || direction === 'right') {
      const column = columns[columns.indexOf(this.editor.active.column) + (direction === 'left' ? -1 : 1)];
      if (column) this.editor.activate({ column, segmentId: this.editor.active.segmentId });
      return;
    }
    const stops = this.editor.page.columnStops(this.editor.active.column);
    const next = stops[stops.indexOf(this.editor.active.segmentId) + (direction === 'up' ? -1 : 1)];
    if (next !== undefined) {
      this.editor.activate({ column: this.editor.active.column, segmentId: next });
      return;
    }
    // Past the page edge: the neighbouring page, on the first slot beyond this one.
    const column = this.editor.active.column;
    const here = this.editor.page.rowOf(this.editor.active.segmentId)?.position ?? 0;
    if (direction === 'down' && !(required(this.editor.root, '[data-page-next]') as HTMLButtonElement).disabled) {
      await this.editor.loadPage(this.editor.paging.next());
      this.landBeyond(column, here, 'down');
    }
    if (direction === 'up' && this.editor.paging.start > 0) {
      await this.editor.loadPage(this.editor.paging.previous());
      this.landBeyond(column, here, 'up');
    }
  }

  /** After a page change: the first stop below (or last above) the 0-based position left. */
  landBeyond(column: Column, position: number, direction: 'up' | 'down', needingWork = false): void {
    const col = column === 'source' || this.editor.visibleLangs.includes(column) ? column : this.editor.visibleLangs[0] ?? 'source';
    const stops = this.editor.page.columnStops(col).filter((id) => {
      const at = this.editor.page.rowOf(id)?.position ?? 0;
      return direction === 'down' ? at > position : at < position;
    });
    const wanted = needingWork ? stops.find((id) => NEEDS_WORK.has(this.editor.page.headOf(id, col)?.status ?? '')) : undefined;
    const target = wanted ?? (direction === 'down' ? stops[0] : stops[stops.length - 1]);
    if (target !== undefined) this.editor.activate({ column: col, segmentId: target });
  }

  async goTo(segmentNumber: number): Promise<void> {
    if (!Number.isInteger(segmentNumber) || segmentNumber < 1 || segmentNumber > this.editor.total) {
      this.editor.toast(`Enter a segment number from 1 to ${this.editor.total}.`);
      return;
    }
    this.editor.clearFilters();
    await this.editor.loadPage(this.editor.paging.pageOf(segmentNumber - 1), undefined, segmentNumber - 1);
  }

  nextLowConfidence(): void {
    const lang = this.editor.active && this.editor.active.column !== 'source' ? this.editor.active.column : this.editor.visibleLangs[0];
    if (!lang) return;
    const stops = this.editor.page.columnStops(lang);
    const from = this.editor.active ? stops.indexOf(this.editor.active.segmentId) : -1;
    const next = stops.slice(from + 1).find((id) => {
      const head = this.editor.page.headOf(id, lang);
      return head && head.confidence !== null && head.confidence < this.editor.boot.lowConfidence;
    });
    if (next !== undefined) this.editor.activate({ column: lang, segmentId: next });
    else this.editor.toast('No more low-confidence slots on this page.', 'info');
  }
}

/**
 * Alignment operations (merge, split, shift, move a sentence; split or merge Chinese
 * segments) and undo/redo: each is one request whose answer is the changed region, put in
 * place with the cursor kept on the slot acted on (or restored).
 */
import type { HistoryState, RegionChange } from '../../web/api-types.js';
import { ApiError, api } from '../api.js';
import type { Editor } from './editor.js';
import type { Place } from './rows.js';

export type Operation = 'merge' | 'split' | 'shift-up' | 'shift-down' | 'move-first-up' | 'move-last-down';
/** The neighbour each operation pulls in (split acts on the slot alone). */
const NEIGHBOUR: Partial<Record<Operation, 'previous' | 'next'>> = {
  merge: 'next', 'shift-down': 'next', 'move-last-down': 'next', 'shift-up': 'previous', 'move-first-up': 'previous',
};

export class Operations {
  /** One operation at a time: a second key press while one is on its way is ignored. */
  private busy = false;

  constructor(private readonly editor: Editor) {}

  async operate(kind: Operation): Promise<void> {
    const active = this.editor.active;
    if (!active) return;
    if (active.column === 'source' && kind !== 'merge') return;
    const side = NEIGHBOUR[kind];
    if (side && this.editor.filtered && !this.editor.page.neighbourShown(active, side)) {
      this.editor.toast(`The ${side === 'next' ? 'next' : 'previous'} slot is not shown by the filter. Choose "all segments" under Show to change it.`);
      return;
    }
    return this.operateOn(active.column === 'source' ? 'merge-segments' : kind, active);
  }

  async operateOn(kind: string, target: Place, at?: number): Promise<void> {
    if (!this.editor.boot.canAlign) {
      this.editor.toast('Only translators and admins can change the alignment.');
      return;
    }
    if (this.busy) return;
    this.busy = true;
    const position = this.editor.page.rowOf(target.segmentId)?.position;
    try {
      const lang = target.column === 'source' ? undefined : target.column;
      const head = lang ? this.editor.page.headOf(target.segmentId, lang) : undefined;
      if (lang) void this.editor.saves.flush(head?.segmentId ?? target.segmentId, lang);
      const change = await api<RegionChange>('POST', `/api/documents/${this.editor.boot.documentId}/operations`, {
        kind, segmentId: head?.segmentId ?? target.segmentId, ...(lang && { lang }), ...(head && { version: head.version }), ...(at !== undefined && { at }),
      });
      await this.applyChange(change, target, position);
    } catch (error) {
      this.editor.toast(error instanceof ApiError ? error.message : 'The change failed; nothing was changed.');
      if (error instanceof ApiError && error.code === 'stale_version') await this.editor.loadPage(this.editor.paging.start, target, position);
    } finally {
      this.busy = false;
      this.editor.ensureFocus();
    }
  }

  /** Puts a changed region in place (or reloads the page when it cannot) and keeps the cursor on `focus`. */
  private async applyChange(change: RegionChange, focus?: Place, nearPosition = change.startPosition): Promise<void> {
    this.editor.setHistory(change.history);
    this.editor.total = change.segmentCount;
    if (!this.editor.page.applyChange(change)) {
      const onThisPage = this.editor.page.rows.some((r) => r.position === change.startPosition);
      await this.editor.loadPage(this.editor.filtered || onThisPage ? this.editor.paging.start : this.editor.paging.pageOf(change.startPosition), focus, nearPosition);
      return;
    }
    this.editor.render();
    this.editor.land(focus, nearPosition);
  }

  async replay(direction: 'undo' | 'redo'): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const change = await api<RegionChange>('POST', `/api/documents/${this.editor.boot.documentId}/${direction}`);
      // The cursor goes to the slot the step restored, in its language.
      const focus = change.focus
        ? { column: change.focus.lang ?? 'source', segmentId: change.focus.segmentId }
        : this.editor.active ?? undefined;
      await this.applyChange(change, focus);
      this.editor.toast(direction === 'undo' ? 'Undone.' : 'Redone.', 'info');
    } catch (error) {
      this.editor.toast(error instanceof ApiError ? error.message : `Could not ${direction}.`);
      await this.refreshHistory();
    } finally {
      this.busy = false;
      this.editor.ensureFocus();
    }
  }

  async refreshHistory(): Promise<void> {
    try {
      this.editor.setHistory(await api<HistoryState>('GET', `/api/documents/${this.editor.boot.documentId}/history`));
    } catch {
      // The buttons stay as they were; the next action refreshes them.
    }
  }
}

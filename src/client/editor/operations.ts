/**
 * Alignment operations (merge, split, shift, move a sentence; split or merge Chinese
 * segments) and undo/redo: each is one request whose answer is the changed region, put in
 * place with the cursor kept on the slot acted on (or restored).
 */
import type { HistoryState, RegionChange } from '../../web/api-types.js';
import { ApiError, api } from '../api.js';
import type { Editor } from './editor.js';
import type { Place } from './rows.js';

export const OPERATIONS = ['merge', 'split', 'shift-up', 'shift-down', 'move-first-up', 'move-last-down', 'insert-empty', 'delete-empty'] as const;
export type Operation = (typeof OPERATIONS)[number];
/** The neighbour each operation pulls in (split acts on the slot alone). */
const NEIGHBOUR: Partial<Record<Operation, 'previous' | 'next'>> = {
  merge: 'next', 'shift-down': 'next', 'move-last-down': 'next', 'shift-up': 'previous', 'move-first-up': 'previous',
  'insert-empty': 'next', 'delete-empty': 'next',
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
      const notices = [
        ...(change.realigned ? [realignedNotice(change.realigned.moved)] : []),
        ...(change.reopenedApprovals ? [`${change.reopenedApprovals} approved slot${change.reopenedApprovals === 1 ? '' : 's'} of another language re-opened for review: grouping changed since approval.`] : []),
      ];
      if (notices.length > 0) this.editor.toast(notices.join(' '), 'info', NOTICE_MS);
    } catch (error) {
      this.editor.toast(error instanceof ApiError ? error.message : 'The change failed; nothing was changed.');
      if (error instanceof ApiError && error.code === 'stale_version') await this.editor.loadPage(this.editor.paging.start, target, position);
    } finally {
      this.busy = false;
      this.editor.ensureFocus();
    }
  }

  /** Puts a changed region in place (or reloads the page when it cannot) and keeps the cursor on `focus`. */
  async applyChange(change: RegionChange, focus?: Place, nearPosition = change.startPosition): Promise<void> {
    this.editor.setHistory(change.history);
    this.editor.total = change.segmentCount;
    // A change that cut the column's flag again may have changed slots outside its rows: the
    // page is read again so every badge and the low filter show the new flag.
    if (change.reflagged || !this.editor.page.applyChange(change)) {
      const onThisPage = this.editor.page.rows.some((r) => r.position === change.startPosition);
      await this.editor.loadPage(this.editor.filtered || onThisPage ? this.editor.paging.start : this.editor.paging.pageOf(change.startPosition), focus, nearPosition);
      return;
    }
    this.editor.render();
    this.editor.land(focus, nearPosition);
  }

  /** Groups the active slot's segments as the other language of the pair does (the grouping marker's fix). */
  async adoptGrouping(): Promise<void> {
    const active = this.editor.active;
    if (!active || active.column === 'source') {
      this.editor.toast('Put the cursor on the translation whose grouping should change, then press the key again.');
      return;
    }
    return this.operateOn('adopt-grouping', active);
  }

  /** A confirm that re-aligned the slots below: redraws them and says how many moved. */
  async showRealigned(realigned: { moved: number; change: RegionChange }): Promise<void> {
    await this.applyChange(realigned.change, this.editor.active ?? undefined);
    this.editor.toast(realignedNotice(realigned.moved), 'info', NOTICE_MS);
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

/** The re-alignment notice is two sentences: it stays long enough to read them (6 s). */
const NOTICE_MS = 6000;

/** What the editor says after a fix or a confirm re-aligned the untouched slots below it. */
export function realignedNotice(moved: number): string {
  return moved === 0
    ? 'Re-aligned the unconfirmed slots below: none had to move.'
    : `Re-aligned the unconfirmed slots below: ${moved} slot${moved === 1 ? '' : 's'} moved. Undo (Ctrl+Z) takes back the fix and the re-alignment together.`;
}

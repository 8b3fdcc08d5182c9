/**
 * Other people in the same document, live: their saves, alignment fixes and comments
 * appear in the grid within a second, and their initials sit on the slot they are on.
 * What this person is typing is never replaced: a notice says who changed it, and the
 * grid catches up when they leave the slot.
 */
import type { LiveEvent, Presence, RowsPage } from '../../web/api-types.js';
import { api } from '../api.js';
import { element } from '../dom.js';
import { LiveUpdates } from '../live.js';
import type { Editor } from './editor.js';

export class LiveSync {
  private live: LiveUpdates | null = null;
  private people: Presence[] = [];
  /** Set when others changed the grid while this person was typing; applied on leaving the slot. */
  private refreshAfterEdit = false;

  constructor(private readonly editor: Editor) {}

  start(): void {
    const { editor } = this;
    this.live = new LiveUpdates(editor.boot.documentId, {
      onEvent: (event) => void this.onEvent(event),
      onPresence: (people) => {
        this.people = people.filter((p) => p.userId !== editor.boot.user.id);
        this.renderPresence();
      },
      onStatus: (state) => {
        const box = editor.root.querySelector<HTMLElement>('[data-live-state]');
        if (box) {
          box.textContent = state === 'live' ? 'Live' : 'Reconnecting…';
          box.className = `live-state is-${state}`;
        }
      },
    });
    this.live.start();
  }

  /** Reports where this person is (coalesced by LiveUpdates). */
  moveTo(segmentId: number, lang: string | null): void {
    this.live?.moveTo(segmentId, lang);
  }

  renderPresence(): void {
    this.editor.grid.renderPresence(this.people);
  }

  /** True once after others changed the grid while this person was editing. */
  takeRefresh(): boolean {
    const refresh = this.refreshAfterEdit;
    this.refreshAfterEdit = false;
    return refresh;
  }

  private async onEvent(event: Exclude<LiveEvent, { type: 'presence' }>): Promise<void> {
    const { editor } = this;
    if (event.by && event.by.id === editor.boot.user.id) return;
    if (event.type === 'slot' || event.type === 'comment') {
      const head = editor.page.headOf(event.segmentId, event.lang);
      if (!head) return;
      if (editor.editing && editor.editing.segmentId === head.segmentId && editor.editing.column === event.lang) {
        // Never replace what this person is typing: say so; their save will show both texts.
        const cell = editor.grid.cell(event.lang, head.segmentId);
        if (cell && event.type === 'slot' && !cell.querySelector('.changed-by')) {
          cell.append(element('div', 'changed-by', `Changed by ${event.by.name} while you edit — saving will show both texts.`));
        }
        return;
      }
      await this.refreshRows(head.segmentId);
      if (event.type === 'slot') editor.grid.flash(event.lang, head.segmentId, event.by.name);
      return;
    }
    if (editor.editing) {
      this.refreshAfterEdit = true;
      editor.toast(`${event.by?.name ?? 'Someone'} changed the document; the grid refreshes when you leave this slot.`, 'info');
      return;
    }
    await editor.reload();
    if (event.type === 'reload') editor.toast(event.reason, 'info');
  }

  /** Fetches the group of rows around one segment and puts it in place. */
  private async refreshRows(segmentId: number): Promise<void> {
    const { editor } = this;
    const row = editor.page.rowOf(segmentId);
    if (!row) return;
    const fresh = await api<RowsPage>('GET', `/api/documents/${editor.boot.documentId}/rows?offset=${row.position}&limit=1`);
    if (fresh.rows.length === 0) return;
    if (!editor.page.replaceRows(fresh.rows)) {
      await editor.reload();
      return;
    }
    for (const r of fresh.rows) editor.grid.rerenderRow(r.segmentId);
    if (editor.active) editor.activate(editor.active);
    editor.ensureFocus();
  }
}

/**
 * The alignment editor: a paginated grid of segments and slots, edited by keyboard in
 * two modes. This file holds the editor's state (the page, the cursor, the slot being
 * edited) and what each command does; the parts live beside it:
 *   rows.ts — the page of rows (pure data)      grid-view.ts — drawing the grid
 *   keyboard.ts — keys → commands               save-queue.ts — autosave that never loses text
 *   conflict-dialog.ts, import-dialog.ts, ../keys-dialog.ts — the dialogs
 * The server renders the shell; rows come from the API.
 */
import type { EditorBoot, HistoryState, LiveEvent, Presence, RegionChange, RowsPage, SlotSaved, SlotView } from '../../web/api-types.js';
import { ApiError, api } from '../api.js';
import { AssistPanel } from '../assist.js';
import { element, required, toast } from '../dom.js';
import { openKeysDialog } from '../keys-dialog.js';
import { Keymap, keyLabel } from '../keymap.js';
import { LiveUpdates } from '../live.js';
import { SlotPanel } from '../slot-panel.js';
import { openConflictDialog } from './conflict-dialog.js';
import { GridView, STATUS_LABELS } from './grid-view.js';
import { openImportDialog } from './import-dialog.js';
import { handleEditorKey, type EditorCommands } from './keyboard.js';
import { PageRows, type Column, type HeadView, type Place } from './rows.js';
import { SaveQueue, type PendingSave } from './save-queue.js';

const PAGE_SIZE = 100;
/** Statuses a translator still has to act on, for "confirm and go to the next". */
const NEEDS_WORK = new Set(['empty', 'aligned', 'draft', 'rejected']);

export class Editor implements EditorCommands {
  private readonly boot: EditorBoot;
  private readonly keymap: Keymap;
  private readonly page = new PageRows();
  private readonly grid: GridView;
  private readonly saves: SaveQueue;
  private offset = 0;
  private total: number;
  private filterLang = '';
  private filterTotal = 0;
  private visibleLangs: string[];
  private active: Place | null = null;
  private editing: { column: Column; segmentId: number; textarea: HTMLTextAreaElement } | null = null;
  private history: HistoryState = { canUndo: false, canRedo: false, undoLabel: null, redoLabel: null };
  private busy = false;
  /** TM matches, terms and QA for the focused slot. */
  private readonly assist: AssistPanel | null;
  private readonly panel = new SlotPanel();
  private live: LiveUpdates | null = null;
  private people: Presence[] = [];
  /** Set when others changed the grid while this person was typing; applied on leaving the slot. */
  private refreshAfterEdit = false;

  constructor(private readonly root: HTMLElement) {
    this.boot = JSON.parse(root.dataset.boot ?? '{}') as EditorBoot;
    this.keymap = new Keymap(this.boot.keymap);
    this.total = this.boot.segmentCount;
    this.visibleLangs = this.boot.langs.map((l) => l.lang);
    const assistRoot = root.querySelector<HTMLElement>('[data-assist]');
    this.assist = assistRoot ? new AssistPanel(assistRoot, { documentId: this.boot.documentId }) : null;
    this.grid = new GridView(root, {
      page: this.page, langs: this.boot.langs, visibleLangs: () => this.visibleLangs, keymap: this.keymap,
      lowConfidence: this.boot.lowConfidence, pending: (segmentId, lang) => this.saves.get(segmentId, lang), filterLang: () => this.filterLang,
    });
    this.saves = new SaveQueue({
      documentId: this.boot.documentId,
      transport: (save) => api<SlotSaved>('PUT', `/api/documents/${this.boot.documentId}/slots/${save.segmentId}/${encodeURIComponent(save.lang)}`, {
        text: save.text, version: save.version, ...(save.confirm && { confirm: true }),
      }),
      storage: window.localStorage,
      timers: { setTimeout: (callback, ms) => window.setTimeout(callback, ms), clearTimeout: (id) => window.clearTimeout(id) },
      events: {
        saved: (answer, save) => {
          this.page.applySlot(answer.slot);
          void this.assist?.refresh();
          this.history = answer.history;
          this.renderHistory();
          if (!this.editing || this.editing.segmentId !== save.segmentId) this.grid.rerenderRow(this.headRowId(save.segmentId, save.lang));
        },
        conflict: (save, current) => this.openConflict(save, current),
        refused: (_save, message) => this.toast(`Not saved: ${message} Your text is kept in this browser.`),
        changed: () => this.updateSaveState(),
      },
    });
  }

  async start(): Promise<void> {
    this.wireToolbar();
    this.root.addEventListener('keydown', (event) => handleEditorKey(event, this.keymap, this));
    document.addEventListener('keydown', (event) => {
      if ((event.key === 'F1' || (event.key === '?' && !this.editing)) && !this.root.contains(event.target as Node)) {
        event.preventDefault();
        this.openHelp();
      }
    });
    window.addEventListener('beforeunload', (event) => {
      if (this.saves.hasUnsaved()) event.preventDefault();
    });
    window.addEventListener('online', () => this.saves.retryAll());
    const params = new URLSearchParams(window.location.search);
    const start = Number(params.get('segment') ?? '1');
    await this.loadPage(Number.isFinite(start) && start > 1 ? start - 1 : 0);
    await this.refreshHistory();
    const restored = this.saves.restore();
    if (restored > 0) this.toast(`Sending ${restored} unsaved change(s) kept in this browser.`, 'info');
    this.live = new LiveUpdates(this.boot.documentId, {
      onEvent: (event) => void this.onLive(event),
      onPresence: (people) => {
        this.people = people.filter((p) => p.userId !== this.boot.user.id);
        this.grid.renderPresence(this.people);
      },
      onStatus: (state) => {
        const box = this.root.querySelector<HTMLElement>('[data-live-state]');
        if (box) {
          box.textContent = state === 'live' ? 'Live' : 'Reconnecting…';
          box.className = `live-state is-${state}`;
        }
      },
    });
    this.live.start();
  }

  isEditing(): boolean {
    return this.editing !== null;
  }

  // ---------------------------------------------------------------- live updates from others

  private async onLive(event: Exclude<LiveEvent, { type: 'presence' }>): Promise<void> {
    if (event.by && event.by.id === this.boot.user.id) return;
    if (event.type === 'slot' || event.type === 'comment') {
      const head = this.page.headOf(event.segmentId, event.lang);
      if (!head) return;
      if (this.editing && this.editing.segmentId === head.segmentId && this.editing.column === event.lang) {
        // Never replace what this person is typing: say so; their save will show both texts.
        const cell = this.grid.cell(event.lang, head.segmentId);
        if (cell && event.type === 'slot' && !cell.querySelector('.changed-by')) {
          cell.append(element('div', 'changed-by', `Changed by ${event.by.name} while you edit — saving will show both texts.`));
        }
        return;
      }
      await this.refreshRows(head.segmentId);
      if (event.type === 'slot') this.grid.flash(event.lang, head.segmentId, event.by.name);
      return;
    }
    if (this.editing) {
      this.refreshAfterEdit = true;
      this.toast(`${event.by?.name ?? 'Someone'} changed the document; the grid refreshes when you leave this slot.`, 'info');
      return;
    }
    await this.loadPage(this.offset, this.active ?? undefined);
    if (event.type === 'reload') this.toast(event.reason, 'info');
  }

  /** Fetches the group of rows around one segment and puts it in place. */
  private async refreshRows(segmentId: number): Promise<void> {
    const row = this.page.rowOf(segmentId);
    if (!row) return;
    const fresh = await api<RowsPage>('GET', `/api/documents/${this.boot.documentId}/rows?offset=${row.position}&limit=1`);
    if (fresh.rows.length === 0) return;
    if (!this.page.replaceRows(fresh.rows)) {
      await this.loadPage(this.offset, this.active ?? undefined);
      return;
    }
    for (const r of fresh.rows) this.grid.rerenderRow(r.segmentId);
    if (this.active) this.activate(this.active.column, this.active.segmentId);
  }

  // ---------------------------------------------------------------- loading and rendering

  private async loadPage(offset: number, focus?: Place): Promise<void> {
    const query = new URLSearchParams({ offset: String(Math.max(0, offset)), limit: String(PAGE_SIZE) });
    if (this.filterLang) query.set('low', this.filterLang);
    try {
      const answer = await api<RowsPage>('GET', `/api/documents/${this.boot.documentId}/rows?${query}`);
      this.page.rows = answer.rows;
      this.offset = answer.offset;
      if (this.filterLang) this.filterTotal = answer.total;
      else this.total = answer.total;
      this.render();
      const first = this.page.rows[0];
      const target = focus ?? (first ? { column: this.visibleLangs[0] ?? 'source', segmentId: first.segmentId } : null);
      if (target) this.activate(target.column, target.segmentId);
    } catch (error) {
      this.toast(error instanceof ApiError ? error.message : 'The segments could not be loaded.');
    }
  }

  private render(): void {
    this.grid.render();
    this.renderPager();
    this.grid.renderPresence(this.people);
  }

  private renderPager(): void {
    const label = required(this.root, '[data-page-label]');
    const rows = this.page.rows;
    const first = rows[0];
    const last = rows[rows.length - 1];
    if (this.filterLang) {
      label.textContent = `${this.filterTotal} low-confidence slot(s)`;
      required(this.root, '[data-filter-count]').textContent = `${this.filterTotal} to check`;
    } else {
      label.textContent = first && last ? `Segments ${first.position + 1}–${last.position + 1} of ${this.total}` : '';
      required(this.root, '[data-filter-count]').textContent = '';
    }
    (required(this.root, '[data-page-prev]') as HTMLButtonElement).disabled = this.offset === 0;
    const end = this.filterLang ? this.offset + PAGE_SIZE >= this.filterTotal : !last || last.position + 1 >= this.total;
    (required(this.root, '[data-page-next]') as HTMLButtonElement).disabled = end;
    required(this.root, '[data-total]').textContent = String(this.total);
  }

  // ---------------------------------------------------------------- focus and navigation

  private activate(column: Column, segmentId: number): void {
    if (column !== 'source') {
      const head = this.page.headOf(segmentId, column);
      if (head) segmentId = head.segmentId;
    }
    for (const old of this.root.querySelectorAll('.cell.active')) {
      old.classList.remove('active');
      (old as HTMLElement).tabIndex = -1;
    }
    const cell = this.grid.cell(column, segmentId);
    if (!cell) return;
    this.active = { column, segmentId };
    cell.classList.add('active');
    cell.tabIndex = 0;
    if (!this.editing) cell.focus({ preventScroll: false });
    this.showStatus();
    this.live?.moveTo(segmentId, column === 'source' ? null : column);
    if (column !== 'source') void this.assist?.show(segmentId, column);
  }

  private showStatus(): void {
    const slotLabel = required(this.root, '[data-status-slot]');
    const reasons = required(this.root, '[data-status-reasons]');
    if (!this.active) return;
    const row = this.page.rowOf(this.active.segmentId);
    if (this.active.column === 'source') {
      slotLabel.textContent = `中文 segment ${row ? row.position + 1 : ''}`;
      reasons.textContent = this.boot.canAlign ? `Enter: place the caret to split · ${keyLabel(this.keymap.keyOf('merge'))}: merge with the next segment` : '';
      return;
    }
    const head = this.page.headOf(this.active.segmentId, this.active.column);
    if (!head) return;
    slotLabel.textContent = `${this.active.column} slot ${row ? row.position + 1 : ''} · ${STATUS_LABELS[head.status]} · version ${head.version}`;
    reasons.textContent = head.confidence === null ? '' : `Confidence ${head.confidence.toFixed(2)}${head.reasons.length ? ` — ${head.reasons.join('; ')}` : ''}`;
  }

  async move(direction: 'up' | 'down' | 'left' | 'right'): Promise<void> {
    if (!this.active) return;
    const columns: Column[] = ['source', ...this.visibleLangs];
    if (direction === 'left' || direction === 'right') {
      const column = columns[columns.indexOf(this.active.column) + (direction === 'left' ? -1 : 1)];
      if (column) this.activate(column, this.active.segmentId);
      return;
    }
    const stops = this.page.columnStops(this.active.column);
    const next = stops[stops.indexOf(this.active.segmentId) + (direction === 'up' ? -1 : 1)];
    if (next !== undefined) {
      this.activate(this.active.column, next);
      return;
    }
    // Past the page edge: load the neighbouring page and land on its first/last stop.
    if (direction === 'down' && !(required(this.root, '[data-page-next]') as HTMLButtonElement).disabled) await this.nextPage(this.active.column, 'first');
    if (direction === 'up' && this.offset > 0) await this.previousPage(this.active.column, 'last');
  }

  private async nextPage(column?: Column, land: 'first' | 'last' = 'first'): Promise<void> {
    const last = this.page.rows[this.page.rows.length - 1];
    const offset = this.filterLang ? this.offset + PAGE_SIZE : (last ? last.position + 1 : 0);
    await this.loadPage(offset);
    this.landOn(column, land);
  }

  private async previousPage(column?: Column, land: 'first' | 'last' = 'first'): Promise<void> {
    await this.loadPage(Math.max(0, this.offset - PAGE_SIZE));
    this.landOn(column, land);
  }

  private landOn(column: Column | undefined, land: 'first' | 'last'): void {
    const col = column ?? this.visibleLangs[0] ?? 'source';
    const stops = this.page.columnStops(col);
    const target = land === 'first' ? stops[0] : stops[stops.length - 1];
    if (target !== undefined) this.activate(col, target);
  }

  async nextLowConfidence(): Promise<void> {
    const lang = this.active && this.active.column !== 'source' ? this.active.column : this.visibleLangs[0];
    if (!lang) return;
    const stops = this.page.columnStops(lang);
    const from = this.active ? stops.indexOf(this.active.segmentId) : -1;
    const next = stops.slice(from + 1).find((id) => {
      const head = this.page.headOf(id, lang);
      return head && head.confidence !== null && head.confidence < this.boot.lowConfidence;
    });
    if (next !== undefined) this.activate(lang, next);
    else this.toast('No more low-confidence slots on this page.', 'info');
  }

  // ---------------------------------------------------------------- editing

  startEdit(place: Place | null = this.active): void {
    if (!place) return;
    const { column, segmentId } = place;
    if (this.editing) this.leaveEdit();
    const cell = this.grid.cell(column, segmentId);
    if (!cell) return;
    const head = column === 'source' ? undefined : this.page.headOf(segmentId, column);
    if (column !== 'source' && (!head || !this.boot.canEdit)) return;
    if (column === 'source' && !this.boot.canAlign) return;
    const row = this.page.rowOf(segmentId);
    const pending = this.saves.get(segmentId, column);
    const textarea = element('textarea', 'slot-editor');
    textarea.value = column === 'source' ? row?.source ?? '' : pending ? pending.text : head?.text ?? '';
    textarea.lang = column === 'source' ? 'zh-CN' : column;
    textarea.rows = Math.max(2, Math.ceil(textarea.value.length / 60));
    textarea.setAttribute('aria-label', column === 'source' ? 'Chinese segment: place the caret and press Alt+S to split' : `Translation (${column})`);
    if (column === 'source') {
      // The Chinese text is only split here, never typed over.
      textarea.readOnly = true;
    } else {
      textarea.addEventListener('input', () => this.queueSave(segmentId, column, textarea.value));
    }
    textarea.addEventListener('blur', () => {
      window.setTimeout(() => {
        if (this.editing?.textarea === textarea && document.activeElement !== textarea && !document.querySelector('dialog[open]')) this.leaveEdit();
      }, 0);
    });
    cell.querySelector('.slot-text')?.replaceWith(textarea);
    cell.classList.add('editing');
    this.editing = { column, segmentId, textarea };
    if (column !== 'source') void this.assist?.show(head?.segmentId ?? segmentId, column);
    textarea.focus();
    textarea.setSelectionRange(textarea.value.length, textarea.value.length);
  }

  leaveEdit(): void {
    const editing = this.editing;
    if (!editing) return;
    this.editing = null;
    if (editing.column !== 'source') void this.saves.flush(editing.segmentId, editing.column);
    if (this.refreshAfterEdit) {
      this.refreshAfterEdit = false;
      void this.loadPage(this.offset, { column: editing.column, segmentId: editing.segmentId });
      return;
    }
    this.grid.rerenderRow(editing.segmentId);
    this.activate(editing.column, editing.segmentId);
  }

  private queueSave(segmentId: number, lang: string, text: string): void {
    const head = this.page.headOf(segmentId, lang);
    if (head) this.saves.edit(segmentId, lang, text, head.version);
  }

  private headRowId(segmentId: number, lang: string): number {
    return this.page.headOf(segmentId, lang)?.segmentId ?? segmentId;
  }

  private updateSaveState(): void {
    const summary = this.saves.summary();
    const box = required(this.root, '[data-save-state]');
    box.className = 'save-state';
    if (summary.state === 'conflict') {
      box.textContent = 'Conflict — choose which text to keep';
      box.classList.add('is-conflict');
    } else if (summary.state === 'failed') {
      box.textContent = `Not saved — retrying (${summary.failed}); text kept in this browser`;
      box.classList.add('is-failed');
    } else if (summary.state === 'saving') {
      box.textContent = 'Saving…';
      box.classList.add('is-saving');
    } else {
      box.textContent = 'All changes saved';
    }
  }

  async confirm(moveOn: boolean): Promise<void> {
    const place = moveOn ? this.editing : this.active;
    if (!place || place.column === 'source') return;
    const lang = place.column;
    const head = this.page.headOf(place.segmentId, lang);
    if (!head) return;
    const pending = this.saves.get(head.segmentId, lang);
    const text = this.editing?.segmentId === head.segmentId && this.editing.column === lang ? this.editing.textarea.value : pending?.text ?? head.text;
    if (!text.trim()) {
      this.toast('An empty slot cannot be confirmed. Type the translation first.');
      return;
    }
    if (moveOn) {
      const next = this.nextNeedingWork(lang, head.segmentId);
      this.editing = null;
      await this.saves.confirm(head.segmentId, lang, text, head.version);
      this.grid.rerenderRow(head.segmentId);
      if (next !== undefined) this.startEdit({ column: lang, segmentId: next });
      else this.activate(lang, head.segmentId);
    } else {
      await this.saves.confirm(head.segmentId, lang, text, head.version);
      this.grid.rerenderRow(head.segmentId);
      this.activate(lang, head.segmentId);
    }
  }

  private nextNeedingWork(lang: string, after: number): number | undefined {
    const stops = this.page.columnStops(lang);
    const from = stops.indexOf(after);
    return stops.slice(from + 1).find((id) => {
      const head = this.page.headOf(id, lang);
      return head && NEEDS_WORK.has(head.status);
    }) ?? stops[from + 1];
  }

  editNeighbour(step: -1 | 1): void {
    if (!this.editing) return;
    const { column, segmentId } = this.editing;
    const stops = this.page.columnStops(column);
    const next = stops[stops.indexOf(segmentId) + step];
    this.leaveEdit();
    if (next !== undefined) this.startEdit({ column, segmentId: next });
  }

  copySource(): void {
    if (!this.editing || this.editing.column === 'source') return;
    const head = this.page.headOf(this.editing.segmentId, this.editing.column);
    if (!head) return;
    this.insertText(this.page.sourceOf(head));
  }

  insertMatch(n: number): void {
    this.insertAssist(this.assist?.insertMatch(n), 'No translation-memory match with that number.');
  }

  insertTerm(n: number): void {
    this.insertAssist(this.assist?.insertTerm(n), 'No glossary term with that number.');
  }

  openConcordance(): void {
    this.assist?.openConcordance();
  }

  /** Puts assist text into the slot being edited, replacing the selection, and queues a save. */
  private insertAssist(text: string | undefined, missing: string): void {
    if (!this.editing || this.editing.column === 'source') return;
    if (text === undefined) {
      this.toast(missing, 'info');
      return;
    }
    this.insertText(text);
  }

  private insertText(text: string): void {
    if (!this.editing || this.editing.column === 'source') return;
    const { textarea, segmentId, column } = this.editing;
    textarea.setRangeText(text, textarea.selectionStart, textarea.selectionEnd, 'end');
    this.queueSave(segmentId, column, textarea.value);
  }

  // ---------------------------------------------------------------- conflicts

  private openConflict(save: PendingSave, current: HeadView | null): void {
    const adopt = () => {
      if (current) this.page.applySlot(current);
    };
    openConflictDialog(this.root, save, current, {
      keepMine: () => {
        adopt();
        void this.saves.keepMine(save, current?.version);
      },
      takeTheirs: () => {
        adopt();
        this.saves.discard(save);
        if (this.editing?.segmentId === save.segmentId) this.editing.textarea.value = current?.text ?? '';
        this.grid.rerenderRow(save.segmentId);
      },
      edit: () => {
        adopt();
        this.saves.rebase(save, current?.version);
        this.grid.rerenderRow(save.segmentId);
        this.startEdit({ column: save.lang, segmentId: save.segmentId });
        if (this.editing) {
          this.editing.textarea.value = save.text;
          this.queueSave(save.segmentId, save.lang, save.text);
        }
      },
    });
  }

  // ---------------------------------------------------------------- alignment operations, undo, redo

  async operate(kind: 'merge' | 'split' | 'shift-up' | 'shift-down' | 'move-first-up' | 'move-last-down'): Promise<void> {
    const active = this.active;
    if (!active) return;
    if (active.column === 'source' && kind !== 'merge') return;
    return this.operateOn(active.column === 'source' ? 'merge-segments' : kind, active);
  }

  private async operateOn(kind: string, target: Place, at?: number): Promise<void> {
    if (!this.boot.canAlign) {
      this.toast('Only translators and admins can change the alignment.');
      return;
    }
    if (this.busy) return;
    this.busy = true;
    try {
      const lang = target.column === 'source' ? undefined : target.column;
      const head = lang ? this.page.headOf(target.segmentId, lang) : undefined;
      if (lang) void this.saves.flush(head?.segmentId ?? target.segmentId, lang);
      const change = await api<RegionChange>('POST', `/api/documents/${this.boot.documentId}/operations`, {
        kind, segmentId: head?.segmentId ?? target.segmentId, ...(lang && { lang }), ...(head && { version: head.version }), ...(at !== undefined && { at }),
      });
      this.applyChange(change, target);
    } catch (error) {
      this.toast(error instanceof ApiError ? error.message : 'The change failed; nothing was changed.');
      if (error instanceof ApiError && error.code === 'stale_version') await this.loadPage(this.offset, target);
    } finally {
      this.busy = false;
    }
  }

  private applyChange(change: RegionChange, focus?: Place): void {
    this.history = change.history;
    this.total = change.segmentCount;
    if (this.filterLang || !this.page.applyChange(change)) {
      void this.loadPage(this.offset, focus);
    } else {
      this.render();
      const stillThere = focus && (focus.column === 'source' ? this.page.rowOf(focus.segmentId) : this.page.headOf(focus.segmentId, focus.column));
      const landing = stillThere ? focus : change.rows[0] ? { column: focus?.column ?? 'source', segmentId: change.rows[0].segmentId } : undefined;
      if (landing) this.activate(landing.column, landing.segmentId);
    }
    this.renderHistory();
  }

  async replay(direction: 'undo' | 'redo'): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const change = await api<RegionChange>('POST', `/api/documents/${this.boot.documentId}/${direction}`);
      if (!this.page.rows.some((r) => r.position === change.startPosition)) await this.loadPage(Math.max(0, change.startPosition - 5));
      this.applyChange(change, this.active ?? undefined);
      this.toast(direction === 'undo' ? 'Undone.' : 'Redone.', 'info');
    } catch (error) {
      this.toast(error instanceof ApiError ? error.message : `Could not ${direction}.`);
      await this.refreshHistory();
    } finally {
      this.busy = false;
    }
  }

  private async refreshHistory(): Promise<void> {
    try {
      this.history = await api<HistoryState>('GET', `/api/documents/${this.boot.documentId}/history`);
      this.renderHistory();
    } catch {
      // The buttons stay as they were; the next action refreshes them.
    }
  }

  private renderHistory(): void {
    const undo = required(this.root, '[data-undo]') as HTMLButtonElement;
    const redo = required(this.root, '[data-redo]') as HTMLButtonElement;
    undo.disabled = !this.history.canUndo;
    redo.disabled = !this.history.canRedo;
    undo.title = this.history.undoLabel ? `Undo ${this.history.undoLabel} (${keyLabel(this.keymap.keyOf('undo'))})` : 'Nothing to undo';
    redo.title = this.history.redoLabel ? `Redo ${this.history.redoLabel} (${keyLabel(this.keymap.keyOf('redo'))})` : 'Nothing to redo';
  }

  splitAtCaret(): void {
    if (!this.editing) return;
    const { column, segmentId, textarea } = this.editing;
    const at = textarea.selectionStart;
    this.editing = null;
    if (column === 'source') {
      this.grid.rerenderRow(segmentId);
      void this.operateOn('split-segment', { column, segmentId }, at);
      return;
    }
    // Save what was typed first, so the split cuts the text the server has.
    const go = async () => {
      await this.saves.flush(segmentId, column);
      await this.operateOn('split', { column, segmentId }, at);
    };
    void go();
  }

  async openPanel(tab: 'comments' | 'history', place: Place | null = this.active): Promise<void> {
    if (!place || place.column === 'source') return;
    const lang = place.column;
    const head = this.page.headOf(place.segmentId, lang);
    const row = this.page.rowOf(head?.segmentId ?? place.segmentId);
    if (!head || !row) return;
    this.panel.onChange = (slot: SlotView | null) => {
      if (slot) this.page.applySlot(slot);
      void this.loadPage(this.offset, { column: lang, segmentId: head.segmentId });
    };
    await this.panel.open({
      documentId: this.boot.documentId, segmentId: head.segmentId, lang, version: head.version,
      label: `${this.boot.langs.find((l) => l.lang === lang)?.name ?? lang} slot ${row.position + 1}`, canRestore: this.boot.canAlign,
    }, tab);
  }

  // ---------------------------------------------------------------- toolbar and dialogs

  private wireToolbar(): void {
    for (const box of this.root.querySelectorAll<HTMLInputElement>('[data-column-toggle]')) {
      box.addEventListener('change', () => {
        this.visibleLangs = [...this.root.querySelectorAll<HTMLInputElement>('[data-column-toggle]')].filter((b) => b.checked).map((b) => b.value);
        this.render();
        if (this.active) this.activate(this.visibleLangs.includes(this.active.column) ? this.active.column : 'source', this.active.segmentId);
      });
    }
    const pin = this.root.querySelector<HTMLInputElement>('[data-pin-source]');
    pin?.addEventListener('change', () => required(this.root, '[data-grid]').classList.toggle('pin-source', pin.checked));
    const filter = this.root.querySelector<HTMLSelectElement>('[data-filter]');
    filter?.addEventListener('change', () => {
      this.filterLang = filter.value;
      void this.loadPage(0);
    });
    required(this.root, '[data-undo]').addEventListener('click', () => void this.replay('undo'));
    required(this.root, '[data-redo]').addEventListener('click', () => void this.replay('redo'));
    required(this.root, '[data-page-prev]').addEventListener('click', () => void this.previousPage());
    required(this.root, '[data-page-next]').addEventListener('click', () => void this.nextPage());
    const goto = this.root.querySelector<HTMLInputElement>('[data-goto]');
    goto?.addEventListener('keydown', (event) => {
      if (event.key !== 'Enter') return;
      event.preventDefault();
      const n = Number(goto.value);
      if (!Number.isInteger(n) || n < 1 || n > this.total) {
        this.toast(`Enter a segment number from 1 to ${this.total}.`);
        return;
      }
      this.filterLang = '';
      if (filter) filter.value = '';
      void this.loadPage(n - 1);
    });
    required(this.root, '[data-open-help]').addEventListener('click', () => this.openHelp());
    this.root.querySelector('[data-open-import]')?.addEventListener('click', () => openImportDialog(this.root, this.boot.documentId, () => this.loadPage(0)));
    this.root.addEventListener('click', (event) => {
      const badge = (event.target as HTMLElement).closest<HTMLElement>('[data-open-comments]');
      const badgeCell = badge?.closest<HTMLElement>('.cell');
      if (badgeCell) {
        event.stopPropagation();
        void this.openPanel('comments', { column: badgeCell.dataset.column ?? '', segmentId: Number(badgeCell.dataset.segmentId) });
        return;
      }
      const cell = (event.target as HTMLElement).closest<HTMLElement>('.cell');
      if (!cell || cell.classList.contains('editing')) return;
      const column = cell.dataset.column ?? 'source';
      const segmentId = Number(cell.dataset.segmentId);
      if (this.editing) this.leaveEdit();
      this.activate(column, segmentId);
      if (column !== 'source' && this.boot.canEdit) this.startEdit({ column, segmentId });
    });
  }

  openHelp(): void {
    openKeysDialog({
      dialog: required(this.root, '[data-help-dialog]') as HTMLDialogElement,
      keymap: this.keymap,
      modes: [
        { mode: 'grid', caption: 'Moving around and fixing the alignment (not editing)' },
        { mode: 'edit', caption: 'While editing a slot' },
        { mode: 'both', caption: 'Anywhere' },
      ],
      toast: (message) => this.toast(message),
      onClose: () => {
        if (this.active) this.activate(this.active.column, this.active.segmentId);
      },
    });
  }

  private toast(message: string, kind: 'error' | 'info' = 'error'): void {
    toast(required(this.root, '[data-toast]'), message, kind);
  }
}

/**
 * The alignment editor: a paged grid of segments and slots, edited by keyboard in two
 * modes. This file holds the editor's state (the page, the cursor, the slot being edited)
 * and what each command does; the parts live beside it:
 *   rows.ts — the page of rows (pure data)       paging.ts — which page is shown
 *   grid-view.ts — drawing the grid              keyboard.ts — keys → commands
 *   toolbar.ts — toolbar buttons, clicks         save-queue.ts — autosave that never loses text
 *   live-sync.ts — other people's changes        density.ts — compact or comfortable rows
 *   row-filter.ts — text and status filters     find-dialog.ts — find and replace
 *   slot-editing.ts — the text box: edit, confirm, insert, split
 *   conflict-dialog.ts, import-dialog.ts, qa-warning.ts, ../keys-dialog.ts — the dialogs
 * The server renders the shell; rows come from the API.
 */
import type { EditorBoot, HistoryState, RowsPage, SlotSaved, SlotView } from '../../web/api-types.js';
import { alignmentSummary } from '../alignment-reasons.js';
import { ApiError, api } from '../api.js';
import { AssistPanel } from '../assist.js';
import { required, toast } from '../dom.js';
import { Keymap, keyLabel } from '../keymap.js';
import { SlotPanel } from '../slot-panel.js';
import { openConflict } from './conflict-dialog.js';
import { Navigation } from './navigation.js';
import { Operations, type Operation } from './operations.js';
import { realignColumn, wireAlignmentMenu } from './alignment-menu.js';
import { applyDensity, loadDensity, saveDensity } from './density.js';
import { GridView, statusLabel } from './grid-view.js';
import { openFindDialog } from './find-dialog.js';
import { openEditorHelp } from './help.js';
import { groupingMarkers } from './grouping-marker.js';
import { openImportDialog } from './import-dialog.js';
import { handleEditorKey, type EditorCommands } from './keyboard.js';
import { LiveSync } from './live-sync.js';
import { Paging } from './paging.js';
import { addFilter, isFiltering, NO_FILTER, wireRowFilter, type RowFilter } from './row-filter.js';
import { PageRows, type Column, type Place } from './rows.js';
import { SaveQueue } from './save-queue.js';
import { SlotEditing } from './slot-editing.js';
import { GridSpelling, openSpellingDialog } from './spelling.js';
import { renderPager, renderUndoButtons, wireToolbar } from './toolbar.js';

const NARROW = '(max-width: 900px)';

export class Editor implements EditorCommands {
  readonly boot: EditorBoot;
  readonly keymap: Keymap;
  readonly page = new PageRows();
  readonly grid: GridView;
  readonly saves: SaveQueue;
  readonly paging: Paging;
  total: number;
  filterLang = '';
  /** The text and status filters (row-filter.ts); while set, the low-confidence filter is off. */
  rowFilter: RowFilter = NO_FILTER;
  private filterControls: ReturnType<typeof wireRowFilter> | null = null;
  private filterTotal = 0;
  visibleLangs: string[];
  active: Place | null = null;
  editing: { column: Column; segmentId: number; textarea: HTMLTextAreaElement } | null = null;
  private history: HistoryState = { canUndo: false, canRedo: false, undoLabel: null, redoLabel: null };
  readonly ops = new Operations(this);
  readonly nav = new Navigation(this);
  private readonly slotEditing = new SlotEditing(this);
  /** TM matches, terms, QA, alignment and history of the active slot, beside the grid. */
  readonly assist: AssistPanel | null;
  private readonly panel = new SlotPanel();
  readonly live: LiveSync;
  private readonly spelling: GridSpelling;
  /** The grid taking in the slots a confirm re-aligned; the next slot is chosen after it. */
  realigning: Promise<void> = Promise.resolve();

  constructor(readonly root: HTMLElement) {
    this.boot = JSON.parse(root.dataset.boot ?? '{}') as EditorBoot;
    this.keymap = new Keymap(this.boot.keymap);
    this.total = this.boot.segmentCount;
    this.paging = new Paging(this.boot.pageSize);
    this.visibleLangs = this.boot.langs.map((l) => l.lang);
    const assistRoot = root.querySelector<HTMLElement>('[data-assist]');
    this.assist = assistRoot ? new AssistPanel(assistRoot, {
      documentId: this.boot.documentId, lowConfidence: this.boot.lowConfidence, dialogs: root, onDialogClose: () => this.focusGrid(),
    }) : null;
    this.grid = new GridView(root, {
      page: this.page, langs: this.boot.langs, visibleLangs: () => this.visibleLangs, keymap: this.keymap,
      lowConfidence: this.boot.lowConfidence, pending: (segmentId, lang) => this.saves.get(segmentId, lang), filterLang: () => this.filterLang,
      secondReview: (lang) => this.boot.secondReview?.includes(lang) ?? false,
      slotMarkers: (slot, row) => groupingMarkers(slot, row, this.keymap, (lang) => this.langName(lang)),
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
          this.setHistory(answer.history);
          if (answer.realigned) this.realigning = this.ops.showRealigned(answer.realigned);
          if (!this.editing || this.editing.segmentId !== save.segmentId) this.grid.rerenderRow(this.page.headOf(save.segmentId, save.lang)?.segmentId ?? save.segmentId);
          if (this.active?.segmentId === save.segmentId) this.showStatus();
        },
        conflict: (save, current) => openConflict(this, save, current),
        refused: (_save, message) => this.toast(`Not saved: ${message} Your text is kept in this browser.`),
        changed: () => this.updateSaveState(),
      },
    });
    this.live = new LiveSync(this);
    this.spelling = new GridSpelling(required(root, '[data-grid-body]'));
  }

  async start(): Promise<void> {
    const density = loadDensity(this.boot.user.id);
    applyDensity(this.root, density);
    if (window.matchMedia(NARROW).matches) this.root.classList.add('assist-collapsed');
    this.syncAssistButton();
    this.wire(density);
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
    const start = Number(new URLSearchParams(window.location.search).get('segment') ?? '1');
    if (Number.isInteger(start) && start > 1 && start <= this.total) await this.goTo(start);
    else await this.loadPage(0);
    await this.ops.refreshHistory();
    const restored = this.saves.restore();
    if (restored > 0) this.toast(`Sending ${restored} unsaved change(s) kept in this browser.`, 'info');
    this.live.start();
    this.spelling.start(this.root.querySelector<HTMLInputElement>('[data-spelling-toggle]'), this.boot.user.id);
  }

  /** Whether a filter hides segments (low confidence, text or status). */
  get filtered(): boolean { return this.filterLang !== '' || isFiltering(this.rowFilter); }

  /** Shows all segments again (going to a segment number does). */
  clearFilters(): void { this.filterLang = ''; this.rowFilter = NO_FILTER; this.filterControls?.clear(); }

  isEditing(): boolean {
    return this.editing !== null;
  }

  langName(lang: string): string {
    return this.boot.langs.find((l) => l.lang === lang)?.name ?? lang;
  }

  // ---------------------------------------------------------------- loading and rendering

  /** Loads the page starting at the nominal `start` and puts the cursor on `focus` (or the nearest row). */
  async loadPage(start: number, focus?: Place, nearPosition?: number): Promise<void> {
    const query = new URLSearchParams({ offset: String(Math.max(0, start)), limit: String(this.paging.size) });
    if (isFiltering(this.rowFilter)) addFilter(query, this.rowFilter);
    else if (this.filterLang) query.set('low', this.filterLang);
    try {
      const answer = await api<RowsPage>('GET', `/api/documents/${this.boot.documentId}/rows?${query}`);
      this.page.rows = answer.rows;
      this.paging.start = Math.max(0, start);
      if (this.filtered) this.filterTotal = answer.total;
      else this.total = answer.total;
      this.render();
      this.land(focus, nearPosition);
    } catch (error) {
      this.toast(error instanceof ApiError ? error.message : 'The segments could not be loaded.');
    }
    this.ensureFocus();
  }

  /** The same page again, the cursor where it was (after others changed the document). */
  reload(): Promise<void> {
    return this.loadPage(this.paging.start, this.active ?? undefined, this.active ? this.page.rowOf(this.active.segmentId)?.position : undefined);
  }

  render(): void {
    this.grid.render();
    this.keepEditorOpen();
    const rows = this.page.rows;
    const first = rows[0];
    const last = rows[rows.length - 1];
    renderPager(this.root, {
      label: isFiltering(this.rowFilter) ? `${this.filterTotal} matching segment${this.filterTotal === 1 ? '' : 's'}`
        : this.filterLang ? `${this.filterTotal} to check` : first && last ? `Segments ${first.position + 1}–${last.position + 1} of ${this.total}` : '',
      filterCount: '',
      canPrevious: this.paging.start > 0,
      canNext: this.paging.hasNext(last?.position, this.filtered ? this.filterTotal : this.total, this.filtered),
      total: this.total,
    });
    this.live.renderPresence();
  }

  /** A redraw (a reload, someone's change) while a slot is being edited puts the same text box back, typing and all. */
  private keepEditorOpen(): void {
    const editing = this.editing;
    if (!editing) return;
    const cell = this.grid.cell(editing.column, editing.segmentId);
    const hadFocus = document.activeElement === editing.textarea || !editing.textarea.isConnected;
    if (!cell) {
      this.editing = null;
      if (editing.column !== 'source') void this.saves.flush(editing.segmentId, editing.column);
      return;
    }
    cell.querySelector('.slot-text')?.replaceWith(editing.textarea);
    cell.classList.add('editing');
    if (hadFocus) editing.textarea.focus();
  }

  /** Puts the cursor on `focus` if the page shows it, else on the row nearest `nearPosition`, else the first. */
  land(focus?: Place, nearPosition?: number): void {
    const column = focus && (focus.column === 'source' || this.visibleLangs.includes(focus.column)) ? focus.column : this.visibleLangs[0] ?? 'source';
    if (focus && (column === 'source' ? this.page.rowOf(focus.segmentId) : this.page.headOf(focus.segmentId, column))) {
      this.activate({ column, segmentId: focus.segmentId });
      return;
    }
    // With the low-confidence filter on, the first stop is the first flagged slot, not its dimmed neighbour.
    const flagged = this.filterLang && column === this.filterLang
      ? this.page.rows.find((r) => { const head = this.page.headOf(r.segmentId, column); return head && head.confidence !== null && head.confidence < this.boot.lowConfidence; })
      : undefined;
    const row = nearPosition !== undefined ? this.page.nearest(nearPosition) : flagged ?? this.page.rows[0];
    if (row) this.activate({ column, segmentId: row.segmentId });
  }

  // ---------------------------------------------------------------- focus and navigation

  activate(place: Place): void {
    let { segmentId } = place;
    const { column } = place;
    const head = column === 'source' ? undefined : this.page.headOf(segmentId, column);
    if (head) segmentId = head.segmentId;
    for (const old of this.root.querySelectorAll<HTMLElement>('.cell.active')) {
      old.classList.remove('active');
      old.tabIndex = -1;
    }
    for (const old of this.root.querySelectorAll('tr.active-row')) old.classList.remove('active-row');
    const cell = this.grid.cell(column, segmentId);
    if (!cell) return;
    this.active = { column, segmentId };
    cell.classList.add('active');
    cell.closest('tr')?.classList.add('active-row');
    cell.tabIndex = 0;
    // Typing in the row filter goes on while the filtered rows arrive.
    if (!this.editing && !document.activeElement?.closest('[data-row-filter]')) cell.focus({ preventScroll: true });
    cell.scrollIntoView({ block: 'nearest' });
    this.showStatus();
    this.live.moveTo(segmentId, column === 'source' ? null : column);
    const row = this.page.rowOf(segmentId);
    this.assist?.show({
      segmentId, lang: column, head: head ?? null,
      label: column === 'source' ? `中文 segment ${(row?.position ?? 0) + 1}` : `${this.langName(column)} slot ${(row?.position ?? 0) + 1}`,
    });
  }

  /** After a dialog: the keyboard goes back to the cursor (the dialog itself would return it to its button). */
  focusGrid(): void {
    if (document.querySelector('dialog[open]')) return;
    (document.activeElement as HTMLElement | null)?.blur();
    this.ensureFocus();
  }

  ensureFocus(): void {
    if (document.querySelector('dialog[open]')) return;
    const focused = document.activeElement;
    if (focused && focused !== document.body && focused.isConnected) return;
    if (this.editing?.textarea.isConnected) {
      this.editing.textarea.focus();
      return;
    }
    const cell = this.active ? this.grid.cell(this.active.column, this.active.segmentId) : null;
    if (cell) cell.focus({ preventScroll: true });
    else if (this.page.rows[0]) this.land(undefined);
    else required(this.root, '[data-grid-wrap]').focus();
  }

  showStatus(): void {
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
    slotLabel.textContent = `${this.langName(this.active.column)} slot ${row ? row.position + 1 : ''} · ${statusLabel(head.status, this.boot.secondReview?.includes(head.lang) ?? false)} · version ${head.version}${this.editing ? ' · editing' : ''}`;
    reasons.textContent = alignmentSummary(head);
  }

  move(direction: 'up' | 'down' | 'left' | 'right'): Promise<void> {
    return this.nav.move(direction);
  }

  goTo(segmentNumber: number): Promise<void> {
    return this.nav.goTo(segmentNumber);
  }

  nextLowConfidence(): void {
    this.nav.nextLowConfidence();
  }

  // ---------------------------------------------------------------- editing (slot-editing.ts)

  startEdit(place: Place | null = this.active): void { this.slotEditing.startEdit(place); }

  leaveEdit(): void { this.slotEditing.leaveEdit(); }

  queueSave(segmentId: number, lang: string, text: string): void { this.slotEditing.queueSave(segmentId, lang, text); }

  confirm(moveOn: boolean): Promise<void> { return this.slotEditing.confirm(moveOn); }

  editNeighbour(step: -1 | 1): void { this.slotEditing.editNeighbour(step); }

  copySource(): void { this.slotEditing.copySource(); }

  insertMatch(n: number): Promise<void> { return this.slotEditing.insertMatch(n); }

  insertTerm(n: number): Promise<void> { return this.slotEditing.insertTerm(n); }

  openConcordance(): void {
    this.assist?.openConcordance();
  }

  insertText(text: string): void { this.slotEditing.insertText(text); }

  splitAtCaret(): void { this.slotEditing.splitAtCaret(); }

  private updateSaveState(): void {
    const summary = this.saves.summary();
    const box = required(this.root, '[data-save-state]');
    box.className = `save-state is-${summary.state}`;
    box.textContent = summary.state === 'conflict' ? 'Conflict — choose which text to keep'
      : summary.state === 'failed' ? `Not saved — retrying (${summary.failed}); text kept in this browser`
        : summary.state === 'saving' ? 'Saving…' : 'All changes saved';
  }

  // ---------------------------------------------------------------- alignment operations, undo, redo (operations.ts)

  operate(kind: Operation): Promise<void> {
    return this.ops.operate(kind);
  }

  realignColumn(): Promise<void> {
    return realignColumn(this);
  }

  adoptGrouping(): Promise<void> {
    return this.ops.adoptGrouping();
  }

  reloadPage(): Promise<void> {
    return this.loadPage(this.paging.start, this.active ?? undefined);
  }

  replay(direction: 'undo' | 'redo'): Promise<void> {
    return this.ops.replay(direction);
  }

  setHistory(history: HistoryState): void {
    this.history = history;
    renderUndoButtons(this.root, this.history, this.keymap);
  }

  async openPanel(tab: 'comments' | 'history', place: Place | null = this.active): Promise<void> {
    if (!place || place.column === 'source') return;
    const lang = place.column;
    const head = this.page.headOf(place.segmentId, lang);
    const row = this.page.rowOf(head?.segmentId ?? place.segmentId);
    if (!head || !row) return;
    this.panel.onChange = (slot: SlotView | null) => {
      if (slot) this.page.applySlot(slot);
      void this.loadPage(this.paging.start, { column: lang, segmentId: head.segmentId });
    };
    this.panel.onClose = () => this.focusGrid();
    await this.panel.open({
      documentId: this.boot.documentId, segmentId: head.segmentId, lang, version: head.version,
      label: `${this.langName(lang)} slot ${row.position + 1}`,
    }, tab);
  }

  // ---------------------------------------------------------------- toolbar and dialogs

  private wire(density: 'compact' | 'comfortable'): void {
    this.filterControls = wireRowFilter(this);
    wireToolbar(this.root, density, {
      showColumns: (langs) => {
        this.visibleLangs = langs;
        this.render();
        if (this.active) this.activate({ column: langs.includes(this.active.column) ? this.active.column : 'source', segmentId: this.active.segmentId });
      },
      filter: (choice) => this.filterControls?.show(choice),
      replay: (direction) => void this.replay(direction),
      previousPage: () => void this.loadPage(this.paging.previous()),
      nextPage: () => void this.loadPage(this.paging.next()),
      goTo: (n) => void this.goTo(n),
      density: (next) => {
        applyDensity(this.root, next);
        saveDensity(this.boot.user.id, next);
      },
      toggleAssist: () => this.toggleAssist(),
      openImport: () => openImportDialog(this.root, this.boot.documentId, () => this.loadPage(0), () => this.focusGrid()),
      openHelp: () => this.openHelp(),
      openFind: () => this.openFind(),
      clickCell: (place, again) => {
        if (this.editing) this.leaveEdit();
        this.activate(place);
        // First click selects, the second edits (as in InterText and memoQ).
        if (again) this.startEdit(place);
      },
      openComments: (place) => void this.openPanel('comments', place),
    });
    wireAlignmentMenu(this.root, this);
  }

  openFind(): void { if (this.editing) this.leaveEdit(); openFindDialog(this); }

  focusFilter(): void { if (this.editing) this.leaveEdit(); this.filterControls?.focus(); }

  /** Beside the grid: shows or hides the panel; on a narrow screen: opens or closes the drawer. */
  toggleAssist(): void {
    const opening = this.root.classList.toggle('assist-collapsed') === false;
    this.syncAssistButton();
    const panel = this.root.querySelector<HTMLElement>('[data-assist]');
    if (opening && window.matchMedia(NARROW).matches) panel?.focus();
    else if (!opening && panel?.contains(document.activeElement)) this.focusGrid();
  }

  private syncAssistButton(): void {
    this.root.querySelector('[data-toggle-assist]')?.setAttribute('aria-expanded', String(!this.root.classList.contains('assist-collapsed')));
  }

  openHelp(): void { openEditorHelp(this); }

  openSpelling(): void { void openSpellingDialog(this, this.spelling); }

  toast(message: string, kind: 'error' | 'info' = 'error', ms?: number): void {
    toast(required(this.root, '[data-toast]'), message, kind, ms);
  }
}

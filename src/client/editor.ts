/**
 * The alignment editor: a paginated grid of segments and slots, edited by keyboard in
 * two modes, with autosave that never loses text (local storage until the server
 * confirms), a side-by-side conflict dialog on 409, alignment operations, undo/redo and
 * translation import with progress. The server renders the shell; rows come from the API.
 */
import type {
  EditorBoot, HistoryState, JobAnswer, RegionChange, RowView, RowsPage, SlotSaved, SlotView, TranslationImportSummary,
} from '../web/api-types.js';
import { ApiError, api } from './api.js';
import { element, required, toast } from './dom.js';
import { AssistPanel } from './assist.js';
import { renderDiff } from './diff-view.js';
import { ACTIONS, Keymap, keyLabel, keyName, type Action } from './keymap.js';
import { LiveUpdates } from './live.js';
import { SlotPanel, commentCountLabel } from './slot-panel.js';
import type { LiveEvent, Presence } from '../web/api-types.js';

type HeadView = Extract<SlotView, { kind: 'head' }>;
type Column = 'source' | string;
type SaveState = 'saved' | 'saving' | 'failed' | 'conflict';

const PAGE_SIZE = 100;
const AUTOSAVE_MS = 800;
const STATUS_LABELS: Record<string, string> = {
  empty: 'Empty', aligned: 'Aligned', draft: 'Draft', translated: 'Translated', approved: 'Approved', rejected: 'Rejected',
};
/** Statuses a translator still has to act on, for "confirm and go to the next". */
const NEEDS_WORK = new Set(['empty', 'aligned', 'draft', 'rejected']);

interface PendingSave {
  segmentId: number;
  lang: string;
  text: string;
  /** The version the text was typed against. */
  version: number;
  confirm: boolean;
  state: SaveState;
  attempt: number;
  timer?: number;
}



export class Editor {
  private readonly boot: EditorBoot;
  private readonly keymap: Keymap;
  private rows: RowView[] = [];
  private offset = 0;
  private total: number;
  private filterLang = '';
  private filterTotal = 0;
  private visibleLangs: string[];
  private active: { column: Column; segmentId: number } | null = null;
  private editing: { column: Column; segmentId: number; textarea: HTMLTextAreaElement } | null = null;
  private readonly pending = new Map<string, PendingSave>();
  private history: HistoryState = { canUndo: false, canRedo: false, undoLabel: null, redoLabel: null };
  private busy = false;
  private readonly storagePrefix: string;
  /** TM matches, terms and QA for the focused slot (issue #7). */
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
    this.storagePrefix = `duizhao:unsaved:${this.boot.documentId}:`;
    const assistRoot = root.querySelector<HTMLElement>('[data-assist]');
    this.assist = assistRoot ? new AssistPanel(assistRoot, { documentId: this.boot.documentId }) : null;
  }

  async start(): Promise<void> {
    this.wireToolbar();
    this.root.addEventListener('keydown', (event) => this.onKey(event));
    document.addEventListener('keydown', (event) => {
      if ((event.key === 'F1' || (event.key === '?' && !this.editing)) && !this.root.contains(event.target as Node)) {
        event.preventDefault();
        this.openHelp();
      }
    });
    window.addEventListener('beforeunload', (event) => {
      if ([...this.pending.values()].some((p) => p.state !== 'saved')) event.preventDefault();
    });
    window.addEventListener('online', () => this.retryAll());
    const params = new URLSearchParams(window.location.search);
    const start = Number(params.get('segment') ?? '1');
    await this.loadPage(Number.isFinite(start) && start > 1 ? start - 1 : 0);
    await this.refreshHistory();
    this.restoreUnsaved();
    this.live = new LiveUpdates(this.boot.documentId, {
      onEvent: (event) => void this.onLive(event),
      onPresence: (people) => {
        this.people = people.filter((p) => p.userId !== this.boot.user.id);
        this.renderPresence();
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

  // ---------------------------------------------------------------- live updates from others

  private async onLive(event: Exclude<LiveEvent, { type: 'presence' }>): Promise<void> {
    if (event.by && event.by.id === this.boot.user.id) return;
    if (event.type === 'slot' || event.type === 'comment') {
      const head = this.headOf(event.segmentId, event.lang);
      if (!head) return;
      if (this.editing && this.editing.segmentId === head.segmentId && this.editing.column === event.lang) {
        // Never replace what this person is typing: say so; their save will show both texts.
        const cell = this.cell(event.lang, head.segmentId);
        if (cell && event.type === 'slot' && !cell.querySelector('.changed-by')) {
          cell.append(element('div', 'changed-by', `Changed by ${event.by.name} while you edit — saving will show both texts.`));
        }
        return;
      }
      await this.refreshRows(head.segmentId);
      if (event.type === 'slot') this.flash(event.lang, head.segmentId, event.by.name);
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
    const row = this.rowOf(segmentId);
    if (!row) return;
    const page = await api<RowsPage>('GET', `/api/documents/${this.boot.documentId}/rows?offset=${row.position}&limit=1`);
    const first = page.rows[0];
    if (!first) return;
    const start = this.rows.findIndex((r) => r.position === first.position);
    const sameIds = page.rows.every((r, i) => this.rows[start + i]?.segmentId === r.segmentId);
    if (start < 0 || !sameIds) {
      await this.loadPage(this.offset, this.active ?? undefined);
      return;
    }
    this.rows.splice(start, page.rows.length, ...page.rows);
    for (const r of page.rows) this.rerenderRow(r.segmentId);
    if (this.active) this.activate(this.active.column, this.active.segmentId);
  }

  private flash(lang: string, segmentId: number, name: string): void {
    const cell = this.cell(lang, segmentId);
    if (!cell) return;
    cell.classList.add('just-changed');
    cell.dataset.changedBy = name;
    window.setTimeout(() => cell.classList.remove('just-changed'), 2500);
  }

  private renderPresence(): void {
    for (const old of this.root.querySelectorAll('.presence')) old.remove();
    for (const person of this.people) {
      if (person.segmentId === null || person.lang === null) continue;
      const head = this.headOf(person.segmentId, person.lang);
      const cell = this.cell(person.lang, head?.segmentId ?? person.segmentId);
      const chip = element('span', 'presence', person.initials);
      chip.title = `${person.name} is here`;
      cell?.querySelector('.slot-meta')?.prepend(chip);
    }
    const list = this.root.querySelector<HTMLElement>('[data-people]');
    if (list) list.textContent = this.people.length === 0 ? '' : `Also here: ${this.people.map((p) => p.name).join(', ')}`;
  }

  // ---------------------------------------------------------------- loading and rendering

  private async loadPage(offset: number, focus?: { column: Column; segmentId: number }): Promise<void> {
    const query = new URLSearchParams({ offset: String(Math.max(0, offset)), limit: String(PAGE_SIZE) });
    if (this.filterLang) query.set('low', this.filterLang);
    try {
      const page = await api<RowsPage>('GET', `/api/documents/${this.boot.documentId}/rows?${query}`);
      this.rows = page.rows;
      this.offset = page.offset;
      if (this.filterLang) this.filterTotal = page.total;
      else this.total = page.total;
      this.render();
      const target = focus ?? (this.rows[0] ? { column: this.visibleLangs[0] ?? 'source', segmentId: this.rows[0].segmentId } : null);
      if (target) this.activate(target.column, target.segmentId);
    } catch (error) {
      this.toast(error instanceof ApiError ? error.message : 'The segments could not be loaded.');
    }
  }

  private render(): void {
    const head = required(this.root, '[data-grid-head]');
    head.replaceChildren(element('th', 'num', '#'));
    const source = element('th', 'src-head', '中文');
    source.lang = 'zh-CN';
    source.scope = 'col';
    head.append(source);
    for (const lang of this.visibleLangs) {
      const th = element('th', undefined, this.boot.langs.find((l) => l.lang === lang)?.name ?? lang);
      th.lang = lang;
      th.scope = 'col';
      head.append(th);
    }
    const body = required(this.root, '[data-grid-body]');
    body.replaceChildren(...this.rows.map((row, index) => this.renderRow(row, index)));
    if (this.rows.length === 0) {
      const tr = element('tr');
      const td = element('td', 'loading', this.filterLang ? 'No low-confidence slots in this language. Everything the aligner placed looks right.' : 'This document has no segments.');
      td.colSpan = 2 + this.visibleLangs.length;
      tr.append(td);
      body.append(tr);
    }
    this.renderPager();
    this.renderPresence();
  }

  private renderRow(row: RowView, index: number): HTMLTableRowElement {
    const tr = element('tr');
    tr.dataset.segmentId = String(row.segmentId);
    tr.setAttribute('aria-rowindex', String(row.position + 2));
    const previous = this.rows[index - 1];
    if (!previous || previous.paragraph !== row.paragraph) tr.classList.add('para-start');
    if (previous && previous.position !== row.position - 1) tr.classList.add('gap-before');
    const num = element('th', 'num', String(row.position + 1));
    num.scope = 'row';
    num.title = `Paragraph ${row.paragraph + 1}`;
    tr.append(num);
    const src = element('td', 'src cell');
    src.lang = 'zh-CN';
    src.dataset.column = 'source';
    src.dataset.segmentId = String(row.segmentId);
    src.tabIndex = -1;
    src.append(element('div', 'slot-text', row.source));
    tr.append(src);
    for (const lang of this.visibleLangs) {
      const slot = row.slots[lang];
      if (!slot || slot.kind !== 'head') continue;
      tr.append(this.renderSlot(slot));
    }
    return tr;
  }

  private renderSlot(slot: HeadView): HTMLTableCellElement {
    const td = element('td', `tgt cell status-${slot.status}`);
    td.lang = slot.lang;
    td.dataset.column = slot.lang;
    td.dataset.segmentId = String(slot.segmentId);
    td.tabIndex = -1;
    if (slot.span > 1) td.rowSpan = slot.span;
    const pending = this.pending.get(this.key(slot.segmentId, slot.lang));
    const text = pending && pending.state !== 'saved' ? pending.text : slot.text;
    td.append(text ? element('div', 'slot-text', text) : element('div', 'slot-text no-text', '—'));
    const meta = element('div', 'slot-meta');
    meta.append(element('span', `badge status-${slot.status}`, STATUS_LABELS[slot.status] ?? slot.status));
    if (slot.span > 1) meta.append(element('span', 'span-note', `${slot.span} segments`));
    if (slot.confidence !== null) {
      const level = slot.confidence >= 0.9 ? 'high' : slot.confidence >= this.boot.lowConfidence ? 'mid' : 'low';
      const chip = element('span', `confidence confidence-${level}`, `${level === 'low' ? '⚠ ' : ''}${slot.confidence.toFixed(2)}`);
      chip.title = `Aligner confidence ${slot.confidence.toFixed(2)}${slot.reasons.length ? `: ${slot.reasons.join('; ')}` : ''}`;
      meta.append(chip);
    }
    const comments = this.rowOf(slot.segmentId)?.comments?.[slot.lang];
    if (comments && comments.total > 0) {
      const badge = element('span', 'comment-badge', commentCountLabel(comments));
      badge.title = `${comments.open} open of ${comments.total} comment(s) — press ${keyLabel(this.keymap.keyOf('comments'))}`;
      badge.dataset.openComments = '';
      meta.append(badge);
    }
    if (pending && pending.state !== 'saved') meta.append(element('span', `save-mark save-${pending.state}`, pending.state === 'saving' ? 'saving…' : pending.state === 'conflict' ? 'conflict' : 'not saved'));
    td.append(meta);
    if (slot.reasons.length > 0) td.title = slot.reasons.join('\n');
    td.setAttribute('aria-label', `${slot.lang} slot ${(this.rowOf(slot.segmentId)?.position ?? 0) + 1}, ${STATUS_LABELS[slot.status]}${slot.confidence !== null ? `, confidence ${slot.confidence.toFixed(2)}` : ''}`);
    return td;
  }

  private renderPager(): void {
    const label = required(this.root, '[data-page-label]');
    const first = this.rows[0];
    const last = this.rows[this.rows.length - 1];
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

  private rowOf(segmentId: number): RowView | undefined {
    return this.rows.find((r) => r.segmentId === segmentId);
  }

  private headOf(segmentId: number, lang: string): HeadView | undefined {
    const slot = this.rowOf(segmentId)?.slots[lang];
    if (!slot) return undefined;
    if (slot.kind === 'head') return slot;
    const head = this.rowOf(slot.headSegmentId)?.slots[lang];
    return head?.kind === 'head' ? head : undefined;
  }

  private cell(column: Column, segmentId: number): HTMLElement | null {
    return this.root.querySelector<HTMLElement>(`.cell[data-column="${CSS.escape(column)}"][data-segment-id="${segmentId}"]`);
  }

  // ---------------------------------------------------------------- focus and navigation

  private activate(column: Column, segmentId: number): void {
    if (column !== 'source') {
      const head = this.headOf(segmentId, column);
      if (head) segmentId = head.segmentId;
    }
    for (const old of this.root.querySelectorAll('.cell.active')) {
      old.classList.remove('active');
      (old as HTMLElement).tabIndex = -1;
    }
    const cell = this.cell(column, segmentId);
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
    const row = this.rowOf(this.active.segmentId);
    if (this.active.column === 'source') {
      slotLabel.textContent = `中文 segment ${row ? row.position + 1 : ''}`;
      reasons.textContent = this.boot.canAlign ? `Enter: place the caret to split · ${keyLabel(this.keymap.keyOf('merge'))}: merge with the next segment` : '';
      return;
    }
    const head = this.headOf(this.active.segmentId, this.active.column);
    if (!head) return;
    slotLabel.textContent = `${this.active.column} slot ${row ? row.position + 1 : ''} · ${STATUS_LABELS[head.status]} · version ${head.version}`;
    reasons.textContent = head.confidence === null ? '' : `Confidence ${head.confidence.toFixed(2)}${head.reasons.length ? ` — ${head.reasons.join('; ')}` : ''}`;
  }

  /** The head segments of a column in page order (continuations skipped). */
  private columnStops(column: Column): number[] {
    if (column === 'source') return this.rows.map((r) => r.segmentId);
    return this.rows.flatMap((r) => (r.slots[column]?.kind === 'head' ? [r.segmentId] : []));
  }

  private async move(direction: 'up' | 'down' | 'left' | 'right'): Promise<void> {
    if (!this.active) return;
    const columns: Column[] = ['source', ...this.visibleLangs];
    if (direction === 'left' || direction === 'right') {
      const index = columns.indexOf(this.active.column) + (direction === 'left' ? -1 : 1);
      const column = columns[index];
      if (column) this.activate(column, this.active.segmentId);
      return;
    }
    const stops = this.columnStops(this.active.column);
    const here = stops.indexOf(this.active.segmentId);
    const next = stops[here + (direction === 'up' ? -1 : 1)];
    if (next !== undefined) {
      this.activate(this.active.column, next);
      return;
    }
    // Past the page edge: load the neighbouring page and land on its first/last stop.
    if (direction === 'down' && !(required(this.root, '[data-page-next]') as HTMLButtonElement).disabled) await this.nextPage(this.active.column, 'first');
    if (direction === 'up' && this.offset > 0) await this.previousPage(this.active.column, 'last');
  }

  private async nextPage(column?: Column, land: 'first' | 'last' = 'first'): Promise<void> {
    const last = this.rows[this.rows.length - 1];
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
    const stops = this.columnStops(col);
    const target = land === 'first' ? stops[0] : stops[stops.length - 1];
    if (target !== undefined) this.activate(col, target);
  }

  // ---------------------------------------------------------------- keyboard

  private onKey(event: KeyboardEvent): void {
    const target = event.target as HTMLElement;
    if (target.closest('dialog') || target.closest('.toolbar') || target.closest('.pager')) return;
    const key = keyName(event);
    const mode = this.editing ? 'edit' : 'grid';
    const action = this.keymap.actionFor(key, mode);
    if (!action) return;
    event.preventDefault();
    event.stopPropagation();
    void this.perform(action);
  }

  private async perform(action: Action): Promise<void> {
    const active = this.active;
    switch (action) {
      case 'move-up': return this.move('up');
      case 'move-down': return this.move('down');
      case 'move-left': return this.move('left');
      case 'move-right': return this.move('right');
      case 'help': case 'help-f1': return this.openHelp();
      case 'undo': return this.replay('undo');
      case 'redo': return this.replay('redo');
      case 'next-low': return this.nextLowConfidence();
      case 'comments': case 'history':
        if (active && active.column !== 'source') await this.openPanel(active.column, active.segmentId, action);
        return;
      case 'start-edit': if (active) this.startEdit(active.column, active.segmentId); return;
      case 'leave-edit': return this.leaveEdit();
      case 'confirm': if (active && active.column !== 'source') await this.confirm(active.column, active.segmentId, false); return;
      case 'confirm-next': if (this.editing && this.editing.column !== 'source') await this.confirm(this.editing.column, this.editing.segmentId, true); return;
      case 'edit-prev': case 'edit-next': return this.editNeighbour(action === 'edit-prev' ? -1 : 1);
      case 'copy-source': return this.copySource();
      case 'split-here': return this.splitAtCaret();
      case 'merge':
        if (!active) return;
        return this.operate(active.column === 'source' ? 'merge-segments' : 'merge', active);
      case 'split': case 'shift-up': case 'shift-down': case 'move-first-up': case 'move-last-down':
        if (!active || active.column === 'source') return;
        return this.operate(action, active);
      // Translation assistance (issue #7): the panel knows the matches and terms.
      case 'insert-match-1': case 'insert-match-2': case 'insert-match-3': case 'insert-match-4': case 'insert-match-5':
        return this.insertAtCaret(this.assist?.insertMatch(Number(action.slice(-1))), 'No translation-memory match with that number.');
      case 'insert-term-1': case 'insert-term-2': case 'insert-term-3': case 'insert-term-4': case 'insert-term-5':
        return this.insertAtCaret(this.assist?.insertTerm(Number(action.slice(-1))), 'No glossary term with that number.');
      case 'concordance': return this.assist?.openConcordance();
    }
  }

  /** Puts assist text into the slot being edited, replacing the selection, and queues a save. */
  private insertAtCaret(text: string | undefined, missing: string): void {
    if (!this.editing || this.editing.column === 'source') return;
    if (text === undefined) {
      this.toast(missing, 'info');
      return;
    }
    const { textarea, segmentId, column } = this.editing;
    textarea.setRangeText(text, textarea.selectionStart, textarea.selectionEnd, 'end');
    this.queueSave(segmentId, column, textarea.value);
  }

  // ---------------------------------------------------------------- editing and autosave

  private key(segmentId: number, lang: string): string {
    return `${segmentId}:${lang}`;
  }

  private startEdit(column: Column, segmentId: number): void {
    if (this.editing) this.leaveEdit();
    const cell = this.cell(column, segmentId);
    if (!cell) return;
    const head = column === 'source' ? undefined : this.headOf(segmentId, column);
    if (column !== 'source' && (!head || !this.boot.canEdit)) return;
    if (column === 'source' && !this.boot.canAlign) return;
    const row = this.rowOf(segmentId);
    const pending = this.pending.get(this.key(segmentId, column));
    const textarea = element('textarea', 'slot-editor');
    textarea.value = column === 'source' ? row?.source ?? '' : pending && pending.state !== 'saved' ? pending.text : head?.text ?? '';
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

  private leaveEdit(): void {
    const editing = this.editing;
    if (!editing) return;
    this.editing = null;
    if (editing.column !== 'source') this.flush(editing.segmentId, editing.column);
    if (this.refreshAfterEdit) {
      this.refreshAfterEdit = false;
      void this.loadPage(this.offset, { column: editing.column, segmentId: editing.segmentId });
      return;
    }
    this.rerenderRow(editing.segmentId);
    this.activate(editing.column, editing.segmentId);
  }

  private rerenderRow(segmentId: number): void {
    const index = this.rows.findIndex((r) => r.segmentId === segmentId);
    const old = this.root.querySelector(`tr[data-segment-id="${segmentId}"]`);
    const row = this.rows[index];
    if (index < 0 || !old || !row) return;
    old.replaceWith(this.renderRow(row, index));
  }

  private queueSave(segmentId: number, lang: string, text: string): void {
    const key = this.key(segmentId, lang);
    const head = this.headOf(segmentId, lang);
    if (!head) return;
    const existing = this.pending.get(key);
    const save: PendingSave = existing && existing.state !== 'saved'
      ? { ...existing, text }
      : { segmentId, lang, text, version: head.version, confirm: false, state: 'saving', attempt: 0 };
    if (existing?.timer) window.clearTimeout(existing.timer);
    save.state = save.state === 'conflict' ? 'conflict' : 'saving';
    save.timer = window.setTimeout(() => void this.send(key), AUTOSAVE_MS);
    this.pending.set(key, save);
    this.persist(save);
    this.updateSaveState();
  }

  private flush(segmentId: number, lang: string): void {
    const key = this.key(segmentId, lang);
    const save = this.pending.get(key);
    if (!save || save.state === 'saved' || save.state === 'conflict') return;
    if (save.timer) window.clearTimeout(save.timer);
    void this.send(key);
  }

  /** Sends one pending save; on success updates the row, on 409 opens the conflict dialog, otherwise retries. */
  private async send(key: string): Promise<void> {
    const save = this.pending.get(key);
    if (!save || save.state === 'conflict') return;
    save.state = 'saving';
    save.timer = undefined;
    this.updateSaveState();
    const sent = save.text;
    try {
      const answer = await api<SlotSaved>('PUT', `/api/documents/${this.boot.documentId}/slots/${save.segmentId}/${encodeURIComponent(save.lang)}`, {
        text: sent, version: save.version, ...(save.confirm && { confirm: true }),
      });
      this.applySlot(answer.slot);
      void this.assist?.refresh();
      this.history = answer.history;
      this.renderHistory();
      const current = this.pending.get(key);
      if (current && current.text === sent && !current.timer) {
        this.pending.delete(key);
        localStorage.removeItem(this.storagePrefix + key);
      } else if (current && answer.slot.kind === 'head') {
        // More was typed while this save was in flight: send it against the new version.
        current.version = answer.slot.version;
        current.confirm = false;
        this.persist(current);
      }
      if (!this.editing || this.editing.segmentId !== save.segmentId) this.rerenderRow(this.headRowId(save.segmentId, save.lang));
      this.updateSaveState();
    } catch (error) {
      if (error instanceof ApiError && error.code === 'stale_version') {
        save.state = 'conflict';
        this.persist(save);
        this.openConflict(save, (error.details?.current ?? null) as HeadView | null);
      } else if (error instanceof ApiError && error.status >= 400 && error.status < 500 && error.status !== 401 && error.status !== 408 && error.status !== 429) {
        // The server refused this text for good (too long, no permission): keep it, say why.
        save.state = 'failed';
        this.toast(`Not saved: ${error.message} Your text is kept in this browser.`);
      } else {
        save.state = 'failed';
        save.attempt += 1;
        const delay = Math.min(30_000, 1000 * 2 ** save.attempt);
        save.timer = window.setTimeout(() => void this.send(key), delay);
      }
      this.updateSaveState();
    }
  }

  private headRowId(segmentId: number, lang: string): number {
    return this.headOf(segmentId, lang)?.segmentId ?? segmentId;
  }

  private retryAll(): void {
    for (const [key, save] of this.pending) {
      if (save.state !== 'failed') continue;
      if (save.timer) window.clearTimeout(save.timer);
      void this.send(key);
    }
  }

  private persist(save: PendingSave): void {
    try {
      localStorage.setItem(this.storagePrefix + this.key(save.segmentId, save.lang), JSON.stringify({
        segmentId: save.segmentId, lang: save.lang, text: save.text, version: save.version, confirm: save.confirm, at: Date.now(),
      }));
    } catch {
      // Storage full or disabled: the text still lives in the page and keeps retrying.
    }
  }

  /** Texts typed before a reload or crash that the server never confirmed are sent again. */
  private restoreUnsaved(): void {
    const restored: PendingSave[] = [];
    for (let i = 0; i < localStorage.length; i++) {
      const name = localStorage.key(i);
      if (!name?.startsWith(this.storagePrefix)) continue;
      try {
        const value = JSON.parse(localStorage.getItem(name) ?? '') as { segmentId: number; lang: string; text: string; version: number; confirm?: boolean };
        restored.push({ segmentId: value.segmentId, lang: value.lang, text: value.text, version: value.version, confirm: value.confirm ?? false, state: 'saving', attempt: 0 });
      } catch {
        localStorage.removeItem(name);
      }
    }
    for (const save of restored) {
      const key = this.key(save.segmentId, save.lang);
      this.pending.set(key, save);
      void this.send(key);
    }
    if (restored.length > 0) this.toast(`Sending ${restored.length} unsaved change(s) kept in this browser.`, 'info');
  }

  private updateSaveState(): void {
    const states = [...this.pending.values()].map((p) => p.state);
    const box = required(this.root, '[data-save-state]');
    box.className = 'save-state';
    if (states.includes('conflict')) {
      box.textContent = 'Conflict — choose which text to keep';
      box.classList.add('is-conflict');
    } else if (states.includes('failed')) {
      box.textContent = `Not saved — retrying (${states.filter((s) => s === 'failed').length}); text kept in this browser`;
      box.classList.add('is-failed');
    } else if (states.includes('saving')) {
      box.textContent = 'Saving…';
      box.classList.add('is-saving');
    } else {
      box.textContent = 'All changes saved';
    }
  }

  private applySlot(slot: SlotView): void {
    if (slot.kind !== 'head') return;
    const row = this.rowOf(slot.segmentId);
    if (row) row.slots[slot.lang] = slot;
  }

  private async confirm(lang: string, segmentId: number, moveOn: boolean): Promise<void> {
    const head = this.headOf(segmentId, lang);
    if (!head) return;
    const key = this.key(head.segmentId, lang);
    const pending = this.pending.get(key);
    const text = this.editing?.segmentId === head.segmentId && this.editing.column === lang ? this.editing.textarea.value : pending?.text ?? head.text;
    if (!text.trim()) {
      this.toast('An empty slot cannot be confirmed. Type the translation first.');
      return;
    }
    if (pending?.timer) window.clearTimeout(pending.timer);
    const save: PendingSave = { segmentId: head.segmentId, lang, text, version: pending?.version ?? head.version, confirm: true, state: 'saving', attempt: 0 };
    this.pending.set(key, save);
    this.persist(save);
    if (moveOn) {
      const next = this.nextNeedingWork(lang, head.segmentId);
      this.editing = null;
      await this.send(key);
      this.rerenderRow(head.segmentId);
      if (next !== undefined) this.startEdit(lang, next);
      else this.activate(lang, head.segmentId);
    } else {
      await this.send(key);
      this.rerenderRow(head.segmentId);
      this.activate(lang, head.segmentId);
    }
  }

  private nextNeedingWork(lang: string, after: number): number | undefined {
    const stops = this.columnStops(lang);
    const from = stops.indexOf(after);
    return stops.slice(from + 1).find((id) => {
      const head = this.headOf(id, lang);
      return head && NEEDS_WORK.has(head.status);
    }) ?? stops[from + 1];
  }

  private editNeighbour(step: -1 | 1): void {
    if (!this.editing) return;
    const { column, segmentId } = this.editing;
    const stops = this.columnStops(column);
    const next = stops[stops.indexOf(segmentId) + step];
    this.leaveEdit();
    if (next !== undefined) this.startEdit(column, next);
  }

  private copySource(): void {
    if (!this.editing || this.editing.column === 'source') return;
    const head = this.headOf(this.editing.segmentId, this.editing.column);
    const index = this.rows.findIndex((r) => r.segmentId === head?.segmentId);
    const source = this.rows.slice(index, index + (head?.span ?? 1)).map((r) => r.source).join('');
    const { textarea } = this.editing;
    textarea.setRangeText(source, textarea.selectionStart, textarea.selectionEnd, 'end');
    this.queueSave(this.editing.segmentId, this.editing.column, textarea.value);
  }

  // ---------------------------------------------------------------- conflicts

  private openConflict(save: PendingSave, current: HeadView | null): void {
    const dialog = required(this.root, '[data-conflict-dialog]') as HTMLDialogElement;
    const theirs = current?.text ?? '';
    required(dialog, '[data-conflict-mine]').textContent = save.text;
    required(dialog, '[data-conflict-theirs]').textContent = theirs;
    required(dialog, '[data-conflict-when]').textContent = current?.updatedAt ? new Date(current.updatedAt).toLocaleTimeString() : 'just now';
    for (const box of dialog.querySelectorAll<HTMLElement>('.conflict-text')) box.lang = save.lang;
    renderDiff(required(dialog, '[data-conflict-diff]'), theirs, save.text, save.lang);
    const key = this.key(save.segmentId, save.lang);
    const close = () => {
      dialog.close();
      this.updateSaveState();
    };
    const adopt = () => {
      if (current) this.applySlot(current);
    };
    (required(dialog, '[data-conflict-mine-button]') as HTMLButtonElement).onclick = () => {
      adopt();
      save.version = current?.version ?? save.version;
      save.state = 'saving';
      close();
      void this.send(key);
    };
    (required(dialog, '[data-conflict-theirs-button]') as HTMLButtonElement).onclick = () => {
      adopt();
      this.pending.delete(key);
      localStorage.removeItem(this.storagePrefix + key);
      if (this.editing?.segmentId === save.segmentId) this.editing.textarea.value = theirs;
      close();
      this.rerenderRow(save.segmentId);
    };
    (required(dialog, '[data-conflict-edit-button]') as HTMLButtonElement).onclick = () => {
      adopt();
      save.version = current?.version ?? save.version;
      save.state = 'failed';
      close();
      this.rerenderRow(save.segmentId);
      this.startEdit(save.lang, save.segmentId);
      if (this.editing) {
        this.editing.textarea.value = save.text;
        this.queueSave(save.segmentId, save.lang, save.text);
      }
    };
    if (!dialog.open) dialog.showModal();
    (required(dialog, '[data-conflict-mine-button]') as HTMLButtonElement).focus();
  }

  // ---------------------------------------------------------------- alignment operations, undo, redo

  private async operate(kind: string, target: { column: Column; segmentId: number }, at?: number): Promise<void> {
    if (!this.boot.canAlign) {
      this.toast('Only translators and admins can change the alignment.');
      return;
    }
    if (this.busy) return;
    this.busy = true;
    try {
      const lang = target.column === 'source' ? undefined : target.column;
      const head = lang ? this.headOf(target.segmentId, lang) : undefined;
      if (lang) this.flush(head?.segmentId ?? target.segmentId, lang);
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

  private applyChange(change: RegionChange, focus?: { column: Column; segmentId: number }): void {
    this.history = change.history;
    this.total = change.segmentCount;
    const start = this.rows.findIndex((r) => r.position === change.startPosition);
    const delta = change.rows.length - change.replacedCount;
    if (start < 0 || this.filterLang) {
      void this.loadPage(this.offset, focus);
    } else {
      this.rows.splice(start, change.replacedCount, ...change.rows);
      for (const row of this.rows.slice(start + change.rows.length)) row.position += delta;
      this.render();
      const stillThere = focus && (focus.column === 'source' ? this.rowOf(focus.segmentId) : this.headOf(focus.segmentId, focus.column));
      const landing = stillThere ? focus : change.rows[0] ? { column: focus?.column ?? 'source', segmentId: change.rows[0].segmentId } : undefined;
      if (landing) this.activate(landing.column, landing.segmentId);
    }
    this.renderHistory();
  }

  private async replay(direction: 'undo' | 'redo'): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const change = await api<RegionChange>('POST', `/api/documents/${this.boot.documentId}/${direction}`);
      const start = this.rows.findIndex((r) => r.position === change.startPosition);
      if (start < 0) await this.loadPage(Math.max(0, change.startPosition - 5));
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

  private splitAtCaret(): void {
    if (!this.editing) return;
    const { column, segmentId, textarea } = this.editing;
    const at = textarea.selectionStart;
    if (column === 'source') {
      this.editing = null;
      this.rerenderRow(segmentId);
      void this.operate('split-segment', { column, segmentId }, at);
      return;
    }
    // Save what was typed first, so the split cuts the text the server has.
    const key = this.key(segmentId, column);
    const pending = this.pending.get(key);
    this.editing = null;
    const go = async () => {
      if (pending && pending.state !== 'saved') await this.send(key);
      await this.operate('split', { column, segmentId }, at);
    };
    void go();
  }

  private async openPanel(lang: string, segmentId: number, tab: 'comments' | 'history'): Promise<void> {
    const head = this.headOf(segmentId, lang);
    const row = this.rowOf(head?.segmentId ?? segmentId);
    if (!head || !row) return;
    this.panel.onChange = (slot) => {
      if (slot) this.applySlot(slot);
      void this.loadPage(this.offset, { column: lang, segmentId: head.segmentId });
    };
    await this.panel.open({
      documentId: this.boot.documentId, segmentId: head.segmentId, lang, version: head.version,
      label: `${this.boot.langs.find((l) => l.lang === lang)?.name ?? lang} slot ${row.position + 1}`, canRestore: this.boot.canAlign,
    }, tab);
  }

  private async nextLowConfidence(): Promise<void> {
    const lang = this.active && this.active.column !== 'source' ? this.active.column : this.visibleLangs[0];
    if (!lang) return;
    const stops = this.columnStops(lang);
    const from = this.active ? stops.indexOf(this.active.segmentId) : -1;
    const next = stops.slice(from + 1).find((id) => {
      const head = this.headOf(id, lang);
      return head && head.confidence !== null && head.confidence < this.boot.lowConfidence;
    });
    if (next !== undefined) this.activate(lang, next);
    else this.toast('No more low-confidence slots on this page.', 'info');
  }

  // ---------------------------------------------------------------- toolbar, help, import

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
    this.root.querySelector('[data-open-import]')?.addEventListener('click', () => this.openImport());
    this.root.addEventListener('click', (event) => {
      const badge = (event.target as HTMLElement).closest<HTMLElement>('[data-open-comments]');
      const badgeCell = badge?.closest<HTMLElement>('.cell');
      if (badgeCell) {
        event.stopPropagation();
        void this.openPanel(badgeCell.dataset.column ?? '', Number(badgeCell.dataset.segmentId), 'comments');
        return;
      }
      const cell = (event.target as HTMLElement).closest<HTMLElement>('.cell');
      if (!cell || cell.classList.contains('editing')) return;
      const column = cell.dataset.column ?? 'source';
      const segmentId = Number(cell.dataset.segmentId);
      if (this.editing) this.leaveEdit();
      this.activate(column, segmentId);
      if (column !== 'source' && this.boot.canEdit) this.startEdit(column, segmentId);
    });
  }

  private openHelp(): void {
    const dialog = required(this.root, '[data-help-dialog]') as HTMLDialogElement;
    const table = required(dialog, '[data-help-table]');
    const error = required(dialog, '[data-help-error]');
    const draw = () => {
      table.replaceChildren();
      for (const mode of ['grid', 'edit', 'both'] as const) {
        const caption = element('tr');
        caption.append(element('th', 'keys-mode', { grid: 'Moving around and fixing the alignment (not editing)', edit: 'While editing a slot', both: 'Anywhere' }[mode]));
        (caption.firstChild as HTMLTableCellElement).colSpan = 2;
        table.append(caption);
        for (const [action, info] of Object.entries(ACTIONS) as [Action, (typeof ACTIONS)[Action]][]) {
          if (info.mode !== mode) continue;
          const tr = element('tr');
          const keyCell = element('td');
          const button = element('button', 'key-button', keyLabel(this.keymap.keyOf(action)));
          button.type = 'button';
          button.setAttribute('aria-label', `${info.label}: ${keyLabel(this.keymap.keyOf(action))}. Press to change.`);
          button.addEventListener('click', () => {
            button.textContent = 'Press a key…';
            const capture = (event: KeyboardEvent) => {
              if (['Control', 'Shift', 'Alt', 'Meta'].includes(event.key)) return;
              event.preventDefault();
              event.stopPropagation();
              window.removeEventListener('keydown', capture, true);
              const problem = event.key === 'Escape' ? undefined : this.keymap.rebind(action, keyName(event));
              error.hidden = !problem;
              error.textContent = problem ?? '';
              if (!problem && event.key !== 'Escape') void this.saveKeymap();
              draw();
            };
            window.addEventListener('keydown', capture, true);
          });
          keyCell.append(button);
          tr.append(keyCell, element('td', undefined, info.label));
          table.append(tr);
        }
      }
    };
    draw();
    (required(dialog, '[data-help-close]') as HTMLButtonElement).onclick = () => dialog.close();
    (required(dialog, '[data-help-reset]') as HTMLButtonElement).onclick = () => {
      this.keymap.reset();
      void this.saveKeymap();
      draw();
    };
    dialog.addEventListener('close', () => {
      if (this.active) this.activate(this.active.column, this.active.segmentId);
    }, { once: true });
    if (!dialog.open) dialog.showModal();
  }

  private async saveKeymap(): Promise<void> {
    try {
      await api('PUT', '/api/settings/keymap', { keymap: this.keymap.customised() });
    } catch (error) {
      this.toast(error instanceof ApiError ? `Key bindings not saved: ${error.message}` : 'Key bindings not saved.');
    }
  }

  private openImport(): void {
    const dialog = required(this.root, '[data-import-dialog]') as HTMLDialogElement;
    const form = dialog.querySelector('form') as HTMLFormElement;
    const error = required(dialog, '[data-import-error]');
    const progressWrap = required(dialog, '[data-import-progress-wrap]');
    const progress = required(dialog, '[data-import-progress]') as HTMLProgressElement;
    const phase = required(dialog, '[data-import-phase]');
    const summary = required(dialog, '[data-import-summary]');
    const submit = required(dialog, '[data-import-submit]') as HTMLButtonElement;
    error.hidden = true;
    summary.hidden = true;
    progressWrap.hidden = true;
    submit.disabled = false;
    (required(dialog, '[data-import-close]') as HTMLButtonElement).onclick = () => dialog.close();
    const run = async (replace: boolean) => {
      const data = new FormData(form);
      if (replace) data.set('replace', 'true');
      const file = data.get('file');
      if (file instanceof File && file.size === 0) data.delete('file');
      error.hidden = true;
      submit.disabled = true;
      progressWrap.hidden = false;
      progress.removeAttribute('value');
      phase.textContent = 'Uploading and segmenting…';
      try {
        const started = await api<JobAnswer & { url: string }>('POST', `/api/documents/${this.boot.documentId}/translations`, data);
        let job = started.job;
        while (job.state === 'running') {
          phase.textContent = job.phase === 'aligning' ? `Aligning… ${job.percent ?? 0}%` : job.phase === 'saving' ? 'Saving the slots…' : job.phase;
          if (job.percent !== null) progress.value = job.percent;
          await new Promise((resolve) => window.setTimeout(resolve, 400));
          job = (await api<JobAnswer>('GET', started.url)).job;
        }
        if (job.state === 'failed') throw new ApiError(500, job.error?.code ?? 'failed', job.error?.message ?? 'The import failed.');
        progress.value = 100;
        phase.textContent = 'Done.';
        this.showSummary(summary, job.result);
        await this.loadPage(0);
      } catch (problem) {
        progressWrap.hidden = true;
        if (problem instanceof ApiError && problem.details?.needsConfirmation) {
          if (window.confirm(`${problem.message}\n\nReplace the current translation?`)) {
            await run(true);
            return;
          }
        }
        error.hidden = false;
        error.textContent = problem instanceof ApiError ? problem.message : 'The import failed; nothing was changed.';
      } finally {
        submit.disabled = false;
      }
    };
    form.onsubmit = (event) => {
      event.preventDefault();
      void run(false);
    };
    if (!dialog.open) dialog.showModal();
  }

  private showSummary(box: HTMLElement, result: TranslationImportSummary | undefined): void {
    if (!result) return;
    box.hidden = false;
    const types = Object.entries(result.beadTypes).sort((a, b) => b[1] - a[1]).map(([shape, n]) => `${shape}: ${n}`).join(', ');
    box.replaceChildren(
      element('p', undefined, `${result.sentences} sentences aligned into ${result.beads} beads (${types}).`),
      element('p', result.lowConfidence > 0 ? 'warn' : undefined,
        result.lowConfidence > 0 ? `${result.lowConfidence} slot(s) have low confidence — choose "low-confidence" under Show to check just those.` : 'Every slot was placed with good confidence.'),
    );
  }

  private toast(message: string, kind: 'error' | 'info' = 'error'): void {
    toast(required(this.root, '[data-toast]'), message, kind);
  }
}

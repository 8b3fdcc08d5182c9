/**
 * Draws the editor grid: the column heads, one table row per segment, one cell per head
 * slot (a slot spanning several segments is one cell with rowspan), the pager label and
 * who else is where. Only drawing: what a key or click does lives in editor.ts.
 */
import type { Presence, RowView } from '../../web/api-types.js';
import { element, required } from '../dom.js';
import { keyLabel, type Keymap } from '../keymap.js';
import { alignmentSummary, confidenceLevel, reasonsTooltip } from '../alignment-reasons.js';
import { commentCountLabel } from '../slot-panel.js';
import type { Column, HeadView, PageRows } from './rows.js';
import type { PendingSave } from './save-queue.js';

export const STATUS_LABELS: Record<string, string> = {
  empty: 'Empty', aligned: 'Aligned', draft: 'Draft', translated: 'Translated', reviewed: 'Reviewed (R1)', approved: 'Approved', rejected: 'Rejected',
};

/** A slot's status in words; in a language reviewed in two passes an approval is reviewer 2's. */
export function statusLabel(status: string, secondReview: boolean): string {
  return status === 'approved' && secondReview ? 'Approved (R2)' : STATUS_LABELS[status] ?? status;
}

export interface GridContext {
  page: PageRows;
  langs: { lang: string; name: string }[];
  visibleLangs: () => string[];
  keymap: Keymap;
  lowConfidence: number;
  /** The text not yet confirmed by the server for a slot, shown instead of the stored one. */
  pending: (segmentId: number, lang: string) => PendingSave | undefined;
  /** Whether the language is reviewed in two passes (labels say R1/R2). */
  secondReview?: (lang: string) => boolean;
  /** Set while the low-confidence filter is on (its language). */
  filterLang: () => string;
  /**
   * Extra markers for a slot, drawn in its meta line after the status (a seam for checks that
   * flag slots in the grid, e.g. triangulation's grouping disagreement). Return [] for none.
   */
  slotMarkers?: (slot: HeadView, row: RowView) => HTMLElement[];
}

export class GridView {
  private markParagraphs = false;

  constructor(private readonly root: HTMLElement, private readonly ctx: GridContext) {}

  cell(column: Column, segmentId: number): HTMLElement | null {
    return this.root.querySelector<HTMLElement>(`.cell[data-column="${CSS.escape(column)}"][data-segment-id="${segmentId}"]`);
  }

  render(): void {
    const head = required(this.root, '[data-grid-head]');
    head.replaceChildren(element('th', 'num', '#'));
    const source = element('th', 'src-head', '中文');
    source.lang = 'zh-CN';
    source.scope = 'col';
    head.append(source);
    for (const lang of this.ctx.visibleLangs()) {
      const th = element('th', undefined, this.ctx.langs.find((l) => l.lang === lang)?.name ?? lang);
      th.lang = lang;
      th.scope = 'col';
      head.append(th);
    }
    const body = required(this.root, '[data-grid-body]');
    const rows = this.ctx.page.rows;
    // A text with one segment per paragraph needs no paragraph marks: they would fall under every row.
    this.markParagraphs = rows.some((row, i) => rows[i - 1]?.paragraph === row.paragraph);
    body.replaceChildren(...rows.map((row, index) => this.renderRow(row, index)));
    if (rows.length === 0) {
      const tr = element('tr');
      const td = element('td', 'loading', this.ctx.filterLang() ? 'No low-confidence slots in this language. Everything the aligner placed looks right.' : 'This document has no segments.');
      td.colSpan = 2 + this.ctx.visibleLangs().length;
      tr.append(td);
      body.append(tr);
    }
  }

  /** Draws one row again (after a save or a live change); the rest of the grid stays. */
  rerenderRow(segmentId: number): void {
    const index = this.ctx.page.indexOf(segmentId);
    const old = this.root.querySelector(`tr[data-segment-id="${segmentId}"]`);
    const row = this.ctx.page.rows[index];
    if (index < 0 || !old || !row) return;
    old.replaceWith(this.renderRow(row, index));
  }

  private renderRow(row: RowView, index: number): HTMLTableRowElement {
    const tr = element('tr');
    tr.dataset.segmentId = String(row.segmentId);
    tr.setAttribute('aria-rowindex', String(row.position + 2));
    const previous = this.ctx.page.rows[index - 1];
    if (this.markParagraphs && previous && previous.paragraph !== row.paragraph) tr.classList.add('para-start');
    if (previous && previous.position !== row.position - 1) tr.classList.add('gap-before');
    const filter = this.ctx.filterLang();
    if (filter) {
      // The filter shows each flagged slot with its neighbours; the neighbours are dimmed.
      const head = this.ctx.page.headOf(row.segmentId, filter);
      if (!(head && head.confidence !== null && head.confidence < this.ctx.lowConfidence)) tr.classList.add('is-context');
    }
    const num = element('th', 'num', String(row.position + 1));
    num.scope = 'row';
    num.title = `Paragraph ${row.paragraph + 1}`;
    tr.append(num);
    const src = element('td', 'src cell');
    src.lang = 'zh-CN';
    src.dataset.column = 'source';
    src.dataset.segmentId = String(row.segmentId);
    src.tabIndex = -1;
    src.setAttribute('aria-label', `中文 segment ${row.position + 1}`);
    const srcBody = element('div', 'cell-body');
    srcBody.append(element('div', 'slot-text', row.source));
    src.append(srcBody);
    tr.append(src);
    for (const lang of this.ctx.visibleLangs()) {
      const slot = row.slots[lang];
      if (!slot || slot.kind !== 'head') continue;
      tr.append(this.renderSlot(slot, row));
    }
    return tr;
  }

  private renderSlot(slot: HeadView, row: RowView): HTMLTableCellElement {
    const td = element('td', `tgt cell status-${slot.status}`);
    td.lang = slot.lang;
    td.dataset.column = slot.lang;
    td.dataset.segmentId = String(slot.segmentId);
    td.tabIndex = -1;
    if (slot.span > 1) td.rowSpan = slot.span;
    const pending = this.ctx.pending(slot.segmentId, slot.lang);
    const text = pending ? pending.text : slot.text;
    // The meta line floats at the top right so a compact row stays two lines high.
    const meta = element('div', 'slot-meta');
    meta.append(element('span', `badge status-${slot.status}`, statusLabel(slot.status, this.ctx.secondReview?.(slot.lang) ?? false)));
    if (slot.span > 1) meta.append(element('span', 'span-note', `${slot.span} segments`));
    if (slot.confidence !== null) {
      const level = confidenceLevel(slot.confidence, this.ctx.lowConfidence);
      const chip = element('span', `confidence confidence-${level}`, `${level === 'low' ? '⚠ ' : ''}${slot.confidence.toFixed(2)}`);
      chip.title = alignmentSummary(slot);
      meta.append(chip);
    }
    const comments = row.comments?.[slot.lang];
    if (comments && comments.total > 0) {
      const badge = element('span', comments.open > 0 ? 'comment-badge is-open' : 'comment-badge', commentCountLabel(comments));
      badge.title = `${comments.open} open of ${comments.total} comment(s) — press ${keyLabel(this.ctx.keymap.keyOf('comments'))}`;
      badge.dataset.openComments = '';
      meta.append(badge);
    }
    meta.append(...(this.ctx.slotMarkers?.(slot, row) ?? []));
    if (pending) meta.append(element('span', `save-mark save-${pending.state}`, pending.state === 'saving' ? 'saving…' : pending.state === 'conflict' ? 'conflict' : 'not saved'));
    const body = element('div', 'cell-body');
    body.append(meta, text ? element('div', 'slot-text', text) : element('div', 'slot-text no-text', '—'));
    td.append(body);
    if (slot.reasons.length > 0) td.title = reasonsTooltip(slot);
    const name = this.ctx.langs.find((l) => l.lang === slot.lang)?.name ?? slot.lang;
    td.setAttribute('aria-label', `${name} slot ${row.position + 1}, ${STATUS_LABELS[slot.status]}${slot.confidence !== null ? `, confidence ${slot.confidence.toFixed(2)}` : ''}`);
    return td;
  }

  /** Initials of the other people on the slots they are on, and who is here at all. */
  renderPresence(people: Presence[]): void {
    for (const old of this.root.querySelectorAll('.presence')) old.remove();
    for (const person of people) {
      if (person.segmentId === null || person.lang === null) continue;
      const head = this.ctx.page.headOf(person.segmentId, person.lang);
      const cell = this.cell(person.lang, head?.segmentId ?? person.segmentId);
      const chip = element('span', 'presence', person.initials);
      chip.title = `${person.name} is here`;
      cell?.querySelector('.slot-meta')?.prepend(chip);
    }
    const list = this.root.querySelector<HTMLElement>('[data-people]');
    if (list) list.textContent = people.length === 0 ? '' : `Also here: ${people.map((p) => p.name).join(', ')}`;
  }

  /** Marks a slot someone else just changed, for a moment. */
  flash(lang: string, segmentId: number, name: string): void {
    const cell = this.cell(lang, segmentId);
    if (!cell) return;
    cell.classList.add('just-changed');
    cell.dataset.changedBy = name;
    window.setTimeout(() => cell.classList.remove('just-changed'), 2500);
  }
}

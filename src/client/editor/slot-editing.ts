/**
 * Editing a slot in its text box: opening and leaving it, autosave as one types, confirming
 * (with the quality question first) and going on to the next slot that needs work, moving to
 * a neighbour while editing, and inserting the source, a TM match, a term or a split.
 */
import { element, required } from '../dom.js';
import type { Editor } from './editor.js';
import { askConfirmDespiteErrors } from './qa-warning.js';
import { NEEDS_WORK, type HeadView, type Place } from './rows.js';

export class SlotEditing {
  constructor(private readonly editor: Editor) {}

  startEdit(place: Place | null = this.editor.active): void {
    if (!place) return;
    if (this.editor.editing) this.leaveEdit();
    const { column } = place;
    const head = column === 'source' ? undefined : this.editor.page.headOf(place.segmentId, column);
    const segmentId = head?.segmentId ?? place.segmentId;
    if (column !== 'source' && (!head || !this.editor.boot.canEdit)) return;
    if (column === 'source' && !this.editor.boot.canAlign) return;
    // The cursor, the status bar and the assist panel follow the slot being edited.
    this.editor.activate({ column, segmentId });
    const cell = this.editor.grid.cell(column, segmentId);
    if (!cell) return;
    const pending = this.editor.saves.get(segmentId, column);
    const textarea = element('textarea', 'slot-editor');
    textarea.value = column === 'source' ? this.editor.page.rowOf(segmentId)?.source ?? '' : pending ? pending.text : head?.text ?? '';
    textarea.lang = column === 'source' ? 'zh-CN' : column;
    textarea.rows = Math.max(2, Math.ceil(textarea.value.length / 60));
    textarea.setAttribute('aria-label', column === 'source' ? 'Chinese segment: place the caret and press Alt+S to split' : `Translation (${this.editor.langName(column)})`);
    if (column === 'source') {
      // The Chinese text is only split here, never typed over.
      textarea.readOnly = true;
    } else {
      textarea.addEventListener('input', () => this.queueSave(segmentId, column, textarea.value));
    }
    textarea.addEventListener('blur', () => {
      window.setTimeout(() => {
        if (this.editor.editing?.textarea === textarea && document.activeElement !== textarea && !document.querySelector('dialog[open]')) this.leaveEdit();
      }, 0);
    });
    cell.querySelector('.slot-text')?.replaceWith(textarea);
    cell.classList.add('editing');
    this.editor.editing = { column, segmentId, textarea };
    this.editor.showStatus();
    textarea.focus();
    textarea.setSelectionRange(textarea.value.length, textarea.value.length);
  }

  leaveEdit(): void {
    const editing = this.editor.editing;
    if (!editing) return;
    this.editor.editing = null;
    if (editing.column !== 'source') void this.editor.saves.flush(editing.segmentId, editing.column);
    if (this.editor.live.takeRefresh()) {
      void this.editor.loadPage(this.editor.paging.start, { column: editing.column, segmentId: editing.segmentId });
      return;
    }
    this.editor.grid.rerenderRow(editing.segmentId);
    this.editor.activate({ column: editing.column, segmentId: editing.segmentId });
  }

  queueSave(segmentId: number, lang: string, text: string): void {
    const head = this.editor.page.headOf(segmentId, lang);
    if (head) this.editor.saves.edit(segmentId, lang, text, head.version);
  }

  /** Space in the grid (stay) or Ctrl+Enter while editing (go on to the next slot that needs work, across pages). */
  async confirm(moveOn: boolean): Promise<void> {
    const place = moveOn ? this.editor.editing : this.editor.active;
    if (!place || place.column === 'source') return;
    const lang = place.column;
    const head = this.editor.page.headOf(place.segmentId, lang);
    if (!head) return;
    const editingThis = this.editor.editing?.segmentId === head.segmentId && this.editor.editing.column === lang;
    const text = editingThis && this.editor.editing ? this.editor.editing.textarea.value : this.editor.saves.get(head.segmentId, lang)?.text ?? head.text;
    if (!text.trim()) {
      this.editor.toast('An empty slot cannot be confirmed. Type the translation first.');
      return;
    }
    if (!(await this.passesQa(head, text))) return;
    const current = this.editor.page.headOf(head.segmentId, lang) ?? head;
    if (editingThis) this.editor.editing = null;
    await this.editor.saves.confirm(head.segmentId, lang, text, current.version);
    await this.editor.realigning;
    // After the answer: a confirm may have re-aligned the slots below, so the next one is found in the new rows.
    const next = moveOn ? this.nextNeedingWork(lang, head.segmentId) : undefined;
    this.editor.grid.rerenderRow(head.segmentId);
    if (!moveOn) {
      this.editor.activate({ column: lang, segmentId: head.segmentId });
    } else if (next !== undefined) {
      this.startEdit({ column: lang, segmentId: next });
    } else if (!(required(this.editor.root, '[data-page-next]') as HTMLButtonElement).disabled) {
      // The page's last slot: go on to the next page's first slot that needs work.
      const here = this.editor.page.rowOf(head.segmentId)?.position ?? 0;
      await this.editor.loadPage(this.editor.paging.next());
      this.editor.nav.landBeyond(lang, here, 'down', true);
      if (this.editor.active && this.editor.active.column === lang) this.startEdit(this.editor.active);
    } else {
      this.editor.activate({ column: lang, segmentId: head.segmentId });
      this.editor.toast('That was the last slot of the document.', 'info');
    }
  }

  /** Quality errors are confirmed only after a question, as a reviewer's approval is. */
  private async passesQa(head: HeadView, text: string): Promise<boolean> {
    if (!this.editor.assist) return true;
    // QA runs on the saved text: save what was typed (as a draft) before asking.
    if (text !== head.text || this.editor.saves.get(head.segmentId, head.lang)) {
      this.editor.saves.edit(head.segmentId, head.lang, text, head.version);
      await this.editor.saves.flush(head.segmentId, head.lang);
      if (this.editor.saves.get(head.segmentId, head.lang)) return false;
    }
    let errors;
    try {
      errors = await this.editor.assist.errorsOf(head.segmentId, head.lang);
    } catch {
      return true; // The checks could not run: confirming must not depend on them.
    }
    if (errors.length === 0) return true;
    const row = this.editor.page.rowOf(head.segmentId);
    const yes = await askConfirmDespiteErrors(this.editor.root, `${this.editor.langName(head.lang)} slot ${(row?.position ?? 0) + 1}`, errors);
    this.editor.ensureFocus();
    return yes;
  }

  private nextNeedingWork(lang: string, after: number): number | undefined {
    const stops = this.editor.page.columnStops(lang);
    const from = stops.indexOf(after);
    return stops.slice(from + 1).find((id) => NEEDS_WORK.has(this.editor.page.headOf(id, lang)?.status ?? '')) ?? stops[from + 1];
  }

  editNeighbour(step: -1 | 1): void {
    if (!this.editor.editing) return;
    const { column, segmentId } = this.editor.editing;
    const stops = this.editor.page.columnStops(column);
    const next = stops[stops.indexOf(segmentId) + step];
    this.leaveEdit();
    if (next !== undefined) this.startEdit({ column, segmentId: next });
  }

  copySource(): void {
    if (!this.editor.editing || this.editor.editing.column === 'source') return;
    const head = this.editor.page.headOf(this.editor.editing.segmentId, this.editor.editing.column);
    if (head) this.insertText(this.editor.page.sourceOf(head));
  }

  async insertMatch(n: number): Promise<void> {
    await this.editor.assist?.ready();
    this.insertAssist(this.editor.assist?.insertMatch(n), 'No translation-memory match with that number.');
  }

  async insertTerm(n: number): Promise<void> {
    await this.editor.assist?.ready();
    this.insertAssist(this.editor.assist?.insertTerm(n), 'No glossary term with that number.');
  }

  private insertAssist(text: string | undefined, missing: string): void {
    if (!this.editor.editing || this.editor.editing.column === 'source') return;
    if (text === undefined) this.editor.toast(missing, 'info');
    else this.insertText(text);
  }

  /** Replaces the selection of the slot being edited as typing would, so Ctrl+Z in the text box undoes it. */
  insertText(text: string): void {
    if (!this.editor.editing || this.editor.editing.column === 'source') return;
    const { textarea } = this.editor.editing;
    textarea.focus();
    // execCommand is the one way to edit a text box through its own undo stack; it fires `input` (autosave).
    if (!document.execCommand('insertText', false, text)) {
      textarea.setRangeText(text, textarea.selectionStart, textarea.selectionEnd, 'end');
      textarea.dispatchEvent(new Event('input'));
    }
  }

  splitAtCaret(): void {
    if (!this.editor.editing) return;
    const { column, segmentId, textarea } = this.editor.editing;
    const at = textarea.selectionStart;
    this.editor.editing = null;
    if (column === 'source') {
      this.editor.grid.rerenderRow(segmentId);
      void this.editor.ops.operateOn('split-segment', { column, segmentId }, at);
      return;
    }
    // Save what was typed first, so the split cuts the text the server has.
    void this.editor.saves.flush(segmentId, column).then(() => this.editor.ops.operateOn('split', { column, segmentId }, at));
  }
}

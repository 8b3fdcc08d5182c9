/**
 * The editor's toolbar (columns, filter, undo/redo, pager, density, assist, import, keys)
 * and the mouse on the grid: first click selects a slot, a second click (or Enter) edits
 * it, as in InterText and memoQ.
 */
import type { HistoryState } from '../../web/api-types.js';
import { required } from '../dom.js';
import { keyLabel, type Keymap } from '../keymap.js';
import type { Density } from './density.js';
import type { Place } from './rows.js';

export interface ToolbarActions {
  showColumns(langs: string[]): void;
  filter(lang: string): void;
  replay(direction: 'undo' | 'redo'): void;
  previousPage(): void;
  nextPage(): void;
  goTo(segmentNumber: number): void;
  density(density: Density): void;
  toggleAssist(): void;
  openImport(): void;
  openHelp(): void;
  openFind(): void;
  /** A click on a cell; `again` when that cell was already the active one. */
  clickCell(place: Place, again: boolean): void;
  openComments(place: Place): void;
}

export function wireToolbar(root: HTMLElement, density: Density, actions: ToolbarActions): void {
  const toggles = [...root.querySelectorAll<HTMLInputElement>('[data-column-toggle]')];
  for (const box of toggles) box.addEventListener('change', () => actions.showColumns(toggles.filter((b) => b.checked).map((b) => b.value)));
  const pin = root.querySelector<HTMLInputElement>('[data-pin-source]');
  pin?.addEventListener('change', () => required(root, '[data-grid]').classList.toggle('pin-source', pin.checked));
  const filter = root.querySelector<HTMLSelectElement>('[data-filter]');
  filter?.addEventListener('change', () => actions.filter(filter.value));
  required(root, '[data-undo]').addEventListener('click', () => actions.replay('undo'));
  required(root, '[data-redo]').addEventListener('click', () => actions.replay('redo'));
  required(root, '[data-page-prev]').addEventListener('click', () => actions.previousPage());
  required(root, '[data-page-next]').addEventListener('click', () => actions.nextPage());
  const goto = root.querySelector<HTMLInputElement>('[data-goto]');
  goto?.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    if (filter) filter.value = '';
    actions.goTo(Number(goto.value));
  });
  const comfortable = root.querySelector<HTMLInputElement>('[data-comfortable]');
  if (comfortable) {
    comfortable.checked = density === 'comfortable';
    comfortable.addEventListener('change', () => actions.density(comfortable.checked ? 'comfortable' : 'compact'));
  }
  root.querySelector('[data-toggle-assist]')?.addEventListener('click', () => actions.toggleAssist());
  root.querySelector('[data-assist-close]')?.addEventListener('click', () => actions.toggleAssist());
  required(root, '[data-open-help]').addEventListener('click', () => actions.openHelp());
  root.querySelector('[data-open-import]')?.addEventListener('click', () => actions.openImport());
  root.querySelector('[data-open-find]')?.addEventListener('click', () => actions.openFind());

  // A press inside the slot being edited but beside its text box keeps the keyboard in the box.
  root.addEventListener('mousedown', (event) => {
    const target = event.target as HTMLElement;
    if (target.closest('.cell.editing') && !(target instanceof HTMLTextAreaElement)) event.preventDefault();
  });
  root.addEventListener('click', (event) => {
    const target = event.target as HTMLElement;
    const badgeCell = target.closest<HTMLElement>('[data-open-comments]')?.closest<HTMLElement>('.cell');
    if (badgeCell) {
      event.stopPropagation();
      actions.openComments({ column: badgeCell.dataset.column ?? '', segmentId: Number(badgeCell.dataset.segmentId) });
      return;
    }
    const cell = target.closest<HTMLElement>('.cell');
    if (!cell || cell.classList.contains('editing')) return;
    actions.clickCell({ column: cell.dataset.column ?? 'source', segmentId: Number(cell.dataset.segmentId) }, cell.classList.contains('active'));
  });
}

/** The undo/redo buttons say what they would undo or redo. */
export function renderUndoButtons(root: HTMLElement, history: HistoryState, keymap: Keymap): void {
  const undo = required(root, '[data-undo]') as HTMLButtonElement;
  const redo = required(root, '[data-redo]') as HTMLButtonElement;
  undo.disabled = !history.canUndo;
  redo.disabled = !history.canRedo;
  undo.title = history.undoLabel ? `Undo ${history.undoLabel} (${keyLabel(keymap.keyOf('undo'))})` : 'Nothing to undo';
  redo.title = history.redoLabel ? `Redo ${history.redoLabel} (${keyLabel(keymap.keyOf('redo'))})` : 'Nothing to redo';
}

/** The pager's label and buttons. */
export function renderPager(root: HTMLElement, view: { label: string; filterCount: string; canPrevious: boolean; canNext: boolean; total: number }): void {
  required(root, '[data-page-label]').textContent = view.label;
  required(root, '[data-filter-count]').textContent = view.filterCount;
  (required(root, '[data-page-prev]') as HTMLButtonElement).disabled = !view.canPrevious;
  (required(root, '[data-page-next]') as HTMLButtonElement).disabled = !view.canNext;
  required(root, '[data-total]').textContent = String(view.total);
}

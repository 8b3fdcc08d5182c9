/**
 * The editor's text and status filters (toolbar, Ctrl+Shift+F): only the segments whose
 * Chinese or translation holds a text, or whose slot in a language has a status, each with
 * the whole slot around it. The server does the filtering (GET rows?q=&status=&lang=) and
 * pages by kept segments, as for the low-confidence filter, which they replace while set.
 */
import { required } from '../dom.js';
import type { Editor } from './editor.js';

export interface RowFilter { text: string; lang: string; status: string }

export const NO_FILTER: RowFilter = { text: '', lang: '', status: '' };

export const isFiltering = (filter: RowFilter) => filter.text !== '' || filter.status !== '';

/** Adds the filter to a rows query. */
export function addFilter(query: URLSearchParams, filter: RowFilter): void {
  if (filter.text) query.set('q', filter.text);
  if (filter.status) {
    query.set('status', filter.status);
    query.set('lang', filter.lang);
  }
}

/** Typing pauses this long before the rows are asked for again (a typist's pause between words). */
const TYPING_PAUSE_MS = 300;

/**
 * Wires the toolbar's filter form: typing (after a pause) or Enter, and a status in the Show
 * menu, filter the rows; Escape in the text box and "Clear filter" remove both filters.
 */
export function wireRowFilter(editor: Editor): { clear(): void; focus(): void; show(choice: string): void } {
  const root = editor.root;
  // The Show menu: all segments, low confidence per language, or a status per language (`status:en:draft`).
  const status = required(root, '[data-filter]') as HTMLSelectElement;
  const apply = (filter: RowFilter) => {
    editor.filterLang = '';
    editor.rowFilter = filter;
    void editor.loadPage(0, editor.active ?? undefined);
  };
  const form = required(root, '[data-row-filter]') as HTMLFormElement;
  const text = required(form, '[data-filter-text]') as HTMLInputElement;
  const clearButton = required(form, '[data-filter-clear]') as HTMLButtonElement;
  let timer = 0;
  const current = (): RowFilter => {
    const [kind, lang = '', value = ''] = status.value.split(':');
    return kind === 'status' ? { text: text.value.trim(), lang, status: value } : { text: text.value.trim(), lang: '', status: '' };
  };
  const send = () => {
    window.clearTimeout(timer);
    const filter = current();
    clearButton.hidden = !isFiltering(filter);
    apply(filter);
  };
  form.addEventListener('submit', (event) => { event.preventDefault(); send(); });
  text.addEventListener('input', () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(send, TYPING_PAUSE_MS);
  });
  const clear = () => {
    text.value = '';
    status.value = '';
    clearButton.hidden = true;
  };
  text.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape' || text.value === '') return;
    event.preventDefault();
    clear();
    send();
  });
  clearButton.addEventListener('click', () => { clear(); send(); text.focus(); });
  /** A choice of the Show menu: a status filter, or (with the text filter cleared) all or low-confidence segments. */
  const show = (choice: string) => {
    if (choice.startsWith('status:')) return send();
    text.value = '';
    clearButton.hidden = true;
    editor.rowFilter = NO_FILTER;
    editor.filterLang = choice;
    void editor.loadPage(0, editor.active ?? undefined);
  };
  return { clear, focus: () => text.select(), show };
}

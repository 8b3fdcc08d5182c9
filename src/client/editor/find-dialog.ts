/**
 * "Find and replace…" (Ctrl+H): a search in one language column, a preview of every slot
 * that would change (each a diff with a box to leave it out), then one replace of the slots
 * kept, which is one step on the undo stack. The server refuses what the person may not edit
 * and says why; a slot changed since the preview refuses the whole replace (409).
 */
import type { FindAnswer, ReplaceAnswer } from '../../web/api-types.js';
import { ApiError, api } from '../api.js';
import { element, required } from '../dom.js';
import { keyLabel } from '../keymap.js';
import type { Editor } from './editor.js';

interface Search { lang: string; query: string; replacement: string; regex: boolean; caseSensitive: boolean }

/** Opens the dialog, starting in the language the cursor is in. */
export function openFindDialog(editor: Editor): void {
  const documentId = editor.boot.documentId;
  const dialog = required(editor.root, '[data-find-dialog]') as HTMLDialogElement;
  const form = required(dialog, 'form') as HTMLFormElement;
  const error = required(dialog, '[data-find-error]');
  const summary = required(dialog, '[data-find-summary]');
  const list = required(dialog, '[data-find-results]');
  const replaceButton = required(dialog, '[data-find-replace]') as HTMLButtonElement;
  const langSelect = form.elements.namedItem('lang') as HTMLSelectElement;
  const lang = editor.active && editor.active.column !== 'source' ? editor.active.column : null;
  if (lang && [...langSelect.options].some((o) => o.value === lang)) langSelect.value = lang;
  let shown: { search: Search; answer: FindAnswer } | null = null;

  const read = (): Search => {
    const data = new FormData(form);
    return {
      lang: String(data.get('lang') ?? ''), query: String(data.get('query') ?? ''), replacement: String(data.get('replacement') ?? ''),
      regex: data.get('regex') === 'on', caseSensitive: data.get('caseSensitive') === 'on',
    };
  };
  const showError = (message: string) => {
    error.textContent = message;
    error.hidden = false;
  };
  const kept = () => [...list.querySelectorAll<HTMLInputElement>('input[type=checkbox]:checked')];
  const syncButton = () => {
    const count = kept().length;
    replaceButton.disabled = !shown?.answer.canReplace || count === 0;
    const verb = shown?.search.replacement === '' ? 'Delete the matches in' : 'Replace in';
    replaceButton.textContent = count > 0 ? `${verb} ${count} slot${count === 1 ? '' : 's'}` : 'Replace';
  };

  const preview = async () => {
    const search = read();
    error.hidden = true;
    shown = null;
    list.replaceChildren();
    summary.textContent = 'Searching…';
    syncButton();
    // An empty replacement previews the matches alone; replacing then deletes them.
    const query = new URLSearchParams({ lang: search.lang, query: search.query, ...(search.replacement !== '' && { replacement: search.replacement }) });
    if (search.regex) query.set('regex', '1');
    if (search.caseSensitive) query.set('caseSensitive', '1');
    try {
      const answer = await api<FindAnswer>('GET', `/api/documents/${documentId}/find?${query}`);
      shown = { search, answer };
      renderResults(list, answer, (n) => {
        dialog.close();
        void editor.goTo(n).then(() => { if (editor.active) editor.activate({ column: search.lang, segmentId: editor.active.segmentId }); });
      });
      summary.textContent = answer.slotCount === 0 ? 'Nothing to change: no slot holds it (or the replacement changes nothing).'
        : `${answer.matchCount} match${answer.matchCount === 1 ? '' : 'es'} in ${answer.slotCount} slot${answer.slotCount === 1 ? '' : 's'}`
          + (answer.truncated ? ` (the first ${answer.slots.length} are listed; narrow the search to replace the rest).` : '. Untick a slot to leave it as it is.');
      if (answer.refusal) showError(answer.refusal);
    } catch (caught) {
      summary.textContent = '';
      showError(caught instanceof ApiError ? caught.message : 'The search failed.');
    }
    syncButton();
  };

  form.onsubmit = (event) => {
    event.preventDefault();
    void preview();
  };
  // A changed search invalidates the preview: replacing needs a fresh one.
  form.oninput = (event) => {
    if ((event.target as HTMLElement).closest('[data-find-results]')) return syncButton();
    if (!shown) return;
    shown = null;
    list.replaceChildren();
    summary.textContent = 'Press Enter (Preview) to see the changes.';
    syncButton();
  };
  replaceButton.onclick = async () => {
    if (!shown) return;
    const { search } = shown;
    const slots = kept().map((box) => ({ segmentId: Number(box.dataset.segmentId), version: Number(box.dataset.version) }));
    replaceButton.disabled = true;
    error.hidden = true;
    try {
      const answer = await api<ReplaceAnswer>('POST', `/api/documents/${documentId}/replace`, { ...search, slots });
      dialog.close();
      editor.setHistory(answer.history);
      editor.toast(`Replaced ${answer.matches} match(es) in ${answer.replaced} slot(s). ${keyLabel(editor.keymap.keyOf('undo'))} undoes it.`, 'info');
      await editor.reload();
    } catch (caught) {
      showError(caught instanceof ApiError ? caught.message : 'The replacement failed; nothing was changed.');
      syncButton();
    }
  };
  required(dialog, '[data-find-close]').onclick = () => dialog.close();
  dialog.onclose = () => editor.focusGrid();
  error.hidden = true;
  summary.textContent = '';
  list.replaceChildren();
  syncButton();
  dialog.showModal();
  (form.elements.namedItem('query') as HTMLInputElement).select();
}

/** One row per slot: keep it (box), its number (a button going there), and the change as a diff. */
function renderResults(list: HTMLElement, answer: FindAnswer, goTo: (n: number) => void): void {
  for (const slot of answer.slots) {
    const item = element('li', 'find-result');
    const label = element('label', 'inline');
    const box = element('input');
    box.type = 'checkbox';
    box.checked = true;
    box.disabled = !answer.canReplace;
    box.dataset.segmentId = String(slot.segmentId);
    box.dataset.version = String(slot.version);
    label.append(box, element('span', 'visually-hidden', `Replace in slot ${slot.number}`));
    const go = element('button', 'find-go', `#${slot.number}`);
    go.type = 'button';
    go.title = `Go to segment ${slot.number}`;
    go.onclick = () => goTo(slot.number);
    const text = element('div', 'find-text diff');
    if (slot.diff) {
      for (const part of slot.diff) {
        if (!part.added && !part.removed) { text.append(part.value); continue; }
        const mark = element(part.added ? 'ins' : 'del');
        mark.append(element('span', 'visually-hidden', part.added ? ' [inserted: ' : ' [deleted: '), part.value, element('span', 'visually-hidden', '] '));
        text.append(mark);
      }
    } else {
      // Find only: the matches highlighted.
      let at = 0;
      for (const match of slot.matches) {
        text.append(slot.text.slice(at, match.start), element('mark', undefined, slot.text.slice(match.start, match.end)));
        at = match.end;
      }
      text.append(slot.text.slice(at));
    }
    item.append(label, go, text);
    list.append(item);
  }
}

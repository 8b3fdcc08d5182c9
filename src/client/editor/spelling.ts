/**
 * Spelling in the editor (issue #13): misspelt words of the English and Russian slots shown
 * are underlined (the server's Hunspell dictionaries: POST /api/spelling), and F7 lists the
 * misspelt words of the slot being edited with suggestions; choosing one replaces that word
 * as typing would (Ctrl+Z in the text box undoes it, autosave saves it).
 */
import { ApiError, api } from '../api.js';
import { element, required } from '../dom.js';
import type { Editor } from './editor.js';

interface WordAt { word: string; start: number; end: number }
interface Checked { supported: boolean; misspelt: WordAt[][] }

/** Rows are underlined this long after the grid last changed (a page render is many mutations). */
const SETTLE_MS = 150;

export class GridSpelling {
  private readonly known = new Map<string, WordAt[]>();
  private readonly unsupported = new Set<string>();
  private timer = 0;
  /** One decoration at a time: a check can wait seconds while a dictionary loads, and browsers keep few connections per server. */
  private running: Promise<void> | null = null;
  private again = false;

  private enabled = false;

  constructor(private readonly grid: HTMLElement) {}

  /**
   * Watches the grid: whatever is drawn (a page, one row again) gets its misspellings
   * underlined, while the toolbar's Spelling box is ticked. It is off until a person ticks it
   * (remembered in this browser): the first check of a language loads its dictionary on the
   * server, seconds of work for Russian.
   */
  start(toggle: HTMLInputElement | null, userId: number): void {
    const key = `duizhao.spelling.${userId}`;
    this.enabled = window.localStorage.getItem(key) === 'on';
    if (toggle) {
      toggle.checked = this.enabled;
      toggle.addEventListener('change', () => {
        this.enabled = toggle.checked;
        window.localStorage.setItem(key, this.enabled ? 'on' : 'off');
        if (this.enabled) this.schedule();
        else for (const node of this.grid.querySelectorAll<HTMLElement>('.slot-text[data-spelled]')) {
          node.textContent = node.textContent ?? '';
          delete node.dataset.spelled;
        }
      });
    }
    new MutationObserver(() => {
      if (!this.enabled) return;
      window.clearTimeout(this.timer);
      this.timer = window.setTimeout(() => this.schedule(), SETTLE_MS);
    }).observe(this.grid, { childList: true, subtree: true });
    if (this.enabled) this.schedule();
  }

  private schedule(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.decorate().finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        this.schedule();
      }
    });
  }

  /** The misspelt words of one text, when it was checked already. */
  misspelt(lang: string, text: string): WordAt[] | undefined {
    return this.known.get(`${lang}\u0000${text}`);
  }

  async check(lang: string, texts: string[]): Promise<void> {
    const fresh = [...new Set(texts.filter((t) => !this.known.has(`${lang}\u0000${t}`)))];
    if (fresh.length === 0 || this.unsupported.has(lang)) return;
    const answer = await api<Checked>('POST', '/api/spelling', { lang, texts: fresh });
    if (!answer.supported) this.unsupported.add(lang);
    fresh.forEach((text, i) => this.known.set(`${lang}\u0000${text}`, answer.misspelt[i] ?? []));
  }

  private async decorate(): Promise<void> {
    const cells = [...this.grid.querySelectorAll<HTMLElement>('td.tgt .slot-text')]
      .filter((node) => node.dataset.spelled !== node.textContent && !this.unsupported.has(node.closest<HTMLElement>('td')?.lang ?? ''));
    const byLang = new Map<string, HTMLElement[]>();
    for (const node of cells) {
      const lang = node.closest<HTMLElement>('td')!.lang;
      byLang.set(lang, [...(byLang.get(lang) ?? []), node]);
    }
    for (const [lang, nodes] of byLang) {
      try {
        await this.check(lang, nodes.map((n) => n.textContent ?? ''));
      } catch {
        // Underlining is a help: when the server cannot check now, the text stays as it is.
        continue;
      }
      for (const node of nodes) underline(node, this.misspelt(lang, node.textContent ?? '') ?? []);
    }
  }
}

/** Puts each misspelt word of the node's text in a marked span (text only, never markup). */
function underline(node: HTMLElement, misspelt: readonly WordAt[]): void {
  const text = node.textContent ?? '';
  node.dataset.spelled = text;
  if (misspelt.length === 0 || !node.isConnected) return;
  const parts: (string | HTMLElement)[] = [];
  let at = 0;
  for (const word of misspelt) {
    parts.push(text.slice(at, word.start));
    const mark = element('span', 'misspelt', text.slice(word.start, word.end));
    mark.title = 'Not in the dictionary (F7 while editing: suggestions)';
    parts.push(mark);
    at = word.end;
  }
  parts.push(text.slice(at));
  node.replaceChildren(...parts);
}

/**
 * F7: the misspelt words of the slot being edited (the grid's active slot is opened for
 * editing first), each with the dictionary's suggestions as buttons.
 */
export async function openSpellingDialog(editor: Editor, spelling: GridSpelling): Promise<void> {
  if (!editor.editing && editor.active && editor.active.column !== 'source') editor.startEdit();
  const editing = editor.editing;
  if (!editing || editing.column === 'source') {
    editor.toast('Go to an English or Russian slot to check its spelling.', 'info');
    return;
  }
  const { textarea, column: lang } = editing;
  const text = textarea.value;
  try {
    await spelling.check(lang, [text]);
  } catch (error) {
    editor.toast(error instanceof ApiError ? error.message : 'The spelling could not be checked.');
    return;
  }
  const misspelt = spelling.misspelt(lang, text);
  if (!misspelt) {
    editor.toast(`There is no spelling dictionary for ${editor.langName(lang)}.`, 'info');
    return;
  }
  if (misspelt.length === 0) {
    editor.toast('No spelling mistakes in this slot.', 'info');
    return;
  }
  const dialog = required(editor.root, '[data-spelling-dialog]') as HTMLDialogElement;
  const list = required(dialog, '[data-spelling-list]');
  list.replaceChildren();
  for (const word of misspelt) {
    const item = element('li', 'spelling-word');
    const choices = element('div', 'spelling-choices', 'Looking for suggestions…');
    item.append(element('strong', undefined, word.word), choices);
    list.append(item);
    void api<{ suggestions: string[] }>('GET', `/api/spelling/suggestions?${new URLSearchParams({ lang, word: word.word })}`).then(({ suggestions }) => {
      choices.replaceChildren(...(suggestions.length === 0 ? [element('span', 'muted', 'No suggestions.')] : suggestions.map((suggestion) => {
        const button = element('button', undefined, suggestion);
        button.type = 'button';
        button.onclick = () => {
          dialog.close();
          replaceWord(editor, textarea, text, word, suggestion);
        };
        return button;
      })));
      // The first suggestion to arrive takes the focus from Close, so Enter takes it.
      const first = choices.querySelector('button');
      if (first && document.activeElement === dialog.querySelector('[data-spelling-close]')) first.focus();
    }, () => choices.replaceChildren(element('span', 'muted', 'Suggestions could not be loaded.')));
  }
  required(dialog, '[data-spelling-close]').onclick = () => dialog.close();
  dialog.onclose = () => { if (editor.editing?.textarea === textarea) textarea.focus(); };
  dialog.showModal();
}

/** Replaces the word as typing would, if the text box still holds what was checked. */
function replaceWord(editor: Editor, textarea: HTMLTextAreaElement, checked: string, word: WordAt, suggestion: string): void {
  if (textarea.value !== checked || !textarea.isConnected) {
    editor.toast('The text changed meanwhile; press F7 again.', 'info');
    return;
  }
  textarea.focus();
  textarea.setSelectionRange(word.start, word.end);
  editor.insertText(suggestion);
}

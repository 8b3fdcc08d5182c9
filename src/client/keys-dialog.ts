/**
 * The "Keys" dialog: every action of the page with its key, each rebindable by clicking
 * it and pressing the new key. Shared by the editor and the review page, which list
 * different modes of the one keymap.
 */
import { api, ApiError } from './api.js';
import { element, required } from './dom.js';
import { ACTIONS, keyLabel, keyName, type Action, type Keymap, type Mode } from './keymap.js';

export interface KeysDialogOptions {
  dialog: HTMLDialogElement;
  keymap: Keymap;
  /** The modes to list, with the caption of each. */
  modes: { mode: Mode | 'both'; caption: string }[];
  toast: (message: string) => void;
  onClose: () => void;
}

/** Saves the person's own bindings (only those that differ from the defaults). */
export async function saveKeymap(keymap: Keymap, toast: (message: string) => void): Promise<void> {
  try {
    await api('PUT', '/api/settings/keymap', { keymap: keymap.customised() });
  } catch (error) {
    toast(error instanceof ApiError ? `Key bindings not saved: ${error.message}` : 'Key bindings not saved.');
  }
}

export function openKeysDialog(options: KeysDialogOptions): void {
  const { dialog, keymap } = options;
  const table = required(dialog, '[data-help-table]');
  const error = required(dialog, '[data-help-error]');
  /** Redraws the list; `focus` keeps the keyboard on the action just changed. */
  const draw = (focus?: Action) => {
    table.replaceChildren();
    for (const { mode, caption: text } of options.modes) {
      const caption = element('tr');
      caption.append(element('th', 'keys-mode', text));
      (caption.firstChild as HTMLTableCellElement).colSpan = 2;
      table.append(caption);
      for (const [action, info] of Object.entries(ACTIONS) as [Action, (typeof ACTIONS)[Action]][]) {
        if (info.mode !== mode) continue;
        const tr = element('tr');
        const keyCell = element('td');
        const button = element('button', 'key-button', keyLabel(keymap.keyOf(action)));
        button.type = 'button';
        button.dataset.action = action;
        button.setAttribute('aria-label', `${info.label}: ${keyLabel(keymap.keyOf(action))}. Press to change.`);
        button.addEventListener('click', () => {
          button.textContent = 'Press a key…';
          const capture = (event: KeyboardEvent) => {
            if (['Control', 'Shift', 'Alt', 'Meta'].includes(event.key)) return;
            event.preventDefault();
            event.stopPropagation();
            window.removeEventListener('keydown', capture, true);
            const problem = event.key === 'Escape' ? undefined : keymap.rebind(action, keyName(event));
            error.hidden = !problem;
            error.textContent = problem ?? '';
            if (!problem && event.key !== 'Escape') void saveKeymap(keymap, options.toast);
            draw(action);
          };
          window.addEventListener('keydown', capture, true);
        });
        keyCell.append(button);
        tr.append(keyCell, element('td', undefined, info.label));
        table.append(tr);
      }
    }
    if (focus) table.querySelector<HTMLButtonElement>(`button[data-action="${focus}"]`)?.focus();
  };
  error.hidden = true;
  draw();
  (required(dialog, '[data-help-close]') as HTMLButtonElement).onclick = () => dialog.close();
  (required(dialog, '[data-help-reset]') as HTMLButtonElement).onclick = () => {
    keymap.reset();
    error.hidden = true;
    void saveKeymap(keymap, options.toast);
    draw();
    (required(dialog, '[data-help-reset]') as HTMLButtonElement).focus();
  };
  dialog.addEventListener('close', () => options.onClose(), { once: true });
  if (!dialog.open) dialog.showModal();
}

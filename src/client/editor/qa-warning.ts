/**
 * Asks before a translator confirms a slot whose quality checks report errors (a number
 * missing, a forbidden term…), as the review page asks a reviewer before approving one.
 * Resolves true to confirm anyway; Enter keeps editing, the safe default.
 */
import type { AssistAnswer } from '../../web/routes/assist.js';
import { element, required } from '../dom.js';

export function askConfirmDespiteErrors(root: HTMLElement, label: string, errors: AssistAnswer['qa']): Promise<boolean> {
  const dialog = required(root, '[data-qa-dialog]') as HTMLDialogElement;
  required(dialog, '[data-qa-dialog-slot]').textContent = label;
  const list = required(dialog, '[data-qa-dialog-list]');
  list.replaceChildren(...errors.map((r) => {
    const li = element('li', 'qa-error');
    li.append(element('strong', undefined, 'Error: '), document.createTextNode(r.message));
    return li;
  }));
  const fix = required(dialog, '[data-qa-dialog-fix]') as HTMLButtonElement;
  const confirm = required(dialog, '[data-qa-dialog-confirm]') as HTMLButtonElement;
  return new Promise((resolve) => {
    let answer = false;
    fix.onclick = () => dialog.close();
    confirm.onclick = () => {
      answer = true;
      dialog.close();
    };
    dialog.addEventListener('close', () => resolve(answer), { once: true });
    dialog.showModal();
    fix.focus();
  });
}

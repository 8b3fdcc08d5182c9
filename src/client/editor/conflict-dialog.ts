/**
 * The dialog shown when someone else saved a slot before this person's save arrived
 * (409): both texts side by side with the differences marked, and three ways out.
 */
import { required } from '../dom.js';
import { renderDiff } from '../diff-view.js';
import type { Editor } from './editor.js';
import type { HeadView, PendingSave } from './save-queue.js';

export interface ConflictChoices {
  /** Send my text again over their version. */
  keepMine(): void;
  /** Drop my text; their text stays. */
  takeTheirs(): void;
  /** Go on editing, starting from my text. */
  edit(): void;
}

export function openConflictDialog(root: HTMLElement, save: PendingSave, current: HeadView | null, choices: ConflictChoices): void {
  const dialog = required(root, '[data-conflict-dialog]') as HTMLDialogElement;
  const theirs = current?.text ?? '';
  required(dialog, '[data-conflict-mine]').textContent = save.text;
  required(dialog, '[data-conflict-theirs]').textContent = theirs;
  required(dialog, '[data-conflict-when]').textContent = current?.updatedAt ? new Date(current.updatedAt).toLocaleTimeString() : 'just now';
  for (const box of dialog.querySelectorAll<HTMLElement>('.conflict-text')) box.lang = save.lang;
  renderDiff(required(dialog, '[data-conflict-diff]'), theirs, save.text, save.lang);
  const choose = (choice: () => void) => () => {
    dialog.close();
    choice();
  };
  (required(dialog, '[data-conflict-mine-button]') as HTMLButtonElement).onclick = choose(() => choices.keepMine());
  (required(dialog, '[data-conflict-theirs-button]') as HTMLButtonElement).onclick = choose(() => choices.takeTheirs());
  (required(dialog, '[data-conflict-edit-button]') as HTMLButtonElement).onclick = choose(() => choices.edit());
  if (!dialog.open) dialog.showModal();
  (required(dialog, '[data-conflict-mine-button]') as HTMLButtonElement).focus();
}

/** Shows the conflict and carries out the person's choice on the editor's page and save queue. */
export function openConflict(editor: Editor, save: PendingSave, current: HeadView | null): void {
  const adopt = () => {
    if (current) editor.page.applySlot(current);
  };
  openConflictDialog(editor.root, save, current, {
    keepMine: () => {
      adopt();
      void editor.saves.keepMine(save, current?.version);
      editor.focusGrid();
    },
    takeTheirs: () => {
      adopt();
      editor.saves.discard(save);
      if (editor.editing?.segmentId === save.segmentId) editor.editing.textarea.value = current?.text ?? '';
      editor.grid.rerenderRow(save.segmentId);
      editor.focusGrid();
    },
    edit: () => {
      adopt();
      editor.saves.rebase(save, current?.version);
      editor.grid.rerenderRow(save.segmentId);
      editor.startEdit({ column: save.lang, segmentId: save.segmentId });
      if (editor.editing) {
        editor.editing.textarea.value = save.text;
        editor.queueSave(save.segmentId, save.lang, save.text);
      }
    },
  });
}

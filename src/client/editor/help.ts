import { required } from '../dom.js';
import { openKeysDialog } from '../keys-dialog.js';
import type { Editor } from './editor.js';

/** The editor's keys dialog (? or F1): the keymap by mode, each key changeable. */
export function openEditorHelp(editor: Editor): void {
  openKeysDialog({
    dialog: required(editor.root, '[data-help-dialog]') as HTMLDialogElement,
    keymap: editor.keymap,
    modes: [
      { mode: 'grid', caption: 'Moving around and fixing the alignment (not editing)' },
      { mode: 'edit', caption: 'While editing a slot' },
      { mode: 'both', caption: 'Anywhere' },
    ],
    toast: (message) => editor.toast(message),
    onClose: () => {
      if (editor.active) editor.activate(editor.active);
      editor.focusGrid();
    },
  });
}

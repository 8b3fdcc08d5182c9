/**
 * The editor's keyboard: turns a key press into an action of the keymap (in grid or edit
 * mode) and the action into a command of the editor. The list of keys and their labels
 * lives in keymap.ts; what each command does lives in editor.ts.
 */
import { keyName, type Action, type Keymap } from '../keymap.js';
import type { Operation } from './operations.js';

/** Everything a key can ask the editor to do. */
export interface EditorCommands {
  isEditing(): boolean;
  move(direction: 'up' | 'down' | 'left' | 'right'): Promise<void> | void;
  openHelp(): void;
  replay(direction: 'undo' | 'redo'): Promise<void>;
  nextLowConfidence(): Promise<void> | void;
  openPanel(tab: 'comments' | 'history'): Promise<void> | void;
  startEdit(): void;
  leaveEdit(): void;
  /** Space in the grid (stay) or Ctrl+Enter while editing (go to the next slot that needs work). */
  confirm(moveOn: boolean): Promise<void>;
  editNeighbour(step: -1 | 1): void;
  copySource(): void;
  splitAtCaret(): void;
  operate(kind: Operation): Promise<void>;
  realignColumn(): Promise<void>;
  adoptGrouping(): Promise<void>;
  insertMatch(n: number): Promise<void>;
  insertTerm(n: number): Promise<void>;
  openConcordance(): void;
  toggleAssist(): void;
  openFind(): void;
  focusFilter(): void;
  openSpelling(): void;
  /** After every command: focus must never fall to <body>, or the next key would do nothing. */
  ensureFocus(): void;
}

/** Handles a keydown inside the editor; true when it was one of ours. */
export function handleEditorKey(event: KeyboardEvent, keymap: Keymap, commands: EditorCommands): boolean {
  const target = event.target as HTMLElement;
  // Keys on the page's own controls (toolbar, buttons, links, fields) are theirs; the slot editor's are ours.
  if (target.closest('dialog, .toolbar, .pager, details, button, a, select, input')) return false;
  if (target instanceof HTMLTextAreaElement && !target.classList.contains('slot-editor')) return false;
  const action = keymap.actionFor(keyName(event), commands.isEditing() ? 'edit' : 'grid');
  // In the assist panel, keys belong to its buttons and links; only its own toggle acts.
  if (target.closest('.assist') && action !== 'toggle-assist') return false;
  if (!action) return false;
  event.preventDefault();
  event.stopPropagation();
  void perform(action, commands).finally(() => commands.ensureFocus());
  return true;
}

export async function perform(action: Action, c: EditorCommands): Promise<void> {
  switch (action) {
    case 'move-up': return c.move('up');
    case 'move-down': return c.move('down');
    case 'move-left': return c.move('left');
    case 'move-right': return c.move('right');
    case 'help': case 'help-f1': return c.openHelp();
    case 'undo': return c.replay('undo');
    case 'redo': return c.replay('redo');
    case 'next-low': return c.nextLowConfidence();
    case 'comments': case 'history': return c.openPanel(action);
    case 'start-edit': return c.startEdit();
    case 'leave-edit': return c.leaveEdit();
    case 'confirm': return c.confirm(false);
    case 'confirm-next': return c.confirm(true);
    case 'edit-prev': case 'edit-next': return c.editNeighbour(action === 'edit-prev' ? -1 : 1);
    case 'copy-source': return c.copySource();
    case 'split-here': return c.splitAtCaret();
    case 'merge': case 'split': case 'shift-up': case 'shift-down': case 'move-first-up': case 'move-last-down': case 'insert-empty': case 'delete-empty':
      return c.operate(action);
    case 'realign-column': return c.realignColumn();
    case 'adopt-grouping': return c.adoptGrouping();
    // Translation assistance: the assist panel knows the matches and terms.
    case 'insert-match-1': case 'insert-match-2': case 'insert-match-3': case 'insert-match-4': case 'insert-match-5':
      return c.insertMatch(Number(action.slice(-1)));
    case 'insert-term-1': case 'insert-term-2': case 'insert-term-3': case 'insert-term-4': case 'insert-term-5':
      return c.insertTerm(Number(action.slice(-1)));
    case 'concordance': return c.openConcordance();
    case 'toggle-assist': return c.toggleAssist();
    case 'find-replace': return c.openFind();
    case 'filter-text': return c.focusFilter();
    case 'spelling': return c.openSpelling();
    // Review-page actions are handled there (review/review.ts).
    default: return undefined;
  }
}

/**
 * Key bindings, one keymap per person for both pages. The editor has two modes, as in
 * InterText and OmegaT's aligner: grid mode (no text being edited: plain keys act on
 * slots) and edit mode (CAT conventions); 'both' is either editor mode. The review page
 * has its own mode. Keys the browser reserves (Ctrl+N/T/W/S and friends) are never bound.
 */
export type Mode = 'grid' | 'edit' | 'review';

export interface ActionInfo { mode: Mode | 'both'; label: string; key: string }

export const ACTIONS = {
  'move-up': { mode: 'grid', label: 'Previous row', key: 'ArrowUp' },
  'move-down': { mode: 'grid', label: 'Next row', key: 'ArrowDown' },
  'move-left': { mode: 'grid', label: 'Column to the left', key: 'ArrowLeft' },
  'move-right': { mode: 'grid', label: 'Column to the right', key: 'ArrowRight' },
  'start-edit': { mode: 'grid', label: 'Edit the slot (on the Chinese column: place a caret to split)', key: 'Enter' },
  merge: { mode: 'grid', label: 'Merge with the next slot (Chinese column: merge segments)', key: 'm' },
  split: { mode: 'grid', label: 'Split the slot at a sentence boundary', key: 's' },
  'shift-up': { mode: 'grid', label: 'Shift the text up', key: 'u' },
  'shift-down': { mode: 'grid', label: 'Shift the text down', key: 'd' },
  'move-first-up': { mode: 'grid', label: 'Move the first sentence to the slot above', key: '[' },
  'move-last-down': { mode: 'grid', label: 'Move the last sentence to the slot below', key: ']' },
  'insert-empty': { mode: 'grid', label: 'Insert an empty slot here (texts below move down to the next empty or confirmed slot)', key: 'i' },
  'realign-column': { mode: 'grid', label: 'Re-align every unconfirmed slot of this language column', key: 'Alt+r' },
  'adopt-grouping': { mode: 'grid', label: "Group this slot's segments as the other language does (grouping marker ⇄)", key: 'g' },
  'delete-empty': { mode: 'grid', label: 'Delete this empty slot (texts below move up to the next empty or confirmed slot)', key: 'x' },
  confirm: { mode: 'grid', label: 'Confirm the slot (translated)', key: ' ' },
  'next-low': { mode: 'grid', label: 'Next low-confidence slot', key: 'n' },
  comments: { mode: 'grid', label: "The slot's comments", key: 'c' },
  history: { mode: 'grid', label: "The slot's history (restore an older text)", key: 'h' },
  'confirm-next': { mode: 'edit', label: 'Confirm and go to the next slot that needs work', key: 'Ctrl+Enter' },
  'edit-prev': { mode: 'edit', label: 'Save and edit the previous slot', key: 'Ctrl+ArrowUp' },
  'edit-next': { mode: 'edit', label: 'Save and edit the next slot', key: 'Ctrl+ArrowDown' },
  'copy-source': { mode: 'edit', label: 'Copy the Chinese source into the slot', key: 'Ctrl+Insert' },
  'split-here': { mode: 'edit', label: 'Split at the caret', key: 'Alt+s' },
  'leave-edit': { mode: 'edit', label: 'Stop editing (text is saved)', key: 'Escape' },
  undo: { mode: 'grid', label: 'Undo', key: 'Ctrl+z' },
  redo: { mode: 'grid', label: 'Redo', key: 'Ctrl+Shift+z' },
  'insert-match-1': { mode: 'edit', label: 'Insert translation-memory match 1', key: 'Ctrl+1' },
  'insert-match-2': { mode: 'edit', label: 'Insert translation-memory match 2', key: 'Ctrl+2' },
  'insert-match-3': { mode: 'edit', label: 'Insert translation-memory match 3', key: 'Ctrl+3' },
  'insert-match-4': { mode: 'edit', label: 'Insert translation-memory match 4', key: 'Ctrl+4' },
  'insert-match-5': { mode: 'edit', label: 'Insert translation-memory match 5', key: 'Ctrl+5' },
  'insert-term-1': { mode: 'edit', label: 'Insert the equivalent of glossary term 1', key: 'Alt+1' },
  'insert-term-2': { mode: 'edit', label: 'Insert the equivalent of glossary term 2', key: 'Alt+2' },
  'insert-term-3': { mode: 'edit', label: 'Insert the equivalent of glossary term 3', key: 'Alt+3' },
  'insert-term-4': { mode: 'edit', label: 'Insert the equivalent of glossary term 4', key: 'Alt+4' },
  'insert-term-5': { mode: 'edit', label: 'Insert the equivalent of glossary term 5', key: 'Alt+5' },
  'find-replace': { mode: 'both', label: 'Find and replace in a language', key: 'Ctrl+h' },
  spelling: { mode: 'both', label: 'Spelling suggestions for the slot (misspelt words are underlined)', key: 'F7' },
  'filter-text': { mode: 'both', label: 'Filter the segments by text or status', key: 'Ctrl+Shift+f' },
  concordance: { mode: 'both', label: 'Search the translation memory (concordance)', key: 'Ctrl+k' },
  'toggle-assist': { mode: 'both', label: 'Show or hide the assist panel (a drawer on narrow screens)', key: 'Alt+a' },
  help: { mode: 'both', label: 'Show this help', key: '?' },
  'help-f1': { mode: 'both', label: 'Show this help', key: 'F1' },
  'review-approve': { mode: 'review', label: 'Approve and go to the next slot (while editing: save, then approve)', key: 'Ctrl+Enter' },
  'review-reject': { mode: 'review', label: 'Reject with a comment (Ctrl+Enter in the dialog sends it)', key: 'Ctrl+Shift+Enter' },
  'review-edit': { mode: 'review', label: 'Edit the translation in place (Esc saves and stops)', key: 'Enter' },
  'review-down': { mode: 'review', label: 'Next slot', key: 'ArrowDown' },
  'review-up': { mode: 'review', label: 'Previous slot', key: 'ArrowUp' },
  'review-undo': { mode: 'review', label: 'Undo your last decision', key: 'Ctrl+z' },
  'review-history': { mode: 'review', label: "The slot's history", key: 'h' },
  'review-comments': { mode: 'review', label: "The slot's comments", key: 'c' },
  'review-help': { mode: 'review', label: 'Show this help', key: '?' },
} as const satisfies Record<string, ActionInfo>;

/** Whether actions of these two modes can be active at the same time (and so need different keys). */
function overlaps(a: Mode | 'both', b: Mode | 'both'): boolean {
  if (a === b) return true;
  if (a === 'review' || b === 'review') return false;
  return a === 'both' || b === 'both';
}

export type Action = keyof typeof ACTIONS;

const RESERVED = new Set(['Ctrl+n', 'Ctrl+t', 'Ctrl+w', 'Ctrl+s', 'Ctrl+Shift+n', 'Ctrl+Shift+t', 'Ctrl+Shift+w', 'Ctrl+l', 'Ctrl+r', 'Ctrl+q', 'Ctrl+Tab', 'F5', 'F11', 'F12']);

/** "Ctrl+Shift+z", "Alt+s", "ArrowUp", "m", " " — a canonical name for a key event. */
export function keyName(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>): string {
  const parts: string[] = [];
  if (event.ctrlKey || event.metaKey) parts.push('Ctrl');
  if (event.altKey) parts.push('Alt');
  // Shift is part of the character itself for printable keys (?, [, A), so only name it with modifiers or named keys.
  const printable = event.key.length === 1;
  if (event.shiftKey && (!printable || parts.length > 0)) parts.push('Shift');
  parts.push(printable ? event.key.toLowerCase() : event.key);
  return parts.join('+');
}

export function isReserved(key: string): boolean {
  return RESERVED.has(key);
}

/** Human form of a key name for the help overlay: " " → "Space", "ArrowUp" → "↑". */
export function keyLabel(key: string): string {
  return key.split('+').map((part) => ({ ' ': 'Space', ArrowUp: '↑', ArrowDown: '↓', ArrowLeft: '←', ArrowRight: '→', Escape: 'Esc' }[part] ?? (part.length === 1 ? part.toUpperCase() : part))).join('+');
}

export class Keymap {
  private bindings = new Map<Action, string>();

  constructor(custom: Record<string, string>) {
    for (const [action, info] of Object.entries(ACTIONS) as [Action, ActionInfo][]) {
      const key = custom[action];
      this.bindings.set(action, key && !isReserved(key) ? key : info.key);
    }
  }

  keyOf(action: Action): string {
    return this.bindings.get(action) ?? ACTIONS[action].key;
  }

  /** The action bound to this key in this mode, if any. */
  actionFor(key: string, mode: Mode): Action | undefined {
    for (const [action, bound] of this.bindings) {
      if (bound === key && overlaps(ACTIONS[action].mode, mode)) return action;
    }
    return undefined;
  }

  /** Rebinds an action; refuses reserved keys and keys already used in the same mode. */
  rebind(action: Action, key: string): string | undefined {
    if (isReserved(key)) return `${keyLabel(key)} belongs to the browser and cannot be bound.`;
    const mode = ACTIONS[action].mode;
    for (const [other, bound] of this.bindings) {
      if (other === action || bound !== key) continue;
      if (overlaps(ACTIONS[other].mode, mode)) return `${keyLabel(key)} is already bound to "${ACTIONS[other].label}".`;
    }
    this.bindings.set(action, key);
    return undefined;
  }

  /** Only the bindings that differ from the defaults, for saving. */
  customised(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [action, key] of this.bindings) if (key !== ACTIONS[action].key) out[action] = key;
    return out;
  }

  reset(): void {
    for (const action of Object.keys(ACTIONS) as Action[]) this.bindings.set(action, ACTIONS[action].key);
  }
}

import { languageName } from '../../domain.js';
import type { DocumentGrid } from '../../services/documents.js';
import { LOW_CONFIDENCE } from '../../services/slots.js';
import { PAGE_SIZE } from './documents.js';
import type { User } from '../../store/users.js';

/** What the editor page needs to boot; the rows themselves come from the JSON API. */
export interface EditorView {
  id: number;
  title: string;
  segmentCount: number;
  langs: { lang: string; name: string }[];
  canEdit: boolean;
  canAlign: boolean;
  lowConfidence: number;
  /** JSON for a data-* attribute (escaped by EJS like any attribute). */
  bootJson: string;
}

export function editorView(grid: DocumentGrid, user: User, keymap: Record<string, string>): EditorView {
  const langs = grid.document.langs.map((lang) => ({ lang, name: languageName(lang) }));
  const canEdit = user.roles.some((r) => r === 'admin' || r === 'translator' || r === 'reviewer');
  const canAlign = user.roles.some((r) => r === 'admin' || r === 'translator');
  return {
    id: grid.document.id,
    title: grid.document.title,
    segmentCount: grid.segments.length,
    langs,
    canEdit,
    canAlign,
    lowConfidence: LOW_CONFIDENCE,
    bootJson: JSON.stringify({
      documentId: grid.document.id, title: grid.document.title, segmentCount: grid.segments.length, langs,
      user: { id: user.id, name: user.name, roles: user.roles }, canEdit, canAlign, keymap, lowConfidence: LOW_CONFIDENCE, pageSize: PAGE_SIZE,
    }),
  };
}

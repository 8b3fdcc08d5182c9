import { languageName, SLOT_STATUS_LABELS, SLOT_STATUSES } from '../../domain.js';
import type { AccessPolicy } from '../../services/access.js';
import type { AlignmentPreferences } from '../../services/realignment.js';
import type { Document } from '../../store/documents.js';
import { LOW_CONFIDENCE } from '../../services/slots.js';
import { PAGE_SIZE } from './documents.js';
import type { User } from '../../store/users.js';
import type { EditorBoot } from '../api-types.js';

/** What the editor page needs to boot; the rows themselves come from the JSON API, a page at a time. */
export interface EditorView {
  id: number;
  title: string;
  segmentCount: number;
  langs: { lang: string; name: string }[];
  canEdit: boolean;
  canAlign: boolean;
  lowConfidence: number;
  /** The status filter's choices. */
  statuses: { status: string; label: string }[];
  /** JSON for a data-* attribute (escaped by EJS like any attribute). */
  bootJson: string;
}

export function editorView(grid: { document: Document; segmentCount: number }, user: User, keymap: Record<string, string>, access: AccessPolicy, alignment: AlignmentPreferences = { autoRealign: true }, secondReview: string[] = []): EditorView {
  const documentId = grid.document.id;
  const langs = grid.document.langs.map((lang) => ({ lang, name: languageName(lang) }));
  // What the page offers comes from the one policy, per language (assignments included).
  const allowed = Object.fromEntries(grid.document.langs.map((lang) => [lang, access.allowedOn(user, { documentId, lang })]));
  const canEdit = Object.values(allowed).some((actions) => actions.includes('edit-slot'));
  const canAlign = Object.values(allowed).some((actions) => actions.includes('fix-alignment'));
  const boot: EditorBoot = {
    documentId, title: grid.document.title, segmentCount: grid.segmentCount, langs,
    user: { id: user.id, name: user.name, roles: user.roles }, allowed, canEdit, canAlign, keymap, secondReview, lowConfidence: LOW_CONFIDENCE, pageSize: PAGE_SIZE, autoRealign: alignment.autoRealign,
  };
  return {
    id: documentId,
    title: grid.document.title,
    segmentCount: grid.segmentCount,
    langs,
    canEdit,
    canAlign,
    lowConfidence: LOW_CONFIDENCE,
    statuses: SLOT_STATUSES.map((status) => ({ status, label: SLOT_STATUS_LABELS[status] })),
    bootJson: JSON.stringify(boot),
  };
}

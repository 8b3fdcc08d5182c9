/**
 * The product's vocabulary as types (DESIGN.md "The words we use"). Every layer may
 * import this file; it holds no behaviour beyond small guards.
 */

/**
 * Slot statuses in workflow order; a stored value is never renamed. `reviewed`: approved by
 * the first reviewer of a language with a second review pass, waiting for the second
 * reviewer (issue #13); not final, so neither exported as approved nor in the TM.
 */
export const SLOT_STATUSES = ['empty', 'aligned', 'draft', 'translated', 'reviewed', 'approved', 'rejected'] as const;
export type SlotStatus = (typeof SLOT_STATUSES)[number];

/** Human labels for statuses, as the UI shows them. */
export const SLOT_STATUS_LABELS: Record<SlotStatus, string> = {
  empty: 'Empty',
  aligned: 'Aligned',
  draft: 'Draft',
  translated: 'Translated',
  reviewed: 'Reviewed (R1)',
  approved: 'Approved',
  rejected: 'Rejected',
};

/** Statuses that count as done for the translator (progress bars). */
export const DONE_STATUSES: readonly SlotStatus[] = ['translated', 'reviewed', 'approved'];

/** Statuses a reviewer's approval gave: editing such a slot, or regrouping around it, re-opens it. */
export const APPROVED_STATUSES: readonly SlotStatus[] = ['reviewed', 'approved'];

/**
 * Review passes (issue #13): 1 is the only pass, or reviewer 1 (R1) when the language has a
 * second pass; 2 is reviewer 2 (R2), who makes a `reviewed` slot `approved`.
 */
export const REVIEW_PASSES = [1, 2] as const;
export type ReviewPass = (typeof REVIEW_PASSES)[number];

/** The roles a person may be assigned to one language of a document in. */
export const ASSIGNMENT_ROLES = ['translator', 'reviewer', 'reviewer2'] as const;
export type AssignmentRole = (typeof ASSIGNMENT_ROLES)[number];
export const ASSIGNMENT_ROLE_LABELS: Record<AssignmentRole, string> = { translator: 'translator', reviewer: 'reviewer', reviewer2: 'second reviewer' };

export const ROLES = ['admin', 'translator', 'reviewer'] as const;
export type Role = (typeof ROLES)[number];

/**
 * What a revision records. Closed list: values are stored, so a retired action
 * stays here (commented) rather than being reused.
 */
export const REVISION_ACTIONS = [
  'import', 'align', 'edit', 'merge', 'split', 'shift', 'confirm', 'approve', 'reject', 'revert', 'restore',
  'review-edit', 'replace',
] as const;
export type RevisionAction = (typeof REVISION_ACTIONS)[number];

export const AUDIT_ACTIONS = [
  'login', 'login_failed', 'logout', 'user_create', 'user_deactivate', 'user_reactivate', 'user_password_reset', 'user_roles',
  'document_import', 'demo_load',
  'export', 'tm_import', 'xliff_import', 'review_table_import', 'segmentation_rules',
  'translation_import', 'pretranslate', 'approve', 'reject', 'restore', 'assign', 'unassign', 'comment', 'replace',
  'second_review_on', 'second_review_off',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/**
 * Revision actions that record a person's decision about a slot. The others are the machine's
 * (`import`, `align`: placed by an import or the aligner) or replay a decision already counted
 * (`revert`: undo and redo restore an earlier state, whoever made it).
 */
export const PERSON_ACTIONS: readonly RevisionAction[] = ['edit', 'merge', 'split', 'shift', 'confirm', 'approve', 'reject', 'restore', 'review-edit'];

/**
 * Whether a person touched a slot — edited, confirmed, approved or fixed it (DESIGN.md
 * "anchor"). The one rule re-alignment, shifts and empty-slot inserts go by: a touched slot is
 * kept exactly. Its status says it for every slot with text (only the aligner leaves text
 * `aligned`); an empty slot is touched when its last revision was a person's (they emptied it,
 * or shifted its text away), not when an import or the aligner left it empty.
 * @example isHumanTouched('aligned', 'edit') // → false
 * @example isHumanTouched('empty', 'shift') // → true
 * @example isHumanTouched('empty', null) // → false: never written since the document was imported
 */
export function isHumanTouched(status: SlotStatus, lastAction: RevisionAction | null): boolean {
  if (status === 'aligned') return false;
  if (status === 'empty') return lastAction !== null && PERSON_ACTIONS.includes(lastAction);
  return true;
}

/** Human labels for revision actions in the history panel. */
export const REVISION_ACTION_LABELS: Record<RevisionAction, string> = {
  import: 'imported', align: 'aligned', edit: 'edited', merge: 'merged', split: 'split', shift: 'shifted',
  confirm: 'confirmed', approve: 'approved', reject: 'rejected', revert: 'undone/redone', restore: 'restored',
  'review-edit': "edited by the reviewer", replace: 'changed by find and replace',
};

/** What a reviewer rejected a slot for (issue #13), counted per document. */
export const ERROR_CATEGORIES = ['accuracy', 'terminology', 'omission-addition', 'grammar-spelling', 'style'] as const;
export type ErrorCategory = (typeof ERROR_CATEGORIES)[number];
export const ERROR_CATEGORY_LABELS: Record<ErrorCategory, string> = {
  accuracy: 'Accuracy (mistranslation)', terminology: 'Terminology', 'omission-addition': 'Omission or addition',
  'grammar-spelling': 'Grammar or spelling', style: 'Style',
};

/**
 * What the aligner knew of a slot it placed (src/align/beads.ts `probability`, model.ts
 * `ceiling`): the calibrated probability that the slot is exactly right, and the most confidence
 * its shape may show. The confidence shown is the probability placed by the column's flag cut
 * (services/flag-cut.ts). Absent for slots the aligner did not place and for those stored before
 * migration 018.
 */
export interface SlotCalibration {
  probability: number;
  ceiling: number;
}

/** One target language's translation at one place (DESIGN.md "slot"): a head owns the text. */
export interface HeadSlot {
  kind: 'head';
  segmentId: number;
  lang: string;
  text: string;
  status: SlotStatus;
  version: number;
  span: number;
  confidence: number | null;
  reasons: string[];
  updatedBy: number | null;
  updatedAt: string;
  /** Only meaningful while the slot is untouched (isHumanTouched). */
  calibration?: SlotCalibration;
}

/** A segment covered by the head slot above it (the head's span includes it). */
export interface ContinuationSlot {
  kind: 'continuation';
  segmentId: number;
  lang: string;
  headSegmentId: number;
}

export type Slot = HeadSlot | ContinuationSlot;

/**
 * A region is a run of consecutive segments of one document together with every slot
 * on them, cut so that no slot crosses its edges. Structural edits (merge, split,
 * shift, source split/merge) and undo/redo all work the same way: read a region,
 * compute the new region (pure code in services/alignment-ops.ts), write it back.
 */
export interface RegionSegment {
  /** null for a segment the write should create. */
  id: number | null;
  paragraph: number;
  text: string;
}

export interface RegionHead {
  /** Index into the region's segments where the slot starts. */
  start: number;
  span: number;
  text: string;
  status: SlotStatus;
  confidence: number | null;
  reasons: string[];
  /** The version last read; 0 for a head the write creates. */
  version: number;
  /** What the aligner knew of it; only meaningful while the slot is untouched (isHumanTouched). */
  calibration?: SlotCalibration;
  /**
   * Set by a transform on a head it filled mechanically rather than by a person's decision (a
   * text moved along by an inserted or deleted empty slot, a re-aligned slot): it is written
   * with the revision action `align`, so it stays untouched (isHumanTouched). Never stored.
   */
  byAligner?: boolean;
}

export interface RegionState {
  startPosition: number;
  segments: RegionSegment[];
  /** Heads per language, in order, tiling the region's segments. */
  slots: Record<string, RegionHead[]>;
}

export function isSlotStatus(value: unknown): value is SlotStatus {
  return typeof value === 'string' && (SLOT_STATUSES as readonly string[]).includes(value);
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Target languages the product knows how to segment and label. Others may be added. */
export const LANGUAGE_NAMES: Record<string, { english: string; native: string }> = {
  zh: { english: 'Chinese', native: '中文' },
  en: { english: 'English', native: 'English' },
  ru: { english: 'Russian', native: 'Русский' },
};

/** A BCP 47 tag as we accept it for a target language: `en`, `ru`, `en-GB`, `pt-BR`. */
export const LANG_TAG = /^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|\d{3}))?$/;

export function languageName(lang: string): string {
  const primary = lang.split('-')[0] ?? lang;
  return LANGUAGE_NAMES[primary]?.native ?? lang;
}

/** The language's name in English, for sentences: "The Russian translation was imported". */
export function englishLanguageName(lang: string): string {
  return LANGUAGE_NAMES[lang.split('-')[0] ?? lang]?.english ?? lang;
}

/**
 * The vocabulary of triangulation QA (issue #16), shared by its checks: check ids and
 * severities, groups, findings and the grouping-disagreement shape the grid uses. Pure.
 */
import { LANGUAGE_NAMES } from '../domain.js';
import type { QaSeverity } from './checks.js';

export const TRIANGULATION_CHECK_IDS = ['tri-numbers', 'tri-names', 'tri-sentence-type', 'tri-length', 'tri-grouping'] as const;
export type TriangulationCheckId = (typeof TRIANGULATION_CHECK_IDS)[number];

// Warnings, not errors: the pairwise checks of checks.ts already block approval for a number
// missing against the Chinese; these add the cross-language evidence and name the side likely
// wrong, and a grouping difference is two translators' choices, not a mistake in either.
const SEVERITY: Record<TriangulationCheckId, QaSeverity> = {
  'tri-numbers': 'warning',
  'tri-names': 'warning',
  'tri-sentence-type': 'warning',
  'tri-length': 'warning',
  'tri-grouping': 'warning',
};

/** One head slot of a language: it covers segments [start, start + span). */
export interface TriangulationSlot { start: number; span: number; text: string }

/** One language's side of a group: its slots (positions in the document) and their joined text. */
export interface GroupSide { lang: string; slots: TriangulationSlot[]; text: string }

/** Consecutive segments [first, last] (document positions) no slot of either language crosses. */
export interface TriangulationGroup {
  first: number;
  last: number;
  /** The Chinese of each segment of the group, in order. */
  source: string[];
  sides: [GroupSide, GroupSide];
}

/**
 * How to make the two groupings agree, for the grid's one-key action: `change` takes the
 * grouping of `adopt` with `merges` merges and `splits` splits at sentence boundaries; or, when
 * no split can be made at a sentence boundary, both languages merge the group into one slot.
 */
export type GroupingFix =
  | { kind: 'adopt'; adopt: string; change: string; merges: number; splits: number }
  | { kind: 'merge-group'; merges: Record<string, number> };

/** A grouping disagreement: which segments, how each language groups them, and the fix. */
export interface GroupingDisagreement {
  first: number;
  last: number;
  /** Per language, its slots inside the group as [first, last] document positions. */
  slots: Record<string, [number, number][]>;
  fix: GroupingFix;
}

export interface TriangulationFinding {
  check: TriangulationCheckId;
  severity: QaSeverity;
  message: string;
  /** The language likely wrong, or null when the Chinese does not tell (or nobody is wrong). */
  suspect: string | null;
  /** The group's first and last segment (document positions). */
  first: number;
  last: number;
  /** The head slots the finding is shown on: language and start position. */
  slots: { lang: string; start: number }[];
  grouping?: GroupingDisagreement;
}

/** "the English", "the Russian": how messages name a language. */
export function sideName(lang: string): string {
  return `the ${LANGUAGE_NAMES[lang.split('-')[0] ?? lang]?.english ?? lang}`;
}

export const capitalize = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** A finding with its id's severity. */
export function finding(check: TriangulationCheckId, fields: Omit<TriangulationFinding, 'check' | 'severity'>): TriangulationFinding {
  return { check, severity: SEVERITY[check], ...fields };
}

/** "segment 9", "segments 9–10": a group's place as messages show it (1-based, as in the editor). */
export function segmentsLabel(first: number, last: number): string {
  return `segment${first === last ? '' : 's'} ${segmentRange(first, last)}`;
}

/** 1-based segment numbers as messages show them: "9", "9–10". */
export function segmentRange(first: number, last: number): string {
  return first === last ? `${first + 1}` : `${first + 1}–${last + 1}`;
}


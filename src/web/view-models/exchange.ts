import { SLOT_STATUS_LABELS } from '../../domain.js';
import type { ReturnReport } from '../../services/exchange-returns.js';
import { TM_SKIP_REASONS, type TmImportReport } from '../../services/exchange.js';

export interface TmImportReportView {
  file: string;
  lines: { label: string; value: string }[];
  skipped: { label: string; count: number; examples: string }[];
  /** Each skipped unit with its line (the first LISTED_ON_PAGE; the JSON API has them all). */
  skippedUnits: { line: number; tuid: string; reason: string }[];
  skippedNotShown: number;
}

const LISTED_ON_PAGE = 1000;

export function tmImportReportView(report: TmImportReport): TmImportReportView {
  return {
    file: report.file,
    lines: [
      { label: 'Units read', value: String(report.unitsRead) },
      { label: 'Units imported', value: String(report.unitsImported) },
      { label: 'TM units added (one per target language)', value: String(report.pairsImported) },
      { label: 'Units skipped', value: String(report.skipped.reduce((n, s) => n + s.count, 0)) },
      { label: 'Inline codes dropped', value: String(report.droppedCodes) },
      { label: 'Source language', value: report.sourceLang ?? '—' },
    ],
    skipped: report.skipped.map((s) => ({ label: TM_SKIP_REASONS[s.reason], count: s.count, examples: s.examples.join(', ') })),
    skippedUnits: report.skippedUnits.slice(0, LISTED_ON_PAGE).map((u) => ({ line: u.line, tuid: u.tuid ?? '—', reason: TM_SKIP_REASONS[u.reason] })),
    skippedNotShown: Math.max(0, report.skippedUnits.length - LISTED_ON_PAGE) + report.skippedNotListed,
  };
}

export interface ReturnReportView {
  file: string;
  summary: { label: string; value: string }[];
  updated: { label: string; segments: string; before: string; after: string; status: string; note: string }[];
  conflicts: { label: string; segments: string; exported: string; theirs: string; current: string }[];
  refused: { label: string; reason: string }[];
  unchanged: { label: string; reason: string }[];
}

/** The report of a returned XLIFF or review table, as the page lists it. */
export function returnReportView(report: ReturnReport): ReturnReportView {
  return {
    file: report.file,
    summary: [
      { label: 'Format', value: report.format === 'docx' ? 'review table (.docx)' : report.format === 'xliff12' ? 'XLIFF 1.2' : 'XLIFF 2.0' },
      { label: 'Language', value: report.lang },
      { label: 'Slots updated', value: String(report.updated.length) },
      { label: 'Unchanged', value: String(report.unchanged.length) },
      { label: 'Conflicts (changed in Duizhao since the export; not overwritten)', value: String(report.conflicts.length) },
      { label: 'Refused', value: String(report.refused.length) },
      { label: 'Comments added', value: String(report.commentsAdded) },
    ],
    updated: report.updated.map((u) => ({ ...u, status: SLOT_STATUS_LABELS[u.status], note: u.note ?? '' })),
    conflicts: report.conflicts.map((c) => ({ label: c.label, segments: c.segments, exported: c.exported ?? '(unknown)', theirs: c.theirs, current: c.current })),
    refused: report.refused,
    unchanged: report.unchanged,
  };
}

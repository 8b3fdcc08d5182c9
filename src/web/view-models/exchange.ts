import { TM_SKIP_REASONS, type TmImportReport } from '../../services/exchange.js';

export interface TmImportReportView {
  file: string;
  lines: { label: string; value: string }[];
  skipped: { label: string; count: number; examples: string }[];
}

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
  };
}

/**
 * Exports as tables: CSV/TSV for spreadsheets and the .docx review table for Word. The
 * review table is a round trip (services/review-table-import.ts reads it back), so each
 * row carries an id cell naming its document, segments and the slot versions exported.
 */
import { SLOT_STATUS_LABELS } from '../domain.js';
import { reviewTableDocx, REVIEW_TABLE_ID_COLUMN } from '../formats/review-table.js';
import { writeTable } from '../formats/tsv.js';
import { partsLabel, segmentRange, type ExportGroup } from './export-groups.js';
import type { ExportResult, ExportRun } from './export-run.js';
import { ValidationError } from './errors.js';

/** A .docx review table is built in memory; above this many groups use TSV/CSV. */
export const MAX_REVIEW_TABLE_GROUPS = 20_000;

/** The status cell: the weakest status, and each slot's when the group joins several. */
function statusCell(variant: ExportGroup['variants'][number]): string {
  return variant.parts.length > 0 ? `${variant.status} (${partsLabel(variant.parts)})` : variant.status;
}

export function exportTable(run: ExportRun, format: 'csv' | 'tsv'): ExportResult {
  const { langs, codeOf, wantNotes, stats } = run;
  const header = ['document', 'segments', codeOf('zh'), ...langs.flatMap((l) => [codeOf(l), `${codeOf(l)} status`]), ...(wantNotes ? ['notes'] : [])];
  function* rows(): Generator<string[]> {
    for (const group of run.groups()) {
      stats.units += 1;
      yield [
        group.document.title, segmentRange(group.segments), group.sourceText,
        ...langs.flatMap((lang) => {
          const v = group.variants.find((x) => x.lang === lang);
          // A status is only written beside a text: "approved" next to an empty cell would
          // say something about a translation the file does not hold.
          return v?.included ? [v.text, statusCell(v)] : ['', ''];
        }),
        ...(wantNotes ? [run.notesOf(group).join('\n')] : []),
      ];
    }
  }
  return {
    filename: run.baseName(format), stats, warnings: run.warnings,
    contentType: format === 'csv' ? 'text/csv; charset=utf-8' : 'text/tab-separated-values; charset=utf-8',
    body: run.body(function* () {
      for (const chunk of writeTable(header, rows(), format, stats)) {
        stats.bytes += Buffer.byteLength(chunk);
        yield chunk;
      }
    }),
  };
}

/**
 * The id cell of a review-table row: `doc12 seg345-346 en:345.3x2 ru:345.2,346.5` — the
 * document, the first and last segment id, and per language each slot as
 * `headSegmentId.version` (`x2`: spanning two segments), `~` first when its text was not
 * exported (its cell is blank). services/review-table-import.ts reads it back.
 */
export function reviewRowId(group: ExportGroup): string {
  const first = group.segments[0]!.id;
  const last = group.segments[group.segments.length - 1]!.id;
  const langs = group.variants.map((v) => `${v.lang}:${v.included ? '' : '~'}${v.heads.map((h) => `${h.segmentId}.${h.version}${h.span > 1 ? `x${h.span}` : ''}`).join(',') || '-'}`);
  return [`doc${group.document.id}`, `seg${first === last ? first : `${first}-${last}`}`, ...langs].join(' ');
}

export function exportReviewTable(run: ExportRun, version: string, now: () => Date): ExportResult {
  const { langs, codeOf, wantNotes, stats, documents } = run;
  const columns = [
    { title: REVIEW_TABLE_ID_COLUMN, kind: 'id' as const },
    { title: 'segments' },
    { title: codeOf('zh'), lang: codeOf('zh') },
    ...langs.flatMap((l) => [
      { title: codeOf(l), lang: codeOf(l) },
      { title: `${codeOf(l)} status` },
      { title: `${codeOf(l)} comment`, lang: codeOf(l) },
    ]),
    ...(wantNotes ? [{ title: 'notes' }] : []),
  ];
  return {
    filename: run.baseName('docx'), stats, warnings: run.warnings,
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    body: run.body(async function* () {
      const rows: string[][] = [];
      for (const group of run.groups()) {
        rows.push([
          reviewRowId(group), segmentRange(group.segments), group.sourceText,
          ...langs.flatMap((lang) => {
            const v = group.variants.find((x) => x.lang === lang);
            return v?.included ? [v.text, statusCell(v), ''] : ['', '', ''];
          }),
          ...(wantNotes ? [run.notesOf(group).join('\n')] : []),
        ]);
        if (rows.length > MAX_REVIEW_TABLE_GROUPS) {
          throw new ValidationError(`A review table holds at most ${MAX_REVIEW_TABLE_GROUPS} rows; export TSV or CSV instead.`);
        }
      }
      stats.units = rows.length;
      const title = documents.length === 1 ? documents[0]!.title : `${documents.length} documents`;
      const shown = [...run.filter.statuses].map((s) => SLOT_STATUS_LABELS[s].toLowerCase()).join(', ')
        + (run.filter.alignedAbove !== null ? `, aligned with confidence ≥ ${run.filter.alignedAbove}` : '');
      const bytes = await reviewTableDocx({
        title,
        subtitle: `Exported from Duizhao ${version} on ${now().toISOString().slice(0, 16).replace('T', ' ')} UTC; translations shown: ${shown}. `
          + 'Edit translations in place (tracked changes are accepted on import) and write remarks in the comment columns or as Word comments; '
          + `keep the ${REVIEW_TABLE_ID_COLUMN} column as it is, then import the file back on the document's page.`,
        columns,
        rows,
      }, stats);
      stats.bytes = bytes.byteLength;
      yield bytes;
    }),
  };
}

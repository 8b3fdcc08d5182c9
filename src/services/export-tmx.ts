/**
 * The TMX export (issue #6; fast path issue #15): the groups of an export run as TMX 1.4b
 * units, streamed as UTF-8 chunks: through the bytes path (export-tmx-bytes.ts), or with
 * notes through the string writer (export-tmx-units.ts, formats/tmx-writer.ts).
 */
import { TMX_CHUNK_BYTES, writeTmx, type TmxHeaderInput } from '../formats/tmx-writer.js';
import type { ExportResult, ExportRun } from './export-run.js';
import { writeTmxBytes } from './export-tmx-bytes.js';
import { tmxUnits } from './export-tmx-units.js';
import { workerTmxBody, type TmxWorkerOptions } from './export-tmx-workers.js';

/** Where a worker reads the run from, and how workers share it (export-tmx-workers.ts); undefined: in this thread. */
export interface TmxWorkerPlan { path: string; options: TmxWorkerOptions }

/** The `<header>` of the run's TMX file. */
export function tmxHeaderOf(run: ExportRun, version: string, now: () => Date): TmxHeaderInput {
  const { documents } = run;
  return {
    creationtoolversion: version, srclang: run.codeOf('zh'), creationdate: now().toISOString(),
    ...(documents.length === 1 && { props: [{ type: 'x-document', value: documents[0]!.title }] }),
  };
}

/** The run as one TMX file: its units written in this thread, or by workers with `workers`. */
export function exportTmx(run: ExportRun, version: string, now: () => Date, workers?: TmxWorkerPlan): ExportResult {
  const { stats } = run;
  const header = () => tmxHeaderOf(run, version, now);
  return {
    filename: run.baseName('tmx'), contentType: 'application/x-tmx+xml; charset=utf-8', stats, warnings: run.warnings,
    body: run.body(workers
      ? () => workerTmxBody(run, workers.path, header(), workers.options)
      : function* () {
        if (run.wantNotes) yield* writeTmx(header(), tmxUnits(run), stats);
        else yield* writeTmxBytes(header(), run, stats, TMX_CHUNK_BYTES);
      }),
  };
}

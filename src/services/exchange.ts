/**
 * Exchange: exporting documents as TMX, TSV/CSV or a review table, importing TMX into the
 * translation memory, and creating a document from a TMX file (issue #6).
 */
import { readTmx, type TmxReadHeader, type TmxReadUnit } from '../formats/tmx-reader.js';
import type { Store } from '../store/index.js';
import type { NewTmUnit } from '../store/tm.js';
import type { User } from '../store/users.js';
import { authorizeInWorkspace } from './access.js';
import { prepareExport, type CommentSource, type ExportOptions, type ExportResult } from './export-run.js';
import { exportReviewTable, exportTable } from './export-tables.js';
import { exportTmx } from './export-tmx.js';
import { TMX_WORKER_DEFAULTS, tmxProducersFor, type TmxWorkerOptions } from './export-tmx-workers.js';
import { hasDatabaseFile } from '../store/snapshot.js';
import { exportXliff } from './exchange-xliff.js';
import { createTmxDocumentActions } from './tmx-document.js';
import { asTmxError, chunksOf, pickSource, type TmSkipReason, type TmxFileInput } from './tmx-units.js';

export {
  DEFAULT_EXPORT_STATUSES, DEFAULT_LANG_CODES, EXPORT_FORMATS, NON_EMPTY_STATUSES,
  type CommentSource, type ExportFormat, type ExportOptions, type ExportResult, type ExportStats,
} from './export-run.js';
export { MAX_REVIEW_TABLE_GROUPS } from './export-tables.js';
export type { ExportGroup } from './export-groups.js';
export type { TmxDocumentInput, TmxDocumentResult } from './tmx-document.js';
export { documentLang, normalizeLangCode, TM_SKIP_REASONS, type TmSkipReason, type TmxFileInput } from './tmx-units.js';

/** A TMX unit side longer than this is "long" in the import report (tools such as Trados cap segments near here). */
export const LONG_UNIT_CHARS = 2_000;
/** TM units handed to the store at once by a TMX import (one batch of rows and index tokens in memory). */
const IMPORT_BATCH = 5_000;

export interface TmImportSkip { reason: TmSkipReason; count: number; examples: string[] }

export interface TmImportReport {
  file: string;
  /** `<tu>` elements read. */
  unitsRead: number;
  /** `<tu>`s that added at least one TM unit. */
  unitsImported: number;
  /** TM units (source/target pairs) added. */
  pairsImported: number;
  /** Units read with a side over LONG_UNIT_CHARS characters (imported like any other, counted to show they were not dropped). */
  longUnits: number;
  skipped: TmImportSkip[];
  /** Every skipped unit (up to MAX_LISTED_SKIPS) with its line in the file and why. */
  skippedUnits: { line: number; tuid: string | null; reason: TmSkipReason }[];
  /** Skipped units beyond MAX_LISTED_SKIPS, counted but not listed. */
  skippedNotListed: number;
  droppedCodes: number;
  sourceLang: string | null;
}

export interface TmImportInput { file: TmxFileInput | { name: string; chunks: Iterable<Uint8Array> }; user: User | null }

/** A report lists this many skipped units one by one; a larger file's rest is counted. */
export const MAX_LISTED_SKIPS = 100_000;


export interface ExchangeServiceOptions {
  store: Store;
  now: () => Date;
  /** The app's version, written as creationtoolversion. */
  version: string;
  comments?: CommentSource;
  /** How TMX exports use worker threads (export-tmx-workers.ts TMX_WORKER_DEFAULTS unless given). */
  tmxWorkers?: Partial<TmxWorkerOptions>;
}

export function createExchangeService({ store, now, version, comments, tmxWorkers }: ExchangeServiceOptions) {
  const workerOptions: TmxWorkerOptions = { ...TMX_WORKER_DEFAULTS, ...tmxWorkers };
  /**
   * One TMX import into the TM: `steps` reads the file and writes its pairs `batch` at a
   * time (yielding the share of the file read after each), `finish` writes the audit entry.
   */
  function startTmImport(input: TmImportInput, importId: number | null, batchSize: number) {
    if (input.user) authorizeInWorkspace(input.user, 'import-tmx');
    const chunks = 'bytes' in input.file ? chunksOf(input.file.bytes) : input.file.chunks;
    const totalBytes = 'bytes' in input.file ? input.file.bytes.byteLength : null;
    const at = now().toISOString();
    const report: TmImportReport = {
      file: input.file.name, unitsRead: 0, unitsImported: 0, pairsImported: 0, longUnits: 0, skipped: [], skippedUnits: [], skippedNotListed: 0, droppedCodes: 0, sourceLang: null,
    };
    const skip = (reason: TmSkipReason, unit: TmxReadUnit) => {
      let entry = report.skipped.find((s) => s.reason === reason);
      if (!entry) report.skipped.push(entry = { reason, count: 0, examples: [] });
      entry.count += 1;
      if (entry.examples.length < 5) entry.examples.push(unit.tuid ?? `#${unit.index}`);
      if (report.skippedUnits.length < MAX_LISTED_SKIPS) report.skippedUnits.push({ line: unit.line, tuid: unit.tuid ?? null, reason });
      else report.skippedNotListed += 1;
    };
    // perf (issue #15): pairs go to the store in batches, so memory holds one batch at a time.
    type Pending = { unit: TmxReadUnit; pairs: number };
    let batch: NewTmUnit[] = [];
    let owners: Pending[] = [];
    let bytesRead = 0;
    const counted = function* () {
      for (const chunk of chunks) {
        bytesRead += chunk.byteLength;
        yield chunk;
      }
    };
    const flush = () => {
      const added = store.tm.insertTmUnits(batch, importId);
      let offset = 0;
      for (const owner of owners) {
        // Counted in place: a slice and a filter a unit were garbage for every <tu>.
        let n = 0;
        for (const end = offset + owner.pairs; offset < end; offset++) if (added[offset]) n += 1;
        if (n === 0) skip('duplicate', owner.unit);
        else {
          report.unitsImported += 1;
          report.pairsImported += n;
        }
      }
      batch = [];
      owners = [];
    };
    const share = () => (totalBytes ? (bytesRead / totalBytes) * 100 : 0);
    function* steps(): Generator<number> {
      let header: TmxReadHeader = {};
      for (const event of readTmx(counted())) {
        if (event.kind === 'header') {
          header = event.header;
          continue;
        }
        const unit = event.unit;
        report.unitsRead += 1;
        report.droppedCodes += unit.droppedCodes;
        const pick = pickSource(unit, header);
        if (pick.kind === 'skip') {
          skip(pick.reason, unit);
          continue;
        }
        report.sourceLang ??= pick.source.lang;
        if ([pick.source, ...pick.targets].some((v) => v.text.length > LONG_UNIT_CHARS)) report.longUnits += 1;
        for (const target of pick.targets) {
          batch.push({
            sourceLang: pick.source.lang, sourceText: pick.source.text, targetLang: target.lang, targetText: target.text,
            origin: 'tmx', originName: input.file.name, tuid: unit.tuid ?? null, documentId: null,
            author: target.changeid ?? unit.changeid ?? unit.creationid ?? null,
            changedAt: target.changedate ?? unit.changedate ?? null, createdBy: input.user?.id ?? null, createdAt: at,
          });
        }
        owners.push({ unit, pairs: pick.targets.length });
        if (batch.length >= batchSize) {
          flush();
          yield share();
        }
      }
      flush();
    }
    return {
      report,
      steps: steps(),
      /** The audit entry; in-thread, the index compaction too (tm-import.ts compacts in parts). */
      finish(options: { optimize?: boolean } = {}) {
        // A bulk import leaves the token indexes in many segments, which every look-up
        // then seeks; merging them costs time in proportion to the whole TM, so only an
        // import that grew the TM by a tenth (and 10,000 pairs) pays for it.
        if ((options.optimize ?? true) && report.pairsImported >= Math.max(10_000, store.tm.countTmUnits() / 10)) store.tm.optimizeTmIndex();
        store.users.insertAuditEntry({
          userId: input.user?.id ?? null, action: 'tm_import',
          details: { file: input.file.name, unitsRead: report.unitsRead, pairsImported: report.pairsImported }, now: at,
        });
      },
    };
  }

  return {
    /**
     * Exports documents. Options are checked before anything is produced, so a bad request
     * fails with a clear error; the body then reads one snapshot in batches while it is
     * consumed, and the export is audited when it has finished.
     */
    exportDocuments(options: ExportOptions): ExportResult {
      const run = prepareExport({ store, now, comments }, options);
      switch (options.format) {
        case 'tsv':
        case 'csv':
          return exportTable(run, options.format);
        case 'docx':
          return exportReviewTable(run, version, now);
        case 'xliff12':
        case 'xliff20':
          return exportXliff(run, options.format, version);
        case 'tmx': {
          const workers = tmxProducersFor(run, hasDatabaseFile(store.db), (id) => store.segments.countSegments(id), workerOptions);
          return exportTmx(run, version, now, workers > 0 ? { path: store.db.name, options: { ...workerOptions, producers: workers } } : undefined);
        }
      }
    },

    /**
     * Imports a TMX file into the translation memory: every target language of a `<tu>`
     * becomes one TM unit paired with the source text. The whole file is read inside one
     * transaction, so a file refused anywhere (malformed, wrong root, DOCTYPE with
     * entities) leaves the TM exactly as it was. For a small file (tm-import.ts takes
     * the large ones).
     */
    importTmx(input: TmImportInput): TmImportReport {
      const run = startTmImport(input, null, IMPORT_BATCH);
      try {
        store.transaction(() => {
          // One transaction, so the setting never outlives the import, even when it fails.
          store.tm.setBulkIndexing(true);
          for (const _ of run.steps) { /* one batch written */ }
          run.finish();
          store.tm.setBulkIndexing(false);
        });
      } catch (error) {
        asTmxError(error);
      }
      return run.report;
    },

    /**
     * The same import in parts, for tm-import.ts: each step reads the file on to its next
     * `batch` pairs and writes them under `importId` (hidden until the caller finishes it);
     * the caller runs each step in its own transaction, then `finish` in the last one.
     * A refused file throws from a step, as the ValidationError importTmx gives.
     */
    startTmImport(input: TmImportInput, importId: number | null, batch: number) {
      const run = startTmImport(input, importId, batch);
      return {
        report: run.report,
        *steps(): Generator<number> {
          try {
            yield* run.steps;
          } catch (error) {
            asTmxError(error);
          }
        },
        finish: run.finish,
      };
    },

    // Documents made from TMX files (tmx-document.ts).
    ...createTmxDocumentActions({ store, now }),

    countTmUnits(): number {
      return store.tm.countTmUnits();
    },
  };
}


export type ExchangeService = ReturnType<typeof createExchangeService>;

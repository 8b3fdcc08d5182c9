/**
 * A large TMX import into the translation memory (issue #12: a 20 MB file was parsed and
 * written in one transaction on the request thread, and /healthz waited ~15 s for it). The
 * streaming reader is pulled a batch of pairs at a time, each batch parsed and written in
 * its own short transaction with the event loop free between them. The units carry the
 * import's id (tm_imports) and are hidden from look-ups, concordance and counts until the
 * last transaction deletes its row; a refused file, a cancel or a crash deletes them again.
 *
 * The look-up indexes' automatic merging is off from the first transaction (beginTmImport)
 * until the import has ended, whichever way, and merged what it skipped in short steps: as
 * exchange.ts importTmx does in one transaction, each segment a part writes is then merged
 * once at the end instead of again and again as FTS5's levels fill. A server stopped
 * meanwhile leaves it off; discardUnfinishedTmImports switches it back at start-up.
 */
import type { Store } from '../store/index.js';
import { recheckImporter } from './document-import.js';
import type { ExchangeService, TmImportInput, TmImportReport } from './exchange.js';
import type { JobControl } from './jobs.js';

/**
 * Pairs parsed and written per step (the reader's read-ahead, so memory holds one batch).
 * A 5,000-pair batch (the in-thread import's) took about 0.5 s of the event loop on this
 * loaded machine (2 cores, load ~6); 1,000 take ~0.06 s of CPU.
 */
export const TM_IMPORT_PART_PAIRS = 1000;
/**
 * A part (one committed transaction) runs steps until this much time has passed, then
 * lets others in. Each commit rewrites the leaf pages its rows touched in the hash-keyed
 * indexes (pair_key, source_key), scattered over the whole index, and ends an FTS5
 * segment per look-up index: at one 1,000-pair step a part, those commits were ~2.5 s of
 * the job's ~13.7 s CPU for 100k units (bench/tmx.ts, same run, load ~2.7). Another
 * request waits at most about this long plus one step.
 */
export const TM_IMPORT_PART_MS = 200;
/** Units deleted per transaction when a large import is undone (each also leaves two indexes). */
const DELETE_PART_UNITS = 2000;
/** Index pages merged per transaction while compacting after a large import (FTS5 'merge'). */
const MERGE_PART_PAGES = 200;

type Deps = {
  store: Store;
  exchange: Pick<ExchangeService, 'startTmImport'>;
  /** A part's time budget (TM_IMPORT_PART_MS); 0 makes every step its own part. */
  partMs?: number;
  /** Milliseconds, for the budget (performance.now). */
  clock?: () => number;
};

const nextTurn = () => new Promise<void>((resolve) => { setImmediate(resolve); });

export async function importTmxInParts(deps: Deps, input: TmImportInput, control?: JobControl): Promise<TmImportReport> {
  const { store } = deps;
  const partMs = deps.partMs ?? TM_IMPORT_PART_MS;
  const clock = deps.clock ?? (() => performance.now());
  control?.phase('importing', 0);
  const importId = store.transaction(() => store.tm.beginTmImport(new Date().toISOString()));
  let grew = false;
  try {
    const run = deps.exchange.startTmImport(input, importId, TM_IMPORT_PART_PAIRS);
    const steps = run.steps();
    let first = true;
    for (;;) {
      control?.throwIfCancelled?.();
      // The first part is one step, so the job's first answer (its 202) waits for no more.
      const budget = first ? 0 : partMs;
      first = false;
      const started = clock();
      const step = store.transaction(() => {
        let next = steps.next();
        let percent = next.done ? 0 : next.value;
        while (!next.done && clock() - started < budget) {
          control?.throwIfCancelled?.();
          next = steps.next();
          if (!next.done) percent = next.value;
        }
        return { done: next.done === true, value: percent };
      });
      if (step.done) break;
      control?.phase('importing', step.value);
      await nextTurn();
    }
    control?.throwIfCancelled?.();
    grew = run.report.pairsImported >= Math.max(10_000, store.tm.countTmUnits() / 10);
    store.transaction(() => {
      recheckImporter(store, input.user, 'import-tmx');
      run.finish({ optimize: false });
      store.tm.finishTmImport(importId);
    });
    control?.phase('indexing', null);
    return run.report;
  } catch (error) {
    grew = false;
    if (store.tm.listUnfinishedTmImports().includes(importId)) await discardTmImport(store, importId);
    throw error;
  } finally {
    // A large import: the same compaction importTmx makes in-thread (see its finish);
    // otherwise the merging it deferred. In short steps, with automatic merging still off
    // so that no other writer meanwhile merges a whole level in its own transaction.
    await mergeDeferred(store, grew);
  }
}

/** Merges in parts what imports skipped (`across` all levels, like 'optimize'), then automatic merging back on. */
async function mergeDeferred(store: Store, across: boolean): Promise<void> {
  try {
    while (store.transaction(() => store.tm.mergeTmIndexStep(MERGE_PART_PAGES, across))) await nextTurn();
  } finally {
    store.transaction(() => store.tm.resumeTmIndexMerging());
  }
}

/** Deletes an unfinished import's units in parts, so undoing a large import stalls nobody. */
async function discardTmImport(store: Store, importId: number): Promise<void> {
  while (store.transaction(() => store.tm.deleteSomeTmImportUnits(importId, DELETE_PART_UNITS)) > 0) await nextTurn();
  store.transaction(() => store.tm.finishTmImport(importId));
}

/**
 * Deletes the units of imports a stopped server left unfinished (call at start-up), then
 * merges what they or a finished one skipped and switches automatic merging back on (a
 * server stopped before its import had done so leaves it off); returns how many imports.
 */
export function discardUnfinishedTmImports(store: Store): number {
  const ids = store.tm.listUnfinishedTmImports();
  for (const id of ids) {
    store.transaction(() => {
      while (store.tm.deleteSomeTmImportUnits(id, DELETE_PART_UNITS) > 0) { /* all of them, before serving */ }
      store.tm.finishTmImport(id);
    });
  }
  store.transaction(() => store.tm.setBulkIndexing(false));
  return ids.length;
}

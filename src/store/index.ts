import type { Db } from './db.js';
import { createDocumentStore } from './documents.js';
import { createFigureStore } from './figures.js';
import { createOperationStore } from './operations.js';
import { createRegionStore } from './regions.js';
import { createReviewListStore } from './review-list.js';
import { createReviewStore } from './review.js';
import { createRevisionStore } from './revisions.js';
import { createSegmentStore } from './segments.js';
import { createSegmentationStore } from './segmentation.js';
import { createSlotStore } from './slots.js';
import { createTermStore } from './terms.js';
import { createTmStore } from './tm.js';
import { createUserStore } from './users.js';

/** Every store module over one connection, plus the transaction helper services use. */
export function createStore(db: Db) {
  let depth = 0;
  const afterCommit: (() => void)[] = [];
  const dataVersion = db.prepare('PRAGMA data_version').pluck();
  // One wrapper for every transaction: db.transaction(fn) builds four wrapped functions and
  // defines their properties on each call, about 2 % of a save's server time under the load
  // bench (issue #15). Called inside a transaction it opens a savepoint, as db.transaction does.
  const inTransaction = db.transaction((fn: () => unknown) => fn());
  return {
    db,
    documents: createDocumentStore(db),
    segments: createSegmentStore(db),
    slots: createSlotStore(db),
    figures: createFigureStore(db),
    revisions: createRevisionStore(db),
    users: createUserStore(db),
    regions: createRegionStore(db),
    operations: createOperationStore(db),
    review: createReviewStore(db),
    reviewList: createReviewListStore(db),
    tm: createTmStore(db),
    terms: createTermStore(db),
    segmentation: createSegmentationStore(db),
    /**
     * Runs `fn` in one transaction. `.immediate()` takes the write lock at BEGIN so two
     * writers never deadlock upgrading a read lock; nested calls become savepoints.
     * `fn` must not be async: better-sqlite3 commits when it returns.
     */
    transaction<T>(fn: () => T): T {
      if (depth > 0) {
        const mark = afterCommit.length;
        depth += 1;
        try {
          return inTransaction(fn) as T;
        } catch (error) {
          // The savepoint rolled back: so do the notifications it queued.
          afterCommit.length = mark;
          throw error;
        } finally {
          depth -= 1;
        }
      }
      depth = 1;
      try {
        const result = inTransaction.immediate(fn) as T;
        const callbacks = afterCommit.splice(0);
        depth = 0;
        for (const callback of callbacks) callback();
        return result;
      } catch (error) {
        afterCommit.length = 0;
        throw error;
      } finally {
        depth = 0;
      }
    },
    /**
     * Runs `fn`, which only reads, on one snapshot: its statements share one read transaction
     * (BEGIN DEFERRED) instead of each taking and releasing the database's read lock, which
     * cost a third of four small reads (16 vs 11 µs in process, issue #15), and they all see the
     * same state. Inside a transaction it runs there (as a savepoint). `fn` must not be async.
     */
    read<T>(fn: () => T): T {
      return (depth > 0 ? inTransaction(fn) : inTransaction.deferred(fn)) as T;
    },
    /** SQLite's `data_version`: it changes when another connection commits, never for this one's own commits. */
    dataVersion(): number {
      return dataVersion.get() as number;
    },
    /** Runs `callback` once the current outermost transaction commits (at once outside one). */
    afterCommit(callback: () => void): void {
      if (depth === 0) callback();
      else afterCommit.push(callback);
    },
  };
}

export type Store = ReturnType<typeof createStore>;

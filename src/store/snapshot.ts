import Database from 'better-sqlite3';
import type { Db } from './db.js';
import { createDocumentStore } from './documents.js';
import { createExportStore } from './exports.js';
import { createReviewStore } from './review.js';
import { createUserStore } from './users.js';

/** The reads an export needs, all from one consistent state of the database. */
export interface ReadSnapshot {
  documents: ReturnType<typeof createDocumentStore>;
  exports: ReturnType<typeof createExportStore>;
  users: ReturnType<typeof createUserStore>;
  review: ReturnType<typeof createReviewStore>;
  /** Ends the read transaction and closes its connection; safe to call twice. */
  close(): void;
}

/**
 * Opens a read snapshot of the database `db` is connected to: a second, read-only
 * connection inside one read transaction. In WAL mode that reader sees the database as
 * it was at its first read for as long as the transaction lasts, while the server's own
 * connection goes on committing — so a long download is one consistent picture, and never
 * holds the shared connection (a transaction there would swallow other requests' writes).
 * An in-memory database has no file a second connection could open: the snapshot then
 * reads through `db` itself, without isolation (only throwaway tools use one).
 */
export function openReadSnapshot(db: Db): ReadSnapshot {
  if (!hasDatabaseFile(db)) {
    return { documents: createDocumentStore(db), exports: createExportStore(db), users: createUserStore(db), review: createReviewStore(db), close: () => undefined };
  }
  return openReadSnapshotAt(db.name);
}

/** Whether `db` has a file another connection (or thread) can open: an in-memory one has not. */
export function hasDatabaseFile(db: Db): boolean {
  return !(db.memory || db.name === '' || db.name === ':memory:');
}

/**
 * A read snapshot of the database file at `path`, as openReadSnapshot opens one: what a
 * worker thread, which cannot share the server's connection, reads an export through.
 */
export function openReadSnapshotAt(path: string): ReadSnapshot {
  const reader = new Database(path, { readonly: true, fileMustExist: true });
  try {
    reader.pragma('busy_timeout = 5000');
    reader.exec('BEGIN');
    // A deferred transaction takes its snapshot at the first read, not at BEGIN.
    reader.prepare('SELECT COUNT(*) FROM schema_migrations').get();
  } catch (error) {
    reader.close();
    throw error;
  }
  let open = true;
  return {
    documents: createDocumentStore(reader),
    exports: createExportStore(reader),
    users: createUserStore(reader),
    review: createReviewStore(reader),
    close() {
      if (!open) return;
      open = false;
      if (reader.inTransaction) reader.exec('COMMIT');
      reader.close();
    },
  };
}

/**
 * Tells whether anything was committed to the database file at `path` since it was
 * opened: snapshots taken by other connections (worker threads) between its opening and
 * a `changed()` that answers false all show the same state. `PRAGMA data_version` changes
 * on a connection when another connection, of this process or any other, commits.
 */
export function openCommitWatch(path: string): { changed(): boolean; close(): void } {
  const watch = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const version = watch.prepare('PRAGMA data_version').pluck();
    const first = version.get();
    return {
      changed: () => version.get() !== first,
      close: () => watch.close(),
    };
  } catch (error) {
    watch.close();
    throw error;
  }
}

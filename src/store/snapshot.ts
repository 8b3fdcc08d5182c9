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
  if (db.memory || db.name === '' || db.name === ':memory:') {
    return { documents: createDocumentStore(db), exports: createExportStore(db), users: createUserStore(db), review: createReviewStore(db), close: () => undefined };
  }
  const reader = new Database(db.name, { readonly: true, fileMustExist: true });
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

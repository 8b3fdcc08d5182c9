import Database from 'better-sqlite3';
import { readMigrations } from './migrate.js';

/** What `PRAGMA integrity_check` and `schema_migrations` say about one database file. */
export interface DatabaseFileCheck {
  /** `['ok']` when the file is sound; otherwise SQLite's list of problems. */
  integrity: string[];
  /** Highest migration recorded, or null when the file is not a Duizhao database. */
  schemaVersion: number | null;
  /** Versions recorded that this code has no migration for. */
  unknownVersions: number[];
  pages: number;
  pageSize: number;
}

/**
 * Copies the live database at `sourcePath` into `targetPath` with SQLite's online backup API,
 * through a second connection, while a server may keep writing through its own.
 */
export async function backupDatabaseFile(sourcePath: string, targetPath: string): Promise<{ totalPages: number }> {
  const source = new Database(sourcePath, { fileMustExist: true, readonly: true });
  try {
    source.pragma('busy_timeout = 5000');
    // Copy every page in one step: a write by another connection between steps restarts
    // the backup, so under steady writes the default 100-page steps might never finish.
    // One step reads one WAL snapshot; in WAL mode readers never block the server's writers.
    const result = await source.backup(targetPath, { progress: () => 0x7fffffff });
    return { totalPages: result.totalPages };
  } finally {
    source.close();
  }
}

/**
 * Writes the pages of `sourcePath` over the database at `targetPath` through SQLite
 * (backup API in reverse), so a stale `-wal` beside the target is recovered and then
 * overwritten instead of being replayed over the restored file, as a plain copy would.
 */
export async function restoreDatabaseFile(sourcePath: string, targetPath: string): Promise<{ totalPages: number }> {
  const source = new Database(sourcePath, { fileMustExist: true, readonly: true });
  try {
    const result = await source.backup(targetPath, { progress: () => 0x7fffffff });
    return { totalPages: result.totalPages };
  } finally {
    source.close();
  }
}

/** Reads a database file without changing it: integrity, schema version, size. */
export function checkDatabaseFile(path: string, migrationsDir?: string): DatabaseFileCheck {
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { fileMustExist: true, readonly: true });
    const integrity = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
    const hasTable = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get() !== undefined;
    const versions = hasTable ? (db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as { version: number }[]).map((r) => r.version) : [];
    const known = new Set(readMigrations(migrationsDir).map((m) => m.version));
    return {
      integrity,
      schemaVersion: versions.length > 0 ? Math.max(...versions) : null,
      unknownVersions: versions.filter((v) => !known.has(v)),
      pages: db.pragma('page_count', { simple: true }) as number,
      pageSize: db.pragma('page_size', { simple: true }) as number,
    };
  } catch (error) {
    // A file that is not a database, or one too damaged to read, is reported like any other
    // integrity failure (SQLITE_NOTADB, SQLITE_CORRUPT) so the caller refuses it clearly.
    if (!(error instanceof Database.SqliteError)) throw error;
    return { integrity: [`${error.code}: ${error.message}`], schemaVersion: null, unknownVersions: [], pages: 0, pageSize: 0 };
  } finally {
    db?.close();
  }
}

/**
 * True when another connection (a running server) has the database open. A WAL-mode
 * connection holds a shared lock for its whole life, so an exclusive lock with no
 * waiting fails exactly when someone else is connected.
 */
export function databaseInUse(path: string): boolean {
  const db = new Database(path, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 0');
    db.pragma('locking_mode = EXCLUSIVE');
    try {
      db.exec('BEGIN EXCLUSIVE; COMMIT;');
      return false;
    } catch (error) {
      if (error instanceof Database.SqliteError && (error.code === 'SQLITE_BUSY' || error.code === 'SQLITE_LOCKED')) return true;
      throw error;
    }
  } finally {
    db.close();
  }
}

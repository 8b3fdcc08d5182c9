import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { applyMigrations, type MigrationReport } from './migrate.js';

export type Db = Database.Database;

/** The default database file, relative to the working directory (DESIGN.md "Configuration"). */
export const DEFAULT_DB_PATH = 'db/duizhao.sqlite';

/**
 * Opens (creating if needed) the database at `path` with the settings every
 * connection needs, then applies pending migrations.
 * `openDatabase(':memory:')` is allowed for throwaway use.
 */
export function openDatabase(path: string, options: { migrationsDir?: string } = {}): { db: Db; migrations: MigrationReport } {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  try {
    // WAL lets readers go on while one writer commits; busy_timeout makes a second
    // writer wait instead of failing at once with SQLITE_BUSY.
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    db.pragma('synchronous = NORMAL');
    const migrations = applyMigrations(db, options.migrationsDir);
    return { db, migrations };
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Reports whether the database answers a trivial query (for /healthz). */
export function databaseStatus(db: Db): { ok: boolean; schemaVersion: number | null } {
  try {
    const row = db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null };
    return { ok: true, schemaVersion: row.v };
  } catch {
    return { ok: false, schemaVersion: null };
  }
}

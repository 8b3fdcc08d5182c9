import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { applyMigrations, type MigrationReport } from './migrate.js';

export type Db = Database.Database;

/** The default database file, relative to the working directory (DESIGN.md "Configuration"). */
export const DEFAULT_DB_PATH = 'db/duizhao.sqlite';

/**
 * How hard SQLite works to get each commit onto the disk (DUIZHAO_SYNC). In WAL mode:
 * - `normal` (the default) syncs at checkpoints only. The database stays consistent
 *   whatever happens, but after a power cut or OS crash the last commits before it may be
 *   gone (a crash of the server process alone loses nothing). Fast.
 * - `full` syncs the WAL at every commit, so every save the server acknowledged survives
 *   a power cut too. Each write waits for the disk.
 */
export const SYNC_MODES = ['normal', 'full'] as const;
export type SyncMode = (typeof SYNC_MODES)[number];

export function isSyncMode(value: unknown): value is SyncMode {
  return typeof value === 'string' && (SYNC_MODES as readonly string[]).includes(value);
}

/** PRAGMA synchronous answers with a number. */
const SYNC_LEVELS: Record<number, SyncMode | 'off' | 'extra'> = { 0: 'off', 1: 'normal', 2: 'full', 3: 'extra' };

/**
 * Opens (creating if needed) the database at `path` with the settings every
 * connection needs, then applies pending migrations.
 * `openDatabase(':memory:')` is allowed for throwaway use.
 */
export function openDatabase(path: string, options: { migrationsDir?: string; sync?: SyncMode } = {}): { db: Db; migrations: MigrationReport } {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  try {
    // WAL lets readers go on while one writer commits; busy_timeout makes a second
    // writer wait instead of failing at once with SQLITE_BUSY.
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    db.pragma(`synchronous = ${(options.sync ?? 'normal').toUpperCase()}`);
    const migrations = applyMigrations(db, options.migrationsDir);
    return { db, migrations };
  } catch (error) {
    db.close();
    throw error;
  }
}

/** The durability setting this connection runs with (PRAGMA synchronous). */
export function syncModeOf(db: Db): SyncMode | 'off' | 'extra' {
  return SYNC_LEVELS[db.pragma('synchronous', { simple: true }) as number] ?? 'off';
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

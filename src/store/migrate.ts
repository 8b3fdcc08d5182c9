import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type Database from 'better-sqlite3';

export const DEFAULT_MIGRATIONS_DIR = fileURLToPath(new URL('../../db/migrations/', import.meta.url));

export interface Migration { version: number; name: string; file: string; sql: string; checksum: string }
export interface MigrationReport { applied: Migration[]; current: number }

/** The database and the migration files disagree; the server must not start on it. */
export class MigrationError extends Error {
  override readonly name = 'MigrationError';
}

const FILE_NAME = /^(\d{3})_([a-z0-9_]+)\.sql$/;

/** SHA-256 of a migration's text, line endings normalised (a checkout with CRLF is the same file). */
export function migrationChecksum(sql: string): string {
  return createHash('sha256').update(sql.replace(/\r\n?/g, '\n')).digest('hex');
}

/** Reads `NNN_name.sql` files in version order; refuses gaps and duplicates. */
export function readMigrations(dir: string = DEFAULT_MIGRATIONS_DIR): Migration[] {
  const migrations = readdirSync(dir)
    .filter((file) => file.endsWith('.sql'))
    .map((file) => {
      const match = FILE_NAME.exec(file);
      if (!match) throw new MigrationError(`Migration file name "${file}" does not match NNN_name.sql`);
      const sql = readFileSync(`${dir}/${file}`, 'utf8');
      return { version: Number(match[1]), name: match[2] ?? '', file, sql, checksum: migrationChecksum(sql) };
    })
    .sort((a, b) => a.version - b.version);
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new MigrationError(`Migrations must be numbered 001, 002, … without gaps; found ${String(migration.version).padStart(3, '0')} at place ${index + 1}`);
    }
  });
  return migrations;
}

/**
 * The table of applied migrations. It is created in its first shape and the checksum column
 * added after, on new and old databases alike, so both end with the same schema text.
 */
function ensureMigrationTable(db: Database.Database): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT    NOT NULL,
    applied_at TEXT    NOT NULL
  ) STRICT`);
  const columns = (db.prepare("SELECT name FROM pragma_table_info('schema_migrations')").all() as { name: string }[]).map((c) => c.name);
  // SHA-256 of the file as applied; NULL on databases from before checksums were recorded.
  if (!columns.includes('checksum')) db.exec('ALTER TABLE schema_migrations ADD COLUMN checksum TEXT');
}

/**
 * Applies every migration newer than the database, each in its own transaction,
 * recording it with its checksum in schema_migrations. Refuses a database that holds a
 * version this code does not know (old code on a newer schema could corrupt data) or
 * whose applied migrations were edited since (a landed migration is never edited:
 * db/migrations/README.md). Migrations applied before checksums existed are accepted
 * and get theirs recorded.
 *
 * Migrations run with foreign keys off, so one can rebuild a table as SQLite documents
 * (create, copy, drop, rename) without cascading deletes; each is checked with
 * `PRAGMA foreign_key_check` before it commits.
 */
export function applyMigrations(db: Database.Database, dir?: string): MigrationReport {
  const migrations = readMigrations(dir);
  ensureMigrationTable(db);
  const byVersion = new Map(migrations.map((m) => [m.version, m]));
  const appliedRows = db.prepare('SELECT version, checksum FROM schema_migrations ORDER BY version').all() as { version: number; checksum: string | null }[];
  const unknown = appliedRows.map((row) => row.version).filter((v) => !byVersion.has(v));
  if (unknown.length > 0) {
    throw new MigrationError(`The database holds schema version ${unknown.join(', ')}, which this version of Duizhao does not know. Upgrade Duizhao or use another database (DUIZHAO_DB).`);
  }
  const changed = appliedRows.find((row) => row.checksum !== null && row.checksum !== byVersion.get(row.version)!.checksum);
  if (changed) {
    const migration = byVersion.get(changed.version)!;
    throw new MigrationError(`Migration ${migration.file} was changed after it was applied to this database (checksum ${changed.checksum!.slice(0, 12)}… then, ${migration.checksum.slice(0, 12)}… now), so Duizhao will not start on it: a landed migration is never edited, so restore the file and put the change in a new migration (db/migrations/README.md).`);
  }
  const recordChecksum = db.prepare('UPDATE schema_migrations SET checksum = @checksum WHERE version = @version AND checksum IS NULL');
  const unrecorded = appliedRows.filter((row) => row.checksum === null);
  if (unrecorded.length > 0) {
    db.transaction(() => {
      for (const row of unrecorded) recordChecksum.run({ version: row.version, checksum: byVersion.get(row.version)!.checksum });
    }).immediate();
  }

  const done = new Set(appliedRows.map((row) => row.version));
  const pending = migrations.filter((m) => !done.has(m.version));
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at, checksum) VALUES (?, ?, ?, ?)');
  const foreignKeys = db.pragma('foreign_keys', { simple: true }) === 1;
  // The pragma is a no-op inside a transaction, so it is switched around them.
  if (pending.length > 0 && foreignKeys) db.pragma('foreign_keys = OFF');
  try {
    for (const migration of pending) {
      db.transaction(() => {
        db.exec(migration.sql);
        const broken = db.pragma('foreign_key_check') as { table: string; parent: string }[];
        if (broken.length > 0) {
          throw new MigrationError(`Migration ${migration.file} leaves ${broken.length} row(s) whose foreign key points nowhere (first: ${broken[0]!.table} → ${broken[0]!.parent}); nothing was changed.`);
        }
        record.run(migration.version, migration.name, new Date().toISOString(), migration.checksum);
      }).immediate();
    }
  } finally {
    if (pending.length > 0 && foreignKeys) db.pragma('foreign_keys = ON');
  }
  return { applied: pending, current: migrations.length };
}

import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type Database from 'better-sqlite3';

export const DEFAULT_MIGRATIONS_DIR = fileURLToPath(new URL('../../db/migrations/', import.meta.url));

export interface Migration { version: number; name: string; sql: string }
export interface MigrationReport { applied: Migration[]; current: number }

const FILE_NAME = /^(\d{3})_([a-z0-9_]+)\.sql$/;

/** Reads `NNN_name.sql` files in version order; refuses gaps and duplicates. */
export function readMigrations(dir: string = DEFAULT_MIGRATIONS_DIR): Migration[] {
  const migrations = readdirSync(dir)
    .filter((file) => file.endsWith('.sql'))
    .map((file) => {
      const match = FILE_NAME.exec(file);
      if (!match) throw new Error(`Migration file name "${file}" does not match NNN_name.sql`);
      return { version: Number(match[1]), name: match[2] ?? '', sql: readFileSync(`${dir}/${file}`, 'utf8') };
    })
    .sort((a, b) => a.version - b.version);
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(`Migrations must be numbered 001, 002, … without gaps; found ${String(migration.version).padStart(3, '0')} at place ${index + 1}`);
    }
  });
  return migrations;
}

/**
 * Applies every migration newer than the database, each in its own transaction,
 * recording it in schema_migrations. Refuses a database that holds a version this
 * code does not know: running old code on a newer schema could corrupt data.
 */
export function applyMigrations(db: Database.Database, dir?: string): MigrationReport {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT    NOT NULL,
    applied_at TEXT    NOT NULL
  ) STRICT`);
  const migrations = readMigrations(dir);
  const known = new Set(migrations.map((m) => m.version));
  const appliedVersions = (db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as { version: number }[])
    .map((row) => row.version);
  const unknown = appliedVersions.filter((v) => !known.has(v));
  if (unknown.length > 0) {
    throw new Error(`The database holds schema version ${unknown.join(', ')}, which this version of Duizhao does not know. Upgrade Duizhao or use another database (DUIZHAO_DB).`);
  }
  const done = new Set(appliedVersions);
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  const applied: Migration[] = [];
  for (const migration of migrations) {
    if (done.has(migration.version)) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      record.run(migration.version, migration.name, new Date().toISOString());
    }).immediate();
    applied.push(migration);
  }
  return { applied, current: migrations.length };
}

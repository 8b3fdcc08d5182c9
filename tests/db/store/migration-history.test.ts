/**
 * Databases of every age end with one schema. Migration 001 was edited after it had landed
 * (b9e685a), so a database created before that started from another first migration; the
 * migrations since must bring it to exactly the schema a fresh database gets. Checksums of
 * applied migrations keep any further edit from going unnoticed.
 */
import Database from 'better-sqlite3';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/store/db.js';
import { applyMigrations, DEFAULT_MIGRATIONS_DIR, migrationChecksum, readMigrations, type Migration } from '../../../src/store/migrate.js';

const ORIGINAL_001 = readFileSync(new URL('../../fixtures/migrations/001_initial_before_b9e685a.sql', import.meta.url), 'utf8');
const ALL = readMigrations();
const REBUILD = ALL.find((m) => m.name === 'rebuild_segments')!;

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'duizhao-migrations-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A folder holding the given migrations of today's tree. */
function migrationsDir(migrations: readonly Migration[]): string {
  const dir = tempDir();
  for (const m of migrations) copyFileSync(join(DEFAULT_MIGRATIONS_DIR, m.file), join(dir, m.file));
  return dir;
}

/** The table as the runner created it before checksums (store/migrate.ts until this change), byte for byte. */
const OLD_RUNNER_TABLE = `CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT    NOT NULL,
    applied_at TEXT    NOT NULL
  ) STRICT`;

/** A database as the runner of its day left it: `schema_migrations` without checksums. */
function oldDatabase(firstMigration: string): Database.Database {
  const db = new Database(join(tempDir(), 'old.sqlite'));
  db.pragma('foreign_keys = ON');
  db.exec(OLD_RUNNER_TABLE);
  db.exec(firstMigration);
  db.prepare("INSERT INTO schema_migrations VALUES (1, 'initial', '2026-11-01T00:00:00.000Z')").run();
  return db;
}

/** Everything in sqlite_master that says what the schema is (not where pages are). */
function schemaOf(db: Database.Database) {
  return db.prepare("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_autoindex_%' ORDER BY type, name").all();
}

function seed(db: Database.Database): void {
  db.exec(`INSERT INTO documents (id, title, created_at, updated_at) VALUES (1, '声明', '2026-11-01', '2026-11-01');
    INSERT INTO document_languages VALUES (1, 'en');
    INSERT INTO segments (id, document_id, position, paragraph, text) VALUES (1, 1, 0, 0, '甲。'), (2, 1, 1, 0, '乙。'), (3, 1, 2, 0, '丙。');
    INSERT INTO slots (segment_id, lang, kind, text, status, version, span, updated_at) VALUES
      (1, 'en', 'head', 'A.', 'draft', 2, 1, '2026-11-01'), (2, 'en', 'head', 'B.', 'draft', 1, 1, '2026-11-01'), (3, 'en', 'head', '', 'empty', 1, 1, '2026-11-01');
    INSERT INTO revisions (segment_id, lang, version, text, status, span, created_at, action) VALUES (1, 'en', 2, 'A.', 'draft', 1, '2026-11-01', 'edit');`);
}

describe('migration history', () => {
  it('brings a database made with the original first migration, upgraded step by step, to the schema of a fresh one', () => {
    const fresh = openDatabase(join(tempDir(), 'fresh.sqlite')).db;
    const old = oldDatabase(ORIGINAL_001);
    seed(old);
    for (let k = 2; k <= ALL.length; k++) applyMigrations(old, migrationsDir(ALL.slice(0, k)));
    expect(schemaOf(old)).toEqual(schemaOf(fresh));
    expect(old.pragma('foreign_key_check')).toEqual([]);
    expect(old.prepare('SELECT id, position, text FROM segments ORDER BY id').all()).toEqual([
      { id: 1, position: 0, text: '甲。' }, { id: 2, position: 1, text: '乙。' }, { id: 3, position: 2, text: '丙。' },
    ]);
    expect(old.prepare('SELECT COUNT(*) AS n FROM slots').get()).toEqual({ n: 3 });
    fresh.close();
    old.close();
  });

  it('never hands out a deleted segment\'s id again on an upgraded database, and allows the parking positions', () => {
    const old = oldDatabase(ORIGINAL_001);
    seed(old);
    applyMigrations(old, DEFAULT_MIGRATIONS_DIR);
    old.prepare('DELETE FROM segments WHERE id = 3').run();
    const id = Number(old.prepare("INSERT INTO segments (document_id, position, paragraph, text) VALUES (1, 2, 0, '丁。')").run().lastInsertRowid);
    expect(id).toBe(4);
    // store/regions.ts parks segments at negative positions inside a split or merge.
    expect(() => old.prepare('UPDATE segments SET position = -5 WHERE id = 4').run()).not.toThrow();
    old.close();
  });

  it('rebuilds today\'s table without changing a row, an id or the sequence, and keeps ids held by undo steps', () => {
    const db = new Database(join(tempDir(), 'today.sqlite'));
    db.pragma('foreign_keys = ON');
    applyMigrations(db, migrationsDir(ALL.filter((m) => m.version < REBUILD.version)));
    seed(db);
    db.exec(`INSERT INTO segments (id, document_id, position, paragraph, text) VALUES (9, 1, 3, 0, '丁。');
      DELETE FROM segments WHERE id = 9;
      INSERT INTO operations (document_id, kind, label, before, after, state, created_at, updated_at)
        VALUES (1, 'merge-segments', 'merge', '{"startPosition":0,"segments":[{"id":12,"paragraph":0,"text":"x"}],"slots":{}}', '{"startPosition":0,"segments":[],"slots":{}}', 'done', '2026-11-01', '2026-11-01');`);
    const rowsBefore = db.prepare('SELECT * FROM segments ORDER BY id').all();
    applyMigrations(db, DEFAULT_MIGRATIONS_DIR);
    expect(db.prepare('SELECT * FROM segments ORDER BY id').all()).toEqual(rowsBefore);
    expect(db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'segments'").get()).toEqual({ seq: 12 });
    expect(Number(db.prepare("INSERT INTO segments (document_id, position, paragraph, text) VALUES (1, 3, 0, '戊。')").run().lastInsertRowid)).toBe(13);
    db.close();
  });
});

describe('migration checksums', () => {
  it('records the checksum of every migration it applies', () => {
    const { db } = openDatabase(join(tempDir(), 'db.sqlite'));
    const rows = db.prepare('SELECT version, checksum FROM schema_migrations ORDER BY version').all();
    expect(rows).toEqual(ALL.map((m) => ({ version: m.version, checksum: m.checksum })));
    expect(ALL[0]!.checksum).toBe(migrationChecksum(readFileSync(join(DEFAULT_MIGRATIONS_DIR, ALL[0]!.file), 'utf8').replace(/\n/g, '\r\n')));
    db.close();
  });

  it('accepts a database from before checksums and records them at its next start', () => {
    const dir = migrationsDir(ALL);
    const db = new Database(join(tempDir(), 'db.sqlite'));
    db.exec(OLD_RUNNER_TABLE);
    for (const m of ALL) {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?)').run(m.version, m.name, '2026-11-01T00:00:00.000Z');
    }
    expect(applyMigrations(db, dir).applied).toEqual([]);
    expect(db.prepare('SELECT checksum FROM schema_migrations ORDER BY version').all()).toEqual(ALL.map((m) => ({ checksum: m.checksum })));
    db.close();
  });

  it('refuses to start on a database whose applied migration was edited since, in one clear sentence', () => {
    const dir = migrationsDir(ALL);
    const path = join(tempDir(), 'db.sqlite');
    openDatabase(path, { migrationsDir: dir }).db.close();
    const edited = ALL[2]!;
    writeFileSync(join(dir, edited.file), `${edited.sql}\n-- a later edit\nCREATE INDEX sneaky ON users(created_at);\n`);
    let message = '';
    try {
      openDatabase(path, { migrationsDir: dir });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(new RegExp(`^Migration ${edited.file} was changed after it was applied to this database .* a landed migration is never edited, so restore the file and put the change in a new migration \\(db/migrations/README\\.md\\)\\.$`));
    expect(message.match(/\. /g)).toBeNull();
    const db = new Database(path);
    expect(db.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE name = 'sneaky'").get()).toEqual({ n: 0 });
    db.close();
  });

  it('refuses a migration that leaves foreign keys pointing nowhere, changing nothing', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'm'));
    writeFileSync(join(dir, 'm', '001_a.sql'), 'CREATE TABLE parent (id INTEGER PRIMARY KEY); CREATE TABLE child (parent_id INTEGER REFERENCES parent(id)); INSERT INTO child VALUES (7);');
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    expect(() => applyMigrations(db, join(dir, 'm'))).toThrow(/001_a\.sql leaves 1 row\(s\) whose foreign key points nowhere/);
    expect(db.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE name IN ('parent', 'child')").get()).toEqual({ n: 0 });
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });
});

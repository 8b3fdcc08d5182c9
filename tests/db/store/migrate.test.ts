import { mkdirSync, mkdtempSync, rmSync, writeFileSync, copyFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/store/db.js';
import { DEFAULT_MIGRATIONS_DIR, applyMigrations, readMigrations } from '../../../src/store/migrate.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'duizhao-migrate-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('migrations', () => {
  it('migrate an empty database to the latest version with WAL and foreign keys on', () => {
    const path = join(tempDir(), 'db.sqlite');
    const { db, migrations } = openDatabase(path);
    const latest = readMigrations().length;
    expect(migrations.current).toBe(latest);
    expect(migrations.applied.map((m) => m.version)).toEqual(Array.from({ length: latest }, (_, i) => i + 1));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
    expect(tables).toEqual(expect.arrayContaining(['documents', 'document_languages', 'segments', 'slots', 'revisions', 'users', 'user_roles', 'sessions', 'audit_log', 'schema_migrations']));
    db.close();
  });

  it('upgrade a database at the previous version that already holds rows, keeping them', () => {
    const all = readMigrations();
    const dir = tempDir();
    const previousDir = join(dir, 'previous');
    mkdirSync(previousDir);
    // The previous release's migrations: every file but the newest (or none when only one exists).
    for (const file of readdirSync(DEFAULT_MIGRATIONS_DIR).sort().slice(0, Math.max(0, all.length - 1))) {
      copyFileSync(join(DEFAULT_MIGRATIONS_DIR, file), join(previousDir, file));
    }
    const path = join(dir, 'db.sqlite');
    const db = new Database(path);
    applyMigrations(db, previousDir);
    if (all.length > 1) {
      db.prepare("INSERT INTO users (name, password_hash, created_at) VALUES ('kept', 'x', '2026-01-01T00:00:00Z')").run();
    } else {
      db.exec('CREATE TABLE keepsake (v TEXT)');
      db.prepare("INSERT INTO keepsake VALUES ('kept')").run();
    }
    const report = applyMigrations(db);
    expect(report.applied.map((m) => m.version)).toEqual(all.length > 1 ? [all.length] : [1]);
    const kept = all.length > 1
      ? db.prepare('SELECT name AS v FROM users').get()
      : db.prepare('SELECT v FROM keepsake').get();
    expect(kept).toEqual({ v: 'kept' });
    db.close();
  });

  it('keep on revisions only the index its reads use (every slot save writes each index)', () => {
    const { db } = openDatabase(join(tempDir(), 'db.sqlite'));
    const indexes = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'revisions' AND sql IS NOT NULL ORDER BY name").pluck().all());
    expect(indexes).toEqual(['revisions_slot']);
    // The reads of revisions (src/store) go by slot, and still find their index.
    const plan = (db.prepare(`EXPLAIN QUERY PLAN SELECT * FROM revisions WHERE segment_id = 1 AND lang = 'en' ORDER BY id`).all() as { detail: string }[]).map((r) => r.detail).join('; ');
    expect(plan).toContain('revisions_slot');
    db.close();
  });

  it('give undo steps plain ids: a new step writes no sqlite_sequence page, and ids go on above the stored ones', () => {
    const dir = tempDir();
    const beforeDir = join(dir, 'before');
    mkdirSync(beforeDir);
    const files = readdirSync(DEFAULT_MIGRATIONS_DIR).filter((f) => f.endsWith('.sql')).sort();
    const at = files.findIndex((f) => f.endsWith('_save_pages.sql'));
    expect(at).toBeGreaterThan(0);
    for (const file of files.slice(0, at)) copyFileSync(join(DEFAULT_MIGRATIONS_DIR, file), join(beforeDir, file));
    const db = new Database(join(dir, 'db.sqlite'));
    applyMigrations(db, beforeDir);
    db.prepare("INSERT INTO documents (id, title, source_lang, created_at, updated_at) VALUES (1, 't', 'zh', 'x', 'x')").run();
    const step = db.prepare(`INSERT INTO operations (document_id, user_id, kind, lang, label, before, after, state, created_at, updated_at)
      VALUES (1, NULL, 'edit', 'en', @label, '{}', '{}', 'done', 'x', 'x')`);
    for (const label of ['a', 'b', 'c']) step.run({ label });
    expect(db.prepare("SELECT COUNT(*) FROM sqlite_sequence WHERE name = 'operations'").pluck().get()).toBe(1);
    applyMigrations(db);
    expect(db.prepare('SELECT id, label FROM operations ORDER BY id').all()).toEqual([{ id: 1, label: 'a' }, { id: 2, label: 'b' }, { id: 3, label: 'c' }]);
    expect(Number(step.run({ label: 'd' }).lastInsertRowid)).toBe(4);
    expect(db.prepare("SELECT COUNT(*) FROM sqlite_sequence WHERE name = 'operations'").pluck().get()).toBe(0);
    const plan = (db.prepare(`EXPLAIN QUERY PLAN SELECT label FROM operations WHERE document_id = 1 AND user_id IS NULL AND state = 'done' ORDER BY id DESC LIMIT 1`).all() as { detail: string }[]).map((r) => r.detail).join('; ');
    expect(plan).toContain('operations_stack');
    db.close();
  });

  it('applying twice changes nothing', () => {
    const path = join(tempDir(), 'db.sqlite');
    openDatabase(path).db.close();
    const { db, migrations } = openDatabase(path);
    expect(migrations.applied).toEqual([]);
    db.close();
  });

  it('refuse a database that holds a version this code does not know', () => {
    const path = join(tempDir(), 'db.sqlite');
    const { db } = openDatabase(path);
    db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', '2030-01-01')").run();
    db.close();
    expect(() => openDatabase(path)).toThrow(/schema version 999/);
  });

  it('refuse gaps in migration numbering', () => {
    const dir = tempDir();
    writeFileSync(join(dir, '001_a.sql'), 'CREATE TABLE a (x INTEGER);');
    writeFileSync(join(dir, '003_c.sql'), 'CREATE TABLE c (x INTEGER);');
    expect(() => readMigrations(dir)).toThrow(/without gaps/);
  });

  it('roll back a failing migration completely', () => {
    const dir = tempDir();
    writeFileSync(join(dir, '001_a.sql'), 'CREATE TABLE a (x INTEGER); INSERT INTO nowhere VALUES (1);');
    const db = new Database(':memory:');
    expect(() => applyMigrations(db, dir)).toThrow(/no such table/);
    expect(db.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE name = 'a'").get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get()).toEqual({ n: 0 });
    db.close();
  });
});

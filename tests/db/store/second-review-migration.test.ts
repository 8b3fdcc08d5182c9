/**
 * The second_review migration (issue #13) rebuilds slots, revisions and assignments to widen
 * their CHECKs (the reviewed status, the reviewer2 role). On a database holding rows it must
 * keep every row and id as it was, and record every earlier decision as the first (only) pass.
 */
import Database from 'better-sqlite3';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyMigrations, DEFAULT_MIGRATIONS_DIR, readMigrations } from '../../../src/store/migrate.js';

const ALL = readMigrations();
const SECOND_REVIEW = ALL.find((m) => m.name === 'second_review')!;
const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'duizhao-second-review-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A migrations directory holding those up to `last` (later ones add columns of their own). */
function migrationsUpTo(last: number): string {
  const dir = tempDir();
  for (const m of ALL.filter((x) => x.version <= last)) copyFileSync(join(DEFAULT_MIGRATIONS_DIR, m.file), join(dir, m.file));
  return dir;
}

function before(): Database.Database {
  const dir = migrationsUpTo(SECOND_REVIEW.version - 1);
  const db = new Database(join(tempDir(), 'db.sqlite'));
  db.pragma('foreign_keys = ON');
  applyMigrations(db, dir);
  db.exec(`INSERT INTO users (id, name, password_hash, created_at) VALUES (1, 'rita', 'x', '2026-11-01');
    INSERT INTO documents (id, title, created_at, updated_at) VALUES (1, '声明', '2026-11-01', '2026-11-01');
    INSERT INTO document_languages VALUES (1, 'en');
    INSERT INTO segments (id, document_id, position, paragraph, text) VALUES (1, 1, 0, 0, '甲。'), (2, 1, 1, 0, '乙。');
    INSERT INTO slots (segment_id, lang, kind, text, status, version, span, updated_by, updated_at) VALUES (1, 'en', 'head', 'A. B.', 'approved', 3, 2, 1, '2026-11-01');
    INSERT INTO slots (segment_id, lang, kind, head_segment_id) VALUES (2, 'en', 'continuation', 1);
    INSERT INTO revisions (id, segment_id, lang, version, text, status, span, author_id, created_at, action) VALUES (7, 1, 'en', 3, 'A. B.', 'approved', 2, 1, '2026-11-01', 'approve');
    INSERT INTO assignments VALUES (1, 'en', 1, 'reviewer', 1, '2026-11-01');
    INSERT INTO approvals (segment_id, lang, version, decision, reviewer_id, created_at) VALUES (1, 'en', 3, 'approved', 1, '2026-11-01');`);
  return db;
}

describe('the second_review migration', () => {
  it('keeps every slot, revision, assignment and decision, earlier decisions as pass 1', () => {
    const db = before();
    const rows = () => ({
      slots: db.prepare('SELECT * FROM slots ORDER BY segment_id').all(),
      revisions: db.prepare('SELECT * FROM revisions ORDER BY id').all(),
      assignments: db.prepare('SELECT * FROM assignments').all(),
    });
    const kept = rows();
    applyMigrations(db, migrationsUpTo(SECOND_REVIEW.version));
    expect(rows()).toEqual(kept);
    expect(db.prepare('SELECT pass FROM approvals').all()).toEqual([{ pass: 1 }]);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.close();
  });

  it('accepts the reviewed status and the reviewer2 role afterwards, and still refuses unknown ones', () => {
    const db = before();
    applyMigrations(db, DEFAULT_MIGRATIONS_DIR);
    db.prepare("UPDATE slots SET status = 'reviewed' WHERE segment_id = 1").run();
    db.prepare("INSERT INTO revisions (segment_id, lang, version, text, status, span, created_at, action) VALUES (1, 'en', 4, 'A. B.', 'reviewed', 2, '2026-11-02', 'approve')").run();
    db.prepare("INSERT INTO assignments VALUES (1, 'en', 1, 'reviewer2', 1, '2026-11-02')").run();
    expect(() => db.prepare("UPDATE slots SET status = 'proofread' WHERE segment_id = 1").run()).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO assignments VALUES (1, 'en', 1, 'reviewer3', 1, '2026-11-02')").run()).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO approvals (segment_id, lang, version, decision, created_at, pass) VALUES (1, 'en', 4, 'approved', '2026-11-02', 3)").run()).toThrow(/CHECK/);
    db.close();
  });
});

/**
 * Whether the database really works, for /healthz and for clear error messages (issue
 * #12: with a corrupt page or a full disk /healthz said "ok" while requests failed with a
 * bare 500, and a read-only or non-database file stopped the server with a stack trace).
 *
 * Two sources of truth: a probe that reads the schema version and commits a one-row write,
 * cached for a few seconds; and the storage errors real requests met, which keep the
 * status degraded (corruption until a restart, the others for a minute) even when the
 * probe's tiny write still fits where a document import no longer does.
 */
import type { Db } from './db.js';

/** What /healthz reports about the database. */
export interface DatabaseHealth {
  ok: boolean;
  schemaVersion: number | null;
  /** Whether the probe's write committed. */
  writable: boolean;
  /** When not ok: one sentence an admin can act on. */
  problem?: string;
}

/** A storage failure of SQLite, in words; undefined for any other error. */
export interface StorageProblem { code: string; sentence: string; lasting: boolean }

/**
 * SQLite's storage errors (better-sqlite3 throws a SqliteError with the result code) as a
 * sentence for an admin; `lasting` when only a repair or a restore helps. Other errors,
 * constraint failures included, are not storage problems.
 * @example storageProblem(Object.assign(new Error('database or disk is full'), { name: 'SqliteError', code: 'SQLITE_FULL' }))?.sentence
 *   → 'The disk holding the database is full: free some space.'
 */
export function storageProblem(error: unknown): StorageProblem | undefined {
  if (!(error instanceof Error) || !('code' in error) || typeof error.code !== 'string') return undefined;
  const code = error.code;
  if (code === 'SQLITE_FULL') return { code, sentence: 'The disk holding the database is full: free some space.', lasting: false };
  if (code === 'SQLITE_CORRUPT' || code.startsWith('SQLITE_CORRUPT_')) {
    return { code, sentence: 'The database file is damaged: restore a backup (duizhao restore FILE).', lasting: true };
  }
  if (code === 'SQLITE_NOTADB') return { code, sentence: 'The database file is not a SQLite database: point DUIZHAO_DB at the right file, or move this one away.', lasting: true };
  if (code === 'SQLITE_READONLY' || code.startsWith('SQLITE_READONLY_')) {
    return { code, sentence: 'The database file or its folder is read-only: let the server write to both.', lasting: false };
  }
  if (code === 'SQLITE_CANTOPEN' || code.startsWith('SQLITE_CANTOPEN_')) {
    return { code, sentence: 'The database file cannot be opened: check that DUIZHAO_DB names a file in a folder the server may write to.', lasting: false };
  }
  if (code === 'SQLITE_IOERR' || code.startsWith('SQLITE_IOERR_')) return { code, sentence: 'Reading or writing the database file failed (a disk or file-system error).', lasting: false };
  if (code === 'SQLITE_PERM' || code === 'SQLITE_AUTH') return { code, sentence: 'The server is not allowed to use the database file.', lasting: false };
  return undefined;
}

/**
 * `PRAGMA quick_check`: the b-tree structure of every table and index, in time linear in
 * the file's size (about a second per few hundred MB). Returns null when it passes, else
 * the first problem SQLite names.
 */
export function quickCheck(db: Db): string | null {
  try {
    const rows = db.pragma('quick_check(1)') as { quick_check: string }[];
    const first = rows[0]?.quick_check ?? 'no answer';
    // SQLite's report spans lines ("*** in database main ***\nTree 10 page 10: …"): one line here.
    return first === 'ok' ? null : first.replace(/\*\*\* in database \w+ \*\*\*/g, '').replace(/\s+/g, ' ').trim();
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** How long a problem met by a request keeps the status degraded when it is not lasting. */
const REMEMBER_MS = 60_000;

export function createHealthProbe(db: Db, options: { cacheMs?: number; now?: () => number } = {}) {
  const cacheMs = options.cacheMs ?? 5_000;
  const now = options.now ?? Date.now;
  const stamp = db.prepare("UPDATE stamps SET value = value + 1 WHERE name = 'health'");
  let cached: { at: number; health: DatabaseHealth } | undefined;
  let seen: { at: number; problem: StorageProblem } | undefined;

  function probe(): DatabaseHealth {
    let schemaVersion: number | null = null;
    try {
      schemaVersion = (db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null }).v;
    } catch (error) {
      return { ok: false, schemaVersion: null, writable: false, problem: storageProblem(error)?.sentence ?? 'The database does not answer.' };
    }
    try {
      stamp.run();
    } catch (error) {
      return { ok: false, schemaVersion, writable: false, problem: storageProblem(error)?.sentence ?? 'The database does not take writes.' };
    }
    return { ok: true, schemaVersion, writable: true };
  }

  return {
    /** The database's health, probed at most once every `cacheMs`. */
    check(): DatabaseHealth {
      const at = now();
      if (!cached || at - cached.at >= cacheMs) cached = { at, health: probe() };
      const recent = seen && (seen.problem.lasting || at - seen.at < REMEMBER_MS) ? seen.problem : undefined;
      if (recent && cached.health.ok) return { ...cached.health, ok: false, problem: recent.sentence };
      return cached.health;
    },
    /** Remembers a storage error a request met; true when it was one. */
    noteError(error: unknown): boolean {
      const problem = storageProblem(error);
      if (!problem) return false;
      // A lasting problem (corruption) is never replaced by a passing one.
      if (!seen?.problem.lasting || problem.lasting) seen = { at: now(), problem };
      cached = undefined;
      return true;
    },
  };
}

export type HealthProbe = ReturnType<typeof createHealthProbe>;

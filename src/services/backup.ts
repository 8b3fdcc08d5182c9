import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { backupDatabaseFile, checkDatabaseFile, databaseInUse, restoreDatabaseFile, type DatabaseFileCheck } from '../store/backup.js';
import { NotFoundError, ValidationError } from './errors.js';

export interface BackupReport { path: string; bytes: number; schemaVersion: number | null; ms: number }

function refuseUnsound(path: string, check: DatabaseFileCheck, what: string): void {
  if (check.integrity.length !== 1 || check.integrity[0] !== 'ok') {
    throw new ValidationError(`${what} ${path} failed PRAGMA integrity_check: ${check.integrity.slice(0, 5).join('; ')}`, { code: 'corrupt_backup' });
  }
  if (check.schemaVersion === null) {
    throw new ValidationError(`${path} is an SQLite file but not a Duizhao database (it has no schema_migrations table).`, { code: 'not_a_backup' });
  }
  if (check.unknownVersions.length > 0) {
    throw new ValidationError(`${path} holds schema version ${check.unknownVersions.join(', ')}, which this version of Duizhao does not know. Restore it with the Duizhao that made it.`, { code: 'unknown_schema' });
  }
}

/**
 * Online backup of the database at `dbPath` into `target` (a new file unless `force`), safe
 * while a server writes; the copy is checked with integrity_check before it is reported.
 */
export async function backupDatabase(input: { dbPath: string; target: string; force?: boolean }): Promise<BackupReport> {
  if (!existsSync(input.dbPath)) throw new NotFoundError(`There is no database at ${input.dbPath} to back up (set DUIZHAO_DB).`);
  if (existsSync(input.target) && !input.force) {
    throw new ValidationError(`${input.target} already exists. Choose a new file name, or add --force to overwrite it.`, { code: 'already_exists' });
  }
  // The backup API writes pages into the target as a database; an old -wal beside it would be replayed.
  if (input.force) for (const suffix of ['', '-wal', '-shm']) rmSync(input.target + suffix, { force: true });
  const start = performance.now();
  await backupDatabaseFile(input.dbPath, input.target);
  const check = checkDatabaseFile(input.target);
  refuseUnsound(input.target, check, 'The backup');
  return { path: input.target, bytes: check.pages * check.pageSize, schemaVersion: check.schemaVersion, ms: performance.now() - start };
}

/**
 * Replaces the database at `dbPath` with the backup `source` after checking the backup
 * (integrity_check, a schema this code knows). Refuses while a server has the database
 * open, and refuses to overwrite an existing database without `force`.
 */
export async function restoreDatabase(input: { dbPath: string; source: string; force?: boolean }): Promise<BackupReport> {
  if (!existsSync(input.source)) throw new NotFoundError(`There is no backup file ${input.source}.`);
  const check = checkDatabaseFile(input.source);
  refuseUnsound(input.source, check, 'The backup');
  if (existsSync(input.dbPath)) {
    if (databaseInUse(input.dbPath)) {
      throw new ValidationError(`A running Duizhao server (or another program) has ${input.dbPath} open. Stop it first, then restore.`, { code: 'database_in_use' });
    }
    if (!input.force) {
      throw new ValidationError(`${input.dbPath} already exists and would be replaced. Add --force to replace it (back it up first).`, { code: 'already_exists' });
    }
  }
  mkdirSync(dirname(input.dbPath), { recursive: true });
  const start = performance.now();
  await restoreDatabaseFile(input.source, input.dbPath);
  const restored = checkDatabaseFile(input.dbPath);
  refuseUnsound(input.dbPath, restored, 'The restored database');
  return { path: input.dbPath, bytes: restored.pages * restored.pageSize, schemaVersion: restored.schemaVersion, ms: performance.now() - start };
}

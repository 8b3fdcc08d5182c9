import { afterEach, beforeEach } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../src/store/db.js';
import { createStore, type Store } from '../../src/store/index.js';

/** A fresh, migrated database file in its own temporary folder (WAL and foreign keys really on). */
export function tempDb(): { db: Db; store: Store; path: string; dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'duizhao-test-'));
  const path = join(dir, 'test.sqlite');
  const { db } = openDatabase(path);
  return {
    db,
    store: createStore(db),
    path,
    dir,
    cleanup: () => {
      if (db.open) db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type TempDb = ReturnType<typeof tempDb>;

/**
 * A fresh database for every test of the file that calls it (at its top level): `use` receives
 * it before each test, and it is removed after.
 */
export function withTempDb(use: (temp: TempDb) => void): void {
  let temp: TempDb | undefined;
  beforeEach(() => {
    temp = tempDb();
    use(temp);
  });
  afterEach(() => temp?.cleanup());
}

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startCheckpointer } from '../../../src/store/checkpointer.js';
import { openDatabase, syncModeOf } from '../../../src/store/db.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function path(): string {
  const dir = mkdtempSync(join(tmpdir(), 'duizhao-sync-'));
  dirs.push(dir);
  return join(dir, 'db.sqlite');
}

describe('durability (DUIZHAO_SYNC)', () => {
  it.each([
    [undefined, 'normal', 1],
    ['normal', 'normal', 1],
    ['full', 'full', 2],
  ] as const)('opens with sync %s as synchronous=%s in WAL', (sync, mode, level) => {
    const { db } = openDatabase(path(), sync ? { sync } : {});
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(level);
    expect(syncModeOf(db)).toBe(mode);
    db.close();
  });

  it.each(['normal', 'full'] as const)('keeps sync %s on the server connection with the checkpoint thread running, and every commit', async (sync) => {
    const file = path();
    const { db } = openDatabase(file, { sync });
    const checkpointer = startCheckpointer(db, { intervalMs: 5, idleMs: 10 });
    try {
      expect(syncModeOf(db)).toBe(sync);
      db.exec('CREATE TABLE t (n INTEGER)');
      const insert = db.prepare('INSERT INTO t (n) VALUES (?)');
      for (let n = 0; n < 300; n++) {
        insert.run(n);
        if (n % 50 === 0) await checkpointer.nextCheckpoint();
      }
      expect(syncModeOf(db)).toBe(sync);
    } finally {
      await checkpointer.close();
    }
    expect(syncModeOf(db)).toBe(sync);
    db.close();
    const { db: reopened } = openDatabase(file);
    expect(reopened.prepare('SELECT COUNT(*) FROM t').pluck().get()).toBe(300);
    reopened.close();
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
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
});

/**
 * What `duizhao` checks before it opens the database for work: the durability setting and
 * the migrations the database has run. Each refusal is one clear sentence and changes nothing.
 */
import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../../src/store/db.js';
import { runCli, startServerProcess } from '../helpers/server-process.js';

// Each test starts tsx in child processes; on a busy two-core machine that takes seconds.
vi.setConfig({ testTimeout: 90_000 });

const dir = mkdtempSync(join(tmpdir(), 'duizhao-startup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('DUIZHAO_SYNC', () => {
  it('runs the server with each setting in effect on its connection', async () => {
    for (const [env, shown] of [[{}, 'normal'], [{ DUIZHAO_SYNC: 'full' }, 'full']] as const) {
      const server = await startServerProcess(join(dir, `sync-${shown}.sqlite`), env);
      try {
        expect(server.output()).toMatch(new RegExp(`running at http://\\S+ \\(database: \\S+, durability: ${shown}\\)`));
      } finally {
        server.child.kill('SIGTERM');
        await server.exited;
      }
    }
  });

  it('refuses any other value with a clear message, before creating the database', () => {
    const db = join(dir, 'never.sqlite');
    const run = runCli(['user', 'add', 'li', '--role', 'translator'], db, { DUIZHAO_SYNC: 'sometimes' });
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n')[0]).toBe('duizhao: DUIZHAO_SYNC must be "normal" or "full", not "sometimes".');
    expect(existsSync(db)).toBe(false);
  });
});

describe('migrations at start-up', () => {
  it('refuses a database whose applied migration changed, in one sentence and without a stack trace', () => {
    const path = join(dir, 'tampered.sqlite');
    openDatabase(path).db.close();
    const db = new Database(path);
    db.prepare("UPDATE schema_migrations SET checksum = 'aaaaaaaaaaaaaaaa' WHERE version = 1").run();
    db.close();
    const run = runCli(['user', 'add', 'li', '--role', 'translator'], path);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^duizhao: Migration 001_initial\.sql was changed after it was applied to this database .*\(db\/migrations\/README\.md\)\.\n$/);
    const check = new Database(path);
    expect(check.prepare('SELECT COUNT(*) AS n FROM users').get()).toEqual({ n: 0 });
    check.close();
  });
});

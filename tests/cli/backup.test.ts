import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { backupDatabase, restoreDatabase } from '../../src/services/backup.js';
import { checkDatabaseFile } from '../../src/store/backup.js';
import { databaseStatus, openDatabase } from '../../src/store/db.js';
import { createStore } from '../../src/store/index.js';
import { makeUser, testServices } from '../helpers/factories.js';
import { tempDb } from '../helpers/temp-db.js';
import { listHeads, runCliAsync, saveSlot, signIn, startServerProcess } from '../helpers/server-process.js';

const dir = mkdtempSync(join(tmpdir(), 'duizhao-backup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function revisionTexts(path: string): Set<string> {
  const db = new Database(path, { readonly: true });
  try {
    return new Set((db.prepare("SELECT text FROM revisions WHERE action = 'edit'").all() as { text: string }[]).map((r) => r.text));
  } finally {
    db.close();
  }
}

describe('duizhao backup and restore', () => {
  it('backs up while a server writes, refuses to restore under it, and restores after it stops', async () => {
    const db = join(dir, 'live.sqlite');
    const backup = join(dir, 'backup.sqlite');
    const server = await startServerProcess(db);
    try {
      const session = await signIn(server.baseUrl, 'translator', server.passwords.translator!);
      const heads = await listHeads(server.baseUrl, session, 1, 'en', 50);
      const acknowledged: string[] = [];
      const statuses = new Set<number>();
      let writing = true;
      let backupStarted = -1;
      // Saves go on without pause while the backup runs in another process.
      const writer = (async () => {
        for (let i = 0; writing; i++) {
          const head = heads[i % heads.length]!;
          const text = `backup run save ${i}`;
          const saved = await saveSlot(server.baseUrl, session, 1, head.segmentId, 'en', text, head.version);
          statuses.add(saved.status);
          if (saved.status === 429) {
            // Faster than a person types: wait as the rate limit says, like the editor does.
            await new Promise((r) => setTimeout(r, 1000));
            continue;
          }
          if (saved.status !== 200) break;
          head.version = saved.body.slot!.version;
          acknowledged.push(text);
        }
      })();
      while (acknowledged.length < 20) await new Promise((r) => setImmediate(r));
      backupStarted = acknowledged.length;
      const run = await runCliAsync(['backup', backup], db);
      const savesDuringBackup = acknowledged.length - backupStarted;
      writing = false;
      await writer;
      expect([...statuses].filter((s) => s !== 200 && s !== 429)).toEqual([]);
      expect(run.stderr).toMatch(/Backed up .* integrity ok/);
      expect(run.code).toBe(0);
      expect(savesDuringBackup).toBeGreaterThan(0);

      const check = checkDatabaseFile(backup);
      expect(check.integrity).toEqual(['ok']);
      expect(check.schemaVersion).toBeGreaterThan(0);
      // Every save acknowledged before the backup began is in it.
      const inBackup = revisionTexts(backup);
      expect(acknowledged.slice(0, backupStarted).filter((t) => !inBackup.has(t))).toEqual([]);

      const again = await runCliAsync(['backup', backup], db);
      expect(again.code).toBe(1);
      expect(again.stderr).toContain('already exists');

      const underServer = await runCliAsync(['restore', '--force', backup], db);
      expect(underServer.code).toBe(1);
      expect(underServer.stderr).toContain('Stop it first');
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    expect(existsSync(`${db}-wal`)).toBe(false);

    const withoutForce = await runCliAsync(['restore', backup], db);
    expect(withoutForce.code).toBe(1);
    expect(withoutForce.stderr).toContain('--force');

    const restored = await runCliAsync(['restore', '--force', backup], db);
    expect(restored.stderr).toContain('Restored');
    expect(restored.code).toBe(0);
    expect(checkDatabaseFile(db).integrity).toEqual(['ok']);
    expect(revisionTexts(db)).toEqual(revisionTexts(backup));

    // The restored database opens as the server opens it, with the backup's accounts.
    const reopened = openDatabase(db);
    try {
      expect(databaseStatus(reopened.db)).toEqual({ ok: true, schemaVersion: checkDatabaseFile(backup).schemaVersion });
      expect(createStore(reopened.db).users.countUsers()).toBe(3);
    } finally {
      reopened.db.close();
    }
  }, 60_000);

  it('refuses to restore a file that is not a sound Duizhao database', async () => {
    const db = join(dir, 'target.sqlite');
    const garbage = join(dir, 'garbage.sqlite');
    writeFileSync(garbage, 'not a database at all, just text'.repeat(200));
    const notDb = await runCliAsync(['restore', garbage], db);
    expect(notDb.code).toBe(1);
    expect(notDb.stderr).toContain('integrity_check');
    expect(existsSync(db)).toBe(false);

    const plain = join(dir, 'plain.sqlite');
    const other = new Database(plain);
    other.exec('CREATE TABLE t (x)');
    other.close();
    await expect(restoreDatabase({ source: plain, dbPath: db })).rejects.toThrow('not a Duizhao database');

    // A real backup with a page of its b-tree overwritten.
    const source = tempDb();
    try {
      await makeUser(testServices(source.store), { name: 'zhao' });
      const damaged = join(dir, 'damaged.sqlite');
      await backupDatabase({ dbPath: source.path, target: damaged });
      const bytes = readFileSync(damaged);
      bytes.fill(0x5a, 4096 * 2, 4096 * 3);
      writeFileSync(damaged, bytes);
      await expect(restoreDatabase({ source: damaged, dbPath: db })).rejects.toThrow('integrity_check');
    } finally {
      source.cleanup();
    }
    expect(existsSync(db)).toBe(false);
  });
});

import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startCheckpointer, type Checkpointer } from '../../../src/store/checkpointer.js';
import { openDatabase, type Db } from '../../../src/store/db.js';

const dirs: string[] = [];
const opened: { db: Db; checkpointer?: Checkpointer }[] = [];
afterEach(async () => {
  for (const { db, checkpointer } of opened.splice(0)) {
    await checkpointer?.close();
    if (db.open) db.close();
  }
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function open(): { db: Db; path: string } {
  const dir = mkdtempSync(join(tmpdir(), 'duizhao-checkpoint-'));
  dirs.push(dir);
  const path = join(dir, 'db.sqlite');
  const { db } = openDatabase(path);
  db.exec('CREATE TABLE scratch (id INTEGER PRIMARY KEY, body BLOB NOT NULL)');
  opened.push({ db });
  return { db, path };
}

function withCheckpointer(db: Db, options: Parameters<typeof startCheckpointer>[1] = {}): Checkpointer {
  const checkpointer = startCheckpointer(db, options);
  opened.find((o) => o.db === db)!.checkpointer = checkpointer;
  return checkpointer;
}

/** Frames in the -wal file (32-byte header, then per frame a 24-byte header and one page). */
function walFrames(path: string, pageSize = 4096): number {
  if (!existsSync(`${path}-wal`)) return 0;
  return Math.max(0, (statSync(`${path}-wal`).size - 32) / (pageSize + 24));
}

/** `n` commits of one page-sized row each, as saves commit one by one. */
function commit(db: Db, n: number): void {
  const insert = db.prepare('INSERT INTO scratch (body) VALUES (?)');
  for (let i = 0; i < n; i++) insert.run(randomBytes(3000));
}

const until = async (condition: () => boolean) => {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(condition()).toBe(true);
};

describe('WAL checkpoints on their own thread (issue #15)', () => {
  it('the server connection stops checkpointing inside its commits', () => {
    const plain = open();
    commit(plain.db, 1500);
    // SQLite's default: the committing connection checkpoints once the WAL passes 1,000 pages, and the WAL is reused from the start.
    expect(walFrames(plain.path)).toBeLessThan(1100);

    const served = open();
    // A thread that never gets round to it: what is left is whether the connection itself checkpoints.
    withCheckpointer(served.db, { intervalMs: 3_600_000 });
    expect(served.db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    commit(served.db, 1500);
    expect(walFrames(served.path)).toBeGreaterThan(1500);
  });

  it('keeps the WAL bounded after many commits, and truncates it once the writes stop', async () => {
    const rounds = 20;
    const perRound = 100;
    // Without anyone checkpointing, the same commits pile up in the WAL.
    const control = open();
    control.db.pragma('wal_autocheckpoint = 0');
    for (let r = 0; r < rounds; r++) commit(control.db, perRound);
    const unbounded = walFrames(control.path);
    expect(unbounded).toBeGreaterThan(rounds * perRound);

    const { db, path } = open();
    const checkpointer = withCheckpointer(db, { intervalMs: 5, idleMs: 20 });
    let largest = 0;
    for (let r = 0; r < rounds; r++) {
      commit(db, perRound);
      largest = Math.max(largest, walFrames(path));
      // The thread sees the writes stop and empties the -wal file, with no help from this connection.
      await until(() => walFrames(path) === 0);
    }
    expect(largest).toBeLessThan(unbounded / 5);
    expect(checkpointer.stats.checkpoints).toBeGreaterThan(0);
    expect(db.prepare('SELECT COUNT(*) FROM scratch').pluck().get()).toBe(rounds * perRound);
  });

  it('starts the WAL over while the writes go on, never waiting for a pause', async () => {
    const { db } = open();
    const checkpointer = withCheckpointer(db, { intervalMs: 5, idleMs: 3_600_000, restartFrames: 200 });
    let commits = 0;
    // Commits one after another, as a busy server makes them (the event loop turns between them),
    // for as long as the thread needs to start and restart twice: bounded by time, not by a count
    // of commits, since under a full parallel suite the thread's start alone outlasted 5,000.
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline && checkpointer.stats.restarts < 2) {
      commit(db, 5);
      commits += 5;
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(checkpointer.stats.restarts).toBe(2);
    commit(db, 1);
    // Frames since the last restart only: far fewer than the commits made (each is 2 frames or more).
    const { log } = await checkpointer.checkpoint();
    expect(log).toBeLessThan(commits);
  });

  it('answers a checkpoint asked for, from its own connection', async () => {
    const { db } = open();
    const checkpointer = withCheckpointer(db, { intervalMs: 3_600_000 });
    commit(db, 50);
    const result = await checkpointer.checkpoint();
    expect(result).toMatchObject({ mode: 'PASSIVE', busy: 0 });
    expect(result.log).toBeGreaterThanOrEqual(50);
    expect(result.checkpointed).toBe(result.log);
  });

  it('on close checkpoints a last time, and closing the database leaves no -wal file', async () => {
    const { db, path } = open();
    const checkpointer = withCheckpointer(db, { intervalMs: 3_600_000 });
    commit(db, 200);
    expect(walFrames(path)).toBeGreaterThan(0);
    await checkpointer.close();
    expect(checkpointer.stats.last).toMatchObject({ mode: 'TRUNCATE', busy: 0 });
    expect(walFrames(path)).toBe(0);
    db.close();
    expect(existsSync(`${path}-wal`)).toBe(false);
    const check = new Database(path, { readonly: true });
    expect(check.prepare('SELECT COUNT(*) FROM scratch').pluck().get()).toBe(200);
    check.close();
  });

  it('loses nothing committed when the thread is killed mid-work, and the connection checkpoints by itself again', async () => {
    const { db, path } = open();
    const errors: unknown[] = [];
    const checkpointer = withCheckpointer(db, { intervalMs: 1, idleMs: 1, onError: (error) => errors.push(error) });
    const written: Buffer[] = [];
    const insert = db.prepare('INSERT INTO scratch (body) VALUES (?)');
    const write = (n: number) => {
      for (let i = 0; i < n; i++) {
        const body = randomBytes(3000);
        insert.run(body);
        written.push(body);
      }
    };
    for (let r = 0; r < 5; r++) {
      write(100);
      await checkpointer.nextCheckpoint();
    }
    write(100);
    // Killed while the writes it has not copied yet are still only in the WAL.
    await checkpointer.worker.terminate();
    expect(errors).toHaveLength(1);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    // 1,500 commits are over 3,000 frames: checkpointing by itself, the connection starts the WAL over after 1,000.
    const before = walFrames(path);
    write(1500);
    expect(walFrames(path)).toBeLessThan(before + 1100);
    await expect(checkpointer.checkpoint()).rejects.toThrow(/stopped/);

    const reader = new Database(path, { readonly: true });
    try {
      expect(reader.pragma('integrity_check', { simple: true })).toBe('ok');
      const rows = reader.prepare('SELECT body FROM scratch ORDER BY id').pluck().all() as Buffer[];
      expect(rows.length).toBe(written.length);
      expect(rows.every((row, i) => row.equals(written[i]!))).toBe(true);
    } finally {
      reader.close();
    }
  });
});

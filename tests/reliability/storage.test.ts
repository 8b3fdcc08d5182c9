import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createServices } from '../../src/services/index.js';
import { openDatabase } from '../../src/store/db.js';
import { createHealthProbe, storageProblem } from '../../src/store/health.js';
import { createStore } from '../../src/store/index.js';
import { createApp } from '../../src/web/app.js';
import { TEST_SCRYPT, makeDocument, makeUser } from '../helpers/factories.js';
import { close, listen } from '../helpers/http-server.js';
import { ROOT } from '../helpers/server-process.js';

/**
 * The database failing under the server (issue #12): a damaged page, a full disk, a file
 * that is no database. /healthz must say so, requests must answer a clear 503 and change
 * nothing, and start-up must end in one sentence, never a stack trace.
 */
const dirs: string[] = [];
afterEach(() => { for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true }); });
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'duizhao-storage-'));
  dirs.push(dir);
  return dir;
}

/** `duizhao serve` on `db`; resolves when it exits or, if it starts, with what it printed once it is stopped. */
function serve(db: string): Promise<{ code: number | null; output: string; started: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'cli.ts'), 'serve'], {
      cwd: ROOT, env: { ...process.env, DUIZHAO_DB: db, PORT: '0', HOST: '127.0.0.1' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let started = false;
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (!started && output.includes('running at http://')) {
        started = true;
        child.kill('SIGTERM');
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.once('exit', (code) => { clearTimeout(timer); resolve({ code, output, started }); });
  });
}

/** A database with a document in it, closed, then the root page of `table` overwritten. */
async function damagedDatabase(table: string): Promise<string> {
  const path = join(tempDir(), 'damaged.sqlite');
  const { db } = openDatabase(path);
  const services = createServices({ store: createStore(db), scrypt: TEST_SCRYPT });
  await makeDocument(services);
  const { rootpage } = db.prepare('SELECT rootpage FROM sqlite_master WHERE name = ?').get(table) as { rootpage: number };
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  db.close();
  const fd = openSync(path, 'r+');
  writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, (rootpage - 1) * pageSize);
  closeSync(fd);
  return path;
}

const oneSentence = (output: string) => {
  const lines = output.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(output).not.toMatch(/\n\s+at /);
  return lines[0]!;
};

describe('start-up on a database that cannot be used', () => {
  it('refuses a file that is not a database in one sentence', async () => {
    const path = join(tempDir(), 'notes.sqlite');
    writeFileSync(path, 'These are my notes, not a database.\n'.repeat(200));
    const result = await serve(path);
    expect(result.started).toBe(false);
    expect(result.code).toBe(1);
    expect(oneSentence(result.output)).toMatch(/cannot use the database .*notes\.sqlite: The database file is not a SQLite database.*\(SQLITE_NOTADB\)/);
  }, 90_000);

  it('refuses a folder in place of the file in one sentence', async () => {
    const path = join(tempDir(), 'folder.sqlite');
    mkdirSync(path);
    const result = await serve(path);
    expect(result.code).toBe(1);
    expect(oneSentence(result.output)).toMatch(/cannot be opened.*SQLITE_CANTOPEN/);
  }, 90_000);

  it('refuses a damaged database instead of serving half of it', async () => {
    const result = await serve(await damagedDatabase('documents'));
    expect(result.started).toBe(false);
    expect(result.code).toBe(1);
    expect(oneSentence(result.output)).toMatch(/is damaged \(integrity check: .*\): restore a backup/);
  }, 90_000);

  it('names a read-only database in words', () => {
    const error = Object.assign(new Error('attempt to write a readonly database'), { name: 'SqliteError', code: 'SQLITE_READONLY' });
    expect(storageProblem(error)?.sentence).toMatch(/read-only/);
    expect(storageProblem(new Error('anything else'))).toBeUndefined();
    expect(storageProblem(Object.assign(new Error('UNIQUE constraint failed'), { code: 'SQLITE_CONSTRAINT_UNIQUE' }))).toBeUndefined();
  });
});

async function appOver(path: string) {
  const { db } = openDatabase(path);
  const store = createStore(db);
  const services = createServices({ store, scrypt: TEST_SCRYPT, version: 'test' });
  const errors: unknown[] = [];
  const app = createApp({ store, services, version: 'test', secureCookies: false, log: (_m, e) => errors.push(e) });
  const { server, baseUrl } = await listen(app);
  const { user } = await makeUser(services, { roles: ['translator'], password: 'pw-storage-1' });
  const { token, session } = await services.accounts.login({ name: user.name, password: 'pw-storage-1', client: 'test' });
  const headers = { cookie: `duizhao_session=${token}`, 'x-csrf-token': session.csrfToken };
  return { db, store, services, errors, baseUrl, headers, close: async () => { await close(server); db.close(); } };
}

describe('/healthz tells the truth', () => {
  it('says degraded once a request met a damaged page, and the request gets a clear 503', async () => {
    const running = await appOver(await damagedDatabase('documents'));
    try {
      expect((await fetch(`${running.baseUrl}/healthz`)).status).toBe(200);
      const list = await fetch(`${running.baseUrl}/api/documents`, { headers: running.headers });
      expect(list.status).toBe(503);
      expect(await list.json()).toMatchObject({ error: { code: 'storage_unavailable', message: expect.stringMatching(/damaged: restore a backup/) } });
      const health = await fetch(`${running.baseUrl}/healthz`);
      expect(health.status).toBe(503);
      expect(await health.json()).toMatchObject({ status: 'degraded', database: { ok: false, problem: expect.stringMatching(/damaged/) } });
    } finally {
      await running.close();
    }
  });

  it('says degraded when the disk is full, and a refused import leaves nothing behind', async () => {
    const running = await appOver(join(tempDir(), 'full.sqlite'));
    try {
      const before = running.store.documents.listDocumentSummaries().length;
      // SQLite's own limit on the file's pages fails writes exactly as a full disk does (SQLITE_FULL).
      running.db.pragma(`max_page_count = ${running.db.pragma('page_count', { simple: true }) as number}`);
      const res = await fetch(`${running.baseUrl}/api/documents`, {
        method: 'POST', headers: { ...running.headers, 'content-type': 'application/json' },
        body: JSON.stringify({ title: 'big', text: '两国元首举行会谈。'.repeat(20_000) }),
      });
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ error: { code: 'storage_unavailable', message: expect.stringMatching(/Nothing was saved.*disk holding the database is full/) } });
      expect(running.store.documents.listDocumentSummaries()).toHaveLength(before);
      const health = await fetch(`${running.baseUrl}/healthz`);
      expect(health.status).toBe(503);
      expect(await health.json()).toMatchObject({ database: { ok: false, problem: expect.stringMatching(/full/) } });
    } finally {
      await running.close();
    }
  });

  it('probes with a committed write at most once per few seconds', () => {
    const path = join(tempDir(), 'probe.sqlite');
    const { db } = openDatabase(path);
    let clock = 0;
    const probe = createHealthProbe(db, { cacheMs: 5000, now: () => clock });
    const stamp = () => (db.prepare("SELECT value FROM stamps WHERE name = 'health'").get() as { value: number }).value;
    expect(probe.check()).toEqual({ ok: true, schemaVersion: expect.any(Number), writable: true });
    expect(probe.check().ok).toBe(true);
    expect(stamp()).toBe(1);
    clock += 5000;
    probe.check();
    expect(stamp()).toBe(2);
    // Another connection holding the write lock makes the probe's write fail: not writable.
    const other = new Database(path);
    other.pragma('busy_timeout = 0');
    db.pragma('busy_timeout = 0');
    other.exec('BEGIN IMMEDIATE');
    clock += 5000;
    expect(probe.check()).toMatchObject({ ok: false, writable: false });
    other.exec('ROLLBACK');
    other.close();
    db.close();
  });
});

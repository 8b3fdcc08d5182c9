import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkDatabaseFile } from '../../src/store/backup.js';
import { listHeads, saveSlot, signIn, startServerProcess, type HttpSession } from '../helpers/server-process.js';

const dir = mkdtempSync(join(tmpdir(), 'duizhao-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('crash: SIGKILL mid-load, then restart', () => {
  it('keeps every save that was acknowledged before the kill, and the file passes integrity_check', async () => {
    const db = join(dir, 'crash.sqlite');
    const server = await startServerProcess(db);
    const translator = await signIn(server.baseUrl, 'translator', server.passwords.translator!);
    const admin = await signIn(server.baseUrl, 'admin', server.passwords.admin!);
    const heads = { en: await listHeads(server.baseUrl, translator, 1, 'en', 60), ru: await listHeads(server.baseUrl, translator, 1, 'ru', 60) };
    const acked: { segmentId: number; lang: string; version: number; text: string }[] = [];
    let killed = false;
    let failedAfterKill = 0;

    // Four writers (two per user, one per language each) save without pause until the server dies.
    const writer = (session: HttpSession, lang: 'en' | 'ru', name: string, slice: number) => (async () => {
      const mine = heads[lang].filter((_, i) => i % 2 === slice);
      for (let n = 0; ; n++) {
        const head = mine[n % mine.length]!;
        const text = `${name} ${lang} save ${n} 𠀀 ‮ \u0000`.replace('\u0000', '');
        let result;
        try {
          result = await saveSlot(server.baseUrl, session, 1, head.segmentId, lang, text, head.version);
        } catch {
          if (!killed) throw new Error('the server went away before it was killed');
          failedAfterKill += 1;
          return;
        }
        if (result.status === 200) {
          head.version = result.body.slot!.version;
          acked.push({ segmentId: head.segmentId, lang, version: head.version, text: result.body.slot!.text });
        } else {
          // 429 is the write limit doing its job; anything else is a bug.
          expect(result.status).toBe(429);
        }
        if (acked.length >= 120 && !killed) {
          killed = true;
          server.child.kill('SIGKILL');
        }
      }
    })();
    await Promise.all([writer(translator, 'en', 't', 0), writer(translator, 'ru', 't', 0), writer(admin, 'en', 'a', 1), writer(admin, 'ru', 'a', 1)]);
    expect(await server.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(failedAfterKill).toBeGreaterThan(0);

    // Restart on the same file: SQLite recovers the WAL; the server must come up and serve.
    const restarted = await startServerProcess(db);
    try {
      const session = await signIn(restarted.baseUrl, 'translator', server.passwords.translator!);
      const after = await listHeads(restarted.baseUrl, session, 1, 'en', 60);
      expect(after.length).toBe(heads.en.length);
    } finally {
      restarted.child.kill('SIGTERM');
      await restarted.exited;
    }

    expect(checkDatabaseFile(db).integrity).toEqual(['ok']);
    const check = new Database(db, { readonly: true });
    try {
      const revision = check.prepare('SELECT text FROM revisions WHERE segment_id = ? AND lang = ? AND version = ?');
      const slot = check.prepare('SELECT version FROM slots WHERE segment_id = ? AND lang = ?');
      const lost = acked.filter((a) => (revision.get(a.segmentId, a.lang, a.version) as { text: string } | undefined)?.text !== a.text);
      expect(lost).toEqual([]);
      const behind = acked.filter((a) => (slot.get(a.segmentId, a.lang) as { version: number }).version < a.version);
      expect(behind).toEqual([]);
    } finally {
      check.close();
    }
  }, 60_000);
});

import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkDatabaseFile } from '../../src/store/backup.js';
import { listHeads, saveSlot, signIn, startServerProcess } from '../helpers/server-process.js';

const dir = mkdtempSync(join(tmpdir(), 'duizhao-shutdown-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('serve: graceful shutdown on SIGTERM', () => {
  it('finishes requests in flight, then closes the database with the WAL merged', async () => {
    const db = join(dir, 'shutdown.sqlite');
    const server = await startServerProcess(db);
    const session = await signIn(server.baseUrl, 'translator', server.passwords.translator!);
    const heads = await listHeads(server.baseUrl, session, 1, 'en', 20);
    const [first, ...others] = heads;

    // A save whose headers and half its body are on the wire when the signal arrives.
    const body = JSON.stringify({ text: 'saved across SIGTERM', version: first!.version });
    const url = new URL(`/api/documents/1/slots/${first!.segmentId}/en`, server.baseUrl);
    let inFlight: ReturnType<typeof request> | undefined;
    const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(url, {
        method: 'PUT',
        headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => { text += c.toString('utf8'); });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      });
      req.on('error', reject);
      req.write(body.slice(0, 10));
      inFlight = req;
    });
    // A round trip on another connection: the server has read the first request's headers by now.
    expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200);
    // Saves racing the signal: each either completes or is refused a connection, never half-done.
    const racing = others.map((head, i) => saveSlot(server.baseUrl, session, 1, head.segmentId, 'en', `racing ${i}`, head.version)
      .then((r) => ({ head, i, status: r.status }), () => ({ head, i, status: 0 })));
    server.child.kill('SIGTERM');
    await server.waitFor('Stopping');
    inFlight!.end(body.slice(10));
    const finished = await answer;
    expect(finished.status).toBe(200);
    expect(JSON.parse(finished.body)).toMatchObject({ slot: { text: 'saved across SIGTERM' } });
    const results = await Promise.all(racing);
    expect(results.every((r) => r.status === 200 || r.status === 0)).toBe(true);
    expect(await server.exited).toEqual({ code: 0, signal: null });

    // Closed cleanly: no WAL left to replay, and the file is sound.
    expect(existsSync(`${db}-wal`)).toBe(false);
    expect(checkDatabaseFile(db).integrity).toEqual(['ok']);
    const check = new Database(db, { readonly: true });
    try {
      const text = (id: number) => (check.prepare("SELECT text FROM slots WHERE segment_id = ? AND lang = 'en'").get(id) as { text: string }).text;
      expect(text(first!.segmentId)).toBe('saved across SIGTERM');
      for (const r of results.filter((x) => x.status === 200)) expect(text(r.head.segmentId)).toBe(`racing ${r.i}`);
    } finally {
      check.close();
    }
  }, 60_000);
});

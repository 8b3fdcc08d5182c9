import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkDatabaseFile } from '../../src/store/backup.js';
import { listHeads, saveSlot, signIn, startServerProcess } from '../helpers/server-process.js';

const dir = mkdtempSync(join(tmpdir(), 'duizhao-checkpoint-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const walBytes = (db: string) => (existsSync(`${db}-wal`) ? statSync(`${db}-wal`).size : 0);

async function until(condition: () => boolean): Promise<boolean> {
  for (let i = 0; i < 300 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 50));
  return condition();
}

describe('serve: WAL checkpoints on their own thread (issue #15)', () => {
  it('empties the -wal file while running once the saves stop, and leaves none after SIGTERM', async () => {
    const db = join(dir, 'serve.sqlite');
    const server = await startServerProcess(db);
    try {
      const session = await signIn(server.baseUrl, 'translator', server.passwords.translator!);
      const heads = await listHeads(server.baseUrl, session, 1, 'en', 40);
      for (const [i, head] of heads.entries()) {
        expect((await saveSlot(server.baseUrl, session, 1, head.segmentId, 'en', `checkpointed ${i}`, head.version)).status).toBe(200);
      }
      expect(walBytes(db)).toBeGreaterThan(0);
      // SQLite's own checkpoints (in the committing connection) copy the WAL but never shrink
      // the file; the thread truncates it when nothing was committed for a while.
      expect(await until(() => walBytes(db) === 0)).toBe(true);
      const after = await listHeads(server.baseUrl, session, 1, 'en', 40);
      expect(after.map((h) => h.text)).toEqual(heads.map((_, i) => `checkpointed ${i}`));
    } finally {
      server.child.kill('SIGTERM');
    }
    expect(await server.exited).toEqual({ code: 0, signal: null });
    expect(existsSync(`${db}-wal`)).toBe(false);
    expect(checkDatabaseFile(db).integrity).toEqual(['ok']);
  }, 60_000);
});

/**
 * A client that reconnects to a restarted server must not silently miss the changes made
 * meanwhile: event ids of the old run mean nothing to the new one, so it is told to reload.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listHeads, saveSlot, signIn, startServerProcess, type HttpSession } from '../helpers/server-process.js';

const dir = mkdtempSync(join(tmpdir(), 'duizhao-restart-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Server-sent events of document 1 until `until` holds (or 10 s pass). */
async function readEvents(baseUrl: string, session: HttpSession, lastEventId: string | undefined, until: (events: { id: string; event: string }[]) => boolean) {
  const controller = new AbortController();
  const res = await fetch(`${baseUrl}/api/documents/1/events`, {
    headers: { cookie: session.cookie, ...(lastEventId && { 'last-event-id': lastEventId }) }, signal: controller.signal,
  });
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const events: { id: string; event: string }[] = [];
  let buffer = '';
  const deadline = Date.now() + 10_000;
  try {
    while (!until(events) && Date.now() < deadline) {
      const next = await Promise.race([reader.read(), new Promise<{ done: true; value: undefined }>((r) => setTimeout(() => r({ done: true, value: undefined }), deadline - Date.now()))]);
      if (next.done) break;
      buffer += decoder.decode(next.value, { stream: true });
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const field = (name: string) => block.split('\n').find((l) => l.startsWith(`${name}: `))?.slice(name.length + 2);
        const event = field('event');
        if (event) events.push({ id: field('id') ?? '', event });
      }
    }
  } finally {
    controller.abort();
  }
  return events;
}

describe('live events across a restart', () => {
  it('tell a client reconnecting with an id from before the restart to reload', async () => {
    const db = join(dir, 'restart.sqlite');
    const first = await startServerProcess(db);
    const session = await signIn(first.baseUrl, 'translator', first.passwords.translator!);
    const seen = await readEvents(first.baseUrl, session, undefined, (events) => events.length > 0);
    const lastId = seen.at(-1)!.id;
    expect(lastId).not.toBe('');
    first.child.kill('SIGTERM');
    expect((await first.exited).code).toBe(0);

    const second = await startServerProcess(db);
    try {
      // Someone saves on the new server before the client is back.
      const [head] = await listHeads(second.baseUrl, session, 1, 'en', 5);
      expect((await saveSlot(second.baseUrl, session, 1, head!.segmentId, 'en', 'Saved after the restart.', head!.version)).status).toBe(200);
      const events = await readEvents(second.baseUrl, session, lastId, (list) => list.some((e) => e.event === 'reload' || e.event === 'slot'));
      expect(events.filter((e) => e.event !== 'presence').map((e) => e.event)).toEqual(['reload']);
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
  }, 90_000);
});

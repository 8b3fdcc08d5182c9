import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/client/api.js';
import { SaveQueue, type HeadView, type SaveRequest, type SaveStorage, type Timers } from '../../../src/client/editor/save-queue.js';
import type { SlotSaved } from '../../../src/web/api-types.js';

/** A storage like the browser's, in memory. */
class MemoryStorage implements SaveStorage {
  readonly map = new Map<string, string>();
  full = false;
  get length() { return this.map.size; }
  key(i: number) { return [...this.map.keys()][i] ?? null; }
  getItem(k: string) { return this.map.get(k) ?? null; }
  setItem(k: string, v: string) {
    if (this.full) throw new Error('QuotaExceededError');
    this.map.set(k, v);
  }
  removeItem(k: string) { this.map.delete(k); }
}

/** Timers that run only when the test advances the clock. */
class FakeTimers implements Timers {
  private next = 1;
  now = 0;
  readonly due = new Map<number, { at: number; callback: () => void }>();
  setTimeout(callback: () => void, ms: number) {
    const id = this.next++;
    this.due.set(id, { at: this.now + ms, callback });
    return id;
  }
  clearTimeout(id: number | undefined) { if (id !== undefined) this.due.delete(id); }
  /** Advances the clock, running what falls due in order. */
  async advance(ms: number) {
    const end = this.now + ms;
    for (;;) {
      const [id, timer] = [...this.due.entries()].sort((a, b) => a[1].at - b[1].at).find(([, t]) => t.at <= end) ?? [];
      if (id === undefined || !timer) break;
      this.due.delete(id);
      this.now = timer.at;
      timer.callback();
      await flush();
    }
    this.now = end;
  }
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

function head(segmentId: number, text: string, version: number): HeadView {
  return { kind: 'head', segmentId, lang: 'en', text, status: 'draft', version, span: 1, confidence: null, reasons: [], updatedAt: '2026-01-01T00:00:00.000Z' };
}

/** A server holding one version per slot, answering like PUT /slots (409 on a stale version). */
function fakeServer() {
  const versions = new Map<number, { text: string; version: number }>();
  const requests: SaveRequest[] = [];
  let failure: ApiError | null = null;
  const transport = async (request: SaveRequest): Promise<SlotSaved> => {
    requests.push(request);
    await flush();
    if (failure) throw failure;
    const current = versions.get(request.segmentId) ?? { text: '', version: 1 };
    if (current.version !== request.version) {
      throw new ApiError(409, 'stale_version', 'Someone else saved this slot.', { current: head(request.segmentId, current.text, current.version) });
    }
    const next = { text: request.text, version: current.version + 1 };
    versions.set(request.segmentId, next);
    return { slot: head(request.segmentId, next.text, next.version), history: { canUndo: true, canRedo: false, undoLabel: 'edit', redoLabel: null } };
  };
  return { versions, requests, transport, fail(error: ApiError | null) { failure = error; } };
}

function setup(storage = new MemoryStorage(), server = fakeServer(), timers = new FakeTimers()) {
  const log: string[] = [];
  const conflicts: { text: string; current: HeadView | null }[] = [];
  const queue = new SaveQueue({
    documentId: 7, transport: server.transport, storage, timers,
    now: () => timers.now,
    events: {
      saved: (answer, save, settled) => log.push(`saved ${save.segmentId} v${answer.slot.kind === 'head' ? answer.slot.version : '?'}${settled ? '' : ' (more pending)'}`),
      conflict: (save, current) => conflicts.push({ text: save.text, current }),
      refused: (_save, message) => log.push(`refused: ${message}`),
      changed: () => undefined,
    },
  });
  return { queue, storage, server, timers, log, conflicts };
}

describe('the save queue', () => {
  it('sends after a pause in typing, once, with the version typed against, and forgets the local copy', async () => {
    const { queue, storage, server, timers, log } = setup();
    queue.edit(1, 'en', 'Hel', 1);
    await timers.advance(300);
    queue.edit(1, 'en', 'Hello', 1);
    expect(storage.length).toBe(1);
    expect(queue.summary().state).toBe('saving');
    await timers.advance(799);
    expect(server.requests).toEqual([]);
    await timers.advance(1);
    expect(server.requests).toEqual([{ segmentId: 1, lang: 'en', text: 'Hello', version: 1, confirm: false }]);
    expect(log).toEqual(['saved 1 v2']);
    expect(queue.summary().state).toBe('saved');
    expect(queue.hasUnsaved()).toBe(false);
    expect(storage.length).toBe(0);
  });

  it('keeps the text while offline, retries with back-off, and sends it when the connection returns', async () => {
    const { queue, storage, server, timers, log } = setup();
    server.fail(new ApiError(0, 'offline', 'The server cannot be reached.'));
    queue.edit(1, 'en', 'Offline text', 1);
    await timers.advance(800);
    expect(queue.summary()).toEqual({ state: 'failed', failed: 1 });
    expect(queue.get(1, 'en')?.text).toBe('Offline text');
    expect(JSON.parse(storage.getItem('duizhao:unsaved:7:1:en') ?? '{}')).toMatchObject({ text: 'Offline text', version: 1 });
    await timers.advance(2000);
    expect(server.requests).toHaveLength(2);
    await timers.advance(4000);
    expect(server.requests).toHaveLength(3);
    server.fail(null);
    queue.retryAll();
    await flush();
    await flush();
    expect(log).toEqual(['saved 1 v2']);
    expect(server.versions.get(1)?.text).toBe('Offline text');
    expect(storage.length).toBe(0);
  });

  it('retries after a server error (5xx) and after 429, but not after a refusal for good', async () => {
    const { queue, server, timers, log } = setup();
    server.fail(new ApiError(503, 'http_error', 'The server answered 503.'));
    queue.edit(1, 'en', 'Try again', 1);
    await timers.advance(800);
    server.fail(new ApiError(429, 'too_many_requests', 'Too many changes at once.'));
    await timers.advance(2000);
    server.fail(null);
    await timers.advance(4000);
    expect(log).toEqual(['saved 1 v2']);
    expect(server.requests).toHaveLength(3);

    server.fail(new ApiError(422, 'validation_failed', 'A slot holds at most 100,000 characters.'));
    queue.edit(2, 'en', 'x'.repeat(10), 1);
    await timers.advance(800);
    await timers.advance(60_000);
    expect(server.requests).toHaveLength(4);
    expect(log).toContain('refused: A slot holds at most 100,000 characters.');
    expect(queue.get(2, 'en')?.text).toBe('xxxxxxxxxx');
    expect(queue.summary().state).toBe('failed');
  });

  it('sends again after a reload what the server never confirmed', async () => {
    const storage = new MemoryStorage();
    const server = fakeServer();
    const first = setup(storage, server);
    server.fail(new ApiError(0, 'offline', 'offline'));
    first.queue.edit(3, 'en', 'Typed before the crash', 1);
    await first.timers.advance(800);
    expect(storage.length).toBe(1);
    storage.setItem('duizhao:unsaved:7:9:en', '{not json');
    storage.setItem('duizhao:unsaved:8:1:en', JSON.stringify({ segmentId: 1, lang: 'en', text: 'other document', version: 1 }));

    // A new page: a new queue over the same storage.
    server.fail(null);
    const second = setup(storage, server);
    expect(second.queue.restore()).toBe(1);
    await flush();
    await flush();
    expect(server.versions.get(3)?.text).toBe('Typed before the crash');
    expect(second.log).toEqual(['saved 3 v2']);
    expect([...storage.map.keys()]).toEqual(['duizhao:unsaved:8:1:en']);
  });

  it('stops on a conflict and resolves it by keeping mine, taking theirs or editing on', async () => {
    const { queue, storage, server, timers, conflicts, log } = setup();
    server.versions.set(1, { text: 'Theirs', version: 5 });
    queue.edit(1, 'en', 'Mine', 4);
    await timers.advance(800);
    expect(conflicts).toEqual([{ text: 'Mine', current: head(1, 'Theirs', 5) }]);
    expect(queue.summary().state).toBe('conflict');
    // Typing on while the conflict is open keeps the conflict (no silent overwrite).
    queue.edit(1, 'en', 'Mine!', 4);
    await timers.advance(800);
    expect(server.requests).toHaveLength(1);
    await queue.keepMine(queue.get(1, 'en')!, 5);
    expect(server.versions.get(1)).toEqual({ text: 'Mine!', version: 6 });
    expect(log).toEqual(['saved 1 v6']);

    server.versions.set(2, { text: 'Theirs 2', version: 3 });
    queue.edit(2, 'en', 'Mine 2', 1);
    await timers.advance(800);
    queue.discard(queue.get(2, 'en')!);
    expect(queue.get(2, 'en')).toBeUndefined();
    expect(storage.getItem('duizhao:unsaved:7:2:en')).toBeNull();
    expect(server.versions.get(2)?.text).toBe('Theirs 2');

    server.versions.set(3, { text: 'Theirs 3', version: 2 });
    queue.edit(3, 'en', 'Mine 3', 1);
    await timers.advance(800);
    queue.rebase(queue.get(3, 'en')!, 2);
    queue.edit(3, 'en', 'Mine 3, edited', 1);
    await timers.advance(800);
    expect(server.versions.get(3)).toEqual({ text: 'Mine 3, edited', version: 3 });
  });

  it('sends what was typed while a save was in flight against the new version', async () => {
    const { queue, server, timers, log } = setup();
    queue.edit(1, 'en', 'One', 1);
    const sending = queue.flush(1, 'en');
    // The request is on its way; the person types on.
    queue.edit(1, 'en', 'One two', 1);
    await sending;
    expect(log).toEqual(['saved 1 v2 (more pending)']);
    expect(queue.get(1, 'en')?.version).toBe(2);
    await timers.advance(800);
    expect(server.versions.get(1)).toEqual({ text: 'One two', version: 3 });
    expect(queue.hasUnsaved()).toBe(false);
  });

  it('confirms with the text given, and keeps working when the storage is full', async () => {
    const storage = new MemoryStorage();
    storage.full = true;
    const { queue, server } = setup(storage);
    await queue.confirm(1, 'en', 'Final text', 1);
    expect(server.requests).toEqual([{ segmentId: 1, lang: 'en', text: 'Final text', version: 1, confirm: true }]);
    expect(queue.hasUnsaved()).toBe(false);
  });
});

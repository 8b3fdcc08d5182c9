import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEventHub } from '../../src/services/events.js';
import { startTestApp, type Login, type TestApp } from '../helpers/test-app.js';

let app: TestApp;
let li: Login;
let zhao: Login;
let documentId: number;

beforeEach(async () => {
  app = await startTestApp();
  li = await app.login(['translator'], 'li.wei');
  zhao = await app.login(['translator'], 'zhao');
  ({ documentId } = await app.services.documents.importDocument({ title: 't', text: '一。二。', langs: ['en'], user: null }));
});
afterEach(() => app.close());

/** Reads server-sent events from a stream until `until` matches one, or times out. */
async function readEvents(response: Response, until: (events: { id?: string; event: string; data: string }[]) => boolean) {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const events: { id?: string; event: string; data: string }[] = [];
  const deadline = Date.now() + 5000;
  while (!until(events) && Date.now() < deadline) {
    const { value, done } = await Promise.race([reader.read(), new Promise<{ value: undefined; done: true }>((r) => setTimeout(() => r({ value: undefined, done: true }), 5000))]);
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const fields = Object.fromEntries(block.split('\n').filter((l) => !l.startsWith(':')).map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 2)]));
      if (fields.event) events.push({ id: fields.id, event: fields.event, data: fields.data ?? '' });
    }
  }
  await reader.cancel();
  return events;
}

describe('live updates', () => {
  it('tells an open editor about someone else\'s save and who is here', async () => {
    const stream = await app.request(`/api/documents/${documentId}/events`, { as: li });
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const segment = app.store.segments.listSegments(documentId)[0]!;
    const slot = app.store.slots.findSlot(segment.id, 'en');
    if (slot?.kind !== 'head') throw new Error('expected a head');
    await app.request(`/api/documents/${documentId}/presence`, {
      method: 'POST', as: zhao, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ segmentId: segment.id, lang: 'en' }),
    });
    await app.request(`/api/documents/${documentId}/slots/${segment.id}/en`, {
      method: 'PUT', as: zhao, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'One.', version: slot.version }),
    });
    const events = await readEvents(stream, (list) => list.some((e) => e.event === 'slot'));
    const saved = events.find((e) => e.event === 'slot')!;
    expect(JSON.parse(saved.data)).toEqual({ type: 'slot', by: { id: zhao.userId, name: 'zhao' }, segmentId: segment.id, lang: 'en' });
    const presence = events.filter((e) => e.event === 'presence').map((e) => JSON.parse(e.data) as { people: { name: string; initials: string; segmentId: number | null }[] });
    expect(presence.at(-1)?.people).toEqual(expect.arrayContaining([
      expect.objectContaining({ name: 'zhao', initials: 'ZH', segmentId: segment.id }),
      expect.objectContaining({ name: 'li.wei', initials: 'LW' }),
    ]));
  });

  it('replays what a reconnecting client missed, after Last-Event-ID', async () => {
    const first = await app.request(`/api/documents/${documentId}/events`, { as: li });
    const seen = await readEvents(first, (list) => list.length > 0);
    const lastId = seen.at(-1)!.id!;
    const segment = app.store.segments.listSegments(documentId)[1]!;
    const user = app.store.users.findUserByName('zhao')!;
    app.services.slots.applyOperation({ documentId, kind: 'merge-segments', segmentId: app.store.segments.listSegments(documentId)[0]!.id, user });
    const again = await app.request(`/api/documents/${documentId}/events`, { as: li, headers: { 'last-event-id': lastId } });
    const replayed = await readEvents(again, (list) => list.some((e) => e.event === 'region'));
    expect(JSON.parse(replayed.find((e) => e.event === 'region')!.data)).toMatchObject({ type: 'region', startPosition: 0, replacedCount: 2, newCount: 1 });
    expect(segment.id).toBeGreaterThan(0);
  });

  it('refuses streams without a session and for unknown documents', async () => {
    expect((await app.request(`/api/documents/${documentId}/events`)).status).toBe(401);
    expect((await app.request('/api/documents/9999/events', { as: li })).status).toBe(404);
  });
});

describe('the event hub', () => {
  it('asks a client that missed more than the buffer holds to reload', () => {
    const hub = createEventHub();
    const ids: string[] = [];
    hub.subscribe(1, undefined, ({ id }) => ids.push(id));
    for (let i = 0; i < 600; i++) hub.publish(1, { type: 'slot', by: { id: 1, name: 'a' }, segmentId: i + 1, lang: 'en' });
    const got: string[] = [];
    hub.subscribe(1, ids[4], ({ event }) => got.push(event.type));
    expect(got).toEqual(['reload']);
    const recent: number[] = [];
    hub.subscribe(1, ids[589], ({ event }) => { if (event.type === 'slot') recent.push(event.segmentId); });
    expect(recent).toEqual([591, 592, 593, 594, 595, 596, 597, 598, 599, 600]);
  });

  it('tells a client whose last event came from before a restart to reload, instead of skipping what it missed', () => {
    const slot = (segmentId: number) => ({ type: 'slot' as const, by: { id: 1, name: 'a' }, segmentId, lang: 'en' });
    const before = createEventHub();
    let lastSeen: string | undefined;
    before.subscribe(1, undefined, ({ id }) => { lastSeen = id; });
    for (let i = 1; i <= 5; i++) before.publish(1, slot(i));
    // The server restarts: a new hub, whose counter starts again, gets two saves.
    const after = createEventHub();
    after.publish(1, slot(6));
    after.publish(1, slot(7));
    const got: { id: string; type: string }[] = [];
    after.subscribe(1, lastSeen, ({ id, event }) => got.push({ id, type: event.type }));
    expect(got.map((e) => e.type)).toEqual(['reload']);
    // After the reload the client holds an id of this run and is caught up from there.
    const caughtUp: number[] = [];
    after.subscribe(1, got[0]!.id, ({ event }) => { if (event.type === 'slot') caughtUp.push(event.segmentId); });
    after.publish(1, slot(8));
    expect(caughtUp).toEqual([8]);
    // An id that is no id of any run (a plain number from an older server, garbage) reloads too.
    for (const foreign of ['3', 'x-1', `${'9'.repeat(40)}`]) {
      const seen: string[] = [];
      after.subscribe(1, foreign, ({ event }) => seen.push(event.type));
      expect(seen).toEqual(['reload']);
    }
  });

  it('ends every open stream on shutdown', () => {
    const hub = createEventHub();
    const ended: number[] = [];
    hub.subscribe(1, undefined, () => undefined, () => ended.push(1));
    hub.subscribe(2, undefined, () => undefined, () => ended.push(2));
    hub.shutdown();
    expect(ended.sort()).toEqual([1, 2]);
  });

  it('drops people whose heartbeats stop, and people who close their last connection', () => {
    let now = 0;
    const hub = createEventHub({ now: () => now });
    hub.updatePresence(1, { id: 1, name: 'anna' }, { segmentId: 5, lang: 'en' });
    hub.updatePresence(1, { id: 2, name: 'bo' }, { segmentId: null, lang: null }, 'open');
    expect(hub.presence(1).map((p) => p.name)).toEqual(['anna', 'bo']);
    now = 25_000;
    expect(hub.presence(1).map((p) => p.name)).toEqual(['bo']);
    hub.updatePresence(1, { id: 2, name: 'bo' }, { segmentId: null, lang: null }, 'close');
    expect(hub.presence(1)).toEqual([]);
  });
});

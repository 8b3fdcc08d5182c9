import { describe, expect, it } from 'vitest';
import { createEventHub, REPLAY_BUFFER, type Delivered } from '../../../src/services/events.js';

const by = { id: 1, name: 'li' };

/** A hub with `count` slot events published to document 1 (segment ids 1…count). */
function hubWith(count: number) {
  const hub = createEventHub({ epoch: 'e1' });
  for (let i = 1; i <= count; i++) hub.publish(1, { type: 'slot', by, segmentId: i, lang: 'en' });
  return hub;
}

function replayed(hub: ReturnType<typeof createEventHub>, lastEventId: string): Delivered[] {
  const got: Delivered[] = [];
  hub.subscribe(1, lastEventId, (d) => got.push(d))();
  return got;
}

describe('the replay buffer of live events', () => {
  it('replays every event after Last-Event-ID while fewer than the buffer were published', () => {
    const got = replayed(hubWith(10), 'e1-7');
    expect(got.map((d) => d.id)).toEqual(['e1-8', 'e1-9', 'e1-10']);
  });

  it.each([REPLAY_BUFFER + 2, 3 * REPLAY_BUFFER + 17])('after %i events, replays exactly the last REPLAY_BUFFER of them', (count) => {
    const hub = hubWith(count);
    const oldestKept = count - REPLAY_BUFFER + 1;
    // A client that saw the event just before the oldest kept one misses nothing: all of it is replayed.
    const all = replayed(hub, `e1-${oldestKept - 1}`);
    expect(all).toHaveLength(REPLAY_BUFFER);
    expect(all[0]!.id).toBe(`e1-${oldestKept}`);
    expect(all.at(-1)!.id).toBe(`e1-${count}`);
    expect(all.map((d) => (d.event.type === 'slot' ? d.event.segmentId : 0))).toEqual(Array.from({ length: REPLAY_BUFFER }, (_, i) => oldestKept + i));
    // One that saw only an earlier event missed a dropped one: it is told to reload.
    const missed = replayed(hub, `e1-${oldestKept - 2}`);
    expect(missed.map((d) => d.event.type)).toEqual(['reload']);
  });

  it('keeps documents apart', () => {
    const hub = hubWith(REPLAY_BUFFER + 5);
    hub.publish(2, { type: 'slot', by, segmentId: 9, lang: 'ru' });
    const got: Delivered[] = [];
    hub.subscribe(2, 'e1-1', (d) => got.push(d))();
    expect(got.map((d) => d.id)).toEqual([`e1-${REPLAY_BUFFER + 6}`]);
  });
});

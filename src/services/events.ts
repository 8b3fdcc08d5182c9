/**
 * Live updates for open editors: an in-memory hub per document that services publish
 * to after they commit, with a short replay buffer so a client that reconnects with
 * Last-Event-ID catches up, and presence (who is on which slot). One server process
 * holds it; several processes would need a shared bus.
 *
 * Event ids are `<epoch>-<n>`: the epoch is new at every server start, so an id from
 * before a restart is never mistaken for one of this run's (the counter starts again
 * at 1) and the client is told to reload instead of silently skipping what it missed.
 */
import { randomBytes } from 'node:crypto';
import type { ReviewPass } from '../domain.js';
import { TooManyRequestsError } from './errors.js';

export type LiveEvent =
  | { type: 'slot'; by: { id: number; name: string }; segmentId: number; lang: string; review?: { decision: 'approved' | 'rejected'; pass: ReviewPass } }
  | { type: 'region'; by: { id: number; name: string }; startPosition: number; replacedCount: number; newCount: number }
  | { type: 'comment'; by: { id: number; name: string }; segmentId: number; lang: string }
  | { type: 'reload'; by: { id: number; name: string } | null; reason: string }
  | { type: 'presence'; people: Presence[] };

export interface Presence { userId: number; name: string; initials: string; segmentId: number | null; lang: string | null }

/** An event with its id, `<epoch>-<n>` (the SSE `id:` field). */
export interface Delivered { id: string; event: LiveEvent }
type Listener = (delivered: Delivered) => void;
/** A document's last REPLAY_BUFFER events for replay: `events[first…]`; the ones before `first` are dropped. */
interface ReplayBuffer { events: (Delivered & { n: number })[]; first: number }
interface Subscription { listener: Listener; end?: () => void; userId?: number }

/** Events kept per document for a client that reconnects with Last-Event-ID. */
export const REPLAY_BUFFER = 500;
/**
 * Open event streams one user may hold (issue #12: 500 were accepted, each a socket and a
 * listener). A person rarely has more than a few editor tabs open; 8 leaves room for that.
 */
export const MAX_STREAMS_PER_USER = 8;
const PRESENCE_TTL_MS = 20_000;

export function initials(name: string): string {
  const parts = name.split(/[\s._-]+/).filter(Boolean);
  const letters = parts.length > 1 ? `${parts[0]![0]}${parts[1]![0]}` : name.slice(0, 2);
  return letters.toUpperCase();
}

/** A new epoch for each hub (each server start): time and randomness, no `-`. */
function newEpoch(): string {
  return `${Date.now().toString(36)}${randomBytes(4).toString('hex')}`;
}

export function createEventHub(options: { now?: () => number; epoch?: string } = {}) {
  const now = options.now ?? Date.now;
  const epoch = options.epoch ?? newEpoch();
  if (!/^[a-z0-9]+$/.test(epoch)) throw new Error(`An event epoch is letters and digits, not "${epoch}".`);
  let nextId = 1;
  const idOf = (n: number) => `${epoch}-${n}`;
  /** This run's counter value of an id, or undefined for an id of another run (or none at all). */
  const counterOf = (id: string): number | undefined => {
    const match = /^([a-z0-9]+)-(\d+)$/.exec(id);
    return match && match[1] === epoch ? Number(match[2]) : undefined;
  };
  const buffers = new Map<number, ReplayBuffer>();
  // Per document, the id of the newest event pushed out of the buffer.
  const dropped = new Map<number, number>();
  const listeners = new Map<number, Set<Subscription>>();
  const presence = new Map<number, Map<number, Presence & { seenAt: number; connections: number }>>();

  function deliver(documentId: number, event: LiveEvent): void {
    const n = nextId++;
    const delivered = { id: idOf(n), n, event };
    if (event.type !== 'presence') {
      let buffer = buffers.get(documentId);
      if (!buffer) buffers.set(documentId, buffer = { events: [], first: 0 });
      buffer.events.push(delivered);
      if (buffer.events.length - buffer.first > REPLAY_BUFFER) {
        dropped.set(documentId, buffer.events[buffer.first]!.n);
        buffer.first += 1;
        // Dropped events are cut away once REPLAY_BUFFER of them gathered: an event costs the same
        // whatever the buffer holds (a splice of the whole buffer per save was 1.4 % of the
        // server's time under the load bench, issue #15).
        if (buffer.first >= REPLAY_BUFFER) {
          buffer.events = buffer.events.slice(buffer.first);
          buffer.first = 0;
        }
      }
    }
    for (const subscription of listeners.get(documentId) ?? []) subscription.listener({ id: delivered.id, event });
  }

  function people(documentId: number): Presence[] {
    const here = presence.get(documentId);
    if (!here) return [];
    const cutoff = now() - PRESENCE_TTL_MS;
    for (const [userId, p] of here) if (p.seenAt < cutoff && p.connections === 0) here.delete(userId);
    return [...here.values()].map(({ seenAt: _s, connections: _c, ...p }) => p).sort((a, b) => a.name.localeCompare(b.name));
  }

  const streams = new Map<number, number>();

  return {
    /**
     * Counts a user's new event stream, or refuses it past MAX_STREAMS_PER_USER (the new one,
     * not the oldest: closing an old tab's stream would make it reconnect and close another).
     * Returns the release to call when the stream ends.
     */
    openStream(userId: number): () => void {
      const open = streams.get(userId) ?? 0;
      if (open >= MAX_STREAMS_PER_USER) {
        throw new TooManyRequestsError(`You already have ${open} live connections open (tabs or windows with a document). Close one, and this page connects by itself.`, 30);
      }
      streams.set(userId, open + 1);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        const left = (streams.get(userId) ?? 1) - 1;
        if (left > 0) streams.set(userId, left);
        else streams.delete(userId);
      };
    },

    publish(documentId: number, event: Exclude<LiveEvent, { type: 'presence' }>): void {
      deliver(documentId, event);
    },

    /**
     * Listens to a document. Events after `lastEventId` (the client's Last-Event-ID) that
     * are still buffered are sent first; if some were already dropped, or the id is from
     * before this server started, a `reload` tells the client to fetch afresh.
     */
    subscribe(documentId: number, lastEventId: string | undefined, listener: Listener, end?: () => void, userId?: number): () => void {
      if (lastEventId !== undefined && lastEventId !== '') {
        const last = counterOf(lastEventId);
        const reload = (reason: string) => listener({ id: idOf(nextId - 1), event: { type: 'reload', by: null, reason } });
        if (last === undefined) {
          reload('The server restarted while you were disconnected; reloading to show every change.');
        } else if (last < (dropped.get(documentId) ?? 0)) {
          reload('Missed too many changes while disconnected.');
        } else {
          const buffer = buffers.get(documentId);
          if (buffer) {
            for (let i = buffer.first; i < buffer.events.length; i++) {
              const d = buffer.events[i]!;
              if (d.n > last) listener({ id: d.id, event: d.event });
            }
          }
        }
      }
      const set = listeners.get(documentId) ?? new Set<Subscription>();
      const subscription: Subscription = { listener, ...(end && { end }), ...(userId !== undefined && { userId }) };
      set.add(subscription);
      listeners.set(documentId, set);
      return () => {
        set.delete(subscription);
        if (set.size === 0) listeners.delete(documentId);
      };
    },

    /** Records where a person is (heartbeat or a move) and tells everyone in the document. */
    updatePresence(documentId: number, user: { id: number; name: string }, at: { segmentId: number | null; lang: string | null }, connection?: 'open' | 'close'): void {
      const here = presence.get(documentId) ?? new Map();
      presence.set(documentId, here);
      const current = here.get(user.id) ?? { userId: user.id, name: user.name, initials: initials(user.name), segmentId: null, lang: null, seenAt: now(), connections: 0 };
      current.seenAt = now();
      if (connection === 'open') current.connections += 1;
      if (connection === 'close') current.connections = Math.max(0, current.connections - 1);
      if (connection !== 'close') {
        current.segmentId = at.segmentId;
        current.lang = at.lang;
        here.set(user.id, current);
      } else if (current.connections === 0) {
        here.delete(user.id);
      }
      deliver(documentId, { type: 'presence', people: people(documentId) });
    },

    /** Ends the open streams of one user (deactivated, or signed out everywhere): they must not keep reading. */
    disconnectUser(userId: number): void {
      for (const set of listeners.values()) for (const subscription of set) if (subscription.userId === userId) subscription.end?.();
    },

    /** Ends every open stream (the server is stopping); clients reconnect to the next server. */
    shutdown(): void {
      for (const set of listeners.values()) for (const subscription of set) subscription.end?.();
    },

    presence(documentId: number): Presence[] {
      return people(documentId);
    },

    /** Drops people whose heartbeats stopped and tells the documents they left. */
    sweep(): void {
      for (const documentId of presence.keys()) {
        const before = presence.get(documentId)?.size ?? 0;
        const list = people(documentId);
        if (list.length !== before) deliver(documentId, { type: 'presence', people: list });
      }
    },
  };
}

export type EventHub = ReturnType<typeof createEventHub>;

/**
 * Live updates for one document over server-sent events, and this person's presence.
 * EventSource reconnects by itself and sends Last-Event-ID, so the server replays what
 * was missed (or says to reload when too much was).
 */
import type { LiveEvent, Presence } from '../web/api-types.js';
import { api } from './api.js';

const HEARTBEAT_MS = 10_000;
/** At most one presence report per this interval: holding ↓ sends the last place, not every row. */
export const PRESENCE_INTERVAL_MS = 1000;
/** The server's Retry-After for a refused stream (services/events.ts MAX_STREAMS_PER_USER). */
const REFUSED_RETRY_MS = 30_000;

export interface LiveHandlers {
  onEvent(event: Exclude<LiveEvent, { type: 'presence' }>): void;
  onPresence(people: Presence[]): void;
  onStatus(state: 'live' | 'reconnecting'): void;
}

export class LiveUpdates {
  private source: EventSource | null = null;
  private at: { segmentId: number | null; lang: string | null } = { segmentId: null, lang: null };
  private timer: number | undefined;
  private sent = '';
  /** When the last report went out, and the report waiting for the interval to pass. */
  private lastReport = -Infinity;
  private waiting: number | undefined;
  private retry: number | undefined;

  constructor(private readonly documentId: number, private readonly handlers: LiveHandlers) {}

  start(): void {
    const source = new EventSource(`/api/documents/${this.documentId}/events`);
    this.source = source;
    for (const type of ['slot', 'region', 'comment', 'reload'] as const) {
      source.addEventListener(type, (message) => this.handlers.onEvent(JSON.parse((message as MessageEvent<string>).data) as Exclude<LiveEvent, { type: 'presence' }>));
    }
    source.addEventListener('presence', (message) => {
      const event = JSON.parse((message as MessageEvent<string>).data) as Extract<LiveEvent, { type: 'presence' }>;
      this.handlers.onPresence(event.people);
    });
    source.addEventListener('open', () => {
      this.handlers.onStatus('live');
      this.sent = '';
      this.report();
    });
    source.addEventListener('error', () => {
      this.handlers.onStatus('reconnecting');
      // A refused stream (429: too many open at once) is not retried by EventSource itself.
      if (source.readyState === EventSource.CLOSED && this.source === source) {
        window.clearInterval(this.timer);
        this.retry = window.setTimeout(() => this.start(), REFUSED_RETRY_MS);
      }
    });
    this.timer = window.setInterval(() => {
      this.sent = '';
      this.report();
    }, HEARTBEAT_MS);
  }

  /** Where this person is; sent when it changes (coalesced to one report a second) and as a heartbeat. */
  moveTo(segmentId: number | null, lang: string | null): void {
    this.at = { segmentId, lang };
    this.report();
  }

  private report(): void {
    const key = `${this.at.segmentId}:${this.at.lang}`;
    if (key === this.sent || this.waiting !== undefined) return;
    const wait = this.lastReport + PRESENCE_INTERVAL_MS - performance.now();
    if (wait > 0) {
      // Moves within the interval collapse into one report of wherever the cursor is then.
      this.waiting = window.setTimeout(() => {
        this.waiting = undefined;
        this.report();
      }, wait);
      return;
    }
    this.sent = key;
    this.lastReport = performance.now();
    api('POST', `/api/documents/${this.documentId}/presence`, this.at).catch(() => {
      // Presence is best effort; the next heartbeat tries again.
      this.sent = '';
    });
  }

  stop(): void {
    window.clearTimeout(this.retry);
    this.source?.close();
    window.clearInterval(this.timer);
    window.clearTimeout(this.waiting);
  }
}

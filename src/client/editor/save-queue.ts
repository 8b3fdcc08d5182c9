/**
 * The save queue: the code that guarantees no typed text is lost.
 *
 * Every change to a slot's text becomes a pending save, kept in the page and in the
 * browser's storage until the server confirms it. Saves go out after a pause in typing
 * (or at once on flush), carry the version the text was typed against, retry with
 * back-off when the server cannot be reached or fails, stop and say why when the server
 * refuses the text for good, and hand a 409 to the conflict dialog. After a reload the
 * texts still in storage are sent again.
 *
 * Everything outside the page's memory is injected (the transport, the storage and the
 * timers), so tests drive it offline, with failing servers and with a fake clock.
 */
import type { SlotSaved, SlotView } from '../../web/api-types.js';
import { ApiError } from '../api.js';

export type HeadView = Extract<SlotView, { kind: 'head' }>;
export type SaveState = 'saving' | 'failed' | 'conflict';

export interface PendingSave {
  segmentId: number;
  lang: string;
  text: string;
  /** The version the text was typed against. */
  version: number;
  confirm: boolean;
  state: SaveState;
  attempt: number;
  timer?: number;
}

export interface SaveRequest { segmentId: number; lang: string; text: string; version: number; confirm: boolean }

/** Sends one save; throws ApiError (code `offline` when the server cannot be reached). */
export type SaveTransport = (request: SaveRequest) => Promise<SlotSaved>;
export type SaveStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem' | 'key' | 'length'>;
export interface Timers { setTimeout(callback: () => void, ms: number): number; clearTimeout(id: number | undefined): void }

export interface SaveQueueEvents {
  /** The server stored a text; `settled` is false when more was typed meanwhile and is still pending. */
  saved(answer: SlotSaved, save: PendingSave, settled: boolean): void;
  /** Someone else saved the slot first: show both texts (the save waits for a decision). */
  conflict(save: PendingSave, current: HeadView | null): void;
  /** The server refused the text for good (too long, no permission): the text stays here. */
  refused(save: PendingSave, message: string): void;
  /** Any change of state, for the "All changes saved" badge. */
  changed(): void;
}

export interface SaveQueueOptions {
  documentId: number;
  transport: SaveTransport;
  storage: SaveStorage;
  timers: Timers;
  events: SaveQueueEvents;
  /** The pause in typing after which a save goes out. */
  autosaveMs?: number;
  now?: () => number;
}

export const AUTOSAVE_MS = 800;
const MAX_RETRY_MS = 30_000;

/** What the badge shows: the worst state of any pending save. */
export interface SaveSummary { state: 'saved' | SaveState; failed: number }

export class SaveQueue {
  private readonly pending = new Map<string, PendingSave>();
  private readonly prefix: string;
  private readonly autosaveMs: number;
  private readonly now: () => number;

  constructor(private readonly options: SaveQueueOptions) {
    this.prefix = `duizhao:unsaved:${options.documentId}:`;
    this.autosaveMs = options.autosaveMs ?? AUTOSAVE_MS;
    this.now = options.now ?? (() => Date.now());
  }

  private key(segmentId: number, lang: string): string {
    return `${segmentId}:${lang}`;
  }

  /** The save not yet confirmed by the server for this slot, if any. */
  get(segmentId: number, lang: string): PendingSave | undefined {
    return this.pending.get(this.key(segmentId, lang));
  }

  /** True while any text is not yet confirmed by the server (the page warns before unloading). */
  hasUnsaved(): boolean {
    return this.pending.size > 0;
  }

  summary(): SaveSummary {
    const states = [...this.pending.values()].map((p) => p.state);
    const failed = states.filter((s) => s === 'failed').length;
    if (states.includes('conflict')) return { state: 'conflict', failed };
    if (failed > 0) return { state: 'failed', failed };
    if (states.includes('saving')) return { state: 'saving', failed };
    return { state: 'saved', failed };
  }

  /** A new text typed into a slot last seen at `version`: saved after a pause. */
  edit(segmentId: number, lang: string, text: string, version: number): void {
    const key = this.key(segmentId, lang);
    const existing = this.pending.get(key);
    const save: PendingSave = existing ? { ...existing, text } : { segmentId, lang, text, version, confirm: false, state: 'saving', attempt: 0 };
    this.options.timers.clearTimeout(existing?.timer);
    save.state = save.state === 'conflict' ? 'conflict' : 'saving';
    save.timer = this.options.timers.setTimeout(() => void this.send(key), this.autosaveMs);
    this.pending.set(key, save);
    this.persist(save);
    this.options.events.changed();
  }

  /** Sends this slot's pending text now (leaving a slot, before an operation). */
  async flush(segmentId: number, lang: string): Promise<void> {
    const key = this.key(segmentId, lang);
    const save = this.pending.get(key);
    if (!save || save.state === 'conflict') return;
    this.options.timers.clearTimeout(save.timer);
    await this.send(key);
  }

  /** Saves `text` as the translator's confirmed translation; resolves when the server answered. */
  async confirm(segmentId: number, lang: string, text: string, version: number): Promise<void> {
    const key = this.key(segmentId, lang);
    const pending = this.pending.get(key);
    this.options.timers.clearTimeout(pending?.timer);
    const save: PendingSave = { segmentId, lang, text, version: pending?.version ?? version, confirm: true, state: 'saving', attempt: 0 };
    this.pending.set(key, save);
    this.persist(save);
    await this.send(key);
  }

  /** Sends at once every save waiting to retry (the connection came back). */
  retryAll(): void {
    for (const [key, save] of this.pending) {
      if (save.state !== 'failed') continue;
      this.options.timers.clearTimeout(save.timer);
      void this.send(key);
    }
  }

  /** Conflict resolved with "Keep mine": send the text again over their version. */
  keepMine(save: PendingSave, theirVersion: number | undefined): Promise<void> {
    save.version = theirVersion ?? save.version;
    save.state = 'saving';
    return this.send(this.key(save.segmentId, save.lang));
  }

  /** Conflict resolved with "Take theirs": forget this text. */
  discard(save: PendingSave): void {
    const key = this.key(save.segmentId, save.lang);
    this.options.timers.clearTimeout(save.timer);
    this.pending.delete(key);
    this.options.storage.removeItem(this.prefix + key);
    this.options.events.changed();
  }

  /** Conflict resolved with "Edit": keep the text, typed against their version, until the next edit sends it. */
  rebase(save: PendingSave, theirVersion: number | undefined): void {
    save.version = theirVersion ?? save.version;
    save.state = 'failed';
    this.persist(save);
    this.options.events.changed();
  }

  /** Texts typed before a reload or crash that the server never confirmed are sent again; returns how many. */
  restore(): number {
    const storage = this.options.storage;
    const restored: PendingSave[] = [];
    const broken: string[] = [];
    for (let i = 0; i < storage.length; i++) {
      const name = storage.key(i);
      if (!name?.startsWith(this.prefix)) continue;
      try {
        const value = JSON.parse(storage.getItem(name) ?? '') as { segmentId: number; lang: string; text: string; version: number; confirm?: boolean };
        if (typeof value.segmentId !== 'number' || typeof value.lang !== 'string' || typeof value.text !== 'string' || typeof value.version !== 'number') throw new Error('not a save');
        restored.push({ segmentId: value.segmentId, lang: value.lang, text: value.text, version: value.version, confirm: value.confirm ?? false, state: 'saving', attempt: 0 });
      } catch {
        broken.push(name);
      }
    }
    for (const name of broken) storage.removeItem(name);
    for (const save of restored) {
      const key = this.key(save.segmentId, save.lang);
      this.pending.set(key, save);
      void this.send(key);
    }
    return restored.length;
  }

  /** Sends one pending save; on success reports it, on 409 opens the conflict, otherwise retries. */
  private async send(key: string): Promise<void> {
    const save = this.pending.get(key);
    if (!save || save.state === 'conflict') return;
    save.state = 'saving';
    save.timer = undefined;
    this.options.events.changed();
    const sent = save.text;
    try {
      const answer = await this.options.transport({ segmentId: save.segmentId, lang: save.lang, text: sent, version: save.version, confirm: save.confirm });
      const current = this.pending.get(key);
      let settled = true;
      if (current && current.text === sent && current.timer === undefined) {
        this.pending.delete(key);
        this.options.storage.removeItem(this.prefix + key);
      } else if (current && answer.slot.kind === 'head') {
        // More was typed while this save was in flight: send it against the new version.
        current.version = answer.slot.version;
        current.confirm = false;
        this.persist(current);
        settled = false;
      }
      this.options.events.saved(answer, save, settled);
      this.options.events.changed();
    } catch (error) {
      if (error instanceof ApiError && error.code === 'stale_version') {
        save.state = 'conflict';
        this.persist(save);
        this.options.events.conflict(save, (error.details?.current ?? null) as HeadView | null);
      } else if (error instanceof ApiError && error.status >= 400 && error.status < 500 && error.status !== 401 && error.status !== 408 && error.status !== 429) {
        // The server refused this text for good (too long, no permission): keep it, say why.
        save.state = 'failed';
        this.options.events.refused(save, error.message);
      } else {
        save.state = 'failed';
        save.attempt += 1;
        const delay = Math.min(MAX_RETRY_MS, 1000 * 2 ** save.attempt);
        save.timer = this.options.timers.setTimeout(() => void this.send(key), delay);
      }
      this.options.events.changed();
    }
  }

  private persist(save: PendingSave): void {
    try {
      this.options.storage.setItem(this.prefix + this.key(save.segmentId, save.lang), JSON.stringify({
        segmentId: save.segmentId, lang: save.lang, text: save.text, version: save.version, confirm: save.confirm, at: this.now(),
      }));
    } catch {
      // Storage full or disabled: the text still lives in the page and keeps retrying.
    }
  }
}

/**
 * What the main thread (export-tmx-workers.ts) and a TMX export worker (tmx-export-worker.ts)
 * say to each other.
 */
import type { ExportSpec } from './export-run.js';

export interface TmxWorkerJob {
  path: string;
  spec: ExportSpec;
  srclang: string;
  /** This producer's number, from 0, and how many share the export. */
  producer: number;
  producers: number;
  /** Segments a block holds (when several producers share the export). */
  blockSegments: number;
  chunkBytes: number;
  /** Chunks it may have sent that the main thread has not taken. */
  ahead: number;
  /** Int32 [0]: chunks the main thread has taken; [1]: non-zero when the worker must stop. */
  control: SharedArrayBuffer;
}

/** What it has counted so far, as the run's stats count them. */
export interface TmxWorkerCounts { units: number; removedChars: number; groups: number; skippedGroups: number }

export type TmxWorkerMessage =
  | { type: 'ready' }
  | { type: 'chunk'; chunk: Uint8Array }
  | { type: 'block-end'; counts: TmxWorkerCounts }
  | { type: 'done'; counts: TmxWorkerCounts }
  /** `code`: the SqliteError's (SQLITE_CANTOPEN …), so the server can tell a storage failure. */
  | { type: 'error'; message: string; code?: string }
  /** After every job, however it ended: its snapshot is closed and it may be given another. */
  | { type: 'finished' };

/** Indexes of a worker's control array (Int32): chunks the main thread has taken; non-zero when the worker must stop. */
export const TAKEN = 0;
export const STOP = 1;

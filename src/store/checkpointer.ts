import { Worker } from 'node:worker_threads';
import type { Db } from './db.js';
import type { CheckpointResult, CheckpointWorkerData, FromWorker, ToWorker } from './checkpoint-worker.js';

export type { CheckpointResult } from './checkpoint-worker.js';

/** SQLite's own default for wal_autocheckpoint, put back when the checkpointer stops. */
const SQLITE_AUTOCHECKPOINT = 1000;

export interface CheckpointerOptions {
  /** How often the thread looks for new commits to checkpoint (ms). */
  intervalMs?: number;
  /** After how long without a commit it truncates the -wal file (ms). */
  idleMs?: number;
  /**
   * From how many frames in the WAL it restarts it (holding the write lock for a moment, during
   * which a save waits). 8,000 frames (~32 MB of WAL): with 2,000, a probe of 4,000 saves had
   * about twice the saves over 2 ms and 500 was worse again; the file shrinks to 0 once idle.
   */
  restartFrames?: number;
  /** Called when the thread fails; the server's connection then checkpoints by itself again. */
  onError?: (error: unknown) => void;
}

export interface CheckpointStats { checkpoints: number; restarts: number; last: CheckpointResult | null }

export interface Checkpointer {
  /** The thread, for tests that stop it the hard way. */
  readonly worker: Worker;
  /** Checkpoints the thread ran so far, how many of them started the WAL over (RESTART, TRUNCATE), and the last one's answer. */
  readonly stats: CheckpointStats;
  /** A PASSIVE checkpoint now, on the thread; resolves with SQLite's answer. */
  checkpoint(): Promise<CheckpointResult>;
  /** Resolves after the thread's next checkpoint, whoever asked for it. */
  nextCheckpoint(): Promise<CheckpointResult>;
  /** Last checkpoint (TRUNCATE), then the thread's connection closes and the thread ends. */
  close(): Promise<void>;
}

/** The thread's entry beside this module: built, dist/store/checkpoint-worker.js; from sources through tsx's loader (as services/worker-start.ts). */
function startThread(workerData: CheckpointWorkerData): Worker {
  if (import.meta.url.endsWith('.js')) return new Worker(new URL('./checkpoint-worker.js', import.meta.url), { workerData });
  const loader = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./checkpoint-worker.ts', import.meta.url).href;
  const code = `import(${JSON.stringify(loader)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(code, { eval: true, workerData });
}

/**
 * Moves WAL checkpoints off the connection `db` (the server's, which answers requests) onto a
 * second connection in a worker thread (issue #15). SQLite's default has the committing
 * connection checkpoint inside the commit once the WAL passes 1,000 pages: about every 150
 * saves one save copied ~1,200 pages and synced the file while every other request waited.
 *
 * Durability is unchanged: commits are exactly as durable as `synchronous` says (a checkpoint
 * only copies frames that are already committed in the WAL), and the thread checkpoints with
 * the same `synchronous`. If the thread dies, `db` goes back to checkpointing by itself.
 * Only the server starts one; commands that open the database for one job do not need it.
 * The thread keeps the process alive until close().
 */
export function startCheckpointer(db: Db, options: CheckpointerOptions = {}): Checkpointer {
  if (db.memory) throw new Error('An in-memory database has no WAL to checkpoint.');
  const worker = startThread({
    path: db.name, intervalMs: options.intervalMs ?? 100, idleMs: options.idleMs ?? 1000, restartFrames: options.restartFrames ?? 8000,
    synchronous: db.pragma('synchronous', { simple: true }) as number,
  });
  // The thread does it from now on; set before the thread runs, so no commit checkpoints here.
  db.pragma('wal_autocheckpoint = 0');
  const stats: CheckpointStats = { checkpoints: 0, restarts: 0, last: null };
  const asked = new Map<number, (result: CheckpointResult) => void>();
  const waiting: ((result: CheckpointResult) => void)[] = [];
  let nextId = 1;
  let closing = false;
  let failure: unknown = null;

  worker.on('message', (message: FromWorker) => {
    if (message.type !== 'checkpointed') return;
    stats.checkpoints += 1;
    if (message.result.mode !== 'PASSIVE' && message.result.busy === 0) stats.restarts += 1;
    stats.last = message.result;
    if (message.id !== null) {
      asked.get(message.id)?.(message.result);
      asked.delete(message.id);
    }
    for (const resolve of waiting.splice(0)) resolve(message.result);
  });
  worker.on('error', (error) => {
    failure = error;
  });
  const exited = new Promise<void>((resolve) => {
    worker.once('exit', (code) => {
      // Ended without being asked (an error, or terminated): keep the WAL bounded the old way.
      if (db.open) db.pragma(`wal_autocheckpoint = ${SQLITE_AUTOCHECKPOINT}`);
      if (!closing) options.onError?.(failure ?? new Error(`the checkpoint thread exited with code ${code}`));
      resolve();
    });
  });
  const gone = () => new Error('The checkpoint thread has stopped.');

  return {
    worker,
    stats,
    checkpoint() {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        asked.set(id, resolve);
        worker.postMessage({ type: 'checkpoint', id } satisfies ToWorker);
        void exited.then(() => {
          if (asked.delete(id)) reject(gone());
        });
      });
    },
    nextCheckpoint() {
      return new Promise((resolve, reject) => {
        waiting.push(resolve);
        void exited.then(() => reject(gone()));
      });
    },
    async close() {
      if (!closing) {
        closing = true;
        worker.postMessage({ type: 'close' } satisfies ToWorker);
      }
      await exited;
    },
  };
}

/**
 * The WAL checkpointer's thread (store/checkpointer.ts starts it): its own connection to the
 * server's database file, copying committed WAL frames into the main file so that the
 * connection answering requests never does it inside a commit (issue #15).
 *
 * Every `intervalMs` it looks whether another connection committed since its last look
 * (PRAGMA data_version, one read of shared memory) and if so runs a PASSIVE checkpoint, which
 * never waits for and never blocks readers or the writer; when the WAL holds `restartFrames`
 * frames or more, a RESTART one after it, so that the WAL is written from its start again.
 * Once nothing was committed for
 * `idleMs` it runs one TRUNCATE checkpoint, so the -wal file goes back to zero bytes; with
 * busy_timeout 0 it gives up at once (and tries at the next tick) if anyone is using the WAL,
 * instead of holding the write lock while it waits.
 */
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';

export interface CheckpointWorkerData { path: string; intervalMs: number; idleMs: number; restartFrames: number; synchronous: number }
export type CheckpointMode = 'PASSIVE' | 'RESTART' | 'TRUNCATE';
/** SQLite's answer to PRAGMA wal_checkpoint: busy 1 when it could not finish, frames in the WAL, frames copied. */
export interface CheckpointResult { mode: CheckpointMode; busy: number; log: number; checkpointed: number }
export type ToWorker = { type: 'checkpoint'; id: number } | { type: 'close' };
export type FromWorker = { type: 'checkpointed'; id: number | null; result: CheckpointResult } | { type: 'closed' };

const port = parentPort!;
const { path, intervalMs, idleMs, restartFrames, synchronous } = workerData as CheckpointWorkerData;
const db = new Database(path, { fileMustExist: true });
db.pragma('busy_timeout = 0');
db.pragma('wal_autocheckpoint = 0');
// A checkpoint syncs the WAL before and the main file after copying as this says: the server's setting.
db.pragma(`synchronous = ${synchronous}`);
const dataVersion = db.prepare('PRAGMA data_version').pluck();
const statements = {
  PASSIVE: db.prepare('PRAGMA wal_checkpoint(PASSIVE)'),
  RESTART: db.prepare('PRAGMA wal_checkpoint(RESTART)'),
  TRUNCATE: db.prepare('PRAGMA wal_checkpoint(TRUNCATE)'),
};

function checkpoint(mode: CheckpointMode, id: number | null = null): CheckpointResult {
  const row = statements[mode].get() as { busy: number; log: number; checkpointed: number };
  const result = { mode, busy: row.busy, log: row.log, checkpointed: row.checkpointed };
  port.postMessage({ type: 'checkpointed', id, result } satisfies FromWorker);
  return result;
}

let seen = dataVersion.get() as number;
let lastCommit = performance.now();
// A WAL left by the last run (or written before this thread started) is truncated at the first idle tick.
let truncated = false;
let incomplete = false;

const timer = setInterval(() => {
  const version = dataVersion.get() as number;
  const now = performance.now();
  if (version !== seen || incomplete) {
    if (version !== seen) {
      seen = version;
      lastCommit = now;
      truncated = false;
    }
    let result = checkpoint('PASSIVE');
    // The writer starts the WAL over only when it finds every frame copied as it begins, which a
    // busy server never leaves time for: past `restartFrames`, take the write lock for a moment
    // (copying only what was committed since the PASSIVE one) and start the WAL over.
    if (result.log >= restartFrames) result = checkpoint('RESTART');
    // A reader on an older snapshot keeps some frames in the WAL: try again at the next tick.
    incomplete = result.busy !== 0 || result.checkpointed < result.log;
  } else if (!truncated && now - lastCommit >= idleMs) {
    const result = checkpoint('TRUNCATE');
    truncated = result.busy === 0;
  }
}, intervalMs);

port.on('message', (message: ToWorker) => {
  if (message.type === 'checkpoint') {
    checkpoint('PASSIVE', message.id);
    return;
  }
  clearInterval(timer);
  // The last checkpoint before the server's own connection closes (which checkpoints what is left and removes the -wal).
  checkpoint('TRUNCATE');
  db.close();
  port.postMessage({ type: 'closed' } satisfies FromWorker);
  port.close();
});

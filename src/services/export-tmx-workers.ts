/**
 * A TMX body written by worker threads (issue #15): each reads its own snapshot and
 * encodes its blocks of the export (tmx-export-worker.ts); this thread only writes the
 * head and the tail and hands the workers' chunks on in file order, so the bytes are
 * those the in-thread writer gives. Several workers share a large export block by block;
 * their snapshots are checked to show one state (nothing committed while they were
 * taken), else they are taken again, and in the end one worker writes it all.
 */
import type { Worker } from 'node:worker_threads';
import { tmxHead, tmxTail, TMX_CHUNK_BYTES, type TmxHeaderInput } from '../formats/tmx-writer.js';
import { openCommitWatch } from '../store/snapshot.js';
import type { ExportRun } from './export-run.js';
import { STOP, TAKEN, type TmxWorkerCounts, type TmxWorkerJob, type TmxWorkerMessage } from './tmx-export-protocol.js';
import { startWorker } from './worker-start.js';

export interface TmxWorkerOptions {
  /** Workers sharing one export (1 or more); 0 writes every TMX export in this thread. */
  producers: number;
  /** Exports of fewer segments than this are written in this thread: a worker's start would cost more than it saves. */
  minSegments: number;
  /** Segments of a block, when several workers share an export. */
  blockSegments: number;
  /** Chunks a worker may be ahead of this thread (its read-ahead, chunkBytes each). */
  ahead: number;
  /** How long a finished worker is kept for the next export before it is ended (ms). */
  keepMs: number;
}

/**
 * Where the figures come from (the document of bench/tmx.ts, 100,000 groups, and a 3,000-segment
 * copy of it, built code, load average 4.5-6.9 on 2 cores, per-thread CPU from /proc):
 * - producers: the 100,000-group export took 1.32-1.39 s of CPU in one thread; one worker
 *   took as long (1.34-1.40 s), two took 0.73-0.77 s each, so two share it.
 * - minSegments: a worker costs about 100 ms of CPU to start and warm (3,000 segments:
 *   62-122 ms in-thread, 173-190 ms with one worker, about 300 ms with two), some 7,000
 *   segments of writing; below 10,000 segments the split cannot win back its starts.
 * - blockSegments: 256, 1,024 and 4,096 gave the same CPU time within noise (2.07-2.21 s in
 *   all, two workers); 1,024 segments keeps a block near a megabyte of TMX.
 * - ahead: 8 chunks of 256 KB, 2 MB a worker may be ahead of the writes.
 */
export const TMX_WORKER_DEFAULTS: TmxWorkerOptions = {
  producers: 2,
  minSegments: 10_000,
  blockSegments: 1_024,
  ahead: 8,
  keepMs: 30_000,
};

/** How often snapshots taken while something was committed are taken again before one worker writes it all. */
const SNAPSHOT_ATTEMPTS = 2;

/**
 * Workers that finished an export, kept for the next (unreferenced: they keep no process
 * alive): starting one costs about 100 ms of CPU, and a kept one has its code compiled
 * (two kept ones: 1.62-1.72 s of CPU in all for bench/tmx.ts's export, against 1.85-2.17 s
 * started afresh and 1.55-1.59 s in one thread, built code, load 8). A kept one holds its
 * heap (the two: some 140 MB of RSS), so one unused for `keepMs` (30 s by default) is ended.
 */
const idle: { worker: Worker; gone: () => void; timer: NodeJS.Timeout }[] = [];
/** How long a stopped worker may take to say it has closed its snapshot before it is terminated. */
const STOP_GRACE_MS = 2_000;

function takeWorker(): Worker {
  const kept = idle.pop();
  if (!kept) return startWorker('tmx-export-worker');
  kept.worker.off('exit', kept.gone);
  clearTimeout(kept.timer);
  kept.worker.ref();
  return kept.worker;
}

function keepWorker(worker: Worker, keepMs: number): void {
  // One that dies while kept is forgotten, not handed to the next export.
  const gone = () => {
    clearTimeout(entry.timer);
    const at = idle.indexOf(entry);
    if (at >= 0) idle.splice(at, 1);
  };
  const entry = { worker, gone, timer: setTimeout(() => void worker.terminate(), keepMs).unref() };
  worker.once('exit', gone);
  worker.unref();
  idle.push(entry);
}

/** One export's use of a worker, and the messages it has sent that were not yet taken. */
class Producer {
  readonly worker: Worker;
  readonly control = new Int32Array(new SharedArrayBuffer(8));
  private readonly queue: TmxWorkerMessage[] = [];
  private waiting: ((message: TmxWorkerMessage) => void) | undefined;
  private ended = false;
  /** Resolved when the worker has said `finished` (its snapshot closed), false when it died first. */
  private readonly finished: Promise<boolean>;
  private readonly listeners: { message: (m: TmxWorkerMessage) => void; error: (e: Error) => void; exit: (code: number) => void };

  constructor(job: Omit<TmxWorkerJob, 'control'>) {
    this.worker = takeWorker();
    let settle: (healthy: boolean) => void = () => undefined;
    this.finished = new Promise((resolve) => {
      settle = resolve;
    });
    this.listeners = {
      message: (message) => {
        if (message.type === 'finished') settle(true);
        else this.push(message);
      },
      error: (error) => {
        settle(false);
        this.push({ type: 'error', message: error.message });
      },
      exit: (code) => {
        settle(false);
        this.push({ type: 'error', message: `its worker stopped (exit code ${code}) before the end` });
      },
    };
    this.worker.on('message', this.listeners.message);
    this.worker.on('error', this.listeners.error);
    this.worker.on('exit', this.listeners.exit);
    this.worker.postMessage({ ...job, control: this.control.buffer } satisfies TmxWorkerJob);
  }

  private push(message: TmxWorkerMessage): void {
    if (this.ended) return;
    if (message.type === 'done' || message.type === 'error') this.ended = true;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = undefined;
      resolve(message);
    } else this.queue.push(message);
  }

  next(): Promise<TmxWorkerMessage> | TmxWorkerMessage {
    const message = this.queue.shift();
    if (message) return message;
    return new Promise((resolve) => {
      this.waiting = resolve;
    });
  }

  /** A chunk was taken: the worker may write one more. */
  took(): void {
    Atomics.add(this.control, TAKEN, 1);
    Atomics.notify(this.control, TAKEN);
  }

  /**
   * Stops the worker's export (if it still runs) and waits until its snapshot is closed;
   * then keeps the worker for the next export, or terminates it when it did not answer,
   * failed, or enough are kept already.
   */
  async stop(keepMs: number): Promise<void> {
    this.ended = true;
    Atomics.store(this.control, STOP, 1);
    Atomics.notify(this.control, TAKEN);
    let timer: NodeJS.Timeout | undefined;
    const healthy = await Promise.race([this.finished, new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), STOP_GRACE_MS);
    })]);
    clearTimeout(timer);
    this.worker.off('message', this.listeners.message);
    this.worker.off('error', this.listeners.error);
    this.worker.off('exit', this.listeners.exit);
    if (healthy && idle.length < TMX_WORKER_DEFAULTS.producers) keepWorker(this.worker, keepMs);
    else await this.worker.terminate();
  }
}

/** An export's failure, with the code of the worker's SqliteError if it had one (a storage failure is told apart by it). */
function failed(message: string, code?: string): Error {
  const error = new Error(`The TMX export failed: ${message}`);
  return code ? Object.assign(error, { code }) : error;
}

/** Workers started on `job`, once each has taken its snapshot; none are left running when it throws. */
async function startProducers(count: number, job: Omit<TmxWorkerJob, 'control' | 'producer' | 'producers'>, keepMs: number): Promise<Producer[]> {
  for (let attempt = 1; ; attempt++) {
    const producers = count === 1 ? 1 : attempt > SNAPSHOT_ATTEMPTS ? 1 : count;
    const watch = producers > 1 ? openCommitWatch(job.path) : undefined;
    const started: Producer[] = [];
    try {
      for (let producer = 0; producer < producers; producer++) started.push(new Producer({ ...job, producer, producers }));
      for (const p of started) {
        const first = await p.next();
        if (first.type === 'error') throw failed(first.message, first.code);
        if (first.type !== 'ready') throw failed(`its worker sent "${first.type}" before its snapshot`);
      }
      if (!watch?.changed()) return started;
    } catch (error) {
      await Promise.all(started.map((p) => p.stop(keepMs)));
      throw error;
    } finally {
      watch?.close();
    }
    // Something was committed while the snapshots were taken: they may differ.
    await Promise.all(started.map((p) => p.stop(keepMs)));
  }
}

/**
 * The whole TMX file of `run`, its units written by `options.producers` workers reading
 * the database file at `path`; `run.stats` counts what was handed out (units of whole
 * blocks), as the in-thread writer's do.
 */
export async function* workerTmxBody(run: ExportRun, path: string, header: TmxHeaderInput, options: TmxWorkerOptions): AsyncGenerator<Uint8Array> {
  const { stats } = run;
  const encoder = new TextEncoder();
  const producers = await startProducers(Math.max(1, options.producers), {
    path, spec: run.spec, srclang: header.srclang, blockSegments: options.blockSegments, chunkBytes: TMX_CHUNK_BYTES, ahead: options.ahead,
  }, options.keepMs);
  const counts: TmxWorkerCounts[] = producers.map(() => ({ units: 0, removedChars: 0, groups: 0, skippedGroups: 0 }));
  const headStats = { removedChars: 0 };
  const count = () => {
    stats.units = 0;
    stats.removedChars = headStats.removedChars;
    stats.groups = 0;
    stats.skippedGroups = 0;
    for (const c of counts) {
      stats.units += c.units;
      stats.removedChars += c.removedChars;
      stats.groups += c.groups;
      stats.skippedGroups += c.skippedGroups;
    }
  };
  const out = (chunk: Uint8Array) => {
    stats.bytes += chunk.byteLength;
    return chunk;
  };
  try {
    const head = encoder.encode(tmxHead(header, headStats));
    count();
    yield out(head);
    let finished = 0;
    // Block b is producer b mod n's; one with no block left says `done`, and once one has,
    // each after it must too (else their snapshots planned different blocks).
    for (let block = 0; finished < producers.length; block++) {
      const at = block % producers.length;
      const producer = producers[at]!;
      for (;;) {
        const message = await producer.next();
        if (message.type === 'error') throw failed(message.message, message.code);
        if (message.type === 'ready' || message.type === 'finished') throw failed(`a worker sent "${message.type}" in the middle`);
        if (message.type !== 'done' && finished > 0) throw failed('its workers planned different blocks');
        if (message.type === 'chunk') {
          producer.took();
          yield out(message.chunk);
          continue;
        }
        counts[at] = message.counts;
        count();
        if (message.type === 'done') finished += 1;
        break;
      }
    }
    yield out(encoder.encode(tmxTail(stats)));
  } finally {
    await Promise.all(producers.map((p) => p.stop(options.keepMs)));
  }
}

/**
 * How many workers should write the units of `run` (0: this thread writes them): none for
 * an in-memory database (a worker cannot open it), for notes from a caller's CommentSource
 * (it lives in this thread) or for an export of fewer than `minSegments` segments.
 */
export function tmxProducersFor(run: ExportRun, databaseFile: boolean, countSegments: (documentId: number) => number, options: TmxWorkerOptions): number {
  if (options.producers < 1 || !databaseFile) return 0;
  if (run.spec.wantNotes && !run.spec.notesFromSnapshot) return 0;
  let segments = 0;
  for (const document of run.documents) {
    segments += countSegments(document.id);
    if (segments >= options.minSegments) return options.producers;
  }
  return 0;
}

/** Workers kept for the next export (for tests and health pages). */
export function keptTmxWorkers(): number {
  return idle.length;
}

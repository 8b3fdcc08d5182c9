/**
 * `align --batch` on several threads: a pool of worker threads (cli-align-worker.ts) that align
 * a batch's pairs, the largest first (longest-processing-time order: the last pairs to start are
 * the small ones, so the threads finish together), each taking the next pair when it is done.
 * The command reads every outcome in the list's order, so what it writes, and when it stops,
 * does not depend on which thread finished first.
 */
import type { Worker } from 'node:worker_threads';
import type { Lexicon } from './align/lexicon.js';
import type { PairInput, PairOutput, PairSettings } from './cli-align-pair.js';
import { startWorker } from './services/worker-start.js';

/** The first message to a thread: what every pair shares (the batch's one dictionary among it). */
export interface PoolSetup {
  type: 'setup';
  settings: PairSettings;
  lexicon: Lexicon;
}
export type PoolRequest = PoolSetup | { type: 'pair'; index: number; pair: PairInput };
export type PoolReply = { type: 'done'; index: number; output: PairOutput } | { type: 'failed'; index: number; message: string };

/** How a pair came out: aligned, failed (the message says why), or not aligned because the pool was closed. */
export type PairOutcome = { ok: true; output: PairOutput } | { ok: false; message: string; interrupted: boolean };

export interface AlignPool {
  /** The outcome of pair `index` of the batch, once known (never rejects). */
  outcome(index: number): Promise<PairOutcome>;
  /** Ends every thread at once; pairs not done by then come out as interrupted. */
  close(): Promise<void>;
}

/**
 * The thread's entry beside this module. Built, dist/cli-align-worker.js (the `align` command is
 * one bundle, dist/cli-align.js, so this module's URL is that bundle's); from sources (vitest,
 * tsx) cli-align-worker.ts through tsx's loader (services/worker-start.ts).
 */
const startThread = (): Worker => startWorker('cli-align-worker', undefined, import.meta.url);

/** What a pair is expected to cost, for the order: the characters of both sides (features, the band and the dictionary's look-ups all grow with them). */
const costOf = (pair: PairInput): number => pair.src.reduce((s, x) => s + x.text.length, 0) + pair.tgt.reduce((s, x) => s + x.text.length, 0);

/**
 * The pairs in the order the threads take them: the costliest first, ties in the list's order.
 * @example scheduleOrder([{ src: [{ text: 'a' }], tgt: [], anchors: [] }, { src: [{ text: 'bbb' }], tgt: [], anchors: [] }]) // → [1, 0]
 */
export function scheduleOrder(pairs: readonly PairInput[]): number[] {
  const costs = pairs.map(costOf);
  return pairs.map((_, k) => k).sort((x, y) => (costs[y] ?? 0) - (costs[x] ?? 0) || x - y);
}

/**
 * Starts `threads` threads (at least one) on `pairs`; `close` it when done with it. The dictionary
 * is made (`lexicon()`) while the threads start, and handed to each.
 */
export function startAlignPool(pairs: readonly PairInput[], settings: PairSettings, lexicon: () => Lexicon, threads: number): AlignPool {
  const settle: ((outcome: PairOutcome) => void)[] = [];
  const outcomes = pairs.map(() => new Promise<PairOutcome>((resolve) => settle.push(resolve)));
  const settled = new Set<number>();
  const order = scheduleOrder(pairs);
  let next = 0;
  let closed = false;
  const running = new Set<Worker>();

  const finish = (index: number, outcome: PairOutcome): void => {
    if (settled.has(index)) return;
    settled.add(index);
    settle[index]?.(outcome);
  };

  /** Gives `worker` the next pair, or ends it when there is none. */
  const feed = (worker: Worker, busy: { index: number | undefined }): void => {
    const index = order[next];
    if (closed || index === undefined) {
      busy.index = undefined;
      running.delete(worker);
      void worker.terminate();
      return;
    }
    next++;
    busy.index = index;
    const pair = pairs[index];
    if (pair === undefined) throw new RangeError(`the batch has no pair ${index + 1}`);
    // Only what the aligner reads crosses to the thread (not the command's file names).
    const { src, tgt, anchors } = pair;
    worker.postMessage({ type: 'pair', index, pair: { src, tgt, anchors } } satisfies PoolRequest);
  };

  let dictionary: Lexicon | undefined;
  const start = (worker: Worker = startThread()): void => {
    const busy: { index: number | undefined } = { index: undefined };
    running.add(worker);
    worker.on('message', (reply: PoolReply) => {
      finish(reply.index, reply.type === 'done' ? { ok: true, output: reply.output } : { ok: false, message: reply.message, interrupted: false });
      feed(worker, busy);
    });
    // A thread that dies (out of memory, a missing build) fails the pair it held; the rest of
    // the batch goes on in a new one.
    const died = (why: string): void => {
      if (!running.delete(worker) || closed) return;
      if (busy.index !== undefined) finish(busy.index, { ok: false, message: `its thread stopped: ${why}`, interrupted: false });
      busy.index = undefined;
      if (next < order.length) start();
    };
    worker.on('error', (error) => died(error.message));
    worker.on('exit', (code) => died(`exit code ${code}`));
    dictionary ??= lexicon();
    worker.postMessage({ type: 'setup', settings, lexicon: dictionary } satisfies PoolRequest);
    feed(worker, busy);
  };

  // Every thread is started before the dictionary is made, so they load their code meanwhile.
  const first = Array.from({ length: Math.max(1, Math.min(threads, pairs.length)) }, startThread);
  for (const worker of first) start(worker);

  return {
    outcome: (index) => outcomes[index] ?? Promise.resolve({ ok: false, message: `no pair ${index + 1}`, interrupted: false }),
    close: async () => {
      closed = true;
      for (let k = 0; k < pairs.length; k++) finish(k, { ok: false, message: 'interrupted', interrupted: true });
      const ending = [...running].map((w) => w.terminate());
      running.clear();
      await Promise.all(ending);
    },
  };
}

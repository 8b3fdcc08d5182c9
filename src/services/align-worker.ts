/**
 * Runs the aligner in a worker thread so a 10,000-sentence import does not stop the
 * server answering other people. Started by services/align-runner.ts; `npm run build` compiles it.
 */
import { parentPort } from 'node:worker_threads';
import { type AlignOptions, type Sentence } from '../align/aligner.js';
import type { Bead } from '../align/beads.js';
import { alignWithWeakSplits } from '../align/weak-splits.js';

export interface AlignRequest { source: Sentence[]; target: Sentence[]; options: Omit<AlignOptions, 'lexicon' | 'onProgress'> }
export type AlignReply =
  | { type: 'progress'; done: number; total: number }
  | { type: 'done'; beads: Bead[]; target: Sentence[] }
  | { type: 'error'; message: string };

parentPort?.once('message', (request: AlignRequest) => {
  try {
    const options: AlignOptions = {
      ...request.options,
      onProgress: (done: number, total: number) => parentPort?.postMessage({ type: 'progress', done, total } satisfies AlignReply),
    };
    // A pasted translation: its sentences may be cut at weaker boundaries where the Chinese side asks.
    const { beads, target } = alignWithWeakSplits(request.source, request.target, options);
    parentPort?.postMessage({ type: 'done', beads, target } satisfies AlignReply);
  } catch (error) {
    parentPort?.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error) } satisfies AlignReply);
  }
});

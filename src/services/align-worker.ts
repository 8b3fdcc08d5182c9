/**
 * Runs the aligner in a worker thread so a 10,000-sentence import does not stop the
 * server answering other people. Started by services/align-runner.ts; `npm run build` compiles it.
 */
import { parentPort } from 'node:worker_threads';
import { align, type AlignOptions, type Sentence } from '../align/aligner.js';

export interface AlignRequest { source: Sentence[]; target: Sentence[]; options: Omit<AlignOptions, 'lexicon' | 'onProgress'> }
export type AlignReply =
  | { type: 'progress'; done: number; total: number }
  | { type: 'done'; beads: ReturnType<typeof align> }
  | { type: 'error'; message: string };

parentPort?.once('message', (request: AlignRequest) => {
  try {
    const options: AlignOptions = {
      ...request.options,
      onProgress: (done: number, total: number) => parentPort?.postMessage({ type: 'progress', done, total } satisfies AlignReply),
    };
    const beads = align(request.source, request.target, options);
    parentPort?.postMessage({ type: 'done', beads } satisfies AlignReply);
  } catch (error) {
    parentPort?.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error) } satisfies AlignReply);
  }
});

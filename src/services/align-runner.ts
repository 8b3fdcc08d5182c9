import type { Sentence } from '../align/aligner.js';
import type { Bead } from '../align/beads.js';
import type { AlignReply, AlignRequest } from './align-worker.js';
import { startWorker } from './worker-start.js';

export interface AlignInWorkerOptions {
  onProgress?: (done: number, total: number) => void;
  /**
   * Ends the worker at once when aborted, even in the middle of the dynamic programme (a
   * cancelled import of a 10,000-sentence text would otherwise align on for minutes): the
   * promise rejects with the signal's reason once the worker has exited.
   */
  signal?: AbortSignal;
}

/** Aligns in a worker thread, reporting progress as the dynamic programme advances. */
export async function alignInWorker(request: AlignRequest, options: AlignInWorkerOptions = {}): Promise<{ beads: Bead[]; target: Sentence[] }> {
  const { onProgress, signal } = options;
  signal?.throwIfAborted();
  // The worker thread that aligns: dist/services/align-worker.js built, align-worker.ts from sources.
  const worker = startWorker('align-worker');
  let onAbort: (() => void) | undefined;
  try {
    return await new Promise<{ beads: Bead[]; target: Sentence[] }>((resolve, reject) => {
      onAbort = () => reject(signal?.reason);
      signal?.addEventListener('abort', onAbort, { once: true });
      worker.on('message', (reply: AlignReply) => {
        if (reply.type === 'progress') onProgress?.(reply.done, reply.total);
        else if (reply.type === 'done') resolve({ beads: reply.beads, target: reply.target });
        else reject(new Error(reply.message));
      });
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`The aligner stopped unexpectedly (exit code ${code}).`)));
      worker.postMessage(request);
    });
  } finally {
    if (onAbort) signal?.removeEventListener('abort', onAbort);
    await worker.terminate();
  }
}

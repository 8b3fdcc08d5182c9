import { findInText, type CompiledFind, type TextFind } from '../text/find.js';
import { ValidationError } from './errors.js';
import type { FindReply, FindRequest } from './find-worker.js';
import { startWorker } from './worker-start.js';

/**
 * A regular expression search over a whole language column is stopped after this long.
 * Real searches of a 10,000-segment document take tens of milliseconds; the limit leaves
 * room for a busy machine and a worker's start (~0.3 s from sources) while a pattern that
 * backtracks without bound is cut off well before anyone gives up waiting.
 */
export const FIND_TIMEOUT_MS = 5000;

/**
 * Finds (and replaces) in each text. Plain text is escaped, so its search is linear and runs
 * here; a person's regular expression runs in a worker thread that is terminated when it
 * takes longer than `timeoutMs`, refusing the search with `unsafe_pattern`.
 */
export async function runFind(find: CompiledFind, texts: readonly string[], replacement?: string, timeoutMs = FIND_TIMEOUT_MS): Promise<(TextFind | null)[]> {
  if (!find.regex) {
    return texts.map((text) => {
      const found = findInText(find, text, replacement);
      return found.matches.length > 0 ? found : null;
    });
  }
  const worker = startWorker('find-worker');
  let timer: NodeJS.Timeout | undefined;
  try {
    return await new Promise<(TextFind | null)[]>((resolve, reject) => {
      timer = setTimeout(() => reject(new ValidationError(
        `The regular expression took over ${timeoutMs / 1000} s on this document and was stopped; it backtracks too much. Simplify it (fewer nested or adjacent repetitions).`,
        { code: 'unsafe_pattern', details: { field: 'query' } },
      )), timeoutMs);
      worker.once('message', (reply: FindReply) => (reply.type === 'done' ? resolve(reply.results) : reject(new Error(reply.message))));
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`The search stopped unexpectedly (exit code ${code}).`)));
      const request: FindRequest = { find, texts: [...texts], ...(replacement !== undefined && { replacement }) };
      worker.postMessage(request);
    });
  } finally {
    clearTimeout(timer);
    await worker.terminate();
  }
}

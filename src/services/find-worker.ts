/**
 * Runs a person's regular expression over a document's slot texts in a worker thread, so a
 * pattern that slipped past the static check and the probe can be stopped (the thread is
 * terminated) without stalling the server. Started by services/find-runner.ts.
 */
import { parentPort } from 'node:worker_threads';
import { findInText, type CompiledFind, type TextFind } from '../text/find.js';

export interface FindRequest { find: CompiledFind; texts: string[]; replacement?: string }
/** Per text, its matches (null: none), in the order sent. */
export type FindReply = { type: 'done'; results: (TextFind | null)[] } | { type: 'error'; message: string };

parentPort?.once('message', (request: FindRequest) => {
  try {
    const results = request.texts.map((text) => {
      const found = findInText(request.find, text, request.replacement);
      return found.matches.length > 0 ? found : null;
    });
    parentPort?.postMessage({ type: 'done', results } satisfies FindReply);
  } catch (error) {
    parentPort?.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error) } satisfies FindReply);
  }
});

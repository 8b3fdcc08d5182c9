import { build } from 'esbuild';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Bead } from '../align/beads.js';
import type { AlignReply, AlignRequest } from './align-worker.js';

let bundle: Promise<string> | undefined;

/**
 * The worker's code as one ES module, built once per process with esbuild. Building at
 * run time (about a second) works the same under tsx, vitest and a plain install, where a
 * worker could not load TypeScript by itself.
 */
function workerBundle(): Promise<string> {
  bundle ??= (async () => {
    // Inside node_modules/.cache so the bundle resolves packages (the dictionary's data
    // file) from the project's node_modules like the code it was built from.
    const cache = fileURLToPath(new URL('../../node_modules/.cache/duizhao/', import.meta.url));
    mkdirSync(cache, { recursive: true });
    const dir = mkdtempSync(join(cache, 'worker-'));
    const outfile = join(dir, 'align-worker.mjs');
    await build({
      entryPoints: [fileURLToPath(new URL('./align-worker.ts', import.meta.url))],
      bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile, logLevel: 'error',
    });
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    return outfile;
  })();
  bundle.catch(() => { bundle = undefined; });
  return bundle;
}

/** Aligns in a worker thread, reporting progress as the dynamic programme advances. */
export async function alignInWorker(request: AlignRequest, onProgress?: (done: number, total: number) => void): Promise<Bead[]> {
  const worker = new Worker(await workerBundle());
  try {
    return await new Promise<Bead[]>((resolve, reject) => {
      worker.on('message', (reply: AlignReply) => {
        if (reply.type === 'progress') onProgress?.(reply.done, reply.total);
        else if (reply.type === 'done') resolve(reply.beads);
        else reject(new Error(reply.message));
      });
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`The aligner stopped unexpectedly (exit code ${code}).`)));
      worker.postMessage(request);
    });
  } finally {
    await worker.terminate();
  }
}

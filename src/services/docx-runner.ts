/**
 * Reads the text of an uploaded .docx without risking the server (issue #12): the archive
 * is checked first (docx-guard.ts), then mammoth runs in a worker thread with a memory cap
 * and a time limit. A worker that runs out of memory, crashes or overruns is ended and the
 * upload refused with a clear message; the process and every other request carry on.
 */
import { checkDocxArchive, type DocxLimits } from './docx-guard.js';
import type { DocxReply, DocxRequest } from './docx-worker.js';
import { PayloadTooLargeError, ValidationError } from './errors.js';
import { startWorker } from './worker-start.js';

export interface DocxParseOptions {
  /** Largest text accepted, in UTF-8 bytes: the same as a pasted text. */
  maxTextBytes: number;
  /** The worker's heap; mammoth needs ~70 bytes per byte of document.xml. */
  maxHeapMb?: number;
  timeoutMs?: number;
  limits?: DocxLimits;
}

/** The worker's old-generation heap: enough for a 15 MB document.xml, a 300-page book. */
export const DOCX_WORKER_HEAP_MB = 1536;
export const DOCX_TIMEOUT_MS = 60_000;

/**
 * The raw text of a .docx (paragraphs separated by blank lines, as mammoth gives it), or a
 * PayloadTooLargeError / ValidationError naming `name`.
 */
export async function readDocxText(bytes: Uint8Array, name: string, options: DocxParseOptions): Promise<string> {
  await checkDocxArchive(bytes, name, options.limits);
  const worker = startWorker('docx-worker', { maxOldGenerationSizeMb: options.maxHeapMb ?? DOCX_WORKER_HEAP_MB, maxYoungGenerationSizeMb: 64 });
  const unreadable = () => new ValidationError(`"${name}" could not be read as a Word document. Save it again as .docx, or paste its text.`, { code: 'invalid_file' });
  const tooBig = () => new PayloadTooLargeError(`"${name}" is too large to read: its text would take more memory than a document may. Split the document and import the parts, or paste its text.`);
  try {
    const reply = await new Promise<DocxReply>((resolve, reject) => {
      const timer = setTimeout(() => reject(new PayloadTooLargeError(`Reading "${name}" took more than ${Math.round((options.timeoutMs ?? DOCX_TIMEOUT_MS) / 1000)} s, so it was stopped. Split the document and import the parts, or paste its text.`)), options.timeoutMs ?? DOCX_TIMEOUT_MS);
      timer.unref();
      worker.once('message', (message: DocxReply) => { clearTimeout(timer); resolve(message); });
      worker.once('error', (error: Error & { code?: string }) => {
        clearTimeout(timer);
        reject(error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? tooBig() : unreadable());
      });
      worker.once('exit', () => { clearTimeout(timer); reject(unreadable()); });
      const copy = new Uint8Array(bytes);
      worker.postMessage({ bytes: copy, maxTextBytes: options.maxTextBytes } satisfies DocxRequest, [copy.buffer]);
    });
    if (reply.type === 'too-large') {
      throw new PayloadTooLargeError(`The text of "${name}" is ${(reply.bytes / 1024 / 1024).toFixed(1)} MB, more than the ${options.maxTextBytes / 1024 / 1024} MB a document may hold. Split the document and import the parts.`);
    }
    if (reply.type === 'error') throw unreadable();
    return reply.text;
  } finally {
    await worker.terminate();
  }
}

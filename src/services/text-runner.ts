import type { Sentence } from '../text/segment.js';
import type { TextReply, TextRequest } from './text-worker.js';
import { ValidationError } from './errors.js';
import { startWorker } from './worker-start.js';

/**
 * Decodes, normalises and segments a text in a worker thread (services/text-worker.ts):
 * the sentences, or the same refusals the import gives in-thread (empty_text, invalid_file).
 */
export async function segmentInWorker(request: TextRequest, name: string | undefined): Promise<Sentence[]> {
  const worker = startWorker('text-worker');
  try {
    const reply = await new Promise<TextReply>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`The text worker stopped unexpectedly (exit code ${code}).`)));
      const transfer = request.bytes ? new Uint8Array(request.bytes) : undefined;
      worker.postMessage({ ...request, ...(transfer && { bytes: transfer }) } satisfies TextRequest, transfer ? [transfer.buffer] : []);
    });
    if (reply.type === 'refused') throw new ValidationError(reply.message, { code: reply.code === 'empty' ? 'empty_text' : 'invalid_file' });
    if (reply.type === 'error') throw new Error(reply.message);
    if (reply.blank) throw new ValidationError(name ? `"${name}" holds no text.` : 'Paste the Chinese text or choose a file to import.', { code: 'empty_text' });
    if (reply.sentences.length === 0) throw new ValidationError('The text holds no sentences.', { code: 'empty_text' });
    return reply.sentences;
  } finally {
    await worker.terminate();
  }
}

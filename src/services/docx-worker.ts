/**
 * Extracts the text of a .docx in a worker thread (issue #12): mammoth holds the whole
 * document tree in memory, so a hostile file can exhaust any heap. Here it can only
 * exhaust the worker's, which docx-runner.ts caps with resourceLimits; the server goes on.
 * Started by services/worker-start.ts: dist/services/docx-worker.js once built, this file from sources.
 */
import mammoth from 'mammoth';
import { parentPort } from 'node:worker_threads';

export interface DocxRequest { bytes: Uint8Array; maxTextBytes: number }
export type DocxReply =
  | { type: 'text'; text: string }
  | { type: 'too-large'; bytes: number }
  | { type: 'error'; message: string };

parentPort?.once('message', (request: DocxRequest) => {
  void (async (): Promise<DocxReply> => {
    try {
      const { value } = await mammoth.extractRawText({ buffer: Buffer.from(request.bytes.buffer, request.bytes.byteOffset, request.bytes.byteLength) });
      const bytes = Buffer.byteLength(value, 'utf8');
      return bytes > request.maxTextBytes ? { type: 'too-large', bytes } : { type: 'text', text: value };
    } catch (error) {
      return { type: 'error', message: error instanceof Error ? error.message : String(error) };
    }
  })().then((reply) => parentPort?.postMessage(reply));
});

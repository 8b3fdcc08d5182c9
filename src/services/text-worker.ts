/**
 * Decodes, normalises and segments a large imported text in a worker thread, so 20 MB of
 * Chinese (about 5 s of work here) never stops the server answering others (issue #12).
 * Started by services/text-runner.ts; `npm run build` compiles it.
 */
import { parentPort } from 'node:worker_threads';
import { decodeText } from '../text/decode.js';
import { normalizeText } from '../text/normalize.js';
import { segment, type Sentence } from '../text/segment.js';
import { compileSrx, type SrxSource } from '../text/srx.js';

export interface TextRequest {
  /** A .txt file's bytes, or (from a pasted text or a .docx) its text. */
  bytes?: Uint8Array;
  text?: string;
  lang: string;
  /** A document's own rules, as their source (compiled rules hold functions, which cannot cross threads). */
  srx?: SrxSource;
  abbreviations?: readonly string[];
}

export type TextReply =
  | { type: 'done'; sentences: Sentence[]; blank: boolean }
  | { type: 'refused'; code: 'empty' | 'invalid'; message: string }
  | { type: 'error'; message: string };

parentPort?.once('message', (request: TextRequest) => {
  try {
    let raw = request.text ?? '';
    if (request.bytes) {
      const decoded = decodeText(request.bytes);
      if (!decoded.ok) {
        parentPort?.postMessage({ type: 'refused', code: decoded.code === 'empty' ? 'empty' : 'invalid', message: decoded.message } satisfies TextReply);
        return;
      }
      raw = decoded.text;
    }
    const text = normalizeText(raw);
    // The rules were checked when they were stored; probing them again here would only cost time.
    const rules = request.srx || request.abbreviations
      ? { ...(request.srx && { srx: compileSrx(request.srx, { probe: false }) }), ...(request.abbreviations && { abbreviations: request.abbreviations }) }
      : undefined;
    const sentences = text.trim().length === 0 ? [] : segment(text, request.lang, rules);
    parentPort?.postMessage({ type: 'done', sentences, blank: text.trim().length === 0 } satisfies TextReply);
  } catch (error) {
    parentPort?.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error) } satisfies TextReply);
  }
});

/**
 * A lean HTTP/1.1 client for the benches (issue #15): one keep-alive TCP connection that writes
 * each request as one prepared string and reads the answer by its Content-Length. Measuring
 * instrumentation, not product code: nothing in src/ uses it.
 *
 * Why: on loopback the client's own work is half of what a bench times. Node's global fetch
 * (undici: WHATWG streams, Headers and Response objects) costs more CPU per request than the
 * bare Express server it talks to, and node:http with a keep-alive Agent still about as much as
 * that server; a browser's cost lands on another machine. With clients in the server's process
 * that cost is added to every latency and shared CPU figure. This client costs a small part of
 * either (bench/editor.ts prints all three side by side), so what the benches time is mostly the
 * server. It reads only what our servers answer: a status line, headers and a Content-Length
 * body; a chunked or length-less answer is refused with an error, never guessed at.
 */
import { connect, type Socket } from 'node:net';

export interface RawAnswer { status: number; body: Buffer }

export interface RawConnection {
  /** Sends one request and resolves with its answer; one at a time per connection. */
  request(method: string, path: string, headers?: Record<string, string>, body?: string): Promise<RawAnswer>;
  /** Closes the connection (a later request opens a new one). */
  close(): void;
}

const HEAD_END = Buffer.from('\r\n\r\n');
const STATUS_LINE = /^HTTP\/1\.[01] (\d{3})/;
const CONTENT_LENGTH = /\r\ncontent-length:[ \t]*(\d+)[ \t]*(?=\r\n|$)/i;
const CHUNKED = /\r\ntransfer-encoding:[^\r]*chunked/i;
const CLOSE = /\r\nconnection:[ \t]*close/i;

interface Pending { resolve: (answer: RawAnswer) => void; reject: (error: Error) => void; chunks: Buffer[]; bytes: number }

/** A keep-alive connection to `baseUrl` (http://host:port), opened at the first request. */
export function rawConnection(baseUrl: string): RawConnection {
  const url = new URL(baseUrl);
  if (url.protocol !== 'http:') throw new Error(`The raw bench client speaks plain http, not ${url.protocol}`);
  const port = Number(url.port || 80);
  const host = url.hostname;
  const hostHeader = url.host;
  let socket: Socket | null = null;
  let pending: Pending | null = null;

  const fail = (error: Error) => {
    const waiting = pending;
    pending = null;
    socket?.destroy();
    socket = null;
    waiting?.reject(error);
  };

  /** Whether the bytes read so far hold a whole answer; resolves it when they do. */
  const tryFinish = (p: Pending) => {
    const data = p.chunks.length === 1 ? p.chunks[0]! : Buffer.concat(p.chunks, p.bytes);
    p.chunks = [data];
    const end = data.indexOf(HEAD_END);
    if (end < 0) return;
    const head = data.toString('latin1', 0, end);
    const status = STATUS_LINE.exec(head);
    if (!status) {
      fail(new Error(`Not an HTTP/1.x answer: ${JSON.stringify(head.slice(0, 40))}`));
      return;
    }
    const length = CONTENT_LENGTH.exec(head);
    if (!length) {
      fail(new Error(CHUNKED.test(head) ? 'The raw bench client reads Content-Length answers only; this one came chunked.' : 'The answer has no Content-Length.'));
      return;
    }
    const total = end + HEAD_END.length + Number(length[1]);
    if (data.length < total) return;
    if (data.length > total) {
      fail(new Error(`${data.length - total} bytes arrived after the answer to a single request.`));
      return;
    }
    pending = null;
    if (CLOSE.test(head)) {
      socket?.end();
      socket = null;
    }
    p.resolve({ status: Number(status[1]), body: data.subarray(end + HEAD_END.length) });
  };

  const open = (): Socket => {
    const s = connect({ host, port, noDelay: true });
    s.on('data', (chunk: Buffer) => {
      if (s !== socket) return;
      if (!pending) {
        fail(new Error('Bytes arrived with no request waiting for them.'));
        return;
      }
      pending.chunks.push(chunk);
      pending.bytes += chunk.length;
      tryFinish(pending);
    });
    s.on('error', (error) => {
      if (s === socket) fail(error);
    });
    s.on('close', () => {
      if (s === socket) fail(new Error('The server closed the connection before answering.'));
    });
    return s;
  };

  return {
    request(method, path, headers = {}, body) {
      if (pending) return Promise.reject(new Error('One request at a time per raw connection.'));
      let text = `${method} ${path} HTTP/1.1\r\nhost: ${hostHeader}\r\n`;
      for (const [name, value] of Object.entries(headers)) text += `${name}: ${value}\r\n`;
      if (body !== undefined) text += `content-length: ${Buffer.byteLength(body)}\r\n`;
      text += '\r\n';
      if (body !== undefined) text += body;
      return new Promise<RawAnswer>((resolve, reject) => {
        pending = { resolve, reject, chunks: [], bytes: 0 };
        socket ??= open();
        socket.write(text);
      });
    },
    close() {
      const s = socket;
      socket = null;
      s?.destroy();
      if (pending) {
        const waiting = pending;
        pending = null;
        waiting.reject(new Error('The raw connection was closed while a request waited.'));
      }
    },
  };
}

import express, { type RequestHandler } from 'express';

/** A body-parser style error, which web/errors.ts answers by its `type`. */
function bodyError(message: string, type: 'entity.parse.failed' | 'request.size.invalid' | 'request.aborted'): Error {
  return Object.assign(new Error(message), { type, status: 400, statusCode: 400, expose: true });
}

// The Content-Types the editor's api.ts and fetch send for JSON; any other spelling (other
// charsets, capitals, parameters) is read by express.json itself.
const PLAIN_JSON = new Set(['application/json', 'application/json; charset=utf-8', 'application/json;charset=utf-8', 'application/json; charset=UTF-8']);
const DIGITS = /^[0-9]{1,10}$/;
// JSON's four whitespace characters, as body-parser's strict mode skips them.
const LEADING_WHITESPACE = /^[\x20\x09\x0a\x0d]*/;

/**
 * Reads a JSON body as express.json({ limit }) does, for the plain case nearly every API call
 * is: UTF-8, no Content-Encoding, a Content-Length within the limit. body-parser's general
 * path (type-is, content-type, raw-body, iconv) was about 5 % of the server's time per
 * request under the load bench (issue #15). Everything else (another charset, compressed or
 * chunked bodies, an oversized Content-Length: the 413) goes to express.json, so the limits
 * and refusals stay body-parser's own; tests/http/json-body.test.ts holds the two to each other.
 */
export function jsonBody(limitBytes: number): RequestHandler {
  const general = express.json({ limit: limitBytes });
  return function jsonBody(req, res, next) {
    const type = req.headers['content-type'];
    const length = req.headers['content-length'];
    if (type === undefined || !PLAIN_JSON.has(type) || req.headers['content-encoding'] !== undefined || req.headers['transfer-encoding'] !== undefined
      || length === undefined || !DIGITS.test(length) || Number(length) === 0 || Number(length) > limitBytes || req.readableEnded) {
      general(req, res, next);
      return;
    }
    const expected = Number(length);
    const chunks: Buffer[] = [];
    let received = 0;
    let done = false;
    const finish = (error?: Error) => {
      if (done) return;
      done = true;
      req.removeListener('data', onData);
      req.removeListener('end', onEnd);
      req.removeListener('error', onError);
      req.removeListener('aborted', onAborted);
      next(error);
    };
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      received += chunk.length;
    };
    const onEnd = () => {
      if (received !== expected) {
        finish(bodyError('request size did not match content length', 'request.size.invalid'));
        return;
      }
      let text = (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, received)).toString('utf8');
      // iconv-lite, which body-parser decodes with, drops a byte order mark.
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      if (text.length === 0) {
        req.body = {};
        finish();
        return;
      }
      // Strict, as body-parser: only an object or an array at the top.
      const first = text[LEADING_WHITESPACE.exec(text)![0].length];
      if (first !== '{' && first !== '[') {
        finish(bodyError('The body is not a JSON object or array.', 'entity.parse.failed'));
        return;
      }
      try {
        req.body = JSON.parse(text) as unknown;
      } catch (error) {
        finish(bodyError(error instanceof Error ? error.message : 'The body is not valid JSON.', 'entity.parse.failed'));
        return;
      }
      finish();
    };
    const onError = (error: Error) => finish(Object.assign(error, { type: 'request.aborted', status: 400 }));
    const onAborted = () => finish(bodyError('request aborted', 'request.aborted'));
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('aborted', onAborted);
  };
}

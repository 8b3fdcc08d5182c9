/** formBody (web/form-body.ts) reads every body exactly as express.urlencoded({ extended: false, limit }) does. */
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formBody } from '../../src/web/form-body.js';
import { close, listen } from '../helpers/http-server.js';

const LIMIT = 200;
let servers: Awaited<ReturnType<typeof listen>>[];

function appWith(parser: RequestHandler) {
  const app = express();
  app.post('/', parser, (req, res) => res.json({ body: req.body === undefined ? '(undefined)' : req.body }));
  const refused: ErrorRequestHandler = (error: { type?: string; status?: number }, _req, res, _next) => {
    res.json({ refused: { type: error.type ?? null, status: error.status ?? null } });
  };
  app.use(refused);
  return app;
}

beforeAll(async () => {
  servers = [await listen(appWith(formBody(LIMIT))), await listen(appWith(express.urlencoded({ extended: false, limit: LIMIT })))];
});
afterAll(async () => {
  for (const s of servers) await close(s.server);
});

function send(baseUrl: string, headers: Record<string, string>, body: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const url = new URL(baseUrl);
    const req = httpRequest({ host: url.hostname, port: url.port, method: 'POST', path: '/', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const form = 'a=1&b=%E4%B8%A4&_csrf=x';
const CASES: [string, Record<string, string>, string][] = [
  ['a form', { 'content-type': 'application/x-www-form-urlencoded' }, form],
  ['a form with a charset', { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8' }, form],
  ['a form in capitals', { 'content-type': 'Application/X-WWW-Form-Urlencoded' }, form],
  ['a form with a space before its parameters', { 'content-type': 'application/x-www-form-urlencoded ; charset=utf-8' }, form],
  ['a form over the limit', { 'content-type': 'application/x-www-form-urlencoded' }, `a=${'x'.repeat(LIMIT)}`],
  ['a form in another charset', { 'content-type': 'application/x-www-form-urlencoded; charset=latin1' }, form],
  ['a look-alike type', { 'content-type': 'application/x-www-form-urlencodedx' }, form],
  ['JSON', { 'content-type': 'application/json' }, '{"a":1}'],
  ['no content type', {}, form],
];

describe('formBody', () => {
  it.each(CASES)('reads %s as express.urlencoded does', async (_what, headers, body) => {
    const [ours, theirs] = await Promise.all(servers.map((s) => send(s.baseUrl, headers, body)));
    expect(ours).toEqual(theirs);
  });
});

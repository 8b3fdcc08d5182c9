/**
 * jsonBody (web/json-body.ts) reads JSON bodies exactly as express.json({ limit }) does: the
 * same req.body, or the same refusal (its type and status), for the plain bodies it reads
 * itself and for everything it hands to express.json.
 */
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import { request as httpRequest } from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonBody } from '../../src/web/json-body.js';
import { close, listen } from '../helpers/http-server.js';

const LIMIT = 1000;
let servers: { ours: Awaited<ReturnType<typeof listen>>; theirs: Awaited<ReturnType<typeof listen>> };

function appWith(parser: RequestHandler) {
  const app = express();
  app.put('/', parser, (req, res) => res.json({ body: req.body === undefined ? '(undefined)' : req.body }));
  const refused: ErrorRequestHandler = (error: { type?: string; status?: number }, _req, res, _next) => {
    res.status(200).json({ refused: { type: error.type ?? null, status: error.status ?? null } });
  };
  app.use(refused);
  return app;
}

beforeAll(async () => {
  servers = { ours: await listen(appWith(jsonBody(LIMIT))), theirs: await listen(appWith(express.json({ limit: LIMIT }))) };
});
afterAll(async () => {
  await close(servers.ours.server);
  await close(servers.theirs.server);
});

/** Sends raw bytes with exactly these headers (fetch would add or fix some). */
function send(baseUrl: string, headers: Record<string, string>, body: Buffer): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const url = new URL(baseUrl);
    const req = httpRequest({ host: url.hostname, port: url.port, method: 'PUT', path: '/', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const utf8 = (text: string) => Buffer.from(text, 'utf8');
const json = 'application/json';
const CASES: [string, Record<string, string>, Buffer][] = [
  ['a slot save', { 'content-type': json }, utf8('{"text":"Сохранено «en» ✓ 𝒳 — 两国","version":3}')],
  ['an array', { 'content-type': 'application/json; charset=utf-8' }, utf8('[1,2]')],
  ['leading whitespace', { 'content-type': json }, utf8(' \n\t{"a":1}')],
  ['a byte order mark', { 'content-type': json }, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8('{"a":1}')])],
  ['a bare number (strict)', { 'content-type': json }, utf8('3')],
  ['a bare string (strict)', { 'content-type': json }, utf8('"x"')],
  ['only whitespace', { 'content-type': json }, utf8('   ')],
  ['broken JSON', { 'content-type': json }, utf8('{"text": "x",')],
  ['bytes that are not UTF-8', { 'content-type': json }, Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d])],
  ['exactly the limit', { 'content-type': json }, utf8(`{"a":"${'x'.repeat(LIMIT - 8)}"}`)],
  ['one byte over the limit', { 'content-type': json }, utf8(`{"a":"${'x'.repeat(LIMIT - 7)}"}`)],
  ['an empty body', { 'content-type': json }, Buffer.alloc(0)],
  ['another charset', { 'content-type': 'application/json; charset=latin1' }, utf8('{"a":1}')],
  ['UTF-16', { 'content-type': 'application/json; charset=utf-16le' }, Buffer.from('{"a":"两"}', 'utf16le')],
  ['capitals in the type', { 'content-type': 'Application/JSON' }, utf8('{"a":1}')],
  ['a gzipped body', { 'content-type': json, 'content-encoding': 'gzip' }, gzipSync(utf8('{"a":1}'))],
  ['a form, not JSON', { 'content-type': 'application/x-www-form-urlencoded' }, utf8('a=1')],
  ['no content type', {}, utf8('{"a":1}')],
];

describe('jsonBody', () => {
  it.each(CASES)('reads %s as express.json does', async (_what, headers, body) => {
    const withLength = { ...headers, 'content-length': String(body.length) };
    const [ours, theirs] = await Promise.all([send(servers.ours.baseUrl, withLength, body), send(servers.theirs.baseUrl, withLength, body)]);
    expect(ours).toEqual(theirs);
  });

  it.each(CASES)('reads %s sent in chunks without a length as express.json does', async (_what, headers, body) => {
    const chunked = { ...headers, 'transfer-encoding': 'chunked' };
    const [ours, theirs] = await Promise.all([send(servers.ours.baseUrl, chunked, body), send(servers.theirs.baseUrl, chunked, body)]);
    expect(ours).toEqual(theirs);
  });
});

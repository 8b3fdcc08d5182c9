/** sendJson (web/json.ts) answers exactly as Express's res.json would: status, headers and bytes. */
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendJson } from '../../src/web/json.js';
import { close, listen } from '../helpers/http-server.js';

const BODIES: [string, unknown, number][] = [
  ['a slot save', { slot: { kind: 'head', text: 'Сохранено «en» ✓ 𝒳 — 两国', version: 3, reasons: [], confidence: null }, history: { canUndo: true, redoLabel: null } }, 200],
  ['an error', { error: { code: 'stale_version', message: 'Someone else changed this slot.', details: { current: { version: 4 } } } }, 409],
  ['a long page', { rows: Array.from({ length: 300 }, (_, i) => ({ segmentId: i, source: `第${i}句。` })) }, 200],
  ['empty text', { text: '' }, 400],
];

let server: Awaited<ReturnType<typeof listen>>;
beforeAll(async () => {
  const app = express();
  app.set('etag', false);
  app.get('/express/:n', (req, res) => {
    const [, body, status] = BODIES[Number(req.params.n)]!;
    res.status(status).json(body);
  });
  app.get('/ours/:n', (req, res) => {
    const [, body, status] = BODIES[Number(req.params.n)]!;
    sendJson(res, body, status);
  });
  server = await listen(app);
});
afterAll(() => close(server.server));

describe('sendJson', () => {
  it.each(BODIES.map(([what], n) => [what, n] as const))('answers %s as res.json does', async (_what, n) => {
    const [theirs, ours] = await Promise.all([fetch(`${server.baseUrl}/express/${n}`), fetch(`${server.baseUrl}/ours/${n}`)]);
    expect(ours.status).toBe(theirs.status);
    for (const header of ['content-type', 'content-length']) expect(ours.headers.get(header)).toBe(theirs.headers.get(header));
    expect(Buffer.from(await ours.arrayBuffer())).toEqual(Buffer.from(await theirs.arrayBuffer()));
  });
});

/**
 * Issue #12: reads were not limited, and one user could hold 500 event streams. Reads get a
 * generous per-user bucket of their own; event streams are bounded per user, the new one
 * refused with a message while the others stay open.
 */
import type { Request as ExpressRequest, Response as ExpressResponse } from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_STREAMS_PER_USER } from '../../src/services/events.js';
import { TooManyRequestsError } from '../../src/services/errors.js';
import { DEFAULT_READ_LIMIT, readRateLimit } from '../../src/web/limits.js';
import { makeDocument } from '../helpers/factories.js';
import { startTestApp, type Login, type TestApp } from '../helpers/test-app.js';

function hit(limiter: ReturnType<typeof readRateLimit>, userId: number, method = 'GET'): unknown {
  let passed: unknown = 'not called';
  const req = { method, ip: '127.0.0.1' } as ExpressRequest;
  const res = { locals: { user: { id: userId } } } as unknown as ExpressResponse;
  void limiter(req, res, (error?: unknown) => {
    passed = error;
  });
  return passed;
}

describe('readRateLimit (token bucket)', () => {
  it('allows the default burst, refills at the sustained rate, per user, never for writes', () => {
    let clock = 0;
    const limiter = readRateLimit(DEFAULT_READ_LIMIT, () => clock);
    for (let i = 0; i < DEFAULT_READ_LIMIT.burst; i++) expect(hit(limiter, 1)).toBeUndefined();
    expect(hit(limiter, 1)).toBeInstanceOf(TooManyRequestsError);
    expect(hit(limiter, 2)).toBeUndefined();
    expect(hit(limiter, 1, 'PUT')).toBeUndefined();
    clock += 1000;
    for (let i = 0; i < DEFAULT_READ_LIMIT.perSecond; i++) expect(hit(limiter, 1)).toBeUndefined();
    expect(hit(limiter, 1)).toBeInstanceOf(TooManyRequestsError);
  });
});

describe('read limits over HTTP', () => {
  let app: TestApp;
  afterEach(async () => app.close());

  it('answers 429 with Retry-After once a user reads too fast, and not /healthz', async () => {
    app = await startTestApp({ readLimit: { perSecond: 0.01, burst: 3 } });
    const { documentId } = await makeDocument(app.services, { langs: ['en'] });
    const alice = await app.login(['translator']);
    const bob = await app.login(['translator']);
    for (let i = 0; i < 3; i++) expect((await app.request(`/api/documents/${documentId}/rows`, { as: alice })).status).toBe(200);
    const limited = await app.request(`/api/documents/${documentId}`, { as: alice });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await limited.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: 'too_many_requests', message: expect.stringMatching(/reads a second/) });
    expect((await app.request(`/api/documents/${documentId}`, { as: bob })).status).toBe(200);
    expect((await app.request('/healthz')).status).toBe(200);
    expect(app.errors).toEqual([]);
  });
});

describe('event streams per user', () => {
  let app: TestApp;
  const aborts: AbortController[] = [];
  afterEach(async () => {
    for (const a of aborts.splice(0)) a.abort();
    await app.close();
  });

  async function open(documentId: number, as: Login): Promise<{ res: Response; abort: AbortController }> {
    const abort = new AbortController();
    aborts.push(abort);
    const res = await app.request(`/api/documents/${documentId}/events`, { as, signal: abort.signal });
    return { res, abort };
  }

  it(`holds ${MAX_STREAMS_PER_USER} streams per user and refuses the next with a clear 429`, async () => {
    app = await startTestApp();
    const { documentId } = await makeDocument(app.services, { langs: ['en'] });
    const alice = await app.login(['translator']);
    const bob = await app.login(['translator']);
    const streams = [];
    for (let i = 0; i < MAX_STREAMS_PER_USER; i++) {
      const stream = await open(documentId, alice);
      expect(stream.res.status).toBe(200);
      streams.push(stream);
    }
    const refused = await open(documentId, alice);
    expect(refused.res.status).toBe(429);
    expect(((await refused.res.json()) as { error: { message: string } }).error.message).toMatch(/live connections open/);
    // Someone else is not affected, and closing one of Alice's makes room for a new one.
    expect((await open(documentId, bob)).res.status).toBe(200);
    streams[0]!.abort.abort();
    let again: Response | undefined;
    for (let i = 0; i < 100 && again?.status !== 200; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      again = (await open(documentId, alice)).res;
    }
    expect(again?.status).toBe(200);
    expect(app.errors).toEqual([]);
  });
});

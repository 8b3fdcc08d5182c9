import type { Request, Response } from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { writeRateLimit } from '../../src/web/limits.js';
import { TooManyRequestsError } from '../../src/services/errors.js';
import { makeDocument } from '../helpers/factories.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/** Runs the middleware once for `userId` at clock time `at` (ms); returns what it passed to next(). */
function hit(limiter: ReturnType<typeof writeRateLimit>, userId: number, method = 'PUT'): unknown {
  let passed: unknown = 'not called';
  const req = { method, ip: '127.0.0.1' } as Request;
  const res = { locals: { user: { id: userId } } } as unknown as Response;
  void limiter(req, res, (error?: unknown) => {
    passed = error;
  });
  return passed;
}

describe('writeRateLimit (token bucket)', () => {
  it('allows a burst, then refills at the sustained rate, per user, never for reads', () => {
    let clock = 0;
    const limiter = writeRateLimit({ perSecond: 20, burst: 60 }, () => clock);
    for (let i = 0; i < 60; i++) expect(hit(limiter, 1)).toBeUndefined();
    const refused = hit(limiter, 1);
    expect(refused).toBeInstanceOf(TooManyRequestsError);
    expect((refused as TooManyRequestsError).retryAfterSeconds).toBe(1);
    expect(hit(limiter, 2)).toBeUndefined();
    expect(hit(limiter, 1, 'GET')).toBeUndefined();
    clock += 100; // 0.1 s at 20/s = 2 writes
    expect(hit(limiter, 1)).toBeUndefined();
    expect(hit(limiter, 1)).toBeUndefined();
    expect(hit(limiter, 1)).toBeInstanceOf(TooManyRequestsError);
    clock += 60_000;
    for (let i = 0; i < 60; i++) expect(hit(limiter, 1)).toBeUndefined();
  });
});

describe('limits over HTTP', () => {
  let app: TestApp;
  afterEach(async () => app.close());

  it('answers 429 with Retry-After and a JSON message once a user exceeds the write rate', async () => {
    app = await startTestApp({ writeLimit: { perSecond: 0.01, burst: 2 } });
    const { documentId } = await makeDocument(app.services, { langs: ['en'] });
    const [row] = app.services.slots.listRows(documentId, { offset: 0, limit: 1 }).rows;
    const segmentId = row!.segmentId;
    const alice = await app.login(['translator']);
    const bob = await app.login(['translator']);
    const save = (as: typeof alice, text: string, version: number) => app.request(`/api/documents/${documentId}/slots/${segmentId}/en`, {
      method: 'PUT', as, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text, version }),
    });
    expect((await save(alice, 'one', 1)).status).toBe(200);
    expect((await save(alice, 'two', 2)).status).toBe(200);
    const limited = await save(alice, 'three', 3);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    const body = await limited.json() as { error: { code: string; message: string } };
    expect(body.error.code).toBe('too_many_requests');
    expect(body.error.message).toMatch(/Too many changes at once/);
    expect(app.store.slots.findSlot(segmentId, 'en')).toMatchObject({ text: 'two', version: 3 });
    // Reads go on, and another translator has a bucket of their own.
    expect((await app.request(`/api/documents/${documentId}/rows`, { as: alice })).status).toBe(200);
    expect((await save(bob, 'bob', 3)).status).toBe(200);
    expect(app.errors).toEqual([]);
  });

  it('never refuses presence reports because of saves, and presence never uses up the saves', async () => {
    app = await startTestApp({ writeLimit: { perSecond: 0.01, burst: 2 } });
    const { documentId } = await makeDocument(app.services, { langs: ['en'] });
    const [row] = app.services.slots.listRows(documentId, { offset: 0, limit: 1 }).rows;
    const segmentId = row!.segmentId;
    const alice = await app.login(['translator']);
    const presence = () => app.request(`/api/documents/${documentId}/presence`, {
      method: 'POST', as: alice, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ segmentId, lang: 'en' }),
    });
    const save = (text: string, version: number) => app.request(`/api/documents/${documentId}/slots/${segmentId}/en`, {
      method: 'PUT', as: alice, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text, version }),
    });
    // A cursor held on ↓ before the first save: the two saves the bucket holds are still there.
    for (let i = 0; i < 30; i++) expect((await presence()).status).toBe(204);
    expect((await save('one', 1)).status).toBe(200);
    expect((await save('two', 2)).status).toBe(200);
    expect((await save('three', 3)).status).toBe(429);
    // The write bucket is empty; moving around still works.
    for (let i = 0; i < 5; i++) expect((await presence()).status).toBe(204);
    expect(app.errors).toEqual([]);
  });

  it('refuses bodies over each parser limit with 413 payload_too_large', async () => {
    app = await startTestApp();
    const user = await app.login(['translator']);
    const big = 'x'.repeat(1024 * 1024 + 1);
    const json = await app.request('/api/documents', {
      method: 'POST', as: user, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: big }),
    });
    expect(json.status).toBe(413);
    expect(((await json.json()) as { error: { code: string } }).error.code).toBe('payload_too_large');
    const form = await app.request('/api/documents', {
      method: 'POST', as: user, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `text=${big}`,
    });
    expect(form.status).toBe(413);
    // Each part is under multer's 20 MB field limit; together they are not (found while documenting limits).
    const parts = new FormData();
    parts.append('title', 'x'.repeat(11 * 1024 * 1024));
    parts.append('text', '中文。'.repeat(1536 * 1024));
    const multipart = await app.request('/api/documents', { method: 'POST', as: user, body: parts });
    expect(multipart.status).toBe(413);
    expect(((await multipart.json()) as { error: { code: string } }).error.code).toBe('payload_too_large');
    expect(app.store.documents.countDocuments()).toBe(0);
    expect(app.errors).toEqual([]);
  });
});

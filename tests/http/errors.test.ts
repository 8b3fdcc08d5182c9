/**
 * Error codes are a closed set (services/errors.ts) and each has one HTTP status
 * (web/errors.ts): the table is spelled out here, every code is sent through the real
 * error handler, and the codes the app produces itself arrive with their status.
 */
import express from 'express';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DomainError, ERROR_CODES, isErrorCode, type ErrorCode } from '../../src/services/errors.js';
import { errorHandler, HTTP_STATUS, notFound } from '../../src/web/errors.js';
import { close, listen } from '../helpers/http-server.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

const EXPECTED: Record<ErrorCode, number> = {
  validation_failed: 400, malformed_request: 400, not_a_head: 400, empty_text: 400, empty_file: 400, invalid_file: 400,
  not_tmx: 400, invalid_tmx: 400, forbidden_doctype: 400,
  not_xliff: 400, invalid_xliff: 400, wrong_language: 400, invalid_docx: 400, not_review_table: 400, invalid_srx: 400, unsafe_pattern: 400, already_exists: 400, duplicate_term: 400, already_has_equivalent: 400, forbidden_equivalent: 400,
  corrupt_backup: 400, not_a_backup: 400, unknown_schema: 400, database_in_use: 400,
  unauthenticated: 401, forbidden: 403, csrf_failed: 403, not_found: 404,
  stale_version: 409, invalid_transition: 409, cancelled: 409, payload_too_large: 413, unsupported_media_type: 415,
  too_many_requests: 429, internal_error: 500, storage_unavailable: 503,
};

/** A domain error carrying any code, to send each one through the handler. */
class AnyCodeError extends DomainError {
  constructor(readonly code: ErrorCode) {
    super(`An error with code ${code}.`);
  }
}

describe('the error codes', () => {
  it('are exactly the listed set, each with its status', () => {
    expect([...ERROR_CODES].sort()).toEqual(Object.keys(EXPECTED).sort());
    expect(HTTP_STATUS).toEqual(EXPECTED);
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
    for (const code of ERROR_CODES) expect(code).toMatch(/^[a-z]+(_[a-z]+)*$/);
    expect(isErrorCode('stale_version')).toBe(true);
    expect(isErrorCode('conflict')).toBe(false);
  });
});

describe('the error handler', () => {
  let server: Awaited<ReturnType<typeof listen>>;
  const logged: unknown[] = [];

  beforeAll(async () => {
    const app = express();
    app.set('view engine', 'ejs');
    app.set('views', fileURLToPath(new URL('../../views/', import.meta.url)));
    app.get('/api/fail/:code', (req) => {
      throw new AnyCodeError(req.params.code as ErrorCode);
    });
    app.get('/page/fail/:code', (req) => {
      throw new AnyCodeError(req.params.code as ErrorCode);
    });
    app.get('/api/crash', () => {
      throw new Error('secret detail');
    });
    app.use(notFound);
    app.use(errorHandler((_message, error) => logged.push(error)));
    server = await listen(app);
  });
  afterAll(() => close(server.server));

  it.each(ERROR_CODES.filter((c) => c !== 'internal_error').map((code) => [code, EXPECTED[code]]))('answers %s with %i and the code, in JSON and HTML', async (code, status) => {
    const res = await fetch(`${server.baseUrl}/api/fail/${code}`);
    expect(res.status).toBe(status);
    expect(await res.json()).toEqual({ error: { code, message: `An error with code ${code}.` } });
    const page = await fetch(`${server.baseUrl}/page/fail/${code}`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(status);
    expect(await page.text()).toContain(`An error with code ${code}.`);
  });

  it('answers an unexpected error with 500 internal_error, logging it and keeping its message to itself', async () => {
    const res = await fetch(`${server.baseUrl}/api/crash`);
    expect(res.status).toBe(500);
    const body = await res.json() as { error: { code: string; message: string } };
    expect(body.error.code).toBe('internal_error');
    expect(body.error.message).not.toContain('secret');
    expect(logged).toHaveLength(1);
  });
});

describe('codes the app produces itself', () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await startTestApp();
  });
  afterEach(() => app.close());

  async function code(res: Response): Promise<[number, string]> {
    return [res.status, ((await res.json()) as { error: { code: string } }).error.code];
  }

  it('sends each with the status of the table', async () => {
    const user = await app.login(['translator']);
    const json = { 'content-type': 'application/json' };
    expect(await code(await app.request('/api/documents'))).toEqual([EXPECTED.unauthenticated, 'unauthenticated']);
    expect(await code(await app.request('/api/documents', { method: 'POST', headers: { ...json, cookie: user.cookie }, body: '{}' }))).toEqual([EXPECTED.csrf_failed, 'csrf_failed']);
    expect(await code(await app.request('/api/documents', { method: 'POST', as: user, headers: json, body: '{"title": ' }))).toEqual([EXPECTED.malformed_request, 'malformed_request']);
    expect(await code(await app.request('/api/documents', { method: 'POST', as: user, headers: json, body: JSON.stringify({ text: 'x'.repeat(1_100_000) }) }))).toEqual([EXPECTED.payload_too_large, 'payload_too_large']);
    expect(await code(await app.request('/api/documents', { method: 'POST', as: user, headers: { 'content-type': 'application/json; charset=latin-9' }, body: '{}' }))).toEqual([EXPECTED.unsupported_media_type, 'unsupported_media_type']);
    expect(await code(await app.request('/api/nothing-here', { as: user }))).toEqual([EXPECTED.not_found, 'not_found']);
    expect(await code(await app.request('/api/documents/abc', { as: user }))).toEqual([EXPECTED.validation_failed, 'validation_failed']);
    expect(await code(await app.request('/api/audit', { as: user }))).toEqual([EXPECTED.forbidden, 'forbidden']);
  });

  it('renders the error page for a body refused before the session was read, without a stack trace', async () => {
    const html = { accept: 'text/html' };
    const badJson = await app.request('/login', { method: 'POST', headers: { ...html, 'content-type': 'application/json' }, body: '{"name": ' });
    expect(badJson.status).toBe(400);
    const page = await badJson.text();
    expect(page).toContain('The request body is not valid JSON.');
    expect(page).not.toMatch(/ReferenceError|node_modules|\.ejs/);
    const tooLarge = await app.request('/login', { method: 'POST', headers: { ...html, 'content-type': 'application/x-www-form-urlencoded' }, body: `a=${'x'.repeat(1_100_000)}` });
    expect(tooLarge.status).toBe(413);
    expect(await tooLarge.text()).toContain('The request is too large.');
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

let app: TestApp;
beforeEach(async () => {
  app = await startTestApp();
});
afterEach(() => app.close());

/** Fetches the login page and returns the pre-session CSRF cookie and token. */
async function loginForm(): Promise<{ cookie: string; token: string }> {
  const res = await app.request('/login');
  expect(res.status).toBe(200);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const token = /name="_csrf" value="([^"]+)"/.exec(await res.text())?.[1] ?? '';
  return { cookie, token };
}

function form(fields: Record<string, string>): URLSearchParams {
  return new URLSearchParams(fields);
}

describe('sign-in', () => {
  it('signs in through the form and lands on the document list', async () => {
    await app.services.accounts.createUser({ name: 'anna', roles: ['translator'], password: 'pw-anna-123' });
    const { cookie, token } = await loginForm();
    const res = await app.request('/login', {
      method: 'POST', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: form({ _csrf: token, name: 'anna', password: 'pw-anna-123', next: '/documents/new' }),
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/documents/new');
    const setCookie = res.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/duizhao_session=[^;]+;.*HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const session = /duizhao_session=[^;]+/.exec(setCookie)?.[0] ?? '';
    const list = await app.request('/', { headers: { cookie: session } });
    expect(list.status).toBe(200);
    expect(await list.text()).toContain('anna');
  });

  it('shows the error in the form and keeps the name on a wrong password', async () => {
    await app.services.accounts.createUser({ name: 'anna', roles: ['translator'], password: 'pw-anna-123' });
    const { cookie, token } = await loginForm();
    const res = await app.request('/login', {
      method: 'POST', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: form({ _csrf: token, name: 'anna', password: 'nope' }),
    });
    expect(res.status).toBe(401);
    const html = await res.text();
    expect(html).toContain('The user name or password is wrong.');
    expect(html).toContain('value="anna"');
  });

  it('throttles repeated failures with 429 and Retry-After', async () => {
    const { cookie, token } = await loginForm();
    let last: Response | undefined;
    for (let i = 0; i < 6; i++) {
      last = await app.request('/login', {
        method: 'POST', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: form({ _csrf: token, name: 'anna', password: `guess${i}` }),
      });
    }
    expect(last?.status).toBe(429);
    expect(Number(last?.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await last?.text()).toContain('Too many failed sign-ins');
  });

  it('refuses a login post without the CSRF token', async () => {
    await app.services.accounts.createUser({ name: 'anna', roles: ['translator'], password: 'pw-anna-123' });
    const res = await app.request('/login', {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form({ name: 'anna', password: 'pw-anna-123' }),
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('set-cookie') ?? '').not.toContain('duizhao_session');
  });

  it('never redirects to another site after login', async () => {
    await app.services.accounts.createUser({ name: 'anna', roles: ['translator'], password: 'pw-anna-123' });
    const { cookie, token } = await loginForm();
    const res = await app.request('/login', {
      method: 'POST', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: form({ _csrf: token, name: 'anna', password: 'pw-anna-123', next: '//evil.example/' }),
    });
    expect(res.headers.get('location')).toBe('/');
  });

  it('signs out and the old cookie stops working', async () => {
    const user = await app.login(['translator']);
    const out = await app.request('/logout', {
      method: 'POST', as: user, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form({ _csrf: user.csrfToken }),
    });
    expect(out.status).toBe(303);
    const res = await app.request('/api/documents', { as: user });
    expect(res.status).toBe(401);
  });
});

describe('access control', () => {
  it.each(['/', '/documents/new', '/documents/1'])('redirects %s to the login page without a session', async (path) => {
    const res = await app.request(path);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/login?next=${encodeURIComponent(path)}`);
  });

  it.each([['GET', '/api/documents'], ['GET', '/api/documents/1'], ['POST', '/api/documents']])('answers %s %s with 401 JSON without a session', async (method, path) => {
    const res = await app.request(path, { method });
    // A POST without a session fails CSRF first (403) or auth (401); both refuse.
    expect(res.status === 401 || res.status === 403).toBe(true);
    const body = await res.json() as { error: { code: string } };
    expect(['unauthenticated', 'csrf_failed']).toContain(body.error.code);
    if (method === 'GET') expect(res.status).toBe(401);
  });

  it('refuses state-changing requests without or with a wrong CSRF token', async () => {
    const user = await app.login(['translator']);
    const without = await app.request('/api/documents', {
      method: 'POST', headers: { cookie: user.cookie, 'content-type': 'application/json' }, body: JSON.stringify({ title: 't', text: '中文。' }),
    });
    expect(without.status).toBe(403);
    expect(await without.json()).toEqual({ error: { code: 'csrf_failed', message: expect.stringContaining('Reload the page') } });
    const wrong = await app.request('/api/documents', {
      method: 'POST', as: user, headers: { 'x-csrf-token': 'forged', 'content-type': 'application/json' }, body: JSON.stringify({ title: 't', text: '中文。' }),
    });
    expect(wrong.status).toBe(403);
    expect(app.store.documents.countDocuments()).toBe(0);
  });

  it('refuses a cross-site origin even with a valid token', async () => {
    const user = await app.login(['translator']);
    const res = await app.request('/api/documents', {
      method: 'POST', as: user, headers: { origin: 'https://evil.example', 'content-type': 'application/json' }, body: JSON.stringify({ title: 't', text: '中文。' }),
    });
    expect(res.status).toBe(403);
    expect(app.store.documents.countDocuments()).toBe(0);
  });

  it('forbids reviewers to import', async () => {
    const reviewer = await app.login(['reviewer']);
    const res = await app.request('/api/documents', {
      method: 'POST', as: reviewer, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: 't', text: '中文。' }),
    });
    expect(res.status).toBe(403);
    expect((await res.json() as { error: { code: string } }).error.code).toBe('forbidden');
  });
});

describe('security headers and health', () => {
  it('sends a CSP without inline script and other headers on every page', async () => {
    const res = await app.request('/login');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it('marks answers no-store and spends no hash on an ETag nothing could revalidate', async () => {
    const user = await app.login();
    for (const path of ['/', '/api/documents']) {
      const res = await app.request(path, { as: user });
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('etag')).toBeNull();
    }
  });

  it('answers /healthz with version and database status', async () => {
    const res = await app.request('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', version: 'test', database: { ok: true, schemaVersion: expect.any(Number), writable: true } });
  });

  it('answers unknown paths with 404 in JSON under /api and as a page elsewhere', async () => {
    const user = await app.login();
    const api = await app.request('/api/nothing', { as: user });
    expect(api.status).toBe(404);
    expect((await api.json() as { error: { code: string } }).error.code).toBe('not_found');
    const page = await app.request('/nothing/here', { as: user });
    expect(page.status).toBe(404);
    expect(await page.text()).toContain('Nothing is at /nothing/here.');
  });
});

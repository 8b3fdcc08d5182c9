import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Login, type TestApp } from '../helpers/test-app.js';

/** Inputs that answered 500 (issue #12) now answer 400 with a message naming the field. */
let app: TestApp;
let admin: Login;
let reviewer: Login;

beforeAll(async () => {
  app = await startTestApp();
  admin = await app.login(['admin']);
  reviewer = await app.login(['reviewer']);
});
afterAll(async () => app?.close());

describe('answers 400, not 500', () => {
  it.each(['%00abc', 'ab%00', '%01%02%03', 'a%7Fb'])('concordance q=%s', async (q) => {
    const res = await app.request(`/api/tm/concordance?q=${q}`, { as: admin });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'validation_failed', message: expect.stringMatching(/^q: control characters/) } });
  });

  it.each([['/api/audit?to=0000-00-00', 'to'], ['/api/audit?from=2026-02-30', 'from'], ['/admin/audit?from=2026-13-45', 'from'], ['/admin/audit?to=9999-99-99', 'to']])('%s', async (path, field) => {
    const res = await app.request(path, { as: admin, headers: { accept: path.startsWith('/api') ? 'application/json' : 'text/html' } });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain(`${field}: not a date in the calendar`);
  });

  it('still filters the audit log by real dates', async () => {
    expect((await app.request('/api/audit?from=2024-02-29&to=2026-12-31', { as: admin })).status).toBe(200);
  });

  it('stores glossary terms without control characters, and exports TBX that parses', async () => {
    const res = await app.request('/api/glossary', {
      method: 'POST', as: reviewer, headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ source: '亚\u0000信', note: 'a\u0007note', equivalents: [{ lang: 'en', text: 'CI\u001BCA', kind: 'preferred' }] }),
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ term: { source: '亚信', note: 'anote', equivalents: [{ text: 'CICA' }] } });
    const tbx = await (await app.request('/glossary/export?format=tbx', { as: reviewer })).text();
    expect(tbx).toContain('<term>亚信</term>');
    expect(tbx).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/);
  });

  it('logged no server error on the way', () => {
    expect(app.errors).toEqual([]);
  });
});

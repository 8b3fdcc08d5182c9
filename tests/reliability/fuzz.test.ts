import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seeded } from '../helpers/random.js';
import type { Express } from 'express';
import { makeDocument } from '../helpers/factories.js';
import { docxBomb } from '../helpers/zip.js';
import { startTestApp, type Login, type TestApp } from '../helpers/test-app.js';

/**
 * A seeded fuzz pass over every route the app serves (enumerated from its routers, so a new
 * route is fuzzed without touching this file): hostile path parameters, malformed, huge and
 * wrongly typed bodies, hostile Unicode, missing and forged CSRF tokens, no session and other
 * users' sessions. No answer may be a 5xx or change stored content; refusals are 4xx (pages
 * without a session may redirect to the login form), and under /api they are JSON errors.
 */

interface RouteInfo { method: string; path: string }

interface LayerLike { rawPath?: unknown; route?: { path: string; methods: Record<string, boolean> }; handle: { stack?: LayerLike[] } }

/** Every (method, full path) of the app, walking nested routers with their mount paths (Express 5). */
export function appRoutes(app: Express): RouteInfo[] {
  const walk = (stack: LayerLike[], prefix: string): RouteInfo[] => stack.flatMap((layer) => {
    if (layer.route) {
      return Object.keys(layer.route.methods).filter((m) => m !== '_all').map((m) => ({ method: m.toUpperCase(), path: prefix + layer.route!.path }));
    }
    if (layer.handle.stack) {
      const mount = typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : '';
      return walk(layer.handle.stack, prefix + mount);
    }
    return [];
  });
  const router = (app as unknown as { router: { stack: LayerLike[] } }).router;
  const seen = new Set<string>();
  return walk(router.stack, '').filter((r) => {
    const key = `${r.method} ${r.path}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}


const HOSTILE_PARAMS = [
  '..%2F..%2F..%2Fetc%2Fpasswd', '..', '%2e%2e', '-1', '0', '1.5', '1e309', '0x10', '9'.repeat(400), '%00', 'NaN',
  '%EF%BD%85%EF%BD%8E' /* ｅｎ */, '%E2%80%AE' /* RLO */, "1'%20OR%20'1'%3D'1", '__proto__', 'constructor', '%F0%9F%98%80', '%D8%00',
];

const HOSTILE_STRINGS = [
  '', ' ', '\u0000', '\uD800', '\uDFFF\uD800', '\u202Egnp.exe', '\u200B\u200D\uFEFF', '𠀀𪚥😀👩‍👩‍👧', 'ｅｎ', 'Ω'.repeat(5000),
  '<script>alert(1)</script>', '../../etc/passwd', '%s%n%x', '\r\n\r\nHTTP/1.1 200 OK', 'a'.repeat(50_000), '1e309', '__proto__',
  // The inputs of issue #12: whitespace runs that made paragraph splitting quadratic, nested
  // titles, letters and spaces that froze QA, Cyrillic words the old diff split into letters,
  // CSV-formula and multi-value edge cases, and a NUL that ended FTS5's query string.
  `甲${' '.repeat(30_000)}乙。`, `甲${'\t'.repeat(30_000)}乙。`, `甲${'\u00A0'.repeat(30_000)}乙。`, `${'《'.repeat(15_000)}${'》'.repeat(15_000)}`,
  'A'.repeat(40_000), `a${' '.repeat(40_000)}b`, 'Главы двух государств провели переговоры '.repeat(300), "'=literal note", 'A|B', 'C\\|D', '\u0000abc', '2026-13-45', '0000-00-00',
];
const HOSTILE_NUMBERS = [-1, 0, 1.5, 999_999, 2 ** 53 + 2, -0, 1e308];

function randomValue(rand: () => number, depth = 0): unknown {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  switch (Math.floor(rand() * (depth > 2 ? 5 : 7))) {
    case 0: return pick(HOSTILE_STRINGS);
    case 1: return pick(HOSTILE_NUMBERS);
    case 2: return pick([true, false, null]);
    case 3: return pick(HOSTILE_STRINGS);
    case 4: return pick(HOSTILE_NUMBERS);
    case 5: return Array.from({ length: Math.floor(rand() * 4) }, () => randomValue(rand, depth + 1));
    default: return randomObject(rand, depth + 1);
  }
}

const FIELD_NAMES = ['text', 'version', 'kind', 'segmentId', 'lang', 'at', 'title', 'langs', 'keymap', 'name', 'password', 'roles', 'role',
  'comment', 'body', 'purpose', 'replace', 'confirm', 'userId', 'source', 'target', 'termId', 'note', 'status', '__proto__', 'constructor', '_csrf'];

function randomObject(rand: () => number, depth = 0): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  const n = Math.floor(rand() * 5);
  for (let i = 0; i < n; i++) object[FIELD_NAMES[Math.floor(rand() * FIELD_NAMES.length)]!] = randomValue(rand, depth);
  return object;
}

/** Answered without a session on purpose. */
const PUBLIC_PAGES = ['/login', '/healthz', '/favicon.ico'];

/** `random`: the body may happen to be valid input, so it is only sent where something else is wrong. */
interface Variant { label: string; body?: BodyInit; contentType?: string; random?: boolean }

/** A form holding a .docx that inflates to 20 MB (issue #12): refused before it is parsed. */
let bomb: Buffer | undefined;
function bombForm(): FormData {
  bomb ??= docxBomb(20);
  const form = new FormData();
  form.set('file', new Blob([new Uint8Array(bomb)]), 'bomb.docx');
  return form;
}

/** Query strings that answered 500 (issue #12) or look for one: control characters, impossible dates, absurd pages. */
const HOSTILE_QUERIES = [
  'q=%00abc', 'q=ab%00', 'from=2026-13-45&to=0000-00-00', 'from=0000-00-00', 'to=9999-99-99', 'page=-1&pageSize=99999', 'page=1e309',
  `q=${'a'.repeat(300)}`, 'lang=%00', 'filter=__proto__&offset=-1&limit=1e9', 'format=tbx%00', 'documents=1,,x&langs=%00', 'q=%F0%9F%98%80%E2%80%AE',
];

function bodyVariants(rand: () => number): Variant[] {
  const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
  return [
    { label: 'no body' },
    { label: 'empty JSON object', body: '{}', contentType: 'application/json' },
    { label: 'malformed JSON', body: '{"text": "unterminated', contentType: 'application/json' },
    { label: 'JSON null', body: 'null', contentType: 'application/json' },
    { label: 'JSON array', body: '[1,2,3]', contentType: 'application/json' },
    { label: 'deeply nested JSON', body: deep, contentType: 'application/json' },
    { label: 'prototype pollution', body: '{"__proto__": {"roles": ["admin"]}, "constructor": {"prototype": {"admin": true}}}', contentType: 'application/json' },
    { label: 'random object', body: JSON.stringify(randomObject(rand)), contentType: 'application/json', random: true },
    { label: 'random object 2', body: JSON.stringify(randomObject(rand)), contentType: 'application/json', random: true },
    { label: 'wrong types', body: JSON.stringify({ text: 5, version: '1', kind: ['merge'], segmentId: 'x', lang: 7, keymap: 'x', langs: { a: 1 } }), contentType: 'application/json' },
    { label: 'JSON over 1 MB', body: JSON.stringify({ text: 'x'.repeat(1024 * 1024 + 10) }), contentType: 'application/json' },
    { label: 'form with repeated keys', body: 'text=a&text=b&version=1&version=2&lang=en&lang=ru', contentType: 'application/x-www-form-urlencoded' },
    { label: 'form with bad percent-encoding', body: 'text=%E0%A4%A&version=%', contentType: 'application/x-www-form-urlencoded' },
    { label: 'multipart without boundary', body: '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--x--', contentType: 'multipart/form-data' },
    { label: 'multipart cut off', body: '--b\r\nContent-Disposition: form-data; name="file"; filename="a.tmx"\r\n\r\n<tmx', contentType: 'multipart/form-data; boundary=b' },
    { label: 'UTF-16 charset', body: '{"text":"x"}', contentType: 'application/json; charset=utf-16' },
    { label: 'unknown charset', body: '{"text":"x"}', contentType: 'application/json; charset=klingon' },
    { label: 'text/plain', body: 'text=hello', contentType: 'text/plain' },
    { label: 'multipart .docx bomb', body: bombForm(), random: true },
  ];
}

describe('fuzz: every route refuses bad input cleanly', () => {
  let app: TestApp;
  let owner: Login;
  let other: Login;
  let reviewer: Login;
  let documentId: number;
  let segmentId: number;
  let routes: RouteInfo[];

  beforeAll(async () => {
    app = await startTestApp();
    owner = await app.login(['translator']);
    other = await app.login(['translator']);
    reviewer = await app.login(['reviewer']);
    ({ documentId } = await makeDocument(app.services, { langs: ['en', 'ru'] }));
    segmentId = app.services.slots.listRows(documentId, { offset: 0, limit: 1 }).rows[0]!.segmentId;
    // The same app the helper serves, built again only to read its routing table.
    const { createApp } = await import('../../src/web/app.js');
    routes = appRoutes(createApp({ store: app.store, services: app.services, version: 'test', secureCookies: false }));
  });
  afterAll(async () => app?.close());

  /** Hash of every stored row that a request could change on purpose (not sessions, the audit log or /healthz's write probe). */
  function fingerprint(): string {
    const db = app.store.db;
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('sessions', 'audit_log', 'schema_migrations', 'stamps') ORDER BY name").all() as { name: string }[]).map((t) => t.name);
    const hash = createHash('sha256');
    for (const table of tables) {
      const rows = (db.prepare(`SELECT * FROM "${table}"`).all() as unknown[]).map((r) => JSON.stringify(r)).sort();
      hash.update(`${table}\n${rows.join('\n')}\n`);
    }
    return hash.digest('hex');
  }

  function fill(path: string, hostile: string | undefined): string {
    return path.replace(/:(\w+)/g, (_m, name: string) => {
      if (hostile !== undefined) return hostile;
      switch (name) {
        case 'id': return String(documentId);
        case 'segmentId': return String(segmentId);
        case 'lang': return 'en';
        case 'jobId': return '3f1c9a34-5b7e-4c1d-9f00-1234567890ab';
        default: return '1';
      }
    });
  }

  it('enumerates the routes of every router, with their mount paths', () => {
    const keys = routes.map((r) => `${r.method} ${r.path}`);
    // A sample from each router; the fuzz below covers every route found, including new ones.
    for (const known of ['GET /login', 'POST /login', 'GET /api/documents', 'POST /api/documents', 'PUT /api/documents/:id/slots/:segmentId/:lang',
      'POST /api/documents/:id/operations', 'GET /export', 'POST /api/tm/import', 'GET /documents/:id/edit', 'PUT /api/settings/keymap']) {
      expect(keys).toContain(known);
    }
    expect(routes.length).toBeGreaterThan(25);
  });

  it('answers 400, not 500, for a path parameter that is not UTF-8 (found by this fuzz)', async () => {
    const api = await app.request('/api/documents/%D8%00/rows', { as: owner });
    expect(api.status).toBe(400);
    expect(await api.json()).toMatchObject({ error: { code: 'malformed_request' } });
    const page = await app.request('/documents/%D8%00', { as: owner });
    expect(page.status).toBe(400);
    expect(await page.text()).toContain('malformed percent-encoding');
    expect(app.errors).toEqual([]);
  });

  it('answers no 5xx, changes nothing and refuses with a clear 4xx', async () => {
    const before = fingerprint();
    const rand = seeded(8);
    const failures: string[] = [];
    let sent = 0;

    const send = async (route: RouteInfo, path: string, init: { as?: Login; csrf?: string; variant: Variant }, mustRefuse: boolean) => {
      const headers: Record<string, string> = {};
      if (init.variant.contentType) headers['content-type'] = init.variant.contentType;
      if (init.csrf !== undefined) headers['x-csrf-token'] = init.csrf;
      if (route.path.startsWith('/api/') || rand() < 0.5) headers.accept = 'application/json';
      const hasBody = route.method !== 'GET' && route.method !== 'HEAD' && init.variant.body !== undefined;
      let res: Response;
      try {
        res = await app.request(path, { method: route.method, headers, ...(hasBody && { body: init.variant.body }), ...(init.as && { as: init.as }) });
      } catch (error) {
        failures.push(`${route.method} ${path} [${init.variant.label}]: request failed: ${String(error)}`);
        return;
      }
      sent += 1;
      const type = res.headers.get('content-type') ?? '';
      // Server-sent events never end; the status and type are all there is to check.
      const text = type.startsWith('text/event-stream') ? (await res.body?.cancel(), '') : await res.text();
      const where = `${route.method} ${path.slice(0, 120)} [${init.variant.label}${init.as ? ` as ${init.as.name}` : ''}${init.csrf !== undefined ? ', bad csrf' : ''}]`;
      if (res.status >= 500) failures.push(`${where}: ${res.status} ${text.slice(0, 200)}`);
      const refused = res.status >= 400 || (res.status === 303 && (res.headers.get('location') ?? '').startsWith('/login'));
      if (mustRefuse && !refused) failures.push(`${where}: expected a refusal, got ${res.status}`);
      if (res.status >= 400 && path.startsWith('/api/')) {
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          body = undefined;
        }
        const error = (body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
        if (typeof error?.code !== 'string' || typeof error.message !== 'string' || error.message.length < 8) {
          failures.push(`${where}: ${res.status} without a JSON error message: ${text.slice(0, 120)}`);
        }
      }
    };

    // Signing out would end the session the rest of the pass uses; it has its own tests.
    const fuzzed = routes.filter((r) => !(r.method === 'POST' && r.path === '/logout'));
    for (const route of fuzzed) {
      const write = route.method !== 'GET' && route.method !== 'HEAD';
      const variants = bodyVariants(rand);
      for (const hostile of [undefined, ...HOSTILE_PARAMS]) {
        if (hostile !== undefined && !route.path.includes(':')) break;
        const path = fill(route.path, hostile);
        // With a valid session and token: only the input is wrong.
        const chosen = hostile === undefined ? variants.filter((v) => !v.random) : [variants[Math.floor(rand() * variants.length)]!];
        for (const variant of chosen) {
          // A write with hostile ids must be refused; a write with good ids may legitimately
          // be answered (undo with nothing to undo is a 409) but must still change nothing.
          await send(route, path, { as: owner, variant }, write && hostile !== undefined);
        }
        if (hostile !== undefined) continue;
        const variant = variants[Math.floor(rand() * variants.length)]!;
        if (write) {
          await send(route, path, { as: owner, csrf: '', variant }, true);
          await send(route, path, { as: owner, csrf: 'A'.repeat(32), variant }, true);
          await send(route, path, { as: owner, csrf: other.csrfToken, variant }, true);
          await send(route, path, { variant }, true);
          // Other users with valid tokens: only malformed bodies, since a well-formed one may be
          // something they are allowed to do.
          const structural = variants.filter((v) => !v.random);
          await send(route, path, { as: reviewer, variant: structural[Math.floor(rand() * structural.length)]! }, false);
          await send(route, path, { as: other, variant: structural[Math.floor(rand() * structural.length)]! }, false);
        } else if (!PUBLIC_PAGES.includes(route.path)) {
          await send(route, path, { variant }, true);
        }
      }
    }

    // Every page and API read with hostile query strings, as a signed-in user.
    for (const route of fuzzed.filter((r) => r.method === 'GET')) {
      for (const query of HOSTILE_QUERIES) {
        await send(route, `${fill(route.path, undefined)}?${query}`, { as: owner, variant: { label: `query ${query.slice(0, 40)}` } }, false);
      }
    }

    expect(failures).toEqual([]);
    expect(app.errors).toEqual([]);
    expect(fingerprint()).toBe(before);
    expect(sent).toBeGreaterThan(routes.length * 10);
  }, 120_000);
});

/**
 * Load benchmark (issue #8): N simulated translators on loopback against the real app
 * (createApp over a file database, WAL on), each signed in with its own session, reading
 * a page of rows and saving slots with the versions it saw; some saves send a stale
 * version on purpose. Beside it, in the same run: a bare Express endpoint driven by the
 * same client code, and a bare better-sqlite3 UPDATE on the same database.
 *
 * Checks at the end: no acknowledged save lost (every 2xx save is a revision with its
 * text, and each slot holds its last acknowledged save), every deliberate conflict got
 * 409, the slots still tile every document, no 5xx.
 *
 * Run: npm run bench:load [-- --clients 50 --seconds 10 --autocheckpoint]
 * tests/reliability/load.test.ts runs the same code at small size.
 */
import express from 'express';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createServices } from '../src/services/index.js';
import { startCheckpointer } from '../src/store/checkpointer.js';
import { openDatabase } from '../src/store/db.js';
import { createStore } from '../src/store/index.js';
import { createApp } from '../src/web/app.js';
import { seeded } from '../tests/helpers/random.js';
import { close, listen } from '../tests/helpers/http-server.js';
import { loadAverages, ratioOf, writeBenchResult, type BenchRow } from './report.js';

export interface LoadOptions {
  clients: number;
  seconds: number;
  /** Segments in the shared document; clients work on overlapping pages of it. */
  segments?: number;
  /** Share of saves sent with a stale version on purpose. */
  conflictRate?: number;
  /** Measure the bare Express and bare SQLite baselines too (CI skips them: it asserts no timing). */
  baselines?: boolean;
  /** WAL checkpoints on their own thread, as `serve` runs (false: SQLite's default, inside commits). */
  checkpointThread?: boolean;
}

/** cpuPerRequest: this process's CPU ms (user + system) per request, clients and server together. */
export interface Latency { requests: number; perSecond: number; p50: number; p99: number; cpuPerRequest: number }

export interface LoadResult {
  options: Required<LoadOptions>;
  app: Latency;
  saves: { acknowledged: number; conflicts: number; deliberateConflicts: number; statuses: Record<string, number> };
  bareExpress: Latency;
  bareSqlite: Latency;
  /** Problems found by the end-of-run checks; empty when all hold. */
  problems: string[];
}

const SCRYPT = { N: 1024, r: 8, p: 1 };

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

function summarize(latencies: number[], ms: number, cpuMs = NaN): Latency {
  const sorted = [...latencies].sort((a, b) => a - b);
  return { requests: latencies.length, perSecond: latencies.length / (ms / 1000), p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99), cpuPerRequest: cpuMs / latencies.length };
}

interface SlotState { segmentId: number; version: number }
interface RowsBody { rows: { slots: Record<string, { kind: string; segmentId: number; version: number }> }[] }

interface Run {
  latencies: number[]; ms: number; cpuMs: number; statuses: Record<string, number>;
  acked: Map<string, { version: number; text: string }[]>; conflicts: number; deliberateConflicts: number;
}

/**
 * The simulated translators: each reads a page of rows now and then (5 % of its requests) and
 * otherwise saves a slot of it with the version it saw, some on purpose with a stale one.
 * The app and the bare Express baseline are driven by this same loop.
 */
async function drive(baseUrl: string, sessions: { cookie: string; csrfToken: string }[], documentId: number, options: Required<LoadOptions>,
  langs: string[], check: { expectConflicts: boolean; problems: string[] }): Promise<Run> {
  const run: Run = { latencies: [], ms: 0, cpuMs: 0, statuses: {}, acked: new Map(), conflicts: 0, deliberateConflicts: 0 };
  const { problems } = check;
  const timed = async (url: string, init: RequestInit) => {
    const start = performance.now();
    const res = await fetch(url, init);
    const body: unknown = await res.json();
    run.latencies.push(performance.now() - start);
    run.statuses[res.status] = (run.statuses[res.status] ?? 0) + 1;
    if (res.status >= 500) problems.push(`${init.method ?? 'GET'} ${url} answered ${res.status}`);
    return { status: res.status, body };
  };

  const cpu = process.cpuUsage();
  const start = performance.now();
  const deadline = start + options.seconds * 1000;
  await Promise.all(sessions.map(async (session, c) => {
    const rand = seeded(c + 1);
    // Two clients share each page and language, so real races happen beside the deliberate ones.
    const pair = Math.floor(c / 2);
    const lang = langs[pair % langs.length]!;
    const pageSize = 20;
    const pages = Math.max(1, Math.floor(options.segments / pageSize));
    const offset = (pair % pages) * pageSize;
    const headers = { cookie: session.cookie, 'x-csrf-token': session.csrfToken, 'content-type': 'application/json' };
    const load = async (): Promise<SlotState[]> => {
      const { body } = await timed(`${baseUrl}/api/documents/${documentId}/rows?offset=${offset}&limit=${pageSize}`, { headers });
      return (body as RowsBody).rows.flatMap((r) => {
        const slot = r.slots[lang];
        return slot && slot.kind === 'head' ? [{ segmentId: slot.segmentId, version: slot.version }] : [];
      });
    };
    if (performance.now() >= deadline) return;
    let slots = await load();
    // Right after its first acknowledged save each client sends that slot's old version once,
    // so every run has deliberate conflicts however few requests a slow machine completes.
    let conflictNext: SlotState | undefined;
    let firstAck = true;
    for (let n = 0; performance.now() < deadline; n++) {
      if (!conflictNext && rand() < 0.05) {
        slots = await load();
        continue;
      }
      const slot = conflictNext ?? slots[Math.floor(rand() * slots.length)]!;
      const stale = conflictNext !== undefined || (slot.version >= 2 && rand() < options.conflictRate);
      conflictNext = undefined;
      const saved = `c${c} n${n} — «${lang}» ✓ 𝒳`;
      const { status, body } = await timed(`${baseUrl}/api/documents/${documentId}/slots/${slot.segmentId}/${lang}`, {
        method: 'PUT', headers, body: JSON.stringify({ text: saved, version: stale ? slot.version - 1 : slot.version }),
      });
      if (stale) {
        run.deliberateConflicts += 1;
        if (check.expectConflicts && status !== 409) problems.push(`a save with a stale version answered ${status}, not 409`);
      }
      if (status === 200) {
        const version = (body as { slot: { version: number } }).slot.version;
        const key = `${slot.segmentId}/${lang}`;
        const list = run.acked.get(key) ?? [];
        list.push({ version, text: saved });
        run.acked.set(key, list);
        slot.version = version;
        if (firstAck) conflictNext = slot;
        firstAck = false;
      } else if (status === 409) {
        run.conflicts += 1;
        slot.version = (body as { error: { details: { current: { version: number } } } }).error.details.current.version;
      } else {
        problems.push(`a save answered ${status}`);
      }
    }
  }));
  run.ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  run.cpuMs = (used.user + used.system) / 1000;
  return run;
}

export async function runLoad(input: LoadOptions): Promise<LoadResult> {
  const options: Required<LoadOptions> = { segments: 400, conflictRate: 0.05, baselines: true, checkpointThread: true, ...input };
  const dir = mkdtempSync(join(tmpdir(), 'duizhao-load-'));
  const { db } = openDatabase(join(dir, 'load.sqlite'));
  const checkpointer = options.checkpointThread ? startCheckpointer(db) : null;
  const problems: string[] = [];
  try {
    const store = createStore(db);
    const services = createServices({ store, scrypt: SCRYPT });
    const text = Array.from({ length: options.segments }, (_, i) => `第${i + 1}句，两国元首就双边关系深入交换意见。${i % 5 === 4 ? '\n' : ''}`).join('');
    const { documentId } = await services.documents.importDocument({ title: '负载测试', text, langs: ['en', 'ru'], user: null });
    const sessions = [];
    for (let c = 0; c < options.clients; c++) {
      const { user } = await services.accounts.createUser({ name: `load${c}`, roles: ['translator'], password: 'load test password' });
      const { token, session } = await services.accounts.login({ name: user.name, password: 'load test password', client: 'bench' });
      sessions.push({ cookie: `duizhao_session=${token}`, csrfToken: session.csrfToken });
    }
    // Simulated translators save without pausing to find the server's capacity; the per-user
    // limit (20/s) would otherwise measure itself. The limiter still runs on every request.
    const app = createApp({
      store, services, version: 'bench', secureCookies: false, writeLimit: { perSecond: 1e9, burst: 1e9 },
      log: (message, error) => problems.push(`server error: ${message}: ${String(error)}`),
    });
    const { server, baseUrl } = await listen(app);

    const langs = ['en', 'ru'];
    const appRun = await drive(baseUrl, sessions, documentId, options, langs, { expectConflicts: true, problems });
    await close(server);
    const { acked } = appRun;

    // Lost updates: each acknowledged save is a revision; each slot holds its last one.
    const revision = db.prepare('SELECT text FROM revisions WHERE segment_id = ? AND lang = ? AND version = ?');
    let acknowledged = 0;
    for (const [key, saves] of acked) {
      const [segmentId, lang] = key.split('/') as [string, string];
      acknowledged += saves.length;
      for (const save of saves) {
        const row = revision.get(Number(segmentId), lang, save.version) as { text: string } | undefined;
        if (row?.text !== save.text) problems.push(`acknowledged save lost: ${key} v${save.version} "${save.text}" (stored: ${row?.text})`);
      }
      const last = saves.reduce((a, b) => (b.version > a.version ? b : a));
      const slot = store.slots.findSlot(Number(segmentId), lang);
      if (slot?.kind !== 'head' || slot.version !== last.version || slot.text !== last.text) {
        problems.push(`slot ${key} holds v${slot?.kind === 'head' ? slot.version : '?'}, not its last acknowledged save v${last.version}`);
      }
    }
    for (const lang of langs) problems.push(...store.slots.checkTiling(documentId, lang));

    // Baseline 1: bare Express answering the same requests with the same JSON: the same client
    // loop (the same 5 % page reads with the same cookies and headers, the same save bodies), a
    // page of rows as the app answered it, and a save answer of the app's shape and size
    // (a slot view and the undo state), each serialised per request as the app does.
    const bare = express();
    const pages = new Map<number, unknown>();
    bare.get('/api/documents/:id/rows', (req, res) => {
      const offset = Number(req.query.offset);
      let page = pages.get(offset);
      if (page === undefined) pages.set(offset, page = services.slots.listRows(documentId, { offset, limit: Number(req.query.limit) }));
      res.json(page);
    });
    bare.put('/api/documents/:id/slots/:segmentId/:lang', express.json(), (req, res) => {
      const body = req.body as { text: string; version: number };
      const segmentId = Number(req.params.segmentId);
      res.json({
        slot: { kind: 'head', segmentId, lang: req.params.lang, text: body.text, status: 'draft', version: body.version + 1, span: 1, confidence: null, reasons: [], updatedAt: new Date().toISOString() },
        history: { canUndo: true, canRedo: false, undoLabel: `edit ${req.params.lang} slot ${segmentId}`, redoLabel: null },
      });
    });
    const bareServer = await listen(bare);
    const bareRun = await drive(bareServer.baseUrl, sessions, documentId, { ...options, seconds: options.baselines ? options.seconds : 0 }, langs, { expectConflicts: false, problems });
    await close(bareServer.server);

    // Baseline 2: the same UPDATE the save runs, alone, one autocommit each, same file and settings.
    const update = db.prepare("UPDATE slots SET text = ?, version = version + 1 WHERE segment_id = ? AND lang = 'en' AND kind = 'head'");
    const ids = (db.prepare('SELECT id FROM segments WHERE document_id = ?').all(documentId) as { id: number }[]).map((r) => r.id);
    const sqlLatencies: number[] = [];
    const sqlStart = performance.now();
    const sqlDeadline = sqlStart + (options.baselines ? Math.min(options.seconds, 3) * 1000 : 0);
    for (let n = 0; performance.now() < sqlDeadline; n++) {
      const t = performance.now();
      update.run(`bare ${n}`, ids[n % ids.length]!);
      sqlLatencies.push(performance.now() - t);
    }
    const sqlMs = performance.now() - sqlStart;

    return {
      options,
      app: summarize(appRun.latencies, appRun.ms, appRun.cpuMs),
      saves: { acknowledged, conflicts: appRun.conflicts, deliberateConflicts: appRun.deliberateConflicts, statuses: appRun.statuses },
      bareExpress: summarize(bareRun.latencies, bareRun.ms, bareRun.cpuMs),
      bareSqlite: summarize(sqlLatencies, sqlMs),
      problems,
    };
  } finally {
    await checkpointer?.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Rows for the bench table: what, requests/s, p50 ms, p99 ms, and the ratio to the baselines. */
export function loadTable(result: LoadResult): string[][] {
  const f = (n: number, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : '—');
  const { app, bareExpress, bareSqlite } = result;
  return [
    ['load', `Duizhao API, ${result.options.clients} clients × ${result.options.seconds} s`, `${f(app.perSecond, 0)} req/s`, f(app.p50), f(app.p99), f(app.cpuPerRequest, 3),
      `${f(app.perSecond / bareExpress.perSecond)}× bare Express req/s; p50 ${f(app.p50 / bareExpress.p50, 1)}×; CPU ${f(app.cpuPerRequest / bareExpress.cpuPerRequest, 2)}×`],
    ['load', 'baseline: bare Express, same requests and answer shapes', `${f(bareExpress.perSecond, 0)} req/s`, f(bareExpress.p50), f(bareExpress.p99), f(bareExpress.cpuPerRequest, 3), '1.00×'],
    ['load', 'baseline: bare better-sqlite3 UPDATE', `${f(bareSqlite.perSecond, 0)} op/s`, f(bareSqlite.p50, 3), f(bareSqlite.p99, 3), '',
      `API saves at ${f((100 * app.perSecond) / bareSqlite.perSecond, 1)} % of it`],
  ];
}

/** The figures for bench/results/load.json, each beside its same-run baseline. */
export function loadRows(result: LoadResult): BenchRow[] {
  const { app, bareExpress, bareSqlite, saves } = result;
  const clients = `${result.options.clients} clients × ${result.options.seconds} s`;
  const bare = 'bare Express, same clients, requests and answer shapes';
  return [
    { what: `Duizhao API throughput, ${clients}`, value: app.perSecond, unit: 'req/s', baseline: bareExpress.perSecond, baselineWhat: bare, ratio: ratioOf(app.perSecond, bareExpress.perSecond), target: '≥ 0.8× bare Express' },
    { what: `Duizhao API p50, ${clients}`, value: app.p50, unit: 'ms', baseline: bareExpress.p50, baselineWhat: bare, ratio: ratioOf(app.p50, bareExpress.p50) },
    { what: `Duizhao API p99, ${clients}`, value: app.p99, unit: 'ms', baseline: bareExpress.p99, baselineWhat: bare, ratio: ratioOf(app.p99, bareExpress.p99) },
    { what: `Duizhao API CPU per request (clients and server in one process), ${clients}`, value: app.cpuPerRequest, unit: 'ms', baseline: bareExpress.cpuPerRequest, baselineWhat: bare, ratio: ratioOf(app.cpuPerRequest, bareExpress.cpuPerRequest) },
    { what: 'API saves vs bare better-sqlite3 UPDATE (one autocommit each)', value: app.perSecond, unit: 'req/s', baseline: bareSqlite.perSecond, baselineWhat: 'bare UPDATE op/s', ratio: ratioOf(app.perSecond, bareSqlite.perSecond) },
    { what: `checks: problems (${saves.acknowledged} saves kept, ${saves.conflicts} conflicts all 409)`, value: result.problems.length, unit: 'problems', target: '0' },
  ];
}

export function printTable(title: string, header: string[], rows: string[][]): void {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  console.log(title);
  for (const row of all) console.log(row.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd());
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: {
    clients: { type: 'string', default: '50' }, seconds: { type: 'string', default: '10' }, 'autocheckpoint': { type: 'boolean', default: false },
  } });
  // --autocheckpoint: checkpoints inside commits, SQLite's default and how the server ran before issue #15.
  const result = await runLoad({ clients: Number(values.clients), seconds: Number(values.seconds), checkpointThread: !values.autocheckpoint });
  printTable(`Load bench, Node ${process.version}, load average ${loadAverages()} (CPU: this process, clients and server together)`, ['bench', 'what', 'throughput', 'p50 ms', 'p99 ms', 'CPU ms/req', 'vs baseline'], loadTable(result));
  writeBenchResult('load', loadRows(result));
  const { saves } = result;
  console.log(`saves acknowledged ${saves.acknowledged}, conflicts answered 409 ${saves.conflicts} (${saves.deliberateConflicts} on purpose), statuses ${JSON.stringify(saves.statuses)}`);
  if (result.problems.length > 0) {
    console.log(`PROBLEMS (${result.problems.length}):\n${result.problems.slice(0, 20).join('\n')}`);
    process.exitCode = 1;
  } else {
    console.log('checks: no acknowledged save lost, every deliberate conflict 409, tiling holds, no 5xx');
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();

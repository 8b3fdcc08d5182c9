/**
 * Load benchmark (issue #8, #15): N simulated translators on loopback against the real app
 * (createApp over a file database, WAL on), each signed in with its own session, reading
 * a page of rows and saving slots with the versions it saw; some saves send a stale
 * version on purpose. Beside it, in the same run: a bare Express endpoint driven by the
 * same client code, and a bare better-sqlite3 UPDATE on the same database.
 *
 * The clients (bench/load-drive.ts) run in one of two places, for the app and the bare Express
 * alike: in this process beside the server (`in-process`: the CPU figure is clients and server
 * together, and the clients' fetch costs more than the server), or in a process of their own
 * (`client-process`, bench/load-client.ts, closer to real browsers): then this process is the
 * server alone and its CPU per request is the server's, the client process's reported apart.
 *
 * Checks at the end of every app run: no acknowledged save lost (every 2xx save is a revision
 * with its text, and each slot holds its last acknowledged save), every deliberate conflict got
 * 409, the slots still tile every document, no 5xx.
 *
 * Each mode runs with each HTTP client (`--client both`, the default): the lean raw-socket client
 * (bench/raw-http.ts), whose own CPU is a small part of the server's, and Node's fetch, which costs
 * more than the server; the bare baseline always uses the same client as the app run it sits beside.
 *
 * Run: npm run bench:load [-- --clients 50 --seconds 10 --mode both|in-process|client-process --client both|lean|fetch --autocheckpoint]
 * tests/reliability/load.test.ts runs the same code at small size.
 */
import express from 'express';
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createServices } from '../src/services/index.js';
import { startCheckpointer } from '../src/store/checkpointer.js';
import { openDatabase } from '../src/store/db.js';
import { createStore } from '../src/store/index.js';
import { createApp } from '../src/web/app.js';
import { close, listen } from '../tests/helpers/http-server.js';
import { drive, HTTP_CLIENTS, type DriveInput, type HttpClient, type Run } from './load-drive.js';
import { loadAverages, ratioOf, writeBenchResult, type BenchRow } from './report.js';

/** Where the clients run: beside the server in this process, or in a process of their own. */
export const LOAD_MODES = ['in-process', 'client-process'] as const;
export type LoadMode = (typeof LOAD_MODES)[number];

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
  /** Where the clients run, each mode in turn (the app, then its bare Express baseline). */
  modes?: readonly LoadMode[];
  /** The HTTP clients the translators use, each in turn within each mode (load-drive.ts). */
  httpClients?: readonly HttpClient[];
}

/**
 * cpuPerRequest: the CPU ms (user + system) per request of the process the clients ran in:
 * clients and server together in-process, the clients alone in a client process.
 * serverCpuPerRequest: this (the server's) process's CPU ms per request when the clients ran
 * elsewhere (NaN in-process, where the two cannot be told apart).
 */
export interface Latency { requests: number; perSecond: number; p50: number; p99: number; cpuPerRequest: number; serverCpuPerRequest: number }

export interface ModeResult { mode: LoadMode; client: HttpClient; app: Latency; bareExpress?: Latency }

export interface LoadResult {
  options: Required<LoadOptions>;
  runs: ModeResult[];
  /** Over every app run. */
  saves: { acknowledged: number; conflicts: number; deliberateConflicts: number; statuses: Record<string, number> };
  bareSqlite: Latency;
  /** Problems found by the end-of-run checks; empty when all hold. */
  problems: string[];
}

const SCRYPT = { N: 1024, r: 8, p: 1 };

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

function summarize(latencies: number[], ms: number, cpuMs = NaN, serverCpuMs = NaN): Latency {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    requests: latencies.length, perSecond: latencies.length / (ms / 1000), p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99),
    cpuPerRequest: cpuMs / latencies.length, serverCpuPerRequest: serverCpuMs / latencies.length,
  };
}

const CLIENT_ENTRY = fileURLToPath(new URL('./load-client.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../', import.meta.url));
const cpuMsNow = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};

/**
 * One drive() in a forked process (bench/load-client.ts, loaded through tsx). This process's
 * CPU is counted from the moment the child is sent its input (it has loaded by then) until its
 * answer arrives: with the clients elsewhere, that is the server's CPU for the run.
 */
async function driveInChild(input: DriveInput): Promise<{ run: Run; serverCpuMs: number }> {
  const child = fork(CLIENT_ENTRY, [], { cwd: ROOT, execArgv: ['--import', 'tsx'], serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  try {
    return await new Promise((resolve, reject) => {
      let cpu = 0;
      child.once('error', reject);
      child.once('exit', (code, signal) => reject(new Error(`the load client exited (${code ?? signal}) before answering`)));
      child.on('message', (message: { ready?: true; run?: Run; error?: string }) => {
        if (message.ready) {
          cpu = cpuMsNow();
          child.send(input);
        } else if (message.run) {
          resolve({ run: message.run, serverCpuMs: cpuMsNow() - cpu });
        } else {
          reject(new Error(`the load client failed: ${message.error}`));
        }
      });
    });
  } finally {
    if (child.exitCode === null && child.signalCode === null) {
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill();
      });
    }
  }
}

/** drive() where `mode` says: the Run, and this process's CPU over it when the clients ran elsewhere. */
async function driveIn(mode: LoadMode, input: DriveInput): Promise<{ run: Run; serverCpuMs: number }> {
  if (mode === 'client-process') return driveInChild(input);
  return { run: await drive(input), serverCpuMs: NaN };
}

export async function runLoad(input: LoadOptions): Promise<LoadResult> {
  const options: Required<LoadOptions> = { segments: 400, conflictRate: 0.05, baselines: true, checkpointThread: true, modes: ['in-process'], httpClients: ['fetch'], ...input };
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
    const langs = ['en', 'ru'];
    const driveOptions = { seconds: options.seconds, segments: options.segments, conflictRate: options.conflictRate };

    // Lost updates: each acknowledged save is a revision; each slot holds its last one.
    const revision = db.prepare('SELECT text FROM revisions WHERE segment_id = ? AND lang = ? AND version = ?');
    const saves = { acknowledged: 0, conflicts: 0, deliberateConflicts: 0, statuses: {} as Record<string, number> };
    const checkAppRun = (run: Run) => {
      problems.push(...run.problems);
      saves.conflicts += run.conflicts;
      saves.deliberateConflicts += run.deliberateConflicts;
      for (const [status, count] of Object.entries(run.statuses)) saves.statuses[status] = (saves.statuses[status] ?? 0) + count;
      for (const [key, acked] of run.acked) {
        const [segmentId, lang] = key.split('/') as [string, string];
        saves.acknowledged += acked.length;
        for (const save of acked) {
          const row = revision.get(Number(segmentId), lang, save.version) as { text: string } | undefined;
          if (row?.text !== save.text) problems.push(`acknowledged save lost: ${key} v${save.version} "${save.text}" (stored: ${row?.text})`);
        }
        const last = acked.reduce((a, b) => (b.version > a.version ? b : a));
        const slot = store.slots.findSlot(Number(segmentId), lang);
        if (slot?.kind !== 'head' || slot.version !== last.version || slot.text !== last.text) {
          problems.push(`slot ${key} holds v${slot?.kind === 'head' ? slot.version : '?'}, not its last acknowledged save v${last.version}`);
        }
      }
      for (const lang of langs) problems.push(...store.slots.checkTiling(documentId, lang));
    };

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

    const runs: ModeResult[] = [];
    for (const mode of options.modes) {
      for (const client of options.httpClients) {
        const { server, baseUrl } = await listen(app);
        const appRun = await driveIn(mode, { baseUrl, sessions, documentId, options: driveOptions, langs, expectConflicts: true, client });
        await close(server);
        checkAppRun(appRun.run);
        const result: ModeResult = { mode, client, app: summarize(appRun.run.latencies, appRun.run.ms, appRun.run.cpuMs, appRun.serverCpuMs) };
        if (options.baselines) {
          const bareServer = await listen(bare);
          const bareRun = await driveIn(mode, { baseUrl: bareServer.baseUrl, sessions, documentId, options: driveOptions, langs, expectConflicts: false, client });
          await close(bareServer.server);
          problems.push(...bareRun.run.problems);
          result.bareExpress = summarize(bareRun.run.latencies, bareRun.run.ms, bareRun.run.cpuMs, bareRun.serverCpuMs);
        }
        runs.push(result);
      }
    }

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

    return { options, runs, saves, bareSqlite: summarize(sqlLatencies, sqlMs), problems };
  } finally {
    await checkpointer?.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const f = (n: number | undefined, digits = 2) => (n !== undefined && Number.isFinite(n) ? n.toFixed(digits) : '—');
const WHERE: Record<LoadMode, string> = { 'in-process': 'clients in the server process', 'client-process': 'clients in their own process' };
const CLIENT: Record<HttpClient, string> = { lean: 'lean client', fetch: "Node's fetch" };

/** Rows for the bench table: what, requests/s, p50 ms, p99 ms, CPU ms/req (server; clients), and the ratio to the baselines. */
export function loadTable(result: LoadResult): string[][] {
  const { bareSqlite } = result;
  const cpu = (l: Latency) => (Number.isFinite(l.serverCpuPerRequest) ? `${f(l.serverCpuPerRequest, 3)}; ${f(l.cpuPerRequest, 3)}` : `${f(l.cpuPerRequest, 3)} (both)`);
  const rows: string[][] = [];
  for (const { mode, client, app, bareExpress } of result.runs) {
    const vs = bareExpress
      ? `${f(app.perSecond / bareExpress.perSecond)}× bare Express req/s; p50 ${f(app.p50 / bareExpress.p50, 1)}×; `
        + (Number.isFinite(app.serverCpuPerRequest) ? `server CPU ${f(app.serverCpuPerRequest / bareExpress.serverCpuPerRequest, 2)}×` : `CPU ${f(app.cpuPerRequest / bareExpress.cpuPerRequest, 2)}×`)
      : '';
    rows.push(['load', `Duizhao API, ${result.options.clients} clients × ${result.options.seconds} s, ${WHERE[mode]}, ${CLIENT[client]}`, `${f(app.perSecond, 0)} req/s`, f(app.p50), f(app.p99), cpu(app), vs]);
    if (bareExpress) rows.push(['load', `baseline: bare Express, same requests and answer shapes, ${WHERE[mode]}, ${CLIENT[client]}`, `${f(bareExpress.perSecond, 0)} req/s`, f(bareExpress.p50), f(bareExpress.p99), cpu(bareExpress), '1.00×']);
  }
  const fastest = Math.max(...result.runs.map((r) => r.app.perSecond));
  if (bareSqlite.requests > 0) {
    rows.push(['load', 'baseline: bare better-sqlite3 UPDATE', `${f(bareSqlite.perSecond, 0)} op/s`, f(bareSqlite.p50, 3), f(bareSqlite.p99, 3), '',
      `API saves at ${f((100 * fastest) / bareSqlite.perSecond, 1)} % of it`]);
  }
  return rows;
}

/** The figures for bench/results/load.json, each beside its same-run baseline. */
export function loadRows(result: LoadResult): BenchRow[] {
  const { bareSqlite, saves } = result;
  const clients = `${result.options.clients} clients × ${result.options.seconds} s`;
  const rows: BenchRow[] = [];
  for (const { mode, client, app, bareExpress } of result.runs) {
    const bare = `bare Express, same clients, requests and answer shapes, ${WHERE[mode]}, ${CLIENT[client]}`;
    const against = (value: number, baseline: number | undefined) => (bareExpress && baseline !== undefined ? { baseline, baselineWhat: bare, ratio: ratioOf(value, baseline) } : {});
    const suffix = `${mode === 'in-process' ? '' : `, ${WHERE[mode]}`}${client === 'fetch' ? '' : `, ${CLIENT[client]}`}`;
    rows.push(
      { what: `Duizhao API throughput, ${clients}${suffix}`, value: app.perSecond, unit: 'req/s', ...against(app.perSecond, bareExpress?.perSecond), target: '≥ 0.8× bare Express' },
      { what: `Duizhao API p50, ${clients}${suffix}`, value: app.p50, unit: 'ms', ...against(app.p50, bareExpress?.p50) },
      { what: `Duizhao API p99, ${clients}${suffix}`, value: app.p99, unit: 'ms', ...against(app.p99, bareExpress?.p99) },
    );
    if (mode === 'in-process') {
      rows.push({ what: `Duizhao API CPU per request (clients and server in one process), ${clients}`, value: app.cpuPerRequest, unit: 'ms', ...against(app.cpuPerRequest, bareExpress?.cpuPerRequest) });
    } else {
      rows.push(
        { what: `Duizhao API server-process CPU per request, ${clients}${suffix}`, value: app.serverCpuPerRequest, unit: 'ms', ...against(app.serverCpuPerRequest, bareExpress?.serverCpuPerRequest) },
        { what: `load clients' CPU per request (their own process), ${clients}, app run`, value: app.cpuPerRequest, unit: 'ms', ...against(app.cpuPerRequest, bareExpress?.cpuPerRequest) },
      );
    }
  }
  const fastest = Math.max(...result.runs.map((r) => r.app.perSecond));
  if (bareSqlite.requests > 0) {
    rows.push({ what: 'API saves vs bare better-sqlite3 UPDATE (one autocommit each)', value: fastest, unit: 'req/s', baseline: bareSqlite.perSecond, baselineWhat: 'bare UPDATE op/s', ratio: ratioOf(fastest, bareSqlite.perSecond) });
  }
  rows.push({ what: `checks: problems (${saves.acknowledged} saves kept, ${saves.conflicts} conflicts all 409)`, value: result.problems.length, unit: 'problems', target: '0' });
  return rows;
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
    mode: { type: 'string', default: 'both' }, 'no-baselines': { type: 'boolean', default: false }, client: { type: 'string', default: 'both' },
  } });
  const modes = values.mode === 'both' ? LOAD_MODES : LOAD_MODES.filter((m) => m === values.mode);
  if (modes.length === 0) throw new Error(`--mode is both, ${LOAD_MODES.join(' or ')}, not ${values.mode}`);
  const httpClients = values.client === 'both' ? HTTP_CLIENTS : HTTP_CLIENTS.filter((c) => c === values.client);
  if (httpClients.length === 0) throw new Error(`--client is both, ${HTTP_CLIENTS.join(' or ')}, not ${values.client}`);
  // --autocheckpoint: checkpoints inside commits, SQLite's default and how the server ran before issue #15.
  const result = await runLoad({ clients: Number(values.clients), seconds: Number(values.seconds), checkpointThread: !values.autocheckpoint, modes, httpClients, baselines: !values['no-baselines'] });
  printTable(`Load bench, Node ${process.version}, load average ${loadAverages()} (CPU ms/req: the server process; the clients' process, or both together when they share one)`,
    ['bench', 'what', 'throughput', 'p50 ms', 'p99 ms', 'CPU ms/req', 'vs baseline'], loadTable(result));
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

/**
 * Whole-document reads (issue #12 "the HTML document page, the editor page's boot, the review
 * list and the document list still read whole documents"). On a file database with WAL on, a
 * 20,000-segment document in two languages, each page is asked once by a signed-in user in
 * a fresh server process (so one page's peak memory does not hide another's). It prints, per
 * page: the reply's bytes, its wall time, the longest event-loop stall (how long /healthz and
 * everyone else waited: perf_hooks' delay histogram) and how much the process's peak
 * resident memory grew; the same-run baseline is /healthz itself. The "after an edit" rows ask
 * the page once, save one slot, and measure the next view: what a view costs once the
 * process is warm and the document has just changed (nothing cached still holds).
 *
 * Run: npm run bench:reads [-- --segments 20000]
 */
import { spawnSync } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createServices } from '../src/services/index.js';
import { loadNamesLexicon } from '../src/services/qa-triangulation.js';
import { openDatabase } from '../src/store/db.js';
import { createStore } from '../src/store/index.js';
import { createApp } from '../src/web/app.js';
import { close, listen } from '../tests/helpers/http-server.js';
import { printTable } from './load.js';
import { writeBenchResult, type BenchRow } from './report.js';

const SCRYPT = { N: 1024, r: 8, p: 1 };
const PASSWORD = 'bench-password-1';

/** The pages read, by name: each path takes the document's id. */
const PAGES: Record<string, (id: number) => string> = {
  'healthz (baseline)': () => '/healthz',
  'document list': () => '/',
  'document page 1': (id) => `/documents/${id}`,
  'document page 150': (id) => `/documents/${id}?page=150`,
  'editor page (boot)': (id) => `/documents/${id}/edit`,
  'review page': (id) => `/documents/${id}/review/en`,
  'review list, first 50': (id) => `/api/documents/${id}/review/en`,
  'review list, needs review': (id) => `/api/documents/${id}/review/en?filter=needs-review&offset=10000`,
  'API document page': (id) => `/api/documents/${id}`,
  'document page 1, after an edit': (id) => `/documents/${id}`,
  'review list, first 50, after an edit': (id) => `/api/documents/${id}/review/en`,
};
const AFTER_AN_EDIT = new Set(['document page 1, after an edit', 'review list, first 50, after an edit']);

interface Measured { page: string; status: number; bytes: number; ms: number; cpuMs: number; stallMs: number; rssGrowthMb: number }

function seed(dbPath: string, segments: number): number {
  const { db } = openDatabase(dbPath);
  try {
    const store = createStore(db);
    const at = new Date().toISOString();
    return store.transaction(() => {
      const id = store.documents.insertDocument({ title: '读取基准', sourceLang: 'zh-CN', createdBy: null, langs: ['en', 'ru'], now: at });
      const ids = store.segments.insertSegments(id, Array.from({ length: segments }, (_, i) => ({ paragraph: Math.floor(i / 5), text: `第${i + 1}句：两国元首就双边关系和共同关心的国际问题深入交换意见。` })));
      ids.forEach((segmentId, i) => {
        const status = i % 3 === 0 ? 'approved' : 'translated';
        store.slots.insertHead({ segmentId, lang: 'en', text: `Sentence ${i + 1}: the two heads of state exchanged views in depth on bilateral relations.`, status, span: 1, updatedBy: null, now: at });
        store.slots.insertHead({ segmentId, lang: 'ru', text: `Предложение ${i + 1}: главы двух государств провели углублённый обмен мнениями.`, status, span: 1, updatedBy: null, now: at });
      });
      return id;
    });
  } finally {
    db.close();
  }
}

/** In a fresh process: start the app on the seeded database, sign in, read one page. */
async function child(dbPath: string, documentId: number, page: string): Promise<Measured> {
  const { db } = openDatabase(dbPath);
  const store = createStore(db);
  const services = createServices({ store, scrypt: SCRYPT });
  const app = createApp({ store, services, version: 'bench', secureCookies: false, log: () => undefined });
  // As `serve` does before it listens (src/cli.ts): the name check's dictionary is start-up work.
  loadNamesLexicon();
  const { server, baseUrl } = await listen(app);
  try {
    const name = `reader${process.pid}`;
    await services.accounts.createUser({ name, roles: ['translator', 'reviewer'], password: PASSWORD });
    const { token } = await services.accounts.login({ name, password: PASSWORD, client: 'bench' });
    const headers = { cookie: `duizhao_session=${token}`, accept: 'text/html,application/json' };
    await (await fetch(`${baseUrl}/healthz`)).arrayBuffer();
    if (AFTER_AN_EDIT.has(page)) {
      await (await fetch(baseUrl + PAGES[page]!(documentId), { headers })).arrayBuffer();
      const user = store.users.findUserByName(name)!;
      const segmentId = store.segments.listSegmentsInRange(documentId, 10, 10)[0]!.id;
      const head = store.slots.findSlot(segmentId, 'en');
      if (head?.kind !== 'head') throw new Error('The bench document has no English head at segment 11.');
      services.slots.editSlot({ documentId, segmentId, lang: 'en', text: `${head.text} Edited.`, version: head.version, user });
    }
    const rssBefore = process.resourceUsage().maxRSS;
    // The client runs in this process too, so /healthz asked from here would wait with the
    // server and miss most stalls: the event loop's own delay histogram measures them exactly.
    const stall = monitorEventLoopDelay({ resolution: 10 });
    stall.enable();
    // The histogram's first tick only starts its clock: a stall that begins before it is not
    // seen (an edit's page measured 0 ms for a 0.6 s stall). Let it tick before asking.
    await new Promise((resolve) => setTimeout(resolve, 30));
    const started = performance.now();
    // Server and client share this process: its CPU time is the request's (the client's part,
    // one fetch, is the same for every page and shows in the /healthz row).
    const cpu = process.cpuUsage();
    // A reply cut off (the connection reset) is reported as status 0.
    const res = await fetch(baseUrl + PAGES[page]!(documentId), { headers }).catch((error: unknown) => {
      process.stderr.write(`${page}: ${String(error)} ${String((error as { cause?: unknown }).cause)}\n`);
      return null;
    });
    const bytes = res ? (await res.arrayBuffer()).byteLength : 0;
    const ms = performance.now() - started;
    const used = process.cpuUsage(cpu);
    stall.disable();
    const stallMs = stall.max / 1e6;
    return { page, status: res?.status ?? 0, bytes, ms, cpuMs: (used.user + used.system) / 1000, stallMs, rssGrowthMb: (process.resourceUsage().maxRSS - rssBefore) / 1024 };
  } finally {
    await close(server);
    db.close();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { segments: { type: 'string', default: '20000' }, child: { type: 'string' }, db: { type: 'string' }, document: { type: 'string' } } });
  if (values.child) {
    process.stdout.write(JSON.stringify(await child(values.db!, Number(values.document), values.child)));
    return;
  }
  const segments = Number(values.segments);
  const dir = mkdtempSync(join(tmpdir(), 'duizhao-bench-reads-'));
  try {
    const dbPath = join(dir, 'bench.sqlite');
    const documentId = seed(dbPath, segments);
    const results: Measured[] = [];
    for (const page of Object.keys(PAGES)) {
      const run = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--child', page, '--db', dbPath, '--document', String(documentId)], { encoding: 'utf8', maxBuffer: 1 << 20 });
      if (run.status !== 0) throw new Error(`${page}: ${run.stderr}`);
      if (run.stderr) process.stderr.write(run.stderr);
      results.push(JSON.parse(run.stdout) as Measured);
    }
    const f = (n: number, d = 1) => n.toFixed(d);
    printTable(`Whole-document reads, ${segments.toLocaleString('en')} segments × 2 languages, Node ${process.version}, load average ${loadavg().map((n) => n.toFixed(2)).join(' ')}`,
      ['page', 'status', 'reply KB', 'wall ms', 'CPU ms', 'longest stall ms', 'peak RSS growth MB'],
      results.map((r) => [r.page, String(r.status), f(r.bytes / 1024), f(r.ms, 0), f(r.cpuMs, 0), f(r.stallMs, 0), f(r.rssGrowthMb)]));
    const baseline = results[0]!;
    const rows: BenchRow[] = results.slice(1).flatMap((r) => [
      { what: `${r.page}: reply`, value: Math.round(r.bytes / 1024), unit: 'KB' },
      { what: `${r.page}: CPU time`, value: Math.round(r.cpuMs), unit: 'ms', baseline: Math.round(baseline.cpuMs), baselineWhat: '/healthz alone' },
      { what: `${r.page}: longest event-loop stall`, value: Math.round(r.stallMs), unit: 'ms', baseline: Math.round(baseline.stallMs), baselineWhat: '/healthz alone' },
      { what: `${r.page}: peak RSS growth`, value: Number(r.rssGrowthMb.toFixed(1)), unit: 'MB', baseline: Number(baseline.rssGrowthMb.toFixed(1)), baselineWhat: '/healthz alone' },
    ]);
    writeBenchResult('reads', rows);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();

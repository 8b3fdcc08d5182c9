/**
 * Editor/API benchmark (issue #8), on file databases with WAL on, as in production:
 * - the first page of a 10,000-segment document in 3 languages (GET /api/documents/:id/rows),
 *   beside a bare Express endpoint sending the same JSON;
 * - importing and aligning a ~10,000-sentence English translation (translations.prepare + run),
 *   built from the demo joint statement repeated with numbered parts;
 * - 1,000 sequential slot saves over HTTP (PUT …/slots/:segmentId/:lang), beside the bare UPDATE.
 *
 * Run: npm run bench:editor [-- --segments 10000 --saves 1000 --skip-align --autocheckpoint]
 */
import express from 'express';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createServices } from '../src/services/index.js';
import { startCheckpointer } from '../src/store/checkpointer.js';
import { openDatabase } from '../src/store/db.js';
import { createStore } from '../src/store/index.js';
import { createApp } from '../src/web/app.js';
import { printTable } from './load.js';
import { rawConnection } from './raw-http.js';
import { close, listen } from '../tests/helpers/http-server.js';
import { loadAverages, ratioOf, writeBenchResult, type BenchRow } from './report.js';

const DEMO = fileURLToPath(new URL('../demo/joint-statement-2022/', import.meta.url));
const SCRYPT = { N: 1024, r: 8, p: 1 };

const cpuMs = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};

interface Timing { count: number; p50: number; p95: number; p99: number; total: number }

function timing(samples: number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
  return { count: samples.length, p50: q(0.5), p95: q(0.95), p99: q(0.99), total: samples.reduce((a, b) => a + b, 0) };
}

/** One request's answer as the timing loop needs it: its status and how many body bytes were read. */
interface Answered { status: number; bytes: number }

/** The two clients every HTTP figure is taken with (bench/raw-http.ts says why). */
type Client = 'lean' | 'fetch';
const CLIENTS: readonly Client[] = ['lean', 'fetch'];
const CLIENT_NAME: Record<Client, string> = { lean: 'lean client (bench/raw-http.ts)', fetch: "Node's fetch" };

/** Sends requests through one client: a raw keep-alive connection, or Node's global fetch. */
interface Sender {
  send(method: string, path: string, headers: Record<string, string>, body?: string): Promise<Answered>;
  close(): void;
}

function sender(client: Client, baseUrl: string): Sender {
  if (client === 'lean') {
    const connection = rawConnection(baseUrl);
    return {
      send: async (method, path, headers, body) => {
        const answer = await connection.request(method, path, headers, body);
        return { status: answer.status, bytes: answer.body.length };
      },
      close: () => connection.close(),
    };
  }
  return {
    send: async (method, path, headers, body) => {
      const res = await fetch(`${baseUrl}${path}`, { method, headers, ...(body !== undefined && { body }) });
      return { status: res.status, bytes: (await res.arrayBuffer()).byteLength };
    },
    close: () => undefined,
  };
}

/** The demo's zh and en sentences repeated in numbered parts until the Chinese side reaches `target`. */
export function repeatedDemo(target: number): { zh: string; en: string; zhSentences: number; enSentences: number } {
  const lines = (name: string) => readFileSync(join(DEMO, name), 'utf8').split('\n').filter((l) => l.length > 0);
  const zh = lines('zh.sentences');
  const en = lines('en.sentences');
  const parts = Math.ceil(target / zh.length);
  const zhParts: string[] = [];
  const enParts: string[] = [];
  for (let p = 1; p <= parts; p++) {
    // One paragraph per part, opened by its number: an anchor the aligner can use, as in real documents.
    zhParts.push(`第${p}部分。${zh.join('')}`);
    enParts.push(`Part ${p}. ${en.join(' ')}`);
  }
  return { zh: zhParts.join('\n'), en: enParts.join('\n'), zhSentences: parts * (zh.length + 1), enSentences: parts * (en.length + 1) };
}

/** checkpointThread: WAL checkpoints on their own thread as `serve` runs (false: inside commits, SQLite's default). */
export interface EditorBenchOptions { segments: number; saves: number; align: boolean; rowsRequests: number; checkpointThread?: boolean }

/** The printed table, and the same figures for bench/results/editor.json. */
export interface EditorBenchResult { table: string[][]; rows: BenchRow[] }

export async function runEditorBench(options: EditorBenchOptions): Promise<EditorBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'duizhao-bench-editor-'));
  const { db } = openDatabase(join(dir, 'editor.sqlite'));
  const checkpointer = options.checkpointThread === false ? null : startCheckpointer(db);
  const rows: string[][] = [];
  const results: BenchRow[] = [];
  const f = (n: number, d = 2) => (Number.isFinite(n) ? n.toFixed(d) : '—');
  try {
    const store = createStore(db);
    const services = createServices({ store, scrypt: SCRYPT });
    const at = new Date().toISOString();
    const seedStart = performance.now();
    const documentId = store.transaction(() => {
      const id = store.documents.insertDocument({ title: '编辑器基准', sourceLang: 'zh-CN', createdBy: null, langs: ['en', 'ru'], now: at });
      const ids = store.segments.insertSegments(id, Array.from({ length: options.segments }, (_, i) => ({ paragraph: Math.floor(i / 5), text: `第${i + 1}句：两国元首就双边关系和共同关心的国际问题深入交换意见。` })));
      ids.forEach((segmentId, i) => {
        store.slots.insertHead({ segmentId, lang: 'en', text: `Sentence ${i + 1}: the two heads of state exchanged views in depth on bilateral relations.`, status: 'translated', span: 1, updatedBy: null, now: at });
        store.slots.insertHead({ segmentId, lang: 'ru', text: `Предложение ${i + 1}: главы двух государств провели углублённый обмен мнениями.`, status: 'translated', span: 1, updatedBy: null, now: at });
      });
      return id;
    });
    const seedMs = performance.now() - seedStart;
    const { user } = await services.accounts.createUser({ name: 'bench', roles: ['translator'], password: 'bench password' });
    const { token, session } = await services.accounts.login({ name: user.name, password: 'bench password', client: 'bench' });
    const headers = { cookie: `duizhao_session=${token}`, 'x-csrf-token': session.csrfToken, 'content-type': 'application/json' };
    // 1,000 saves (and pages of rows) back to back are a script, not a person: lift the per-user
    // limits so it measures the request. The read limit's burst of 300 used to hold only because
    // the bench's reads were slower than 50 a second; with the lean client on a quiet machine they are not.
    const unlimited = { perSecond: 1e9, burst: 1e9 };
    const app = createApp({ store, services, version: 'bench', secureCookies: false, writeLimit: unlimited, readLimit: unlimited });
    const { server, baseUrl } = await listen(app);
    // The baselines: bare Express answering the same requests, driven by the same clients.
    const pageJson = JSON.stringify(services.slots.listRows(documentId, { offset: 0, limit: 100 }));
    const bare = express();
    bare.get('/rows', (_req, res) => {
      res.type('json').send(pageJson);
    });
    bare.put('/slots/:segmentId/:lang', express.json(), (req, res) => {
      res.json({ slot: { segmentId: Number(req.params.segmentId), text: (req.body as { text: string }).text }, history: { canUndo: true, canRedo: false, undoLabel: 'edit', redoLabel: null } });
    });
    const bareServer = await listen(bare);
    const senders = (url: string) => Object.fromEntries(CLIENTS.map((c) => [c, sender(c, url)])) as Record<Client, Sender>;
    const toApp = senders(baseUrl);
    const toBare = senders(bareServer.baseUrl);
    // Server-side time of each request: from its headers to the answer's last byte handed to the socket.
    const timeServer = (on: typeof server, into: () => number[]) => on.prependListener('request', (_req, res) => {
      const start = performance.now();
      const samples = into();
      res.on('finish', () => samples.push(performance.now() - start));
    });
    let appSamples: number[] = [];
    let bareSamples: number[] = [];
    timeServer(server, () => appSamples);
    timeServer(bareServer.server, () => bareSamples);

    /**
     * Runs `n` requests per client in two rounds, the clients in turn and the second round in the
     * other order, so neither client always meets the warmer process or the longer WAL.
     */
    const perClient = async (n: number, request: (client: Client, i: number) => Promise<Answered>, warmup: number) => {
      const samples = Object.fromEntries(CLIENTS.map((c) => [c, { rt: [] as number[], server: [] as number[], cpu: 0, bytes: 0, statuses: new Set<number>() }]));
      for (const client of CLIENTS) for (let i = 0; i < warmup; i++) await request(client, -1 - i);
      for (const round of [0, 1]) {
        for (const client of round === 0 ? CLIENTS : [...CLIENTS].reverse()) {
          const into = samples[client]!;
          appSamples = into.server;
          bareSamples = into.server;
          const cpu = cpuMs();
          const half = round === 0 ? Math.ceil(n / 2) : Math.floor(n / 2);
          for (let i = 0; i < half; i++) {
            const start = performance.now();
            const answer = await request(client, i);
            into.rt.push(performance.now() - start);
            into.statuses.add(answer.status);
            into.bytes = answer.bytes;
          }
          into.cpu += cpuMs() - cpu;
          appSamples = [];
          bareSamples = [];
        }
      }
      return Object.fromEntries(CLIENTS.map((c) => {
        const x = samples[c]!;
        return [c, { timing: timing(x.rt), server: timing(x.server), cpu: x.cpu / n, bytes: x.bytes, statuses: x.statuses }];
      })) as Record<Client, { timing: Timing; server: Timing; cpu: number; bytes: number; statuses: Set<number> }>;
    };
    const onlyOk = (what: string, statuses: Set<number>) => {
      if (statuses.size !== 1 || !statuses.has(200)) throw new Error(`${what} answered ${[...statuses].join(', ')}`);
    };

    const firstPage = await perClient(options.rowsRequests, (c) => toApp[c].send('GET', `/api/documents/${documentId}/rows`, headers), 20);
    const barePage = await perClient(options.rowsRequests, (c) => toBare[c].send('GET', '/rows', {}), 20);
    for (const c of CLIENTS) onlyOk('rows', firstPage[c].statuses);
    const serviceSamples: number[] = [];
    for (let i = 0; i < options.rowsRequests; i++) {
      const start = performance.now();
      JSON.stringify(services.slots.listRows(documentId, { offset: 0, limit: 100 }));
      serviceSamples.push(performance.now() - start);
    }
    const service = timing(serviceSamples);
    const pageKb = (firstPage.lean.bytes / 1024).toFixed(0);
    rows.push(
      ['editor', `first page of rows, ${options.segments.toLocaleString('en')} segments × zh/en/ru (${pageKb} KB), lean client`, `${firstPage.lean.timing.count}`,
        f(firstPage.lean.timing.p50), f(firstPage.lean.timing.p95), `${f(firstPage.lean.timing.p50 / barePage.lean.timing.p50, 1)}× bare Express p50`],
      ['editor', "  the same with Node's fetch", `${firstPage.fetch.timing.count}`,
        f(firstPage.fetch.timing.p50), f(firstPage.fetch.timing.p95), `${f(firstPage.fetch.timing.p50 / barePage.fetch.timing.p50, 1)}× bare Express p50`],
      ['editor', '  of which listRows + JSON in process', `${service.count}`, f(service.p50), f(service.p95), ''],
      ['editor', '  baseline: bare Express sending the same JSON, lean client', `${barePage.lean.timing.count}`, f(barePage.lean.timing.p50), f(barePage.lean.timing.p95), '1.0×'],
      ['editor', "  baseline: bare Express sending the same JSON, Node's fetch", `${barePage.fetch.timing.count}`, f(barePage.fetch.timing.p50), f(barePage.fetch.timing.p95), '1.0×'],
    );
    const pageWhat = `first page of rows p50, ${options.segments.toLocaleString('en')} segments × zh/en/ru`;
    results.push(
      { what: `${pageWhat}, lean client`, value: firstPage.lean.timing.p50, unit: 'ms', baseline: barePage.lean.timing.p50, baselineWhat: 'bare Express sending the same JSON, same client', ratio: ratioOf(firstPage.lean.timing.p50, barePage.lean.timing.p50) },
      { what: `${pageWhat}, Node's fetch`, value: firstPage.fetch.timing.p50, unit: 'ms', baseline: barePage.fetch.timing.p50, baselineWhat: 'bare Express sending the same JSON, same client', ratio: ratioOf(firstPage.fetch.timing.p50, barePage.fetch.timing.p50) },
      { what: 'first page: listRows + JSON in process, p50', value: service.p50, unit: 'ms' },
    );

    const ids = store.slots.listSlots(documentId, 'en').map((s) => s.segmentId);
    const versions = new Map<number, number>();
    const saveText = (n: number) => JSON.stringify({ text: `Saved ${n}: the two heads of state exchanged views.`, version: 1 });
    let saveCount = 0;
    const saves = await perClient(options.saves, async (c) => {
      const n = saveCount++;
      const segmentId = ids[(n * 7) % ids.length]!;
      const version = versions.get(segmentId) ?? 1;
      const answer = await toApp[c].send('PUT', `/api/documents/${documentId}/slots/${segmentId}/en`, headers,
        JSON.stringify({ text: `Saved ${n}: the two heads of state exchanged views.`, version }));
      versions.set(segmentId, version + 1);
      return answer;
    }, 20);
    let bareCount = 0;
    const bareSaves = await perClient(options.saves, (c) => {
      const n = bareCount++;
      return toBare[c].send('PUT', `/slots/${ids[(n * 7) % ids.length]}/en`, headers, saveText(n));
    }, 20);
    for (const c of CLIENTS) onlyOk('saves', saves[c].statuses);
    for (const c of CLIENTS) {
      toApp[c].close();
      toBare[c].close();
    }
    await close(server);
    await close(bareServer.server);

    // Where a save's time goes, each part timed alone on the same slots and body sizes: the
    // bare Express PUT (same client and body) split into its server side and the rest (the
    // client and loopback), the session look-up, the save service in process (its SQL: slot,
    // revision, undo step, document stamp, then the event fan-out), parsing the body and
    // writing the answer as JSON, and what is left (the app's middleware and routing beyond
    // bare Express's, event-loop turns, waiting for a CPU).
    const inProcess = (n: number, run: (i: number) => void): Timing => {
      const samples: number[] = [];
      for (let i = 0; i < n; i++) {
        const start = performance.now();
        run(i);
        samples.push(performance.now() - start);
      }
      return timing(samples);
    };
    const sessionLookup = inProcess(options.saves, () => services.accounts.resumeSession(token));
    const ruVersions = new Map<number, number>();
    let lastAnswer: unknown;
    const saveService = inProcess(options.saves, (i) => {
      const segmentId = ids[(i * 7) % ids.length]!;
      const version = ruVersions.get(segmentId) ?? 1;
      lastAnswer = services.slots.editSlot({ documentId, segmentId, lang: 'ru', text: `Сохранено ${i}: главы двух государств обменялись мнениями.`, version, user });
      ruVersions.set(segmentId, version + 1);
    });
    const requestBody = saveText(1);
    const json = inProcess(options.saves, () => JSON.stringify(JSON.parse(requestBody)) + JSON.stringify(lastAnswer));
    const update = db.prepare("UPDATE slots SET text = ?, version = version + 1 WHERE segment_id = ? AND lang = 'ru' AND kind = 'head'");
    const sqlSamples: number[] = [];
    for (let i = 0; i < options.saves; i++) {
      const start = performance.now();
      update.run(`bare ${i}`, ids[(i * 7) % ids.length]!);
      sqlSamples.push(performance.now() - start);
    }
    const sql = timing(sqlSamples);

    const n = options.saves.toLocaleString('en');
    for (const c of CLIENTS) {
      const save = saves[c].timing;
      const bareSave = bareSaves[c].timing;
      rows.push(
        c === 'lean'
          ? ['editor', `${n} sequential slot saves over HTTP, ${CLIENT_NAME[c]}`, `${save.count}`, f(save.p50), `${f(save.p95)}; ${f(save.p99)} (p99)`,
            `${f(save.p50 / sql.p50, 0)}× the bare UPDATE p50; ${f(save.p50 / bareSave.p50, 1)}× the bare PUT's`]
          : ['editor', `  the same saves with ${CLIENT_NAME[c]}`, `${save.count}`, f(save.p50), `${f(save.p95)}; ${f(save.p99)} (p99)`,
            `${f(save.p50 / bareSave.p50, 1)}× the bare PUT's`],
        ['editor', `  baseline: bare Express PUT, same body, ${CLIENT_NAME[c]}`, `${bareSave.count}`, f(bareSave.p50), `${f(bareSave.p95)}; ${f(bareSave.p99)} (p99)`, '1.0×'],
        ['editor', `  CPU per save, client and server, ${CLIENT_NAME[c]}`, `${options.saves}`, f(saves[c].cpu, 3), '',
          `${f(saves[c].cpu / bareSaves[c].cpu, 1)}× the bare PUT's ${f(bareSaves[c].cpu, 3)} ms`],
      );
      results.push(
        { what: `${n} sequential slot saves over HTTP, p50, ${CLIENT_NAME[c]}`, value: save.p50, unit: 'ms', baseline: bareSave.p50, baselineWhat: 'bare Express PUT, same client and body',
          ratio: ratioOf(save.p50, bareSave.p50), ...(c === 'lean' && { target: 'p50 ≤ 1 ms' }) },
        { what: `${n} sequential slot saves over HTTP, p95, ${CLIENT_NAME[c]}`, value: save.p95, unit: 'ms', baseline: bareSave.p95, baselineWhat: 'bare Express PUT, same client and body', ratio: ratioOf(save.p95, bareSave.p95) },
        { what: `slot save: CPU per save, client and server, ${CLIENT_NAME[c]}`, value: saves[c].cpu, unit: 'ms', baseline: bareSaves[c].cpu, baselineWhat: 'bare Express PUT, same client', ratio: ratioOf(saves[c].cpu, bareSaves[c].cpu) },
      );
    }
    rows.push(['editor', '  baseline: bare better-sqlite3 UPDATE, same slots', `${sql.count}`, f(sql.p50, 3), f(sql.p99, 3) + ' (p99)', '1×']);

    // Where the lean client's save p50 goes.
    const save = saves.lean.timing.p50;
    const part = (what: string, t: Timing | null, ms: number): string[] => ['editor', `  where it goes: ${what}`, t ? `${t.count}` : '', f(ms, 3), t ? f(t.p95, 3) : '', `${f((100 * ms) / save, 0)} % of the save p50`];
    const clientShare = Math.max(0, bareSaves.lean.timing.p50 - bareSaves.lean.server.p50);
    const parts = clientShare + bareSaves.lean.server.p50 + sessionLookup.p50 + saveService.p50 + json.p50;
    rows.push(
      part('server side of each save (headers in to answer out)', saves.lean.server, saves.lean.server.p50),
      part('the client and loopback (bare PUT round trip minus its server side)', null, clientShare),
      part("bare Express's server side of the same PUT (HTTP, router, body, answer)", bareSaves.lean.server, bareSaves.lean.server.p50),
      part('session look-up (resumeSession, remembered between requests)', sessionLookup, sessionLookup.p50),
      part('save service in process (SQL, revision, undo step, events)', saveService, saveService.p50),
      part('JSON parse of the body + the answer written', json, json.p50),
      part("the rest (the app's middleware and routing, event-loop turns, waiting for a CPU)", null, Math.max(0, save - parts)),
    );
    results.push(
      { what: 'slot save: server side (headers in to answer out), p50', value: saves.lean.server.p50, unit: 'ms', baseline: bareSaves.lean.server.p50, baselineWhat: "bare Express PUT's server side", ratio: ratioOf(saves.lean.server.p50, bareSaves.lean.server.p50) },
      { what: 'slot save: session look-up, p50', value: sessionLookup.p50, unit: 'ms' },
      { what: 'slot save: save service in process (SQL, revision, undo step, events), p50', value: saveService.p50, unit: 'ms' },
      { what: 'slot save: JSON parse + answer, p50', value: json.p50, unit: 'ms' },
      { what: 'bare better-sqlite3 UPDATE, same slots, p50', value: sql.p50, unit: 'ms' },
    );

    if (options.align) {
      const input = repeatedDemo(options.segments);
      const { documentId: alignDoc, segmentCount } = await services.documents.importDocument({ title: '对齐基准', text: input.zh, langs: ['en'], user: null });
      const start = performance.now();
      const prepared = await services.translations.prepare({ documentId: alignDoc, lang: 'en', replace: false, user: null, text: input.en });
      const prepareMs = performance.now() - start;
      const summary = await services.translations.run(prepared);
      const totalMs = performance.now() - start;
      results.push({ what: `import + align a translation, ${segmentCount.toLocaleString('en')} zh × ${summary.sentences.toLocaleString('en')} en sentences`, value: summary.sentences / (totalMs / 1000), unit: 'sentences/s' });
      rows.push(
        ['editor', `import + align a translation: ${segmentCount.toLocaleString('en')} zh × ${summary.sentences.toLocaleString('en')} en sentences`, '1',
          f(totalMs / 1000, 1) + ' s', '', `${f(summary.sentences / (totalMs / 1000), 0)} sentences/s; prepare ${f(prepareMs / 1000, 2)} s`],
      );
    }
    rows.push(['editor', `(seeded ${options.segments.toLocaleString('en')} segments × 2 languages in ${f(seedMs / 1000, 1)} s)`, '', '', '', '']);
    return { table: rows, rows: results };
  } finally {
    await checkpointer?.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export const EDITOR_HEADER = ['bench', 'what', 'n', 'p50 ms', 'p95 ms', 'vs baseline'];

async function main(): Promise<void> {
  const { values } = parseArgs({ options: {
    segments: { type: 'string', default: '10000' }, saves: { type: 'string', default: '1000' }, 'skip-align': { type: 'boolean', default: false },
    autocheckpoint: { type: 'boolean', default: false },
  } });
  const result = await runEditorBench({
    segments: Number(values.segments), saves: Number(values.saves), align: !values['skip-align'], rowsRequests: 200, checkpointThread: !values.autocheckpoint,
  });
  printTable(`Editor bench, Node ${process.version}, load average ${loadAverages()} when it finished`, EDITOR_HEADER, result.table);
  writeBenchResult('editor', result.rows);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();

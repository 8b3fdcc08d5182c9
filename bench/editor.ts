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

async function timeRequests(n: number, request: (i: number) => Promise<Response>, warmup = 0): Promise<{ timing: Timing; bytes: number; statuses: Set<number> }> {
  // Warm-up answers are not counted: the first requests measure the JIT, not the server.
  for (let i = 0; i < warmup; i++) await (await request(-1 - i)).arrayBuffer();
  const samples: number[] = [];
  const statuses = new Set<number>();
  let bytes = 0;
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    const res = await request(i);
    const body = await res.arrayBuffer();
    samples.push(performance.now() - start);
    statuses.add(res.status);
    bytes = body.byteLength;
  }
  return { timing: timing(samples), bytes, statuses };
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
    // 1,000 saves back to back are a script, not a person: lift the per-user limit so it measures the save.
    const app = createApp({ store, services, version: 'bench', secureCookies: false, writeLimit: { perSecond: 1e9, burst: 1e9 } });
    const { server, baseUrl } = await listen(app);

    const firstPage = await timeRequests(options.rowsRequests, () => fetch(`${baseUrl}/api/documents/${documentId}/rows`, { headers }), 20);
    const serviceSamples: number[] = [];
    for (let i = 0; i < options.rowsRequests; i++) {
      const start = performance.now();
      JSON.stringify(services.slots.listRows(documentId, { offset: 0, limit: 100 }));
      serviceSamples.push(performance.now() - start);
    }
    const service = timing(serviceSamples);
    const pageJson = JSON.stringify(services.slots.listRows(documentId, { offset: 0, limit: 100 }));
    const bare = express();
    bare.get('/rows', (_req, res) => {
      res.type('json').send(pageJson);
    });
    const bareServer = await listen(bare);
    const barePage = await timeRequests(options.rowsRequests, () => fetch(`${bareServer.baseUrl}/rows`), 20);
    await close(bareServer.server);
    rows.push(
      ['editor', `first page of rows, ${options.segments.toLocaleString('en')} segments × zh/en/ru (${(firstPage.bytes / 1024).toFixed(0)} KB)`, `${firstPage.timing.count}`,
        f(firstPage.timing.p50), f(firstPage.timing.p95), `${f(firstPage.timing.p50 / barePage.timing.p50, 1)}× bare Express p50`],
      ['editor', '  of which listRows + JSON in process', `${service.count}`, f(service.p50), f(service.p95), ''],
      ['editor', '  baseline: bare Express sending the same JSON', `${barePage.timing.count}`, f(barePage.timing.p50), f(barePage.timing.p95), '1.0×'],
    );
    const pageWhat = `first page of rows p50, ${options.segments.toLocaleString('en')} segments × zh/en/ru`;
    results.push(
      { what: pageWhat, value: firstPage.timing.p50, unit: 'ms', baseline: barePage.timing.p50, baselineWhat: 'bare Express sending the same JSON', ratio: ratioOf(firstPage.timing.p50, barePage.timing.p50) },
      { what: 'first page: listRows + JSON in process, p50', value: service.p50, unit: 'ms' },
    );
    if (firstPage.statuses.size !== 1 || !firstPage.statuses.has(200)) throw new Error(`rows answered ${[...firstPage.statuses].join(', ')}`);

    const ids = store.slots.listSlots(documentId, 'en').map((s) => s.segmentId);
    const versions = new Map<number, number>();
    // Server-side time of each save: from the request's headers to the answer's last byte handed to the socket.
    const serverSamples: number[] = [];
    server.prependListener('request', (_req, res) => {
      const start = performance.now();
      res.on('finish', () => serverSamples.push(performance.now() - start));
    });
    const savesCpu = cpuMs();
    const saves = await timeRequests(options.saves, async (i) => {
      const segmentId = ids[(i * 7) % ids.length]!;
      const version = versions.get(segmentId) ?? 1;
      const res = await fetch(`${baseUrl}/api/documents/${documentId}/slots/${segmentId}/en`, {
        method: 'PUT', headers, body: JSON.stringify({ text: `Saved ${i}: the two heads of state exchanged views.`, version }),
      });
      versions.set(segmentId, version + 1);
      return res;
    });
    const saveCpu = (cpuMs() - savesCpu) / options.saves;
    if (saves.statuses.size !== 1 || !saves.statuses.has(200)) throw new Error(`saves answered ${[...saves.statuses].join(', ')}`);
    await close(server);

    // Where a save's time goes, each part timed alone on the same slots and body sizes:
    // the HTTP round trip itself (bare Express PUT, same client code and body), the session
    // look-up, the save service in process (its SQL: slot, revision, undo step, document
    // stamp, then the event fan-out), and parsing the body and writing the answer as JSON.
    const bareSave = express();
    bareSave.put('/slots/:segmentId/:lang', express.json(), (req, res) => {
      res.json({ slot: { segmentId: Number(req.params.segmentId), text: (req.body as { text: string }).text }, history: { canUndo: true, canRedo: false, undoLabel: 'edit', redoLabel: null } });
    });
    const bareSaveServer = await listen(bareSave);
    const bareSavesCpu = cpuMs();
    const bareSaves = await timeRequests(options.saves, (i) => fetch(`${bareSaveServer.baseUrl}/slots/${ids[(i * 7) % ids.length]}/en`, {
      method: 'PUT', headers, body: JSON.stringify({ text: `Saved ${i}: the two heads of state exchanged views.`, version: 1 }),
    }), 20);
    // Warm-up requests included: 20 more than `saves`.
    const bareSaveCpu = (cpuMs() - bareSavesCpu) / (options.saves + 20);
    await close(bareSaveServer.server);
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
    const requestBody = JSON.stringify({ text: 'Saved 1: the two heads of state exchanged views.', version: 1 });
    const json = inProcess(options.saves, () => JSON.stringify(JSON.parse(requestBody)) + JSON.stringify(lastAnswer));
    const parts = bareSaves.timing.p50 + sessionLookup.p50 + saveService.p50 + json.p50;
    const serverSide = timing(serverSamples);
    rows.push(
      ['editor', '  CPU per save, client and server (the same for the bare PUT below)', `${options.saves}`, f(saveCpu, 3), '', `${f(saveCpu / bareSaveCpu, 1)}× the bare PUT's ${f(bareSaveCpu, 3)} ms`],
      ['editor', '  where it goes: server side of each save (headers in to answer out)', `${serverSide.count}`, f(serverSide.p50, 3), f(serverSide.p95, 3), `${f((100 * serverSide.p50) / saves.timing.p50, 0)} % of the save p50`],
      ['editor', '  where it goes: HTTP round trip alone (bare Express PUT, same client)', `${bareSaves.timing.count}`, f(bareSaves.timing.p50), f(bareSaves.timing.p95), `${f((100 * bareSaves.timing.p50) / saves.timing.p50, 0)} % of the save p50`],
      ['editor', '  where it goes: session look-up (resumeSession, remembered between requests)', `${sessionLookup.count}`, f(sessionLookup.p50, 3), f(sessionLookup.p95, 3), `${f((100 * sessionLookup.p50) / saves.timing.p50, 0)} %`],
      ['editor', '  where it goes: save service in process (SQL, revision, undo step, events)', `${saveService.count}`, f(saveService.p50, 3), f(saveService.p95, 3), `${f((100 * saveService.p50) / saves.timing.p50, 0)} %`],
      ['editor', '  where it goes: JSON parse of the body + the answer written', `${json.count}`, f(json.p50, 3), f(json.p95, 3), `${f((100 * json.p50) / saves.timing.p50, 0)} %`],
      ['editor', '  where it goes: the rest (middleware, event-loop turns, waiting for a CPU)', '', f(Math.max(0, saves.timing.p50 - parts), 3), '', `${f((100 * Math.max(0, saves.timing.p50 - parts)) / saves.timing.p50, 0)} %`],
    );
    results.push(
      { what: 'slot save: HTTP round trip alone (bare Express PUT, same client), p50', value: bareSaves.timing.p50, unit: 'ms' },
      { what: 'slot save: server side (headers in to answer out), p50', value: serverSide.p50, unit: 'ms' },
      { what: 'slot save: CPU per save, client and server', value: saveCpu, unit: 'ms', baseline: bareSaveCpu, baselineWhat: 'bare Express PUT, same client', ratio: ratioOf(saveCpu, bareSaveCpu) },
      { what: 'slot save: session look-up, p50', value: sessionLookup.p50, unit: 'ms' },
      { what: 'slot save: save service in process (SQL, revision, undo step, events), p50', value: saveService.p50, unit: 'ms' },
      { what: 'slot save: JSON parse + answer, p50', value: json.p50, unit: 'ms' },
    );
    const update = db.prepare("UPDATE slots SET text = ?, version = version + 1 WHERE segment_id = ? AND lang = 'ru' AND kind = 'head'");
    const sqlSamples: number[] = [];
    for (let i = 0; i < options.saves; i++) {
      const start = performance.now();
      update.run(`bare ${i}`, ids[(i * 7) % ids.length]!);
      sqlSamples.push(performance.now() - start);
    }
    const sql = timing(sqlSamples);
    rows.push(
      ['editor', `${options.saves.toLocaleString('en')} sequential slot saves over HTTP`, `${saves.timing.count}`, f(saves.timing.p50), f(saves.timing.p99) + ' (p99)',
        `${f(saves.timing.p50 / sql.p50, 0)}× the bare UPDATE p50`],
      ['editor', '  baseline: bare better-sqlite3 UPDATE, same slots', `${sql.count}`, f(sql.p50, 3), f(sql.p99, 3) + ' (p99)', '1×'],
    );

    results.push({
      what: `${options.saves.toLocaleString('en')} sequential slot saves over HTTP, p50`, value: saves.timing.p50, unit: 'ms',
      baseline: sql.p50, baselineWhat: 'bare better-sqlite3 UPDATE, same slots', ratio: ratioOf(saves.timing.p50, sql.p50), target: 'p50 ≤ 1 ms',
    });

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

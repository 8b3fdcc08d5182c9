/**
 * The TMX export of bench/tmx.ts's document (100,000 groups × 3 languages unless given),
 * run from the BUILT code (dist/, as `serve` runs it; from sources tsx costs each worker
 * about 0.4 s of CPU to start) in one thread and by 1 or 2 workers, alternating, with
 * each thread's CPU time and its wait for a core read from /proc schedstat: on a loaded machine wall-clock time says little,
 * and the busiest thread bounds the export on a quiet one. Checks every run's bytes agree.
 * Run: npm run bench:tmx-threads [-- --groups 100000 --rounds 3 --modes 0,2]
 */
import { createWriteStream, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { loadAverages } from './report.js';

const { values } = parseArgs({ options: { groups: { type: 'string', default: '100000' }, rounds: { type: 'string', default: '3' }, modes: { type: 'string', default: '0,2' } } });
const GROUPS = Number(values.groups);
const dist = (path: string) => pathToFileURL(join(import.meta.dirname, '..', 'dist', path)).href;
// The built modules, loaded by URL (dist/ has no type declarations).
const { createExchangeService } = await import(dist('services/exchange.js'));
const { openDatabase } = await import(dist('store/db.js'));
const { createStore } = await import(dist('store/index.js'));

/**
 * Each thread of this process by thread id: CPU ms, and ms it was runnable but waiting for a
 * core (Linux /proc schedstat, nanoseconds). A thread's wall time is its CPU, its wait for a
 * core (the machine's load) and its sleep (waiting on another thread or on I/O).
 */
function threadCpu(): Map<string, { cpu: number; queued: number }> {
  const out = new Map<string, { cpu: number; queued: number }>();
  for (const id of readdirSync('/proc/self/task')) {
    try {
      const [cpu, queued] = readFileSync(`/proc/self/task/${id}/schedstat`, 'utf8').split(' ').map(Number);
      out.set(id, { cpu: cpu! / 1e6, queued: queued! / 1e6 });
    } catch { /* the thread ended meanwhile */ }
  }
  return out;
}

const dir = mkdtempSync(join(tmpdir(), 'duizhao-bench-threads-'));
const { db } = openDatabase(join(dir, 'export.sqlite'));
const store = createStore(db);
const at = '2026-11-23T12:00:00.000Z';
const documentId: number = store.transaction(() => {
  // The document of bench/tmx.ts.
  const id = store.documents.insertDocument({ title: '基准文件', sourceLang: 'zh-CN', createdBy: null, langs: ['en', 'ru'], now: at });
  const ids: number[] = store.segments.insertSegments(id, Array.from({ length: GROUPS }, (_, i) => ({ paragraph: Math.floor(i / 5), text: `第${i}句：两国元首就双边关系和共同关心的国际问题深入交换意见 & <${i}>。` })));
  ids.forEach((segmentId, i) => {
    store.slots.insertHead({ segmentId, lang: 'en', text: `Sentence ${i}: the two heads of state exchanged views in depth on bilateral relations & <${i}>.`, status: 'approved', span: 1, updatedBy: null, now: at });
    store.slots.insertHead({ segmentId, lang: 'ru', text: `Предложение ${i}: главы двух государств провели углублённый обмен мнениями & <${i}>.`, status: 'approved', span: 1, updatedBy: null, now: at });
  });
  return id;
});
const mainId = String(readFileSync('/proc/thread-self/stat', 'utf8').split(' ')[0]);
let reference: Buffer | undefined;

for (let round = 0; round < Number(values.rounds); round++) {
  for (const producers of values.modes.split(',').map(Number)) {
    const exchange = createExchangeService({ store, now: () => new Date(at), version: 'bench', tmxWorkers: { producers } });
    const before = threadCpu();
    const last = new Map(before);
    // Sampled while it runs: a worker ended by the export is gone from /proc afterwards.
    const timer = setInterval(() => threadCpu().forEach((ms, id) => last.set(id, ms)), 20);
    let peakRss = 0;
    const start = performance.now();
    const result = exchange.exportDocuments({ documents: [documentId], format: 'tmx', user: null });
    const path = join(dir, `export-${producers}.tmx`);
    await pipeline(Readable.from((async function* () {
      for await (const chunk of result.body as AsyncIterable<Uint8Array>) {
        peakRss = Math.max(peakRss, process.memoryUsage.rss());
        yield chunk;
      }
    })()), createWriteStream(path));
    const ms = performance.now() - start;
    clearInterval(timer);
    threadCpu().forEach((cpu, id) => last.set(id, cpu));
    const used = [...last].map(([id, t]) => [id, t.cpu - (before.get(id)?.cpu ?? 0), t.queued - (before.get(id)?.queued ?? 0)] as const).filter(([, cpu]) => cpu >= 1);
    const bytes = readFileSync(path);
    reference ??= bytes;
    if (!bytes.equals(reference)) throw new Error(`The export with ${producers} worker(s) differs from the first one.`);
    // cpu/queued ms a thread, busiest first; sleep is the wall time less both.
    const shown = (rows: typeof used) => rows.map(([, cpu, queued]) => `${cpu.toFixed(0)}/${queued.toFixed(0)}`).join(' ');
    const busiest = used.filter(([id]) => id !== mainId).sort((a, b) => b[1] - a[1]);
    const sum = (at: 1 | 2) => used.reduce((s, row) => s + row[at], 0).toFixed(0);
    console.log(`round ${round + 1}, ${producers === 0 ? 'one thread' : `${producers} worker(s)`}: ${(bytes.length / 1048576).toFixed(1)} MB in ${(ms / 1000).toFixed(2)} s wall; CPU/waiting-for-a-core ms: all ${sum(1)}/${sum(2)}, main thread ${shown(used.filter(([id]) => id === mainId))}, other threads ${shown(busiest)}; peak RSS ${(peakRss / 1048576).toFixed(0)} MB; load ${loadAverages()}`);
  }
}
db.close();
rmSync(dir, { recursive: true, force: true });

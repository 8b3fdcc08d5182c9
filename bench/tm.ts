/**
 * Translation-memory lookup benchmark (issue #7): 500,000 TM units in a file database (WAL
 * on, as in production), then fuzzy look-ups through the TM service (FTS5 trigram
 * candidates + character edit-distance scoring) and concordance searches. Sources are
 * built from the demo's Chinese clauses, recombined and numbered, so candidates share
 * many trigrams as a real diplomatic TM does. Prints p50/p95 latency and memory.
 * Run: npm run bench:tm [-- --units 500000 --queries 300]
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createTmService } from '../src/services/tm.js';
import { openDatabase } from '../src/store/db.js';
import { createStore } from '../src/store/index.js';

const { values } = parseArgs({ options: { units: { type: 'string', default: '500000' }, queries: { type: 'string', default: '300' }, keep: { type: 'string' } } });
const UNITS = Number(values.units);
const QUERIES = Number(values.queries);
// --keep DIR seeds once into DIR and reuses it on later runs (for tuning); otherwise a temporary folder.
const dir = values.keep ?? mkdtempSync(join(tmpdir(), 'duizhao-bench-tm-'));
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);

// A fixed pseudo-random sequence, so every run measures the same data.
let state = 20260206;
const random = () => {
  state = (state * 1103515245 + 12345) % 2147483648;
  return state / 2147483648;
};
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

const zh = readFileSync(new URL('../demo/joint-statement-2022/zh.sentences', import.meta.url), 'utf8').split('\n').filter(Boolean);
const clauses = zh.flatMap((s) => s.replace(/[。！？]$/u, '').split('，')).filter((c) => c.length >= 4);
const words = ['cooperation', 'the two sides', 'relations', 'development', 'security', 'trade', 'projects', 'region', 'partnership', 'initiative'];

function sentence(i: number): string {
  const n = 1 + Math.floor(random() * 3);
  const parts = Array.from({ length: n }, () => pick(clauses));
  return `${parts.join('，')}，第${i % 997}项。`;
}

mkdirSync(dir, { recursive: true });
const { db } = openDatabase(join(dir, 'tm.sqlite'));
const store = createStore(db);
const tm = createTmService({ store, now: () => new Date('2026-11-24T00:00:00Z') });

const seedStart = performance.now();
const seededBefore = store.tm.countTmUnits();
const BATCH = 50_000;
for (let from = store.tm.countTmUnits(); from < UNITS; from += BATCH) {
  store.transaction(() => {
    for (let i = from; i < Math.min(UNITS, from + BATCH); i++) {
      store.tm.insertTmUnit({
        sourceLang: 'zh-CN', sourceText: sentence(i), targetLang: i % 2 === 0 ? 'en' : 'ru',
        targetText: Array.from({ length: 12 }, () => pick(words)).join(' ') + ` ${i}.`,
        origin: 'tmx', originName: 'bench.tmx', tuid: String(i), documentId: null, author: null, changedAt: null, createdBy: null, createdAt: '2026-11-24T00:00:00Z',
      });
    }
  });
}
const seedSeconds = (performance.now() - seedStart) / 1000;
db.pragma('wal_checkpoint(TRUNCATE)');
const units = store.tm.countTmUnits();

// Queries: a third stored sources (100% expected), a third edited copies, a third new sentences.
const stored = store.tm.listTmUnits({ limit: QUERIES, offset: Math.floor(units / 3) }).map((u) => u.sourceText);
const queries = Array.from({ length: QUERIES }, (_, i) => {
  const base = stored[i % stored.length] ?? sentence(i);
  if (i % 3 === 0) return base;
  if (i % 3 === 1) return base.replace(/第\d+项/, '第一千项').slice(2);
  return `${pick(clauses)}，${pick(clauses)}，第${i}条新内容。`;
});

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

globalThis.gc?.();
const rssBefore = process.memoryUsage().rss;
let found = 0;
let hundred = 0;
const times: number[] = [];
for (const q of queries) {
  const start = performance.now();
  const matches = tm.lookupText(q, 'en', { limit: 5, minPercent: 50 });
  times.push(performance.now() - start);
  if (matches.length > 0) found += 1;
  if (matches[0]?.percent === 100) hundred += 1;
}
times.sort((a, b) => a - b);
const concordTimes: number[] = [];
for (const q of ['一带一路', '全面战略伙伴关系', '睦邻友好', '亚信', 'partnership', 'the two sides cooperation']) {
  for (let k = 0; k < 5; k++) {
    const start = performance.now();
    tm.concordance({ q, limit: 50 });
    concordTimes.push(performance.now() - start);
  }
}
concordTimes.sort((a, b) => a - b);
const memory = process.memoryUsage();

console.log(`TM benchmark: ${units.toLocaleString('en')} units (file database, WAL), ${queries.length} fuzzy look-ups`);
console.log('| measure | value |');
console.log('|---|---|');
console.log(seededBefore >= UNITS ? '| seeding | reused the database kept by --keep |' : `| seeding (insert + 2 trigram indexes) | ${seedSeconds.toFixed(1)} s (${Math.round((units - seededBefore) / seedSeconds).toLocaleString('en')} units/s) |`);
console.log(`| database file | ${mb(statSync(join(dir, 'tm.sqlite')).size)} MB |`);
console.log(`| fuzzy look-up p50 | ${percentile(times, 0.5).toFixed(1)} ms |`);
console.log(`| fuzzy look-up p95 | ${percentile(times, 0.95).toFixed(1)} ms |`);
console.log(`| fuzzy look-up max | ${times[times.length - 1]!.toFixed(1)} ms |`);
console.log(`| look-ups with a match ≥ 50% / with 100% first | ${found} / ${hundred} of ${queries.length} |`);
console.log(`| concordance p50 / p95 (6 queries × 5) | ${percentile(concordTimes, 0.5).toFixed(1)} / ${percentile(concordTimes, 0.95).toFixed(1)} ms |`);
console.log(`| RSS after look-ups (before) | ${mb(memory.rss)} MB (${mb(rssBefore)} MB) |`);
console.log(`| heap used | ${mb(memory.heapUsed)} MB |`);
db.close();
if (!values.keep) rmSync(dir, { recursive: true, force: true });

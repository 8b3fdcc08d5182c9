/**
 * Translation-memory benchmark (issues #7, #15): seeds TM units into a file database (WAL
 * on, as in production) in batches, and at each stage (default 500,000 and 1,000,000
 * units) times fuzzy look-ups through the TM service and concordance searches (1- and
 * 2-character Chinese queries among them). Sources are built from the demo's Chinese
 * clauses, recombined and numbered, so candidates share many bigrams as a real
 * diplomatic TM does — every bigram of them is common, the hard case for an index.
 *
 * Same-run baselines: the same units inserted raw (no index) into a plain table of the
 * same file, and, for the first stage, a brute-force scan that scores every unit, to
 * check the look-up still finds the best match. Writes bench/results/tm.json.
 * Run: npm run bench:tm [-- --units 500000 --large 1000000 --queries 300 --verify 10]
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createMatchScorer, createTmService } from '../src/services/tm.js';
import { openDatabase } from '../src/store/db.js';
import { createStore } from '../src/store/index.js';
import type { NewTmUnit } from '../src/store/tm.js';
import { loadAverages, ratioOf, writeBenchResult, type BenchRow } from './report.js';

const { values } = parseArgs({ options: {
  units: { type: 'string', default: '500000' }, large: { type: 'string', default: '1000000' },
  queries: { type: 'string', default: '300' }, verify: { type: 'string', default: '10' },
} });
const STAGES = [...new Set([Number(values.units), Number(values.large)])].filter((n) => n > 0).sort((a, b) => a - b);
const QUERIES = Number(values.queries);
const VERIFY = Number(values.verify);
const dir = mkdtempSync(join(tmpdir(), 'duizhao-bench-tm-'));
const mb = (bytes: number) => bytes / 1024 / 1024;

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
function unit(i: number): NewTmUnit {
  return {
    sourceLang: 'zh-CN', sourceText: sentence(i), targetLang: i % 2 === 0 ? 'en' : 'ru',
    targetText: Array.from({ length: 12 }, () => pick(words)).join(' ') + ` ${i}.`,
    origin: 'tmx', originName: 'bench.tmx', tuid: String(i), documentId: null, author: null, changedAt: null, createdBy: null, createdAt: '2026-11-24T00:00:00Z',
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}
const cpuMs = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};

const path = join(dir, 'tm.sqlite');
const { db } = openDatabase(path);
const store = createStore(db);
const tm = createTmService({ store, now: () => new Date('2026-11-24T00:00:00Z') });
const rows: BenchRow[] = [];
const BATCH = 50_000;

// Baseline: the same kind of rows, raw, into a plain table without any index, same file.
db.exec('CREATE TABLE bench_raw AS SELECT * FROM tm_units WHERE 0');
const raw = db.prepare(`INSERT INTO bench_raw (source_lang, source_text, target_lang, target_text, origin, origin_name, tuid, document_id, author, changed_at, created_by, created_at)
  VALUES (@sourceLang, @sourceText, @targetLang, @targetText, @origin, @originName, @tuid, @documentId, @author, @changedAt, @createdBy, @createdAt)`);
const rawUnits = Array.from({ length: Math.min(200_000, STAGES[0]!) }, (_, i) => unit(i));
state = 20260206;
const rawStart = performance.now();
const rawCpu = cpuMs();
for (let from = 0; from < rawUnits.length; from += BATCH) {
  db.transaction(() => {
    for (const u of rawUnits.slice(from, from + BATCH)) raw.run(u);
  })();
}
const rawRate = rawUnits.length / ((performance.now() - rawStart) / 1000);
const rawCpuRate = rawUnits.length / ((cpuMs() - rawCpu) / 1000);
db.exec('DROP TABLE bench_raw');

console.log(`TM benchmark: stages ${STAGES.map((n) => n.toLocaleString('en')).join(', ')} units (file database, WAL), ${QUERIES} fuzzy look-ups each; load ${loadAverages()}`);
console.log('| measure | value |');
console.log('|---|---|');
console.log(`| baseline: raw insert, no index (${rawUnits.length.toLocaleString('en')} units) | ${Math.round(rawRate).toLocaleString('en')} units/s (CPU: ${Math.round(rawCpuRate).toLocaleString('en')} units/s) |`);

let seeded = 0;
let seedMs = 0;
let seedCpu = 0;
for (const [stageIndex, stage] of STAGES.entries()) {
  const start = performance.now();
  const cpu = cpuMs();
  // As a TMX import loads (services/exchange.ts): index merging off while it writes, then
  // one merge of the index segments at its end.
  store.transaction(() => store.tm.setBulkIndexing(true));
  for (; seeded < stage; seeded += BATCH) {
    const batch = Array.from({ length: Math.min(BATCH, stage - seeded) }, (_, i) => unit(seeded + i));
    store.transaction(() => store.tm.insertTmUnits(batch));
  }
  seeded = stage;
  store.transaction(() => {
    store.tm.optimizeTmIndex();
    store.tm.setBulkIndexing(false);
  });
  seedMs += performance.now() - start;
  seedCpu += cpuMs() - cpu;
  db.pragma('wal_checkpoint(TRUNCATE)');
  const units = store.tm.countTmUnits();
  const label = `${units.toLocaleString('en')} units`;

  // Queries: a third stored sources (100% expected), a third edited copies, a third new sentences.
  const stored = store.tm.listTmUnits({ limit: QUERIES, offset: Math.floor(units / 3) }).map((u) => u.sourceText);
  const queries = Array.from({ length: QUERIES }, (_, i) => {
    const base = stored[i % stored.length] ?? sentence(i);
    if (i % 3 === 0) return base;
    if (i % 3 === 1) return base.replace(/第\d+项/, '第一千项').slice(2);
    return `${pick(clauses)}，${pick(clauses)}，第${i}条新内容。`;
  });
  globalThis.gc?.();
  let found = 0;
  let hundred = 0;
  const times: number[] = [];
  const lookupCpu = cpuMs();
  for (const q of queries) {
    const t = performance.now();
    const matches = tm.lookupText(q, 'en', { limit: 5, minPercent: 50 });
    times.push(performance.now() - t);
    if (matches.length > 0) found += 1;
    if (matches[0]?.percent === 100) hundred += 1;
  }
  const cpuPerLookup = (cpuMs() - lookupCpu) / queries.length;
  times.sort((a, b) => a - b);

  const concordance = async (list: string[]) => {
    const samples: number[] = [];
    let hits = 0;
    for (const q of list) {
      for (let k = 0; k < 5; k++) {
        const t = performance.now();
        hits += tm.concordance({ q, limit: 50 }).length;
        samples.push(performance.now() - t);
      }
    }
    return { sorted: samples.sort((a, b) => a - b), hits };
  };
  const short = await concordance(['亚信', '的', '两国', '睦邻', '信']);
  const long = await concordance(['一带一路', '全面战略伙伴关系', '睦邻友好', 'partnership', 'the two sides cooperation']);
  const memory = process.memoryUsage();

  // Brute force on the first stage: every unit scored; the look-up's best must equal it.
  let verified = '';
  if (stageIndex === 0 && VERIFY > 0) {
    const all = db.prepare("SELECT source_text FROM tm_units WHERE target_lang = 'en'").pluck().all() as string[];
    let same = 0;
    const checked = queries.filter((_, i) => i % 3 !== 0).slice(0, VERIFY);
    for (const q of checked) {
      const score = createMatchScorer(q, 50);
      let best = 0;
      for (const s of all) best = Math.max(best, score(s));
      // The look-up reports nothing under 50 %.
      if (best < 50) best = 0;
      const ours = tm.lookupText(q, 'en', { limit: 1, minPercent: 50 })[0]?.percent ?? 0;
      if (ours === best) same += 1;
      else console.log(`  best ${best} % by brute force, ${ours} % by the look-up: ${q}`);
    }
    verified = `${same} of ${checked.length}`;
    rows.push({ what: `look-ups whose best match equals a brute-force scan, ${label} (edited and new sentences)`, value: same, unit: `of ${checked.length}`, target: `${checked.length} of ${checked.length}` });
  }

  const p50 = percentile(times, 0.5);
  const p95 = percentile(times, 0.95);
  const big = stage >= 1_000_000;
  console.log(`| fuzzy look-up p50 / p95 / max, ${label} | ${p50.toFixed(1)} / ${p95.toFixed(1)} / ${times[times.length - 1]!.toFixed(1)} ms (CPU ${cpuPerLookup.toFixed(1)} ms each) |`);
  console.log(`| look-ups with a match ≥ 50% / with 100% first, ${label} | ${found} / ${hundred} of ${queries.length} |`);
  if (verified) console.log(`| best match equal to a brute-force scan, ${label} | ${verified} |`);
  console.log(`| concordance 1–2 characters p50 / p95, ${label} | ${percentile(short.sorted, 0.5).toFixed(1)} / ${percentile(short.sorted, 0.95).toFixed(1)} ms (${short.hits / 5} hits) |`);
  console.log(`| concordance 4+ characters p50 / p95, ${label} | ${percentile(long.sorted, 0.5).toFixed(1)} / ${percentile(long.sorted, 0.95).toFixed(1)} ms (${long.hits / 5} hits) |`);
  console.log(`| database file, RSS, heap, ${label} | ${mb(statSync(path).size).toFixed(0)} MB, ${mb(memory.rss).toFixed(0)} MB, ${mb(memory.heapUsed).toFixed(0)} MB |`);
  rows.push(
    { what: `fuzzy look-up p50, ${label}`, value: p50, unit: 'ms', ...(big && { target: '< 10 ms at 1M' }) },
    { what: `fuzzy look-up p95, ${label}`, value: p95, unit: 'ms', ...(big && { target: '< 30 ms at 1M' }) },
    { what: `fuzzy look-up CPU time each, ${label}`, value: cpuPerLookup, unit: 'ms' },
    { what: `concordance of 1–2 Chinese characters p95, ${label}`, value: percentile(short.sorted, 0.95), unit: 'ms' },
    { what: `concordance of 4+ characters p95, ${label}`, value: percentile(long.sorted, 0.95), unit: 'ms' },
    { what: `database file, ${label}`, value: mb(statSync(path).size), unit: 'MB' },
  );
}
const seedRate = seeded / (seedMs / 1000);
const seedCpuRate = seeded / (seedCpu / 1000);
console.log(`| seeding (insert + 2 token indexes + final merge), ${seeded.toLocaleString('en')} units | ${Math.round(seedRate).toLocaleString('en')} units/s, ${(seedRate / rawRate).toFixed(2)}× raw (CPU: ${Math.round(seedCpuRate).toLocaleString('en')} units/s, ${(seedCpuRate / rawCpuRate).toFixed(2)}× raw) |`);
rows.unshift(
  { what: `TM seeding (insert + 2 token indexes + final merge), ${seeded.toLocaleString('en')} units`, value: seedRate, unit: 'units/s', baseline: rawRate, baselineWhat: 'raw insert, no index', ratio: ratioOf(seedRate, rawRate), target: '≥ 10,000 units/s' },
  { what: 'TM seeding, CPU time', value: seedCpuRate, unit: 'units/s of CPU', baseline: rawCpuRate, baselineWhat: 'raw insert, no index', ratio: ratioOf(seedCpuRate, rawCpuRate) },
);
writeBenchResult('tm', rows);
db.close();
rmSync(dir, { recursive: true, force: true });

/**
 * Large-glossary benchmark (issue #12): N terms (default 70,792, the glossary that made every
 * assist call take 5.7 s), then the look-ups the editor makes at every focus move — the terms
 * of a segment and the slot's quality checks — and the /glossary page. The baseline, measured
 * in the same run, is the look-up as it was before the index: read every term, then indexOf
 * each one in the segment. Writes bench/results/glossary.json (bench/report.ts).
 * Run: npm run bench:glossary [-- --terms 70792 --lookups 200 --baseline 3]
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createServices } from '../src/services/index.js';
import { openDatabase } from '../src/store/db.js';
import { createStore } from '../src/store/index.js';
import { createApp } from '../src/web/app.js';
import { close, listen } from '../tests/helpers/http-server.js';
import { seeded } from '../tests/helpers/random.js';
import { ratioOf, writeBenchResult } from './report.js';

const { values } = parseArgs({ options: { terms: { type: 'string', default: '70792' }, lookups: { type: 'string', default: '200' }, baseline: { type: 'string', default: '3' } } });
const TERMS = Number(values.terms);
const LOOKUPS = Number(values.lookups);
const dir = mkdtempSync(join(tmpdir(), 'duizhao-bench-glossary-'));
const { db } = openDatabase(join(dir, 'glossary.sqlite'));
const store = createStore(db);
const services = createServices({ store, scrypt: { N: 1024, r: 8, p: 1 }, version: 'bench' });

// Fixed pseudo-random terms: 2–6 common hanzi, and the demo's own clauses' words.
const random = seeded(20220206);
const zh = readFileSync(new URL('../demo/joint-statement-2022/zh.sentences', import.meta.url), 'utf8').split('\n').filter(Boolean);
const hanzi = [...new Set(zh.join('').replace(/[^\p{Script=Han}]/gu, ''))];
const seen = new Set<string>();
const at = '2026-11-24T00:00:00.000Z';
let attempts = 0;
const seedStart = performance.now();
store.transaction(() => {
  while (seen.size < TERMS) {
    // Half the attempts take a piece of the demo's own sentences, so look-ups find some.
    const sentence = zh[Math.floor(random() * zh.length)]!;
    const length = 2 + Math.floor(random() * 5);
    const from = Math.floor(random() * Math.max(1, sentence.length - length));
    attempts += 1;
    const source = attempts % 2 === 0 ? sentence.slice(from, from + length).replace(/[^\p{Script=Han}]/gu, '')
      : Array.from({ length }, () => hanzi[Math.floor(random() * hanzi.length)]).join('');
    if (source.length < 2) continue;
    if (seen.has(source)) continue;
    seen.add(source);
    store.terms.insertTerm({
      source, caseSensitive: false, note: 'bench', createdBy: null, now: at,
      equivalents: [{ lang: 'en', text: `term ${seen.size}`, kind: 'preferred' }, { lang: 'ru', text: `термин ${seen.size}`, kind: 'preferred' }, { lang: 'en', text: `bad ${seen.size}`, kind: 'forbidden' }],
    });
  }
});
const seedSeconds = (performance.now() - seedStart) / 1000;

const { documentId } = await services.documents.importDocument({ title: 'bench', text: zh.join(''), langs: ['en'], user: null });
const heads = services.slots.listRows(documentId, { offset: 0, limit: 500 }).rows.map((r) => ({ segmentId: r.segmentId, source: r.source }));

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
function timed(fn: (i: number) => unknown, n: number): { first: number; p50: number; p95: number } {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    fn(i);
    times.push(performance.now() - start);
  }
  const first = times[0]!;
  times.sort((a, b) => a - b);
  return { first, p50: percentile(times, 0.5), p95: percentile(times, 0.95) };
}

let hits = 0;
const terms = timed((i) => { hits += services.glossary.termsIn(heads[i % heads.length]!.source, 'en').length; }, LOOKUPS);
const qa = timed((i) => services.qa.checkSlot(documentId, heads[i % heads.length]!.segmentId, 'en'), Math.min(LOOKUPS, 50));
// The former look-up (issue #12): every call listed the glossary and ran indexOf per term.
let oldHits = 0;
const baseline = timed((i) => {
  const text = heads[i % heads.length]!.source;
  for (const term of [...store.terms.listTerms()].sort((a, b) => b.source.length - a.source.length)) if (text.includes(term.source)) oldHits += 1;
}, Number(values.baseline));

const app = createApp({ store, services, version: 'bench', secureCookies: false, log: () => undefined });
const { server, baseUrl } = await listen(app);
await services.accounts.createUser({ name: 'bench', roles: ['reviewer'], password: 'bench-password-1' });
const { token } = await services.accounts.login({ name: 'bench', password: 'bench-password-1', client: 'bench' });
const pageStart = performance.now();
const page = await (await fetch(`${baseUrl}/glossary`, { headers: { cookie: `duizhao_session=${token}` } })).text();
const pageMs = performance.now() - pageStart;
await close(server);

const memory = process.memoryUsage();
console.log(`Glossary benchmark: ${TERMS.toLocaleString('en')} terms, ${heads.length} demo segments, ${LOOKUPS} look-ups (${hits} term hits)`);
console.log('| measure | value |');
console.log('|---|---|');
console.log(`| seeding | ${seedSeconds.toFixed(1)} s |`);
console.log(`| terms of a segment: first call (builds the index) | ${terms.first.toFixed(1)} ms |`);
console.log(`| terms of a segment p50 / p95 | ${terms.p50.toFixed(2)} / ${terms.p95.toFixed(2)} ms |`);
console.log(`| QA of a slot p50 / p95 | ${qa.p50.toFixed(2)} / ${qa.p95.toFixed(2)} ms |`);
console.log(`| /glossary page | ${(page.length / 1024).toFixed(0)} KB in ${pageMs.toFixed(0)} ms |`);
console.log(`| RSS / heap used | ${(memory.rss / 1048576).toFixed(0)} / ${(memory.heapUsed / 1048576).toFixed(0)} MB |`);
console.log(`| baseline: the former look-up (list + indexOf per term) p50 | ${baseline.p50.toFixed(0)} ms (${oldHits} hits in ${values.baseline} calls) |`);
writeBenchResult('glossary', [
  { what: `terms of a segment p50, ${TERMS.toLocaleString('en')} terms`, value: terms.p50, unit: 'ms', baseline: baseline.p50, baselineWhat: 'former look-up (list + indexOf per term) p50', ratio: ratioOf(terms.p50, baseline.p50) },
  { what: 'terms of a segment p95', value: terms.p95, unit: 'ms' },
  { what: 'first look-up after a change (builds the index)', value: terms.first, unit: 'ms' },
  { what: 'QA of a slot p50', value: qa.p50, unit: 'ms' },
  { what: '/glossary page size', value: page.length / 1024, unit: 'KB', target: 'independent of the glossary size' },
  { what: '/glossary page time', value: pageMs, unit: 'ms' },
]);
db.close();
rmSync(dir, { recursive: true, force: true });

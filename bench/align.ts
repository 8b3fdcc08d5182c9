/**
 * Aligner benchmark: F1 (strict/lax, vecalign metric) on MAC-Dev and the joint statement,
 * a reliability table of confidence, and time/peak memory on a 10,000 × 13,000 input.
 *
 *   npm run bench:align              everything
 *   npm run bench:align -- --quick   skip the large run and the CLI timing
 *
 * MAC-Dev is research data kept outside the repository (../shared/eval/mac-dev); when it is
 * absent the benchmark says so and skips it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { align, type Sentence } from '../src/align/aligner.js';
import { formatBead, parseBeads, type Bead, type BeadShape } from '../src/align/beads.js';
import { addCounts, countAlignment, emptyCounts, summarizeCounts, type AlignmentCounts } from '../src/align/score.js';
import { sharedDir } from './shared-data.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const shared = sharedDir(root) ?? resolve(root, '../shared');
const macDev = join(shared, 'eval/mac-dev');
const joint = resolve(root, 'demo/joint-statement-2022');

function readLines(path: string): string[] {
  const text = readFileSync(path, 'utf8');
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

const asSentences = (lines: string[]): Sentence[] => lines.map((text) => ({ text }));

interface Doc {
  name: string;
  src: Sentence[];
  tgt: Sentence[];
  gold: BeadShape[];
  lang: string;
}

interface SetResult {
  label: string;
  counts: AlignmentCounts;
  beads: { bead: Bead; correct: boolean }[];
  ms: number;
}

function runSet(label: string, docs: Doc[]): SetResult {
  let counts = emptyCounts();
  const beads: { bead: Bead; correct: boolean }[] = [];
  const t0 = performance.now();
  for (const d of docs) {
    const out = align(d.src, d.tgt, { sourceLang: 'zh', targetLang: d.lang });
    counts = addCounts(counts, countAlignment(d.gold, out));
    const gold = new Set(d.gold.map(formatBead));
    for (const b of out) beads.push({ bead: b, correct: gold.has(formatBead(b)) });
  }
  return { label, counts, beads, ms: performance.now() - t0 };
}

function macDevDocs(): Doc[] | undefined {
  if (!existsSync(macDev)) return undefined;
  return readdirSync(macDev)
    .filter((f) => f.endsWith('.gold'))
    .sort()
    .map((f) => {
      const name = f.slice(0, -5);
      return {
        name,
        src: asSentences(readLines(join(macDev, `${name}.zh`))),
        tgt: asSentences(readLines(join(macDev, `${name}.en`))),
        gold: parseBeads(readFileSync(join(macDev, f), 'utf8')),
        lang: 'en',
      };
    });
}

function jointDoc(lang: string): Doc {
  return {
    name: `joint-${lang}`,
    src: asSentences(readLines(join(joint, 'zh.sentences'))),
    tgt: asSentences(readLines(join(joint, `${lang}.sentences`))),
    gold: parseBeads(readFileSync(join(joint, `${lang}.gold`), 'utf8')),
    lang,
  };
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

function printScores(results: SetResult[]): void {
  console.log('\n| set | P strict | R strict | F1 strict | P lax | R lax | F1 lax | beads | time |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const r of results) {
    const s = summarizeCounts(r.counts);
    console.log(
      `| ${pad(r.label, 18)} | ${s.precisionStrict.toFixed(3)} | ${s.recallStrict.toFixed(3)} | ${s.f1Strict.toFixed(3)} | ` +
        `${s.precisionLax.toFixed(3)} | ${s.recallLax.toFixed(3)} | ${s.f1Lax.toFixed(3)} | ${r.beads.length} | ${(r.ms / 1000).toFixed(2)} s |`,
    );
  }
}

function printReliability(r: SetResult): void {
  const bins = [0, 0.5, 0.7, 0.8, 0.9, 0.95, 1.0001];
  console.log(`\nReliability on ${r.label}: share of beads strictly correct per confidence bin`);
  console.log('| confidence | beads | share of beads | strict-correct |');
  console.log('|---|---|---|---|');
  for (let k = 0; k < bins.length - 1; k++) {
    const lo = bins[k] ?? 0;
    const hi = bins[k + 1] ?? 1;
    const inBin = r.beads.filter((b) => b.bead.confidence >= lo && b.bead.confidence < hi);
    const ok = inBin.filter((b) => b.correct).length;
    const label = hi > 1 ? `[${lo.toFixed(2)}, 1.00]` : `[${lo.toFixed(2)}, ${hi.toFixed(2)})`;
    console.log(`| ${label} | ${inBin.length} | ${((100 * inBin.length) / Math.max(1, r.beads.length)).toFixed(1)} % | ${inBin.length ? ((100 * ok) / inBin.length).toFixed(1) : '–'} % |`);
  }
  const high = r.beads.filter((b) => b.bead.confidence >= 0.9);
  const highOk = high.filter((b) => b.correct).length;
  console.log(
    `confidence ≥ 0.9: ${high.length} of ${r.beads.length} beads (${((100 * high.length) / Math.max(1, r.beads.length)).toFixed(1)} %), ` +
      `${((100 * highOk) / Math.max(1, high.length)).toFixed(1)} % strict-correct (targets: ≥ 50 % of beads, ≥ 95 % correct)`,
  );
}

/**
 * A parallel 10,000 × 13,000 document with known gold, built by concatenating the development
 * texts bead by bead: MAC-Dev chapters (1.33 English sentences per Chinese one) and the joint
 * statement (about 1:1), choosing whichever keeps the running ratio at 13:10, and finishing
 * with single sentences so both sides have exactly the required length.
 */
function largeInput(): { src: Sentence[]; tgt: Sentence[]; gold: BeadShape[] } {
  const N = 10_000;
  const M = 13_000;
  const mac = macDevDocs() ?? [];
  const jointEn = jointDoc('en');
  const src: Sentence[] = [];
  const tgt: Sentence[] = [];
  const gold: BeadShape[] = [];
  let nextMac = 0;
  const append = (d: Doc, bead: BeadShape): void => {
    gold.push({ source: bead.source.map((_, k) => src.length + k), target: bead.target.map((_, k) => tgt.length + k) });
    for (const i of bead.source) src.push(d.src[i]!);
    for (const j of bead.target) tgt.push(d.tgt[j]!);
  };
  for (;;) {
    const wantsLong = mac.length > 0 && tgt.length * N <= src.length * M;
    const d = wantsLong ? mac[nextMac++ % mac.length]! : jointEn;
    for (const bead of d.gold) {
      if (src.length + bead.source.length > N || tgt.length + bead.target.length > M) {
        // Fill the last few places one sentence at a time (1-0 and 0-1 beads in the gold).
        for (const i of bead.source) if (src.length < N) append(d, { source: [i], target: [] });
        for (const j of bead.target) if (tgt.length < M) append(d, { source: [], target: [j] });
        if (src.length === N && tgt.length === M) return { src, tgt, gold };
        continue;
      }
      append(d, bead);
    }
  }
}

/** The 10,000 × 13,000 run, in a child process so its peak memory is its own. */
function largeRun(): void {
  const { src, tgt, gold } = largeInput();
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const out = align(src, tgt, { sourceLang: 'zh', targetLang: 'en' });
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const peakMb = process.resourceUsage().maxRSS / 1024;
  const f1 = summarizeCounts(countAlignment(gold, out));
  console.log(JSON.stringify({ sentences: `${src.length} × ${tgt.length}`, beads: out.length, seconds: ms / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6, peakMb, f1Strict: f1.f1Strict, f1Lax: f1.f1Lax }));
}

/** How a CLI process is started: the package's bin (the build), or through npm as a user would. */
const CLI_LAUNCHERS = {
  'node bin/duizhao.js': (args: string[]) => ({ cmd: process.execPath, args: [join(root, 'bin/duizhao.js'), ...args] }),
  'npm run --silent cli --': (args: string[]) => ({ cmd: 'npm', args: ['run', '--silent', 'cli', '--', ...args] }),
} as const;

/** The whole MAC-Dev set through the CLI, one sequential process per document, wall time. */
function timeCli(): void {
  const docs = macDevDocs();
  if (docs === undefined) return;
  if (!existsSync(join(root, 'dist/cli.js'))) {
    console.log('\nCLI timing skipped: no build (run npm run build)');
    return;
  }
  console.log(`\nWhole MAC-Dev through the CLI: ${docs.length} sequential \`align --presplit\` processes (target ≤ 10 s wall)`);
  console.log('| launcher | wall | failed |');
  console.log('|---|---|---|');
  let scored: string | undefined;
  for (const [label, launch] of Object.entries(CLI_LAUNCHERS)) {
    const dir = mkdtempSync(join(tmpdir(), 'duizhao-bench-'));
    const t0 = performance.now();
    let failed = 0;
    for (const d of docs) {
      const { cmd, args } = launch(['align', '--src-lang', 'zh', '--tgt-lang', 'en', '--presplit', join(macDev, `${d.name}.zh`), join(macDev, `${d.name}.en`)]);
      const r = spawnSync(cmd, args, { cwd: root, encoding: 'utf8' });
      if (r.status !== 0) failed++;
      writeFileSync(join(dir, `${d.name}.align`), r.stdout);
    }
    const s = (performance.now() - t0) / 1000;
    console.log(`| \`${label}\` | ${s.toFixed(2)} s | ${failed} |`);
    if (scored === undefined) {
      // Cross-check: the reference scorer on what the CLI printed must match the table above.
      const py = spawnSync('python3', [join(shared, 'eval/score.py'), macDev, dir], { encoding: 'utf8' });
      scored = py.status === 0 ? py.stdout : `score.py failed: ${py.stderr}`;
    }
    rmSync(dir, { recursive: true, force: true });
  }
  if (scored !== undefined) console.log(`\nscore.py on the CLI output:\n${scored}`);
}

function main(): void {
  if (process.argv.includes('--large-child')) {
    largeRun();
    return;
  }
  const quick = process.argv.includes('--quick');
  const results: SetResult[] = [];
  const mac = macDevDocs();
  if (mac === undefined) {
    console.log(`MAC-Dev not found at ${macDev}: skipping it (it lives in ../shared, outside the repository).`);
  } else {
    results.push(runSet('mac-dev zh-en', mac));
  }
  results.push(runSet('joint zh-en', [jointDoc('en')]));
  results.push(runSet('joint zh-ru', [jointDoc('ru')]));
  printScores(results);
  const macResult = results.find((r) => r.label.startsWith('mac-dev'));
  if (macResult) printReliability(macResult);
  printReliability({ ...results[results.length - 1]!, label: 'joint zh-en + zh-ru', beads: results.slice(-2).flatMap((r) => r.beads) });
  if (quick) return;
  const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--large-child'], { encoding: 'utf8' });
  if (child.status === 0) {
    const r = JSON.parse(child.stdout.trim().split('\n').pop() ?? '{}') as { sentences: string; seconds: number; cpuSeconds: number; peakMb: number; f1Strict: number; f1Lax: number };
    console.log(`\nLarge input ${r.sentences} (concatenated dev texts): ${r.seconds.toFixed(2)} s wall (${r.cpuSeconds.toFixed(2)} s CPU), peak RSS ${r.peakMb.toFixed(0)} MB (targets ≤ 10 s, ≤ 1024 MB); F1 strict ${r.f1Strict.toFixed(3)}, lax ${r.f1Lax.toFixed(3)}`);
  } else {
    console.log(`\nLarge run failed:\n${child.stderr}`);
  }
  // Other work on the machine inflates wall times; print the load so a slow figure can be read.
  console.log(`\nLoad average while measuring: ${loadavg().map((x) => x.toFixed(2)).join(', ')} on ${availableParallelism()} cores`);
  timeCli();
}

main();

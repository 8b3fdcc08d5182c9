/**
 * Aligner benchmark: F1 (strict/lax, vecalign metric) on MAC-Dev (whole, tuning half, held-out
 * half) and the joint statement; F1 of the same texts in every input form a user pastes;
 * reliability of confidence and of the low-confidence flag out of sample; time and peak memory on
 * a 10,000 × 13,000 input; CLI times. Writes bench/results/align.json.
 *
 *   npm run bench:align                  everything
 *   npm run bench:align -- --quick       skip the large run and the CLI timing
 *   npm run bench:align -- --calibrate   also fit the calibration on the tuning half and report it
 *
 * MAC-Dev is research data kept outside the repository (../shared/eval/mac-dev); when it is
 * absent the benchmark says so and skips it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { align, type Sentence } from '../src/align/aligner.js';
import { formatBead, type Bead, type BeadShape } from '../src/align/beads.js';
import { calibratedConfidence, CALIBRATION, FLAG_ERROR_RISK, type CalibrationInput } from '../src/align/calibration.js';
import { isLowConfidence } from '../src/align/confidence.js';
import { addCounts, countAlignment, emptyCounts, summarizeCounts, type AlignmentCounts } from '../src/align/score.js';
import { alignWithWeakSplits } from '../src/align/weak-splits.js';
import { cutPasted, inputForms, projectBeads, segmentationCeiling } from '../tests/helpers/input-forms.js';
import { jointDoc, macDevDocs, macDevHalves, MAC_DEV, ROOT, SHARED, TUNING_CHAPTERS, type Doc } from './align-data.js';
import { fitFullCalibration, leaveOneChapterOut, type Observed } from './align-calibration.js';
import { loadAverages, ratioOf, writeBenchResult, type BenchRow } from './report.js';

const rows: BenchRow[] = [];

interface Scored {
  bead: Bead;
  correct: boolean;
}

interface SetResult {
  label: string;
  counts: AlignmentCounts;
  beads: Scored[];
  ms: number;
}

function runSet(label: string, docs: readonly Doc[], calibrate = true): SetResult {
  let counts = emptyCounts();
  const beads: Scored[] = [];
  const t0 = performance.now();
  for (const d of docs) {
    const out = align(d.src, d.tgt, { sourceLang: 'zh', targetLang: d.lang, calibrate });
    counts = addCounts(counts, countAlignment(d.gold, out));
    const gold = new Set(d.gold.map(formatBead));
    for (const b of out) beads.push({ bead: b, correct: gold.has(formatBead(b)) });
  }
  return { label, counts, beads, ms: performance.now() - t0 };
}

const pct = (x: number): string => `${(100 * x).toFixed(1)} %`;
const pad = (s: string, n: number): string => (s.length >= n ? s : s + ' '.repeat(n - s.length));

function printScores(results: SetResult[]): void {
  console.log('\n| set | P strict | R strict | F1 strict | P lax | R lax | F1 lax | beads | time |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const r of results) {
    const s = summarizeCounts(r.counts);
    console.log(
      `| ${pad(r.label, 24)} | ${s.precisionStrict.toFixed(3)} | ${s.recallStrict.toFixed(3)} | ${s.f1Strict.toFixed(3)} | ` +
        `${s.precisionLax.toFixed(3)} | ${s.recallLax.toFixed(3)} | ${s.f1Lax.toFixed(3)} | ${r.beads.length} | ${(r.ms / 1000).toFixed(2)} s |`,
    );
    rows.push({ what: `F1 strict, ${r.label}`, value: Number(s.f1Strict.toFixed(4)), unit: 'F1', ...(r.label.startsWith('mac-dev') ? { target: '≥ 0.87' } : {}) });
  }
}

/** The low flag's recall of wrong beads and its share of beads; precision of confident beads. */
function flagFigures(beads: readonly Scored[]) {
  const wrong = beads.filter((b) => !b.correct);
  const flagged = beads.filter((b) => isLowConfidence(b.bead.confidence));
  const high = beads.filter((b) => b.bead.confidence >= 0.9);
  return {
    recall: wrong.length === 0 ? 1 : wrong.filter((b) => isLowConfidence(b.bead.confidence)).length / wrong.length,
    share: flagged.length / Math.max(1, beads.length),
    highShare: high.length / Math.max(1, beads.length),
    highCorrect: high.length === 0 ? 1 : high.filter((b) => b.correct).length / high.length,
    wrong: wrong.length,
  };
}

function printReliability(label: string, beads: readonly Scored[]): void {
  const bins = [0, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.0001];
  console.log(`\nReliability on ${label} (${beads.length} beads): share strictly correct per confidence bin`);
  console.log('| confidence | beads | share of beads | strict-correct |');
  console.log('|---|---|---|---|');
  for (let k = 0; k < bins.length - 1; k++) {
    const lo = bins[k] ?? 0;
    const hi = bins[k + 1] ?? 1;
    const inBin = beads.filter((b) => b.bead.confidence >= lo && b.bead.confidence < hi);
    const ok = inBin.filter((b) => b.correct).length;
    const name = hi > 1 ? `[${lo.toFixed(2)}, 1.00]` : `[${lo.toFixed(2)}, ${hi.toFixed(2)})`;
    console.log(`| ${name} | ${inBin.length} | ${pct(inBin.length / Math.max(1, beads.length))} | ${inBin.length ? pct(ok / inBin.length) : '–'} |`);
  }
  const f = flagFigures(beads);
  console.log(`low flag (< 0.6) catches ${pct(f.recall)} of the ${f.wrong} strictly wrong beads, flagging ${pct(f.share)} of beads (targets ≥ 70 %, ≤ 25 %)`);
  console.log(`confidence ≥ 0.9: ${pct(f.highShare)} of beads, ${pct(f.highCorrect)} strictly correct (target ≥ 95 %)`);
  rows.push(
    { what: `low flag: share of wrong beads caught, ${label}`, value: Number((100 * f.recall).toFixed(1)), unit: '%', target: '≥ 70 %' },
    { what: `low flag: share of beads flagged, ${label}`, value: Number((100 * f.share).toFixed(1)), unit: '%', target: '≤ 25 %' },
    { what: `confidence ≥ 0.9: strictly correct, ${label}`, value: Number((100 * f.highCorrect).toFixed(1)), unit: '%', target: '≥ 95 %' },
  );
}

interface FormTotals {
  counts: AlignmentCounts;
  ceiling: AlignmentCounts;
}

/** Per input form, the counts of each document, projected back onto the gold lines, and what its segmentation allows. */
function formCounts(d: Doc): Map<string, FormTotals> {
  const out = new Map<string, FormTotals>();
  for (const { form, src, tgt: pasted } of inputForms(d)) {
    // The CLI's presplit lines are the person's sentences; a pasted text is cut as the import cuts it.
    const options = { sourceLang: 'zh', targetLang: d.lang };
    const split = form === 'presplit (CLI)' ? undefined : alignWithWeakSplits(src.sentences, pasted.sentences, options);
    const beads = split?.beads ?? align(src.sentences, pasted.sentences, options);
    const tgt = split === undefined ? pasted : cutPasted(pasted, split);
    out.set(form, { counts: countAlignment(d.gold, projectBeads(beads, src, tgt)), ceiling: countAlignment(d.gold, segmentationCeiling(d.gold, src, pasted)) });
  }
  return out;
}

/** F1 of every input form over `docs`, beside presplit and what its segmentation allows. */
function printForms(label: string, perDoc: readonly Map<string, FormTotals>[]): void {
  const totals = new Map<string, FormTotals>();
  for (const forms of perDoc) {
    for (const [form, c] of forms) {
      const t = totals.get(form) ?? { counts: emptyCounts(), ceiling: emptyCounts() };
      totals.set(form, { counts: addCounts(t.counts, c.counts), ceiling: addCounts(t.ceiling, c.ceiling) });
    }
  }
  const presplit = summarizeCounts(totals.get('presplit (CLI)')?.counts ?? emptyCounts()).f1Strict;
  console.log(`\nInput forms on ${label}: the target pasted as the web import receives it (target: within 0.01 strict F1 of presplit)`);
  console.log('| form | F1 strict | F1 lax | − presplit | best its segmentation allows |');
  console.log('|---|---|---|---|---|');
  for (const [form, t] of totals) {
    const s = summarizeCounts(t.counts);
    const c = summarizeCounts(t.ceiling);
    console.log(`| ${pad(form, 18)} | ${s.f1Strict.toFixed(3)} | ${s.f1Lax.toFixed(3)} | ${(s.f1Strict - presplit).toFixed(3)} | ${c.f1Strict.toFixed(3)} |`);
    rows.push({ what: `F1 strict, ${label}, ${form}`, value: Number(s.f1Strict.toFixed(4)), unit: 'F1', baseline: Number(presplit.toFixed(4)), baselineWhat: 'presplit', target: '≥ presplit − 0.01' });
  }
}

/** Fit the calibration on the tuning half's raw posteriors and report it out of sample. */
function calibrate(tuning: readonly Doc[], heldOut: readonly Doc[], demo: readonly Doc[]): void {
  const observe = (docs: readonly Doc[]): Observed[] => docs.flatMap((d) => {
    let inputs: readonly (CalibrationInput | undefined)[] = [];
    const out = align(d.src, d.tgt, { sourceLang: 'zh', targetLang: d.lang, onCalibrationInputs: (x) => (inputs = x) });
    const gold = new Set(d.gold.map(formatBead));
    return out.flatMap((b, k) => {
      const input = inputs[k];
      return input === undefined ? [] : [{ ...input, correct: gold.has(formatBead(b)) }];
    });
  });
  const fitted = fitFullCalibration(observe(tuning));
  console.log(`\nCalibration fitted on MAC-Dev ${TUNING_CHAPTERS.join(', ')}: ${JSON.stringify(fitted)} (shipped: ${JSON.stringify(CALIBRATION)})`);
  console.log(`Leave one chapter out within ${TUNING_CHAPTERS.join(', ')} (fit on the others, flag when P(wrong) ≥ ${FLAG_ERROR_RISK.toFixed(3)}):`);
  console.log('| chapter | beads | wrong | flag catches | flags | log loss |');
  console.log('|---|---|---|---|---|---|');
  for (const r of leaveOneChapterOut(tuning.map((d) => ({ name: d.name, beads: observe([d]) })))) {
    console.log(`| ${r.name} | ${r.beads} | ${r.wrong} | ${pct(r.caught / Math.max(1, r.wrong))} | ${pct(r.flagged / Math.max(1, r.beads))} | ${r.logLoss.toFixed(4)} |`);
  }
  for (const [label, docs] of [['held-out half', heldOut], ['demo zh-en + zh-ru', demo]] as const) {
    const beads = observe(docs).map((o): Scored => ({ bead: { source: new Array<number>(o.a).fill(0), target: new Array<number>(o.b).fill(0), confidence: calibratedConfidence(o, fitted), reasons: [] }, correct: o.correct }));
    const f = flagFigures(beads);
    // The knot at its preferred place (the fixed threshold), not each alignment's cut: bench:align-flagrule scores the rule.
    console.log(`  with the fitted weights, ${label}, threshold P(wrong) ≥ 1/6: flag catches ${pct(f.recall)}, flags ${pct(f.share)}; ≥ 0.9 is ${pct(f.highCorrect)} correct`);
  }
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

/**
 * The whole MAC-Dev through the built CLI: six processes in a row, and one --batch process, on
 * one thread a core (at most one a pair) and with --jobs 1, its same-run baseline,
 * run in turn BATCH_RUNS times each (medians).
 */
function timeCli(docs: readonly Doc[]): void {
  const bin = join(ROOT, 'bin/duizhao.js');
  if (!existsSync(join(ROOT, 'dist/cli.js'))) {
    console.log('\nCLI timing skipped: no build (run npm run build)');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'duizhao-bench-'));
  const base = ['align', '--src-lang', 'zh', '--tgt-lang', 'en', '--presplit'];
  const time = (run: () => void): { wall: number; cpu: number } => {
    const t0 = performance.now();
    const c0 = process.resourceUsage();
    run();
    const c1 = process.resourceUsage();
    // Children's CPU is not in resourceUsage: spawnSync reports none; measure wall, and the
    // children's CPU through /usr/bin/time where it exists (farm-bench gives the medians).
    return { wall: (performance.now() - t0) / 1000, cpu: (c1.userCPUTime - c0.userCPUTime) / 1e6 };
  };
  const one = time(() => {
    writeFileSync(join(dir, 'a.zh'), '两国元首举行会谈。\n');
    writeFileSync(join(dir, 'a.en'), 'The two heads of state held talks.\n');
    spawnSync(process.execPath, [bin, ...base, join(dir, 'a.zh'), join(dir, 'a.en')], { encoding: 'utf8' });
  });
  let failed = 0;
  const each = time(() => {
    for (const d of docs) {
      const r = spawnSync(process.execPath, [bin, ...base, join(MAC_DEV, `${d.name}.zh`), join(MAC_DEV, `${d.name}.en`)], { encoding: 'utf8' });
      if (r.status !== 0) failed++;
      writeFileSync(join(dir, `${d.name}.align`), r.stdout);
    }
  });
  writeFileSync(join(dir, 'list'), docs.map((d) => `${join(MAC_DEV, `${d.name}.zh`)}\t${join(MAC_DEV, `${d.name}.en`)}\t${join(dir, `${d.name}.batch`)}`).join('\n'));
  const batchRun = (jobs: string[]) => time(() => {
    const r = spawnSync(process.execPath, [bin, ...base, ...jobs, '--batch', join(dir, 'list')], { encoding: 'utf8' });
    if (r.status !== 0) failed++;
  });
  const BATCH_RUNS = 3;
  // Every core (the command's default leaves one to V8's own threads: cli-align.ts defaultThreads).
  const threads = Math.min(availableParallelism(), docs.length);
  const pooled: number[] = [];
  const single: number[] = [];
  for (let k = 0; k < BATCH_RUNS; k++) {
    // Alternating which goes first, so a change in the machine's load moves both.
    const first = k % 2 === 0 ? 'pooled' : 'single';
    for (const which of first === 'pooled' ? ['pooled', 'single'] : ['single', 'pooled']) {
      if (which === 'pooled') pooled.push(batchRun(['--jobs', String(threads)]).wall);
      else single.push(batchRun(['--jobs', '1']).wall);
    }
  }
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
  const batch = { wall: median(pooled) };
  const batchOne = { wall: median(single) };
  const node = time(() => spawnSync(process.execPath, ['-e', '0']));
  console.log(`\nCLI wall times (one run each; farm-bench medians in the closing note), load ${loadAverages()} on ${availableParallelism()} cores`);
  console.log('| run | wall | target |');
  console.log('|---|---|---|');
  console.log(`| node -e 0 (baseline) | ${node.wall.toFixed(2)} s | |`);
  console.log(`| align, two one-line files | ${one.wall.toFixed(2)} s | ≤ 0.2 s |`);
  console.log(`| align, MAC-Dev: ${docs.length} processes | ${each.wall.toFixed(2)} s | ≤ 3 s |`);
  console.log(`| align --batch, MAC-Dev in one process, ${threads} threads (median of ${BATCH_RUNS}) | ${batch.wall.toFixed(2)} s | ≤ 3 s |`);
  console.log(`| align --batch --jobs 1, the same in one thread (median of ${BATCH_RUNS}) | ${batchOne.wall.toFixed(2)} s | |`);
  if (failed > 0) console.log(`${failed} CLI run(s) failed`);
  rows.push(
    { what: 'CLI align, two one-line files (wall)', value: Number(one.wall.toFixed(3)), unit: 's', baseline: Number(node.wall.toFixed(3)), baselineWhat: 'node -e 0', target: '≤ 0.2 s' },
    { what: `CLI align, MAC-Dev in ${docs.length} processes (wall)`, value: Number(each.wall.toFixed(3)), unit: 's', target: '≤ 3 s' },
    {
      what: `CLI align --batch, MAC-Dev in one process on ${threads} threads (median wall)`, value: Number(batch.wall.toFixed(3)), unit: 's',
      baseline: Number(batchOne.wall.toFixed(3)), baselineWhat: '--jobs 1 (one thread), run in turn', ratio: ratioOf(batch.wall, batchOne.wall), target: '≤ 3 s',
    },
  );
  // Cross-check: the reference scorer on what the CLI printed must match the table above.
  const py = spawnSync('python3', [join(SHARED, 'eval/score.py'), MAC_DEV, dir], { encoding: 'utf8' });
  console.log(`\nscore.py on the CLI output:\n${py.status === 0 ? py.stdout : `score.py failed: ${py.stderr}`}`);
  rmSync(dir, { recursive: true, force: true });
}

function main(): void {
  if (process.argv.includes('--large-child')) {
    largeRun();
    return;
  }
  const quick = process.argv.includes('--quick');
  const results: SetResult[] = [];
  const mac = macDevDocs();
  const demo = [jointDoc('en'), jointDoc('ru')];
  if (mac === undefined) console.log(`MAC-Dev not found at ${MAC_DEV}: skipping it (it lives in ../shared, outside the repository).`);
  const halves = mac === undefined ? undefined : macDevHalves(mac);
  if (halves !== undefined) {
    const tuning = runSet(`mac-dev tuning (${TUNING_CHAPTERS.join(',')})`, halves.tuning);
    const heldOut = runSet('mac-dev held-out', halves.heldOut);
    results.push({ label: 'mac-dev all', counts: addCounts(tuning.counts, heldOut.counts), beads: [...tuning.beads, ...heldOut.beads], ms: tuning.ms + heldOut.ms }, tuning, heldOut);
  }
  const joints = demo.map((d) => runSet(`joint zh-${d.lang}`, [d]));
  results.push(...joints);
  printScores(results);
  const heldOut = results.find((r) => r.label === 'mac-dev held-out');
  if (heldOut !== undefined) printReliability('MAC-Dev held-out half', heldOut.beads);
  const tuning = results.find((r) => r.label.startsWith('mac-dev tuning'));
  if (tuning !== undefined) printReliability('MAC-Dev tuning half (in sample)', tuning.beads);
  printReliability('demo zh-en + zh-ru', joints.flatMap((r) => r.beads));
  if (mac !== undefined && halves !== undefined) {
    const forms = new Map(mac.map((d) => [d.name, formCounts(d)]));
    const of = (docs: readonly Doc[]) => docs.map((d) => forms.get(d.name) ?? new Map<string, FormTotals>());
    printForms('MAC-Dev', of(mac));
    printForms(`MAC-Dev tuning half (${TUNING_CHAPTERS.join(', ')})`, of(halves.tuning));
    printForms('MAC-Dev held-out half', of(halves.heldOut));
  }
  printForms('demo zh-en + zh-ru', demo.map(formCounts));
  if (process.argv.includes('--calibrate') && halves !== undefined) calibrate(halves.tuning, halves.heldOut, demo);
  if (!quick) {
    const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--large-child'], { encoding: 'utf8' });
    if (child.status === 0) {
      const r = JSON.parse(child.stdout.trim().split('\n').pop() ?? '{}') as { sentences: string; seconds: number; cpuSeconds: number; peakMb: number; f1Strict: number; f1Lax: number };
      console.log(`\nLarge input ${r.sentences} (concatenated dev texts): ${r.seconds.toFixed(2)} s wall (${r.cpuSeconds.toFixed(2)} s CPU), peak RSS ${r.peakMb.toFixed(0)} MB (targets ≤ 10 s, ≤ 1024 MB); F1 strict ${r.f1Strict.toFixed(3)}, lax ${r.f1Lax.toFixed(3)}`);
      rows.push(
        { what: `align ${r.sentences}, CPU time`, value: Number(r.cpuSeconds.toFixed(2)), unit: 's', target: '≤ 10 s wall' },
        { what: `align ${r.sentences}, peak RSS`, value: Math.round(r.peakMb), unit: 'MB', target: '≤ 1024 MB' },
      );
    } else {
      console.log(`\nLarge run failed:\n${child.stderr}`);
    }
    if (mac !== undefined) timeCli(mac);
  }
  console.log(`\nLoad average at the end: ${loadAverages()} on ${availableParallelism()} cores`);
  console.log(`Results: ${writeBenchResult('align', rows)}`);
}

main();

/**
 * Choosing the calibration's features and training inputs by leave-one-chapter-out within the
 * tuning half of MAC-Dev only (001–003): fit on two chapters, score the third, pool. The held-out
 * half is never read here. Per candidate: mean log loss, the share of wrong beads the flag's rule
 * (P(wrong) ≥ FLAG_ERROR_RISK) catches, the share of beads it flags, and the share of wrong beads
 * among the quarter of beads most doubted (recall at a 25 % flag budget).
 *
 *   npm run bench:align-loco        (or npx tsx bench/align-loco.ts)
 */
import { calibrationFeatures, FLAG_ERROR_RISK, type CalibrationInput } from '../src/align/calibration.js';
import { TUNING_CHAPTERS } from './align-data.js';
import { CALIBRATION_RIDGE, CALIBRATION_RIDGES, fitCalibration, fitFullCalibration, type Observed } from './align-calibration.js';
import { observeTuningBeads } from './align-tuning-beads.js';
import { loadAverages, writeBenchResult, type BenchRow } from './report.js';

/** A bead's calibration inputs, its neighbours' shapes, the input form and the chapter. */
interface Bead extends Observed {
  chapter: string;
  form: string;
  prevEmpty: boolean;
  nextEmpty: boolean;
  neighbourBig: boolean;
  prevPosterior: number;
  nextPosterior: number;
}

function observeAll(): Bead[] {
  const empty = (x: CalibrationInput | undefined) => x !== undefined && (x.a === 0 || x.b === 0);
  const big = (x: CalibrationInput | undefined) => x !== undefined && (x.a >= 2 || x.b >= 3);
  return observeTuningBeads().map(({ prev, next, ...d }) => ({
    ...d, prevEmpty: empty(prev), nextEmpty: empty(next), neighbourBig: big(prev) || big(next), prevPosterior: prev?.posterior ?? 1, nextPosterior: next?.posterior ?? 1,
  }));
}

const logit = (p: number): number => {
  const q = Math.min(1 - 1e-4, Math.max(1e-4, p));
  return Math.log(q / (1 - q));
};
const base = (d: Bead): number[] => [1, logit(d.posterior), d.a === 0 || d.b === 0 ? 1 : 0, d.a === 1 && d.b === 1 ? 1 : 0, d.a + d.b >= 4 ? 1 : 0, d.evidenceJoinGain];

const candidates: { name: string; features: (d: Bead) => number[]; forms: 'presplit' | 'all'; lambda?: number | number[] }[] = [
  { name: 'shipped features before, presplit, ridge 1', features: base, forms: 'presplit' },
  { name: 'shipped features, three forms', features: base, forms: 'all' },
  { name: '+ length join gain', features: (d) => [...base(d), d.joinGain], forms: 'all' },
  { name: '+ empty neighbour', features: (d) => [...base(d), d.prevEmpty || d.nextEmpty ? 1 : 0], forms: 'all' },
  { name: '+ empty neighbour + big neighbour', features: (d) => [...base(d), d.prevEmpty || d.nextEmpty ? 1 : 0, d.neighbourBig ? 1 : 0], forms: 'all' },
  { name: '+ min neighbour logit', features: (d) => [...base(d), Math.min(logit(d.prevPosterior), logit(d.nextPosterior))], forms: 'all' },
  { name: '+ empty nb + min nb logit', features: (d) => [...base(d), d.prevEmpty || d.nextEmpty ? 1 : 0, Math.min(logit(d.prevPosterior), logit(d.nextPosterior))], forms: 'all' },
  { name: '+ logit × 1-1, gain × 1-1', features: (d) => { const o = d.a === 1 && d.b === 1 ? 1 : 0; return [...base(d), o * logit(d.posterior), o * d.evidenceJoinGain]; }, forms: 'all' },
  { name: '+ sqrt gain, gain capped', features: (d) => [...base(d).slice(0, 5), Math.min(d.evidenceJoinGain, 6), Math.sqrt(d.evidenceJoinGain)], forms: 'all' },
  { name: '+ empty nb + len gain + 1-1 interactions', features: (d) => { const o = d.a === 1 && d.b === 1 ? 1 : 0; return [...base(d), d.prevEmpty || d.nextEmpty ? 1 : 0, d.joinGain, o * logit(d.posterior), o * d.evidenceJoinGain]; }, forms: 'all' },
  { name: 'shipped features, presplit, ridge 0.3', features: base, forms: 'presplit', lambda: 0.3 },
  { name: 'shipped features, presplit, ridge 3', features: base, forms: 'presplit', lambda: 3 },
  { name: 'shipped features, presplit, ridge 10', features: base, forms: 'presplit', lambda: 10 },
  { name: '+ hinge logit at 2 and 5 (piecewise), presplit', features: (d) => [...base(d), Math.max(0, logit(d.posterior) - 2), Math.max(0, logit(d.posterior) - 5)], forms: 'presplit' },
  { name: '+ min neighbour logit, presplit', features: (d) => [...base(d), Math.min(logit(d.prevPosterior), logit(d.nextPosterior))], forms: 'presplit' },
  { name: '+ gain × logit, presplit', features: (d) => [...base(d), d.evidenceJoinGain * logit(d.posterior)], forms: 'presplit' },
  { name: '+ sqrt gain, gain capped, presplit', features: (d) => [...base(d).slice(0, 5), Math.min(d.evidenceJoinGain, 6), Math.sqrt(d.evidenceJoinGain)], forms: 'presplit' },
  { name: '+ empty nb + min nb logit, presplit', features: (d) => [...base(d), d.prevEmpty || d.nextEmpty ? 1 : 0, Math.min(logit(d.prevPosterior), logit(d.nextPosterior))], forms: 'presplit' },
  { name: 'shipped features, presplit, ridge 30', features: base, forms: 'presplit', lambda: 30 },
  { name: 'shipped features, presplit, ridge 100', features: base, forms: 'presplit', lambda: 100 },
  { name: 'shipped features, three forms, ridge 10', features: base, forms: 'all', lambda: 10 },
  { name: '+ hinge logit at 2 and 5, presplit, ridge 10', features: (d) => [...base(d), Math.max(0, logit(d.posterior) - 2), Math.max(0, logit(d.posterior) - 5)], forms: 'presplit', lambda: 10 },
  { name: '+ min neighbour logit, presplit, ridge 10', features: (d) => [...base(d), Math.min(logit(d.prevPosterior), logit(d.nextPosterior))], forms: 'presplit', lambda: 10 },
  { name: '+ empty nb + min nb logit, presplit, ridge 10', features: (d) => [...base(d), d.prevEmpty || d.nextEmpty ? 1 : 0, Math.min(logit(d.prevPosterior), logit(d.nextPosterior))], forms: 'presplit', lambda: 10 },
];

// New per-bead evidence (issue #11 item 3). Lexical coverage and boundary posteriors were tried
// too (commit ca5baaa; their figures are in src/align/calibration.ts) and gave nothing.
const R = CALIBRATION_RIDGE;
const quote = (d: Bead) => (d.quoteMismatch > 0 ? 1 : 0);
candidates.push(
  { name: 'before: shipped features at ridge 30', features: base, forms: 'presplit', lambda: R },
  { name: '+ quote mismatch (0/1)', features: (d) => [...base(d), quote(d)], forms: 'presplit', lambda: R },
  { name: '+ quote mismatch (count)', features: (d) => [...base(d), d.quoteMismatch], forms: 'presplit', lambda: R },
  { name: '+ quote mismatch (0/1), ridge 10', features: (d) => [...base(d), quote(d)], forms: 'presplit', lambda: 10 },
  { name: '+ quote mismatch (0/1), ridge 3', features: (d) => [...base(d), quote(d)], forms: 'presplit', lambda: 3 },
  { name: '+ quote mismatch (0/1), its ridge 10', features: (d) => [...base(d), quote(d)], forms: 'presplit', lambda: [R, R, R, R, R, R, 10] },
  { name: '+ quote mismatch (0/1), its ridge 3', features: (d) => [...base(d), quote(d)], forms: 'presplit', lambda: [R, R, R, R, R, R, 3] },
  { name: '+ quote mismatch (0/1), its ridge 1 (chosen before the second opinion)', features: (d) => [...base(d), quote(d)], forms: 'presplit', lambda: [R, R, R, R, R, R, 1] },
  { name: '+ quote mismatch (0/1), its ridge 0.3', features: (d) => [...base(d), quote(d)], forms: 'presplit', lambda: [R, R, R, R, R, R, 0.3] },
  { name: '+ quote mismatch (count), its ridge 3', features: (d) => [...base(d), d.quoteMismatch], forms: 'presplit', lambda: [R, R, R, R, R, R, 3] },
  { name: '+ quote mismatch (0/1), its ridge 1, three forms', features: (d) => [...base(d), quote(d)], forms: 'all', lambda: [R, R, R, R, R, R, 1] },
);

// The second opinion (src/align/stability.ts; bench/align-rank.ts scores it with the shipped rule).
candidates.push(
  { name: '+ drawn otherwise (0/1), its ridge 1 (chosen: calibrationFeatures)', features: calibrationFeatures, forms: 'presplit', lambda: [...CALIBRATION_RIDGES] },
  { name: '+ drawn otherwise (0/1), its ridge 1, three forms', features: calibrationFeatures, forms: 'all', lambda: [...CALIBRATION_RIDGES] },
);

interface Score { logLoss: number; caught: number; flagged: number; budgetCaught: number; wrong: number; beads: number }

/** LOCO over the tuning chapters; each held chapter is scored on every form it has (the product sees all). */
function loco(all: readonly Bead[], c: (typeof candidates)[number], scoreForms: 'presplit' | 'all'): Score {
  const scored: { p: number; correct: boolean }[] = [];
  for (const held of TUNING_CHAPTERS) {
    const train = all.filter((d) => d.chapter !== held && (c.forms === 'all' || d.form === 'presplit (CLI)'));
    const w = fitCalibration(train, c.lambda ?? 1, c.features);
    for (const d of all) {
      if (d.chapter !== held || (scoreForms === 'presplit' && d.form !== 'presplit (CLI)')) continue;
      const z = c.features(d).reduce((s, v, j) => s + v * (w[j] ?? 0), 0);
      scored.push({ p: 1 / (1 + Math.exp(-z)), correct: d.correct });
    }
  }
  const wrong = scored.filter((s) => !s.correct).length;
  const flag = (s: { p: number }) => 1 - s.p >= FLAG_ERROR_RISK;
  const budget = [...scored].sort((x, y) => x.p - y.p).slice(0, Math.floor(scored.length / 4));
  return {
    logLoss: scored.reduce((s, x) => s - Math.log(Math.max(1e-9, x.correct ? x.p : 1 - x.p)), 0) / scored.length,
    caught: scored.filter((s) => flag(s) && !s.correct).length / Math.max(1, wrong),
    flagged: scored.filter(flag).length / scored.length,
    budgetCaught: budget.filter((s) => !s.correct).length / Math.max(1, wrong),
    wrong, beads: scored.length,
  };
}

function main(): void {
  const cpu0 = process.cpuUsage();
  const all = observeAll();
  const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
  const rows: BenchRow[] = [];
  for (const forms of ['presplit', 'all'] as const) {
    console.log(`\nLOCO within MAC-Dev ${TUNING_CHAPTERS.join(', ')}, scored on ${forms === 'presplit' ? 'presplit beads' : 'presplit + line-per-sentence + one-paragraph beads'}`);
    console.log('| candidate | log loss | flag catches | flags | caught at 25 % budget | wrong / beads |');
    console.log('|---|---|---|---|---|---|');
    for (const c of candidates) {
      const s = loco(all, c, forms);
      console.log(`| ${c.name} | ${s.logLoss.toFixed(4)} | ${pct(s.caught)} | ${pct(s.flagged)} | ${pct(s.budgetCaught)} | ${s.wrong} / ${s.beads} |`);
      rows.push({ what: `LOCO ${forms}: ${c.name}, flag catches`, value: Number((100 * s.caught).toFixed(1)), unit: '%' },
        { what: `LOCO ${forms}: ${c.name}, flags`, value: Number((100 * s.flagged).toFixed(1)), unit: '%' },
        { what: `LOCO ${forms}: ${c.name}, log loss`, value: Number(s.logLoss.toFixed(4)), unit: 'nats' });
    }
  }
  // The choice, fitted on all of 001–003's presplit beads (the held-out half is not read here).
  const chosen = fitFullCalibration(all.filter((d) => d.form === 'presplit (CLI)'));
  console.log(`\nChosen: calibrationFeatures, presplit beads, ridges ${JSON.stringify(CALIBRATION_RIDGES.slice(1))}, fitted on ${TUNING_CHAPTERS.join(', ')}: ${JSON.stringify(chosen)}`);
  const cpu = process.cpuUsage(cpu0);
  console.log(`\nCPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s, load ${loadAverages()}`);
  console.log(`Results: ${writeBenchResult('align-loco', rows)}`);
}

main();

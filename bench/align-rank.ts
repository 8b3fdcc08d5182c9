/**
 * Ranking the flag's doubts (issue #11 item 3): per-bead evidence that might rank wrong beads
 * above right ones, tried by leave-one-chapter-out within the tuning half of MAC-Dev only
 * (001–003; fit on two chapters' presplit beads, score the third). The held-out half is never
 * read here. Per candidate: mean out-of-fold log loss (and per held chapter), the share of wrong
 * beads among each document's quarter most doubted and among the pooled quarter, and what the
 * shipped rule (flag-rule.ts FLAG_RULE, applied per chapter) catches and flags.
 *
 * It chose "drawn otherwise" (src/align/stability.ts): the figures of every row, and of the rows
 * measured with other variant searches in the aligner while choosing (the share the priors keep,
 * the first pass as a second opinion), are at calibrationFeatures in src/align/calibration.ts,
 * with those of the variant searches and max-marginal margins tried after it and left out
 * (measured with commit b325fe5's probes, reverted).
 *
 *   npm run bench:align-rank        (or npx tsx bench/align-rank.ts)
 */
import { calibrationFeatures, type CalibrationInput } from '../src/align/calibration.js';
import { FLAG_RULE, flaggedByRisk } from '../src/align/flag-rule.js';
import { TUNING_CHAPTERS } from './align-data.js';
import { CALIBRATION_RIDGES, fitCalibration } from './align-calibration.js';
import { CUE_CANDIDATES } from './align-cue-candidates.js';
import { observeTuningBeads, type TuningBead } from './align-tuning-beads.js';
import { loadAverages, writeBenchResult, type BenchRow } from './report.js';

const PRESPLIT = 'presplit (CLI)';

const logit = (p: number): number => {
  const q = Math.min(1 - 1e-4, Math.max(1e-4, p));
  return Math.log(q / (1 - q));
};

interface Candidate {
  name: string;
  features: (d: TuningBead) => number[];
  /** The ridge of each weight (the intercept's, first, is not used). */
  ridges: readonly number[];
}

/** The features before the second opinion came in: calibrationFeatures without its last. */
const before = (d: TuningBead): number[] => calibrationFeatures(d).slice(0, -1);
const BEFORE_RIDGES = CALIBRATION_RIDGES.slice(0, -1);
const on = (base: (d: TuningBead) => number[], ridges: readonly number[]) => (name: string, extra: (d: TuningBead) => number[], more: number[]): Candidate => ({ name, features: (d) => [...base(d), ...extra(d)], ridges: [...ridges, ...more] });
const onBefore = on(before, BEFORE_RIDGES);
const onChosen = on(calibrationFeatures, CALIBRATION_RIDGES);

const post = (d: CalibrationInput | undefined): number => d?.posterior ?? 1;
const nb = (d: CalibrationInput | undefined): number => logit(post(d));
const otherwise = (d: CalibrationInput | undefined): number => (d?.drawnOtherwise ? 1 : 0);
const candidates: Candidate[] = [
  { name: 'before (posterior, shape, join gain, quote mismatch)', features: before, ridges: BEFORE_RIDGES },
  onBefore('+ mean neighbour logit, ridge 3', (d) => [(nb(d.prev) + nb(d.next)) / 2], [3]),
  onBefore('+ mean neighbour logit, ridge 30', (d) => [(nb(d.prev) + nb(d.next)) / 2], [30]),
  onBefore('+ a neighbour below 0.7 (0/1), ridge 3', (d) => [Math.min(post(d.prev), post(d.next)) < 0.7 ? 1 : 0], [3]),
  onBefore('+ both neighbours below 0.9 (0/1), ridge 3', (d) => [Math.max(post(d.prev), post(d.next)) < 0.9 ? 1 : 0], [3]),
  onBefore('+ neighbours\' summed 1 − posterior, ridge 3', (d) => [2 - post(d.prev) - post(d.next)], [3]),
  onBefore('+ a neighbour with a join gain > 1 (0/1), ridge 3', (d) => [Math.max(d.prev?.evidenceJoinGain ?? 0, d.next?.evidenceJoinGain ?? 0) > 1 ? 1 : 0], [3]),
  onBefore('+ min(0, logit), ridge 3', (d) => [Math.min(0, logit(d.posterior))], [3]),
  onBefore('+ logit² / 10, ridge 3', (d) => [logit(d.posterior) ** 2 / 10], [3]),
  onBefore('+ drawn otherwise (0/1), ridge 3', (d) => [otherwise(d)], [3]),
  { name: '+ drawn otherwise (0/1), ridge 1 (chosen: calibrationFeatures)', features: calibrationFeatures, ridges: CALIBRATION_RIDGES },
  onChosen('chosen + a neighbour drawn otherwise, ridge 3', (d) => [Math.max(otherwise(d.prev), otherwise(d.next))], [3]),
  onChosen('chosen + a neighbour drawn otherwise, ridge 1', (d) => [Math.max(otherwise(d.prev), otherwise(d.next))], [1]),
  onChosen('chosen + a neighbour drawn otherwise, ridge 10', (d) => [Math.max(otherwise(d.prev), otherwise(d.next))], [10]),
  onChosen('chosen + drawn otherwise × logit, ridge 3', (d) => [otherwise(d) * logit(d.posterior)], [3]),
  onChosen('chosen + logit² / 10, ridge 3', (d) => [logit(d.posterior) ** 2 / 10], [3]),
  onChosen('chosen + mean neighbour logit, ridge 30', (d) => [(nb(d.prev) + nb(d.next)) / 2], [30]),
  // The text's cues at a bead's edges (bench/align-cue-candidates.ts, its SELECTION rule).
  ...CUE_CANDIDATES,
];

interface Scored { risk: number; correct: boolean; chapter: string }

function outOfFold(all: readonly TuningBead[], c: Candidate): Scored[] {
  const out: Scored[] = [];
  const ridges = [...c.ridges];
  for (const held of TUNING_CHAPTERS) {
    const w = fitCalibration(all.filter((d) => d.chapter !== held && d.form === PRESPLIT), ridges, c.features);
    for (const d of all) {
      if (d.chapter !== held || d.form !== PRESPLIT) continue;
      const z = c.features(d).reduce((s, v, j) => s + v * (w[j] ?? 0), 0);
      out.push({ risk: 1 / (1 + Math.exp(z)), correct: d.correct, chapter: d.chapter });
    }
  }
  return out;
}

const loss = (xs: readonly Scored[]): number => xs.reduce((s, x) => s - Math.log(Math.max(1e-9, x.correct ? 1 - x.risk : x.risk)), 0) / Math.max(1, xs.length);
const mostDoubted = (xs: readonly Scored[]): Scored[] => [...xs].sort((x, y) => y.risk - x.risk).slice(0, Math.floor(xs.length / 4));
const wrongIn = (xs: readonly Scored[]): number => xs.filter((x) => !x.correct).length;

function main(): void {
  const cpu0 = process.cpuUsage();
  const all = observeTuningBeads();
  const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
  const rows: BenchRow[] = [];
  console.log(`LOCO within MAC-Dev ${TUNING_CHAPTERS.join(', ')}, presplit beads`);
  console.log(`| candidate | log loss | ${TUNING_CHAPTERS.join(' / ')} log loss | quarter per document | pooled quarter | rule catches | rule flags |`);
  console.log('|---|---|---|---|---|---|---|');
  for (const c of candidates) {
    const scored = outOfFold(all, c);
    const wrong = wrongIn(scored);
    const docs = TUNING_CHAPTERS.map((ch) => scored.filter((x) => x.chapter === ch));
    const perDocQuarter = docs.reduce((s, d) => s + wrongIn(mostDoubted(d)), 0) / wrong;
    const pooledQuarter = wrongIn(mostDoubted(scored)) / wrong;
    let caught = 0;
    let flagged = 0;
    for (const d of docs) {
      const flags = flaggedByRisk(d.map((x) => x.risk), FLAG_RULE);
      d.forEach((x, k) => {
        if (flags[k]) flagged++;
        if (flags[k] && !x.correct) caught++;
      });
    }
    console.log(`| ${c.name} | ${loss(scored).toFixed(4)} | ${docs.map((d) => loss(d).toFixed(3)).join(' / ')} | ${pct(perDocQuarter)} | ${pct(pooledQuarter)} | ${pct(caught / wrong)} | ${pct(flagged / scored.length)} |`);
    rows.push(
      { what: `LOCO presplit: ${c.name}, log loss`, value: Number(loss(scored).toFixed(4)), unit: 'nats' },
      { what: `LOCO presplit: ${c.name}, quarter per document`, value: Number((100 * perDocQuarter).toFixed(1)), unit: '%' },
      { what: `LOCO presplit: ${c.name}, pooled quarter`, value: Number((100 * pooledQuarter).toFixed(1)), unit: '%' },
      { what: `LOCO presplit: ${c.name}, rule catches`, value: Number((100 * caught / wrong).toFixed(1)), unit: '%' },
      { what: `LOCO presplit: ${c.name}, rule flags`, value: Number((100 * flagged / scored.length).toFixed(1)), unit: '%' },
    );
  }
  const cpu = process.cpuUsage(cpu0);
  console.log(`\nCPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s, load ${loadAverages()}`);
  console.log(`Results: ${writeBenchResult('align-rank', rows)}`);
}

main();

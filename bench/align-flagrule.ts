/**
 * Flag rules that adapt to the document (issue #11), compared by leave-one-chapter-out within the
 * tuning half of MAC-Dev only (001–003): the calibration is fitted with the shipped features and
 * ridges on two chapters' presplit beads and scores the third; each rule is then applied per
 * document (one chapter in one input form), as the product would apply it to one alignment. The
 * held-out half (004–006) is never read here.
 *
 * Rules, on P(wrong) = 1 − the logistic probability of being right:
 *   fixed            P(wrong) ≥ FLAG_ERROR_RISK (1/6), today's rule;
 *   expected recall  the fewest most-doubted beads whose summed P(wrong) reaches R of the
 *                    document's summed P(wrong), never a bead below the floor f;
 *   fixed or top q   the fixed rule, or among the document's ⌈q·n⌉ most doubted with P(wrong) ≥ f.
 *   capped           the expected-recall rule flagging at most ⌈cap · n⌉ of the document's n beads
 *                    (flag-rule.ts `cap`), or at most ⌈k × its summed P(wrong)⌉ as well;
 *   relative         P(wrong) ≥ λ × the document's mean P(wrong) (the bead's expected recall
 *                    against its share of the document, priced at λ).
 * The share limit's rules (the last group of `rules`) are chosen by CRITERION, stated in its
 * comment before they were run and applied by the code, on 001–003 alone.
 * A per-document intercept shift (a level correction) is not tried: nothing label-free tells a
 * document's error rate apart from the model's own estimate of it, which is the level that moves.
 *
 * The demo (the joint statement, en and ru, training data for the aligner) is reported only as
 * the clean-document check: how many beads each rule flags where almost none is wrong.
 *
 * Figures (this commit's aligner; presplit 122 wrong of 778, 001 12 / 276, 002 73 / 248, 003
 * 37 / 254; all three forms 378 of 2,332, each form its own document). Recall / share flagged,
 * pooled, then per chapter (presplit), pooled on all forms, the worst chapter on all forms (lowest
 * recall, highest share), and the demo's flags (en, ru; 0 wrong of 53 and 52):
 *
 *   rule                                     presplit       001 / 002 / 003 recall, flags           all forms     worst, all   demo
 *   fixed P(wrong) ≥ 1/6 (today)             77.0 / 30.7    33.3, 2.5 / 83.6, 54.4 / 78.4, 38.2     77.2 / 31.3   32.4 / 56.0  0, 0
 *   expected recall R 0.7, floor 0.02        70.5 / 27.6    66.7,17.0 / 69.9, 35.9 / 73.0, 31.1     68.8 / 27.9   67.0 / 36.2  4, 6
 *   expected recall R 0.75, floor 0.02       73.8 / 32.6    75.0,21.7 / 72.6, 41.5 / 75.7, 35.8     73.0 / 33.0   70.9 / 42.1  5, 6
 *   expected recall R 0.8, floor 0.02        80.3 / 38.4    75.0,27.5 / 80.8, 48.0 / 81.1, 40.9     78.3 / 38.7   73.0 / 48.4  5, 6
 *   expected recall R 0.85, floor 0.02       85.2 / 43.4    83.3,29.3 / 83.6, 55.6 / 89.2, 46.9     84.4 / 43.6   78.4 / 55.8  5, 6
 *   expected recall R 0.8, floor 0.05        79.5 / 32.9    66.7,12.0 / 80.8, 48.0 / 81.1, 40.9     77.8 / 33.4   67.6 / 48.4  4, 5
 *   expected recall R 0.8, floor 0.1         76.2 / 31.4    33.3, 7.6 / 80.8, 48.0 / 81.1, 40.9     74.9 / 31.7   37.8 / 48.4  0, 2
 *   R 0.8, floor 0.02, stop < 1 error left   80.3 / 38.4    75.0,27.5 / 80.8, 48.0 / 81.1, 40.9     78.3 / 38.7   73.0 / 48.4  0, 0  ← chosen
 *   fixed or top 0.15, floor 0.05            80.3 / 34.1    66.7,12.0 / 83.6, 54.4 / 78.4, 38.2     80.7 / 34.8   67.6 / 56.0  4, 5
 *   fixed or top 0.2, floor 0.02             80.3 / 37.0    66.7,20.3 / 83.6, 54.4 / 78.4, 38.2     80.7 / 37.6   67.6 / 56.0  5, 6
 *   reference: top quarter of each document  64.8 / 24.9    75.0,25.0 / 60.3, 25.0 / 70.3, 24.8     61.4 / 24.9   56.4 / 25.0  13, 13
 *
 * The expected-recall rule delivers its R: pooled recall 70.5 / 73.8 / 80.3 / 85.2 % for R 0.7
 * / 0.75 / 0.8 / 0.85, and every chapter within 5 points of R at 0.8 (001 is 9 of 12). The fixed
 * rule is right on average and wrong per document: 4 of 12 on the easy chapter, half of 002
 * flagged. Floors of 0.05 and 0.1 bind on 001 and cost its recall; a floor of 0.02 binds nowhere
 * here (equal to no floor) and stays as a guard for a long clean document, whose many beads at
 * P(wrong) ≈ 0.01 would otherwise add up to errors the rule reaches for. No floor keeps the demo
 * clean (4–6 flags on 0 wrong beads); stopping once the unflagged beads expect fewer than one
 * error does (0 flags; 1 on ru at half an error) and never binds on 001–003.
 *
 * No rule meets the issue's "≥ 70 % at ≤ 25 % flagged" here: 002 is 29 % wrong, so 70 % of it
 * takes ≥ 21 % of its beads even with every flag right, and a quarter of every document catches
 * 64.8 %. The cost is the ranking's (the pooled quarter most doubted holds 70.5 %), not the rule's.
 *
 * Level stress (presplit; every out-of-fold logit shifted by δ, as when the level moved on unseen
 * data): recall / flags at δ = −1, 0, +0.5, +1:
 *   fixed 1/6                        91.0 / 50.5   77.0 / 30.7   64.8 / 19.5   54.1 / 12.7
 *   R 0.8, floor 0.02, stop < 1      86.1 / 45.1   80.3 / 38.4   76.2 / 32.9   73.0 / 28.4
 *   R 0.75, floor 0.02, stop < 1     81.1 / 39.3   73.8 / 32.6   71.3 / 29.0   70.5 / 24.6
 *   fixed or top 0.2, floor 0.05     94.3 / 54.6   80.3 / 34.1   65.6 / 22.0   59.8 / 17.0
 * R 0.8 rather than 0.75: the recall asked for is on unseen data, and a level drift of half a
 * logit costs the rule about four points; at 0.75 the worst chapter (all forms) is already at 70.9.
 *
 * Shipped: the chosen row is src/align/flag-rule.ts (FLAG_RULE), which this bench imports, so its
 * rows are the product's rule with other parameters (ties at the last flagged bead are flagged
 * with it; no tuning bead ties there). Reported once on the held-out half after it was committed
 * (bench:align, not acted on): 82.1 % of 004–006's 67 wrong beads caught, 33.9 % of its beads
 * flagged, beads from 0.9 98.0 % right; the demo 0 flags (en, ru).
 *
 * The table above is of the calibration before "drawn otherwise" came in (calibration.ts, chosen
 * by bench/align-rank.ts). With it, this bench gives (presplit, then all forms): the shipped rule
 * 82.0 / 35.0 (001 75.0, 25.7 / 002 84.9, 45.6 / 003 78.4, 34.6), all forms 78.0 / 35.1; the
 * reference quarter of each document 68.9 / 24.9, all forms 65.9 / 24.9; R 0.75 77.9 / 29.3 and
 * R 0.7 73.8 / 24.8, worst chapter 66.7 at both; level stress of the shipped rule at δ −1 / +0.5 /
 * +1: 83.6 / 42.4, 77.9 / 29.7, 74.6 / 24.7. The rule stays as chosen: the better ranking took
 * 3.4 points off its share at the same recall, and at R 0.75 the worst chapter would already sit
 * at 66.7 %. The demo: 0 flags (en, ru); summed P(wrong) 0.42 and 0.90 (0.36 and 0.62 before), under
 * the slack of one error. Reported once on the held-out half after this was committed (bench:align,
 * not acted on): 82.1 % of 004–006's wrong beads caught, 30.1 % of its beads flagged (33.9 %
 * before), beads from 0.9 98.8 % right; the demo 0 flags.
 *
 * The share limit as a constraint (CRITERION, stated and committed before these rows were run):
 * NO RULE IS ELIGIBLE, so FLAG_RULE stays as it is, and the held-out half was not read again.
 * LOCO 001–003, presplit then all forms (recall / flags), and presplit at δ −0.5 / +0.5:
 *   shipped R 0.8                    82.0 / 35.0   78.0 / 35.1   82.0 / 38.7   77.9 / 29.7   fails (b), (d)
 *   R 0.7, stop < 1                  73.8 / 24.8   70.9 / 25.0   77.9 / 28.1   70.5 / 22.0   fails (b): 25.0x % on all forms
 *   R 0.725, stop < 1                76.2 / 26.9   72.8 / 27.1   78.7 / 30.5   72.1 / 23.9   fails (b), (d)
 *   R 0.65 / 0.675, stop < 1         below 70 % recall                                      fails (c)
 *   R 0.75, cap 0.25 of beads        68.0 / 23.4   65.3 / 23.3   68.0 / 24.0   68.0 / 22.6   fails (c)
 *   R 0.8, cap 0.25 of beads         68.9 / 25.1   65.9 / 25.0   = the top quarter of each document (c)
 *   R 0.8, cap min(0.25 n, 2 E)      64.8 / 18.3   62.2 / 18.3   001 at 33.3 %                (c), (d)
 *   P(wrong) ≥ 1.5–3 × mean          every one below 70 % recall                            (c), (d)
 *   fixed P(wrong) ≥ 0.25            73.8 / 21.0   70.6 / 21.4   δ +0.5: 63.1 / 15.2; 001 25 %  fails (d)
 * A cap makes the share safe under any drift but turns a hard document (002, 29 % wrong) into its
 * top quarter, 63.0 % of its wrong beads: the pooled budget is best spent where the errors are,
 * which only the uncapped rules do. The one rule at ≤ 25 % and ≥ 70 % on presplit (R 0.7) sits
 * on the limit on all forms and keeps 3.8 points of recall margin where R 0.8 kept 12; a drift of
 * half a logit takes it to 70.5 %. With this ranking the two-sided target is met on 001–003 only
 * at its edge, so the issue's share limit is a ranking problem (calibration.ts), not a level one.
 *
 *   npx tsx bench/align-flagrule.ts
 */
import { align } from '../src/align/aligner.js';
import { formatBead } from '../src/align/beads.js';
import { calibrationFeatures, calibrationProbability, CALIBRATION, FLAG_ERROR_RISK, type CalibrationInput } from '../src/align/calibration.js';
import { FLAG_RULE, flaggedByRisk } from '../src/align/flag-rule.js';
import { jointDoc, TUNING_CHAPTERS } from './align-data.js';
import { CALIBRATION_RIDGES, fitCalibration, type Observed } from './align-calibration.js';
import { observeTuningBeads } from './align-tuning-beads.js';
import { loadAverages, writeBenchResult, type BenchRow } from './report.js';

const PRESPLIT = 'presplit (CLI)';

interface Bead extends Observed {
  chapter: string;
  form: string;
}

/** Every bead of 001–003 in every scored input form, as bench/align-loco.ts observes them. */
function observeTuning(): Bead[] {
  return observeTuningBeads().map(({ prev: _prev, next: _next, ...d }) => d);
}

/** The demo's beads (presplit sentences against its gold), with the shipped calibration. */
function observeDemo(): { name: string; scored: Scored[] }[] {
  return ['en', 'ru'].map((lang) => {
    const d = jointDoc(lang);
    let inputs: readonly (CalibrationInput | undefined)[] = [];
    const out = align(d.src, d.tgt, { sourceLang: 'zh', targetLang: d.lang, onCalibrationInputs: (x) => (inputs = x) });
    const gold = new Set(d.gold.map(formatBead));
    const scored = out.flatMap((b, k) => {
      const input = inputs[k];
      return input === undefined ? [] : [{ risk: 1 - calibrationProbability(input, CALIBRATION.weights), correct: gold.has(formatBead(b)) }];
    });
    return { name: d.name, scored };
  });
}

interface Scored { risk: number; correct: boolean }

/** A flag rule: which of one document's beads it flags. */
type Rule = (doc: readonly Scored[]) => boolean[];

const fixed: Rule = (doc) => doc.map((s) => s.risk >= FLAG_ERROR_RISK);

/** Beads in decreasing P(wrong) (ties by position, so the rule is deterministic). */
const byRisk = (doc: readonly Scored[]): number[] => doc.map((_, k) => k).sort((x, y) => doc[y]!.risk - doc[x]!.risk || x - y);

/**
 * The product's rule (src/align/flag-rule.ts, the very function the aligner and the editor's
 * column use) with other parameters: flag in decreasing P(wrong) until the flagged beads hold R
 * of the document's summed P(wrong), never a bead below `floor`; with `slack`, stop as soon as the
 * unflagged beads are expected to hold fewer than `slack` errors.
 */
function expectedRecall(r: number, floor: number, slack = 0): Rule {
  return (doc) => flaggedByRisk(doc.map((s) => s.risk), { recall: r, floor, slack });
}

function fixedOrTop(q: number, floor: number): Rule {
  return (doc) => {
    const out = fixed(doc);
    byRisk(doc).slice(0, Math.ceil(q * doc.length)).forEach((k) => {
      if (doc[k]!.risk >= floor) out[k] = true;
    });
    return out;
  };
}

/**
 * The expected-recall rule capped: at most ⌈cap · n⌉ of the document's n beads flagged, and with
 * `perError`, at most ⌈perError × the document's summed P(wrong)⌉ (flag-rule.ts `cap`, whose
 * share the smaller of the two becomes).
 */
function capped(r: number, cap: number, perError?: number): Rule {
  return (doc) => {
    const risks = doc.map((s) => s.risk);
    const expected = risks.reduce((t, x) => t + x, 0);
    const share = perError === undefined || doc.length === 0 ? cap : Math.min(cap, (perError * expected) / doc.length);
    return flaggedByRisk(risks, { recall: r, floor: 0.02, slack: 1, cap: share });
  };
}

/**
 * A threshold relative to the document's own level: P(wrong) ≥ λ × its mean P(wrong) (and ≥ 0.02),
 * unless the unflagged beads expect fewer than one error; what flagging bead k buys in expected
 * recall, P(wrong)ₖ / summed P(wrong), against what it costs in share, 1 / n, priced at λ.
 */
function relative(lambda: number, cap?: number): Rule {
  return (doc) => {
    const risks = doc.map((s) => s.risk);
    const mean = risks.reduce((t, x) => t + x, 0) / Math.max(1, risks.length);
    return flaggedByRisk(risks, { recall: 1, floor: Math.max(0.02, lambda * mean), slack: 1, ...(cap === undefined ? {} : { cap }) });
  };
}

const SHIPPED = 'shipped: FLAG_RULE (src/align/flag-rule.ts)';
const rules: { name: string; rule: Rule }[] = [
  { name: 'fixed P(wrong) ≥ 1/6 (today)', rule: fixed },
  ...[0.7, 0.75, 0.8, 0.85].flatMap((r) => [0.02, 0.05].map((f) => ({ name: `expected recall R ${r}, floor ${f}`, rule: expectedRecall(r, f) }))),
  ...[0.75, 0.8].flatMap((r) => [0.1].map((f) => ({ name: `expected recall R ${r}, floor ${f}`, rule: expectedRecall(r, f) }))),
  ...[0.7, 0.75, 0.8].flatMap((r) => [0.5, 1].map((m) => ({ name: `expected recall R ${r}, floor 0.02, unless < ${m} error left`, rule: expectedRecall(r, 0.02, m) }))),
  { name: 'expected recall R 0.8, no floor, unless < 1 error left', rule: expectedRecall(0.8, 0, 1) },
  { name: SHIPPED, rule: (doc) => flaggedByRisk(doc.map((s) => s.risk), FLAG_RULE) },
  { name: 'expected recall R 0.8, floor 0.05, unless < 1 error left', rule: expectedRecall(0.8, 0.05, 1) },
  ...[0.15, 0.2].flatMap((q) => [0.02, 0.05].map((f) => ({ name: `fixed or top ${q}, floor ${f}`, rule: fixedOrTop(q, f) }))),
  // For reference: a fixed budget per document, the top quarter most doubted.
  { name: 'reference: top 0.25 of the document', rule: (doc) => { const out = doc.map(() => false); byRisk(doc).slice(0, Math.floor(doc.length / 4)).forEach((k) => (out[k] = true)); return out; } },
  // The issue's share limit as a constraint (see CRITERION): R in finer steps, R capped at a
  // share of the document's beads or at a multiple of its expected errors, a threshold relative
  // to its own mean P(wrong), and fixed thresholds above 1/6 as the level-bound comparison.
  ...[0.65, 0.675, 0.7, 0.725, 0.75, 0.775].map((r) => ({ name: `R ${r}, floor 0.02, stop < 1`, rule: expectedRecall(r, 0.02, 1) })),
  ...[0.7, 0.75, 0.8, 0.85].flatMap((r) => [0.2, 0.25].map((c) => ({ name: `R ${r}, floor 0.02, stop < 1, cap ${c} of beads`, rule: capped(r, c) }))),
  ...[0.75, 0.8].flatMap((r) => [1, 1.5, 2].map((k) => ({ name: `R ${r}, floor 0.02, stop < 1, cap min(0.25 n, ${k} × expected errors)`, rule: capped(r, 0.25, k) }))),
  ...[1.5, 2, 3].flatMap((l) => [undefined, 0.25].map((c) => ({ name: `P(wrong) ≥ ${l} × mean, floor 0.02, stop < 1${c === undefined ? '' : `, cap ${c}`}`, rule: relative(l, c) }))),
  ...[0.2, 0.25, 0.3].map((t) => ({ name: `fixed P(wrong) ≥ ${t}`, rule: (doc: readonly Scored[]) => doc.map((s) => s.risk >= t) })),
];

/** Out-of-fold P(wrong) per document (chapter × form) of the tuning half. */
function outOfFold(all: readonly Bead[]): Map<string, { chapter: string; form: string; scored: Scored[] }> {
  const docs = new Map<string, { chapter: string; form: string; scored: Scored[] }>();
  for (const held of TUNING_CHAPTERS) {
    const w = fitCalibration(all.filter((d) => d.chapter !== held && d.form === PRESPLIT), [...CALIBRATION_RIDGES], calibrationFeatures);
    for (const d of all) {
      if (d.chapter !== held) continue;
      const key = `${d.chapter} ${d.form}`;
      const doc = docs.get(key) ?? { chapter: d.chapter, form: d.form, scored: [] };
      doc.scored.push({ risk: 1 - calibrationProbability(d, w), correct: d.correct });
      docs.set(key, doc);
    }
  }
  return docs;
}

/**
 * CRITERION (issue #11 item 3: on unseen text the flag catches ≥ 70 % of the strictly wrong beads
 * while flagging ≤ 25 % of beads), written down before the rules above were run and applied
 * mechanically below, on LOCO within 001–003 only. A rule is eligible when
 *   (a) the demo stays unflagged: 0 flags on en and on ru (a clean document is not flagged);
 *   (b) its pooled share flagged is ≤ 25 % on presplit beads and on all forms (the issue's limit,
 *       now a constraint rather than a figure to report);
 *   (c) its pooled recall is ≥ 70 % on presplit beads and on all forms (the issue's other side);
 *   (d) under a level drift of half a logit (δ = −0.5 and +0.5, presplit) its pooled recall stays
 *       ≥ 65 % and its pooled share ≤ 30 %: the drift the shipped R 0.8 was argued by may cost at
 *       most five points on either side of the target, not turn the rule into a fixed threshold.
 * Among eligible rules the one with the highest pooled presplit recall (the figure bench:align
 * reports on the held-out half), ties within 0.1 point going to the lower pooled presplit share.
 * No eligible rule: the shipped rule stays and the table is a negative result.
 */
const CRITERION = { share: 0.25, recall: 0.7, stressDelta: 0.5, stressRecall: 0.65, stressShare: 0.3, tie: 0.001 };

interface Tally { caught: number; wrong: number; flagged: number; beads: number }
const add = (t: Tally, u: Tally): Tally => ({ caught: t.caught + u.caught, wrong: t.wrong + u.wrong, flagged: t.flagged + u.flagged, beads: t.beads + u.beads });
const zero: Tally = { caught: 0, wrong: 0, flagged: 0, beads: 0 };
const recall = (t: Tally) => t.caught / Math.max(1, t.wrong);
const share = (t: Tally) => t.flagged / Math.max(1, t.beads);

function tally(doc: readonly Scored[], rule: Rule): Tally {
  const flags = rule(doc);
  let caught = 0;
  let wrong = 0;
  let flagged = 0;
  doc.forEach((s, k) => {
    if (!s.correct) wrong++;
    if (flags[k]) flagged++;
    if (flags[k] && !s.correct) caught++;
  });
  return { caught, wrong, flagged, beads: doc.length };
}

/** Every logit of P(right) shifted by δ: the document easier (δ > 0) or harder than the fit believes, its ranking kept. */
function shifted(doc: readonly Scored[], delta: number): Scored[] {
  return doc.map((x) => {
    const z = Math.log((1 - x.risk) / Math.max(1e-12, x.risk)) + delta;
    return { risk: 1 / (1 + Math.exp(z)), correct: x.correct };
  });
}

type Docs = Map<string, { chapter: string; form: string; scored: Scored[] }>;

/** Per tuning chapter, the rule's tally over its documents of `forms`, logits shifted by δ. */
function chapterTallies(docs: Docs, rule: Rule, forms: 'presplit' | 'all', delta = 0): Tally[] {
  return TUNING_CHAPTERS.map((ch) => [...docs.values()]
    .filter((d) => d.chapter === ch && (forms === 'all' || d.form === PRESPLIT))
    .reduce((t, d) => add(t, tally(delta === 0 ? d.scored : shifted(d.scored, delta), rule)), zero));
}

/** Whether a rule meets CRITERION (a)–(d), and if not, which clauses fail. */
function judge(docs: Docs, demo: readonly { scored: Scored[] }[], rule: Rule): { fails: string[]; presplit: Tally } {
  const fails: string[] = [];
  if (demo.some((d) => tally(d.scored, rule).flagged > 0)) fails.push('a demo');
  const presplit = chapterTallies(docs, rule, 'presplit').reduce(add, zero);
  const all = chapterTallies(docs, rule, 'all').reduce(add, zero);
  if (share(presplit) > CRITERION.share || share(all) > CRITERION.share) fails.push('b share');
  if (recall(presplit) < CRITERION.recall || recall(all) < CRITERION.recall) fails.push('c recall');
  for (const delta of [-CRITERION.stressDelta, CRITERION.stressDelta]) {
    const t = chapterTallies(docs, rule, 'presplit', delta).reduce(add, zero);
    if (recall(t) < CRITERION.stressRecall || share(t) > CRITERION.stressShare) fails.push(`d δ ${delta}`);
  }
  return { fails, presplit };
}

function main(): void {
  const cpu0 = process.cpuUsage();
  const docs = outOfFold(observeTuning());
  const demo = observeDemo();
  const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
  const rows: BenchRow[] = [];
  for (const forms of ['presplit', 'all'] as const) {
    const chosen = [...docs.values()].filter((d) => forms === 'all' || d.form === PRESPLIT);
    const perChapter = TUNING_CHAPTERS.map((ch) => ({ ch, wrong: chosen.filter((d) => d.chapter === ch).reduce((s, d) => s + d.scored.filter((x) => !x.correct).length, 0), beads: chosen.filter((d) => d.chapter === ch).reduce((s, d) => s + d.scored.length, 0) }));
    console.log(`\nLOCO within MAC-Dev ${TUNING_CHAPTERS.join(', ')}, each rule applied per document, scored on ${forms === 'presplit' ? 'presplit beads' : 'presplit + line-per-sentence + one-paragraph beads (each form its own document)'}`);
    console.log(`Wrong / beads: ${perChapter.map((c) => `${c.ch} ${c.wrong} / ${c.beads}`).join(', ')}`);
    console.log(`| rule | recall | flags | precision | ${TUNING_CHAPTERS.map((c) => `${c} recall, flags`).join(' | ')} | worst recall | worst flags | demo flags (en, ru) |`);
    console.log(`|---|---|---|---|${TUNING_CHAPTERS.map(() => '---|').join('')}---|---|---|`);
    for (const { name, rule } of rules) {
      const chapters = chapterTallies(docs, rule, forms);
      const pooled = chapters.reduce(add, zero);
      const demoFlags = demo.map((d) => tally(d.scored, rule));
      const worstRecall = Math.min(...chapters.map(recall));
      const worstShare = Math.max(...chapters.map(share));
      console.log(`| ${name} | ${pct(recall(pooled))} | ${pct(share(pooled))} | ${pct(pooled.caught / Math.max(1, pooled.flagged))} | ${chapters.map((t) => `${pct(recall(t))}, ${pct(share(t))}`).join(' | ')} | ${pct(worstRecall)} | ${pct(worstShare)} | ${demoFlags.map((t) => `${t.flagged} of ${t.beads}`).join(', ')} |`);
      const r1 = (x: number) => Number((100 * x).toFixed(1));
      rows.push(
        { what: `LOCO ${forms}: ${name}, recall`, value: r1(recall(pooled)), unit: '%' },
        { what: `LOCO ${forms}: ${name}, flags`, value: r1(share(pooled)), unit: '%' },
        { what: `LOCO ${forms}: ${name}, worst chapter recall`, value: r1(worstRecall), unit: '%' },
        { what: `LOCO ${forms}: ${name}, worst chapter flags`, value: r1(worstShare), unit: '%' },
        ...TUNING_CHAPTERS.flatMap((ch, k) => [
          { what: `LOCO ${forms}: ${name}, ${ch} recall`, value: r1(recall(chapters[k]!)), unit: '%' },
          { what: `LOCO ${forms}: ${name}, ${ch} flags`, value: r1(share(chapters[k]!)), unit: '%' },
        ]),
      );
      if (forms === 'presplit') demo.forEach((d, k) => rows.push({ what: `demo ${d.name}: ${name}, beads flagged`, value: demoFlags[k]!.flagged, unit: 'beads' }));
    }
  }
  // The level moved on unseen data (the shipped calibration's note): shift every out-of-fold
  // logit by δ, as if the document were easier (δ > 0) or harder (δ < 0) than the fit believes
  // while its ranking stayed, and see which rules hold their recall and share.
  console.log('\nLevel stress, presplit beads: every logit of P(right) shifted by δ (recall / flags / worst chapter recall)');
  const shifts = [-1, -0.5, 0, 0.5, 1];
  console.log(`| rule | ${shifts.map((d) => `δ ${d}`).join(' | ')} |`);
  console.log(`|---|${shifts.map(() => '---|').join('')}`);
  for (const { name, rule } of rules) {
    const cells = shifts.map((delta) => {
      const chapters = chapterTallies(docs, rule, 'presplit', delta);
      const pooled = chapters.reduce(add, zero);
      rows.push({ what: `LOCO presplit, logits shifted ${delta}: ${name}, recall`, value: Number((100 * recall(pooled)).toFixed(1)), unit: '%' },
        { what: `LOCO presplit, logits shifted ${delta}: ${name}, flags`, value: Number((100 * share(pooled)).toFixed(1)), unit: '%' });
      return `${pct(recall(pooled))} / ${pct(share(pooled))} / ${pct(Math.min(...chapters.map(recall)))}`;
    });
    console.log(`| ${name} | ${cells.join(' | ')} |`);
  }
  console.log('\nCRITERION (see its comment): which rules are eligible, and the one it chooses');
  const judged = rules.map(({ name, rule }) => ({ name, ...judge(docs, demo, rule) }));
  for (const j of judged) console.log(`  ${j.fails.length === 0 ? 'eligible' : `fails ${j.fails.join(', ')}`}: ${j.name}`);
  const eligible = judged.filter((j) => j.fails.length === 0)
    .sort((x, y) => (Math.abs(recall(y.presplit) - recall(x.presplit)) > CRITERION.tie ? recall(y.presplit) - recall(x.presplit) : share(x.presplit) - share(y.presplit)));
  const choice = eligible[0];
  console.log(choice === undefined ? 'Chosen: none eligible, the shipped rule stays.' : `Chosen: ${choice.name} (presplit ${pct(recall(choice.presplit))} / ${pct(share(choice.presplit))})`);
  judged.forEach((j) => rows.push({ what: `criterion: ${j.name}, eligible`, value: j.fails.length === 0 ? 1 : 0, unit: 'bool' }));
  console.log('\nPer document, summed P(wrong) out of fold (the errors the alignment expects) against the wrong beads:');
  for (const d of docs.values()) console.log(`  ${d.chapter} ${d.form}: expects ${d.scored.reduce((s, x) => s + x.risk, 0).toFixed(1)}, has ${d.scored.filter((x) => !x.correct).length} of ${d.scored.length}`);
  demo.forEach((d) => console.log(`Demo ${d.name}: ${d.scored.length} beads, ${d.scored.filter((x) => !x.correct).length} wrong, summed P(wrong) ${d.scored.reduce((s, x) => s + x.risk, 0).toFixed(2)} (shipped weights, fitted on 001–003)`));
  const cpu = process.cpuUsage(cpu0);
  console.log(`\nCPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s, load ${loadAverages()}`);
  console.log(`Results: ${writeBenchResult('align-flagrule', rows)}`);
}

main();

/**
 * Translator effort: a simulated translator on MAC-Dev (and the demo) reads the alignment from
 * the top, and at the first wrong bead pins the gold bead there (one correction), until the
 * alignment is the gold one. Without re-alignment the fix only trims the beads it overlaps; with
 * it, every untouched bead after the fix is aligned again around the pinned ones (realign(), as
 * the editor will after each fix). Reports corrections per 100 gold beads; writes
 * bench/results/effort.json.
 *
 *   npm run bench:effort               MAC-Dev (when ../shared is there) and the demo
 *   npm run bench:effort -- --quick    the demo and the first MAC-Dev chapter
 */
import { availableParallelism } from 'node:os';
import { align } from '../src/align/aligner.js';
import { formatBead, type BeadShape } from '../src/align/beads.js';
import { realign } from '../src/align/realign.js';
import { jointDoc, macDevDocs, type Doc } from './align-data.js';
import { loadAverages, writeBenchResult, type BenchRow } from './report.js';

interface Outcome {
  corrections: number;
  gold: number;
  seconds: number;
}

const shape = (b: BeadShape): BeadShape => ({ source: [...b.source], target: [...b.target] });
const overlaps = (a: BeadShape, b: BeadShape): boolean => a.source.some((i) => b.source.includes(i)) || a.target.some((j) => b.target.includes(j));

/** The gold bead a person would pin at `bead`: the one holding its first sentence. */
function goldAt(gold: readonly BeadShape[], bead: BeadShape): BeadShape {
  const found = bead.source.length > 0
    ? gold.find((g) => g.source.includes(bead.source[0] ?? -1))
    : gold.find((g) => g.target.includes(bead.target[0] ?? -1));
  if (found === undefined) throw new Error(`no gold bead holds ${formatBead(bead)}`);
  return found;
}

/**
 * The translator's fix without re-alignment: `pin` replaces the beads it overlaps; what those
 * beads held outside it stays where it was, before and after it.
 */
function pinLocally(beads: readonly BeadShape[], pin: BeadShape): BeadShape[] {
  const hit = beads.filter((b) => overlaps(b, pin));
  if (hit.length === 0) throw new Error(`pin ${formatBead(pin)} overlaps no bead`);
  const s0 = pin.source[0];
  const t0 = pin.target[0];
  const isBefore = (x: number, start: number | undefined, side: readonly number[]): boolean => !side.includes(x) && (start === undefined ? false : x < start);
  const before: BeadShape = { source: hit.flatMap((b) => b.source).filter((i) => isBefore(i, s0, pin.source)), target: hit.flatMap((b) => b.target).filter((j) => isBefore(j, t0, pin.target)) };
  const after: BeadShape = {
    source: hit.flatMap((b) => b.source).filter((i) => !pin.source.includes(i) && !before.source.includes(i)),
    target: hit.flatMap((b) => b.target).filter((j) => !pin.target.includes(j) && !before.target.includes(j)),
  };
  const rest = beads.filter((b) => !overlaps(b, pin));
  return ordered([...rest, before, shape(pin), after].filter((b) => b.source.length + b.target.length > 0));
}

/**
 * Beads in reading order: those with source sentences by their first, and each bead with none
 * right before the first bead whose targets come after its own.
 */
function ordered(beads: readonly BeadShape[]): BeadShape[] {
  const withSource = beads.filter((b) => b.source.length > 0).sort((x, y) => (x.source[0] ?? 0) - (y.source[0] ?? 0));
  for (const bead of beads.filter((b) => b.source.length === 0).sort((x, y) => (x.target[0] ?? 0) - (y.target[0] ?? 0))) {
    const t = bead.target[0] ?? 0;
    const at = withSource.findIndex((b) => b.target.length > 0 && (b.target[0] ?? 0) > t);
    withSource.splice(at < 0 ? withSource.length : at, 0, bead);
  }
  return withSource;
}

/** For a bead with no source, the source position it stands at: after the source sentences before it. */
function sourceAt(beads: readonly BeadShape[], bead: BeadShape): number {
  let position = 0;
  for (const b of beads) {
    if (b === bead) return position;
    position += b.source.length;
  }
  return position;
}

function simulate(doc: Doc, withRealign: boolean): Outcome {
  const t0 = performance.now();
  const options = { sourceLang: 'zh', targetLang: doc.lang };
  const goldKeys = new Set(doc.gold.map(formatBead));
  let beads: BeadShape[] = align(doc.src, doc.tgt, options).map(shape);
  const pinned = new Set<string>();
  let corrections = 0;
  for (;;) {
    const wrong = beads.find((b) => !goldKeys.has(formatBead(b)));
    if (wrong === undefined) break;
    const pin = goldAt(doc.gold, wrong);
    corrections++;
    pinned.add(formatBead(pin));
    beads = pinLocally(beads, pin);
    if (withRealign) {
      // As the editor will: re-align the untouched beads between this fix and the end.
      const placed = beads.find((b) => formatBead(b) === formatBead(pin)) ?? pin;
      const from = pin.source.length > 0 ? (pin.source[pin.source.length - 1] ?? 0) + 1 : sourceAt(beads, placed);
      const touched = beads.map((b) => pinned.has(formatBead(b)));
      beads = realign({ source: doc.src, target: doc.tgt, beads, touched, within: { from, to: doc.src.length } }, options).beads.map(shape);
    }
    if (corrections > doc.gold.length) throw new Error(`${doc.name}: more corrections than gold beads`);
  }
  return { corrections, gold: doc.gold.length, seconds: (performance.now() - t0) / 1000 };
}

function main(): void {
  const quick = process.argv.includes('--quick');
  const mac = macDevDocs();
  const docs: Doc[] = [...(mac === undefined ? [] : quick ? mac.slice(0, 1) : mac), jointDoc('en'), jointDoc('ru')];
  if (mac === undefined) console.log('MAC-Dev not found: the demo only (MAC-Dev lives in ../shared, outside the repository).');
  console.log('\nCorrections per 100 gold beads until the alignment is the gold one (target ≤ 8 with re-alignment)');
  console.log('| document | gold beads | without re-alignment | with re-alignment | time with |');
  console.log('|---|---|---|---|---|');
  const totals = new Map<string, { without: number; with: number; gold: number }>();
  for (const doc of docs) {
    const without = simulate(doc, false);
    const withRe = simulate(doc, true);
    const per100 = (o: Outcome): string => (100 * o.corrections / o.gold).toFixed(1);
    console.log(`| ${doc.name} | ${doc.gold.length} | ${without.corrections} (${per100(without)}) | ${withRe.corrections} (${per100(withRe)}) | ${withRe.seconds.toFixed(1)} s |`);
    const set = doc.name.startsWith('joint') ? 'demo' : 'MAC-Dev';
    const t = totals.get(set) ?? { without: 0, with: 0, gold: 0 };
    t.without += without.corrections;
    t.with += withRe.corrections;
    t.gold += doc.gold.length;
    totals.set(set, t);
  }
  const rows: BenchRow[] = [];
  for (const [set, t] of totals) {
    const without = Number((100 * t.without / t.gold).toFixed(1));
    const withRe = Number((100 * t.with / t.gold).toFixed(1));
    console.log(`| **${set}** | ${t.gold} | ${t.without} (${without}) | ${t.with} (${withRe}) | |`);
    rows.push({ what: `corrections per 100 gold beads with re-alignment, ${set}`, value: withRe, unit: 'per 100 beads', baseline: without, baselineWhat: 'without re-alignment', ratio: without > 0 ? Number((withRe / without).toFixed(3)) : 0, target: '≤ 8' });
  }
  console.log(`\nLoad average at the end: ${loadAverages()} on ${availableParallelism()} cores`);
  console.log(`Results: ${writeBenchResult('effort', rows)}`);
}

main();

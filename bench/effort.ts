/**
 * Translator effort: a simulated translator on MAC-Dev (and the demo) reads the alignment from
 * the top, and at the first wrong bead pins the gold bead there (one correction), until the
 * alignment is the gold one. Without re-alignment the fix only trims the beads it overlaps; with
 * it, every untouched bead after the fix is aligned again around the pinned ones (realign()); as
 * the editor does, the new alignment is kept only as far as the fix reaches (realign's settle:
 * until it falls back in step with the old one). Reports corrections per 100 gold beads, and for
 * each follow-up how many beads it moved and how many right beads it undid; writes
 * bench/results/effort.json.
 *
 *   npm run bench:effort               MAC-Dev (when ../shared is there) and the demo
 *   npm run bench:effort -- --quick    the demo and the first MAC-Dev chapter
 *   npm run bench:effort -- --chapters 001,002,003    those MAC-Dev chapters only
 */
import { availableParallelism } from 'node:os';
import { align } from '../src/align/aligner.js';
import { formatBead, type BeadShape } from '../src/align/beads.js';
import { realign } from '../src/align/realign.js';
import { jointDoc, macDevDocs, type Doc } from './align-data.js';
import { loadAverages, writeBenchResult, type BenchRow } from './report.js';

interface Outcome {
  corrections: number;
  /** Beads the follow-ups changed, and of them right beads they made wrong (a translator reads those again). */
  moved: number;
  broken: number;
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

/** How a fix is followed: by nothing, by re-aligning the rest, or by re-aligning it as far as the fix reaches (settle.ts). */
type FollowUp = 'none' | 'realign' | 'settle';

function simulate(doc: Doc, followUp: FollowUp): Outcome {
  const t0 = performance.now();
  const options = { sourceLang: 'zh', targetLang: doc.lang };
  const goldKeys = new Set(doc.gold.map(formatBead));
  let beads: BeadShape[] = align(doc.src, doc.tgt, options).map(shape);
  const pinned = new Set<string>();
  let corrections = 0;
  let moved = 0;
  let broken = 0;
  for (;;) {
    const wrong = beads.find((b) => !goldKeys.has(formatBead(b)));
    if (wrong === undefined) break;
    const pin = goldAt(doc.gold, wrong);
    corrections++;
    pinned.add(formatBead(pin));
    beads = pinLocally(beads, pin);
    if (followUp !== 'none') {
      // As the editor will: re-align the untouched beads between this fix and the end.
      const placed = beads.find((b) => formatBead(b) === formatBead(pin)) ?? pin;
      const from = pin.source.length > 0 ? (pin.source[pin.source.length - 1] ?? 0) + 1 : sourceAt(beads, placed);
      const touched = beads.map((b) => pinned.has(formatBead(b)));
      const before = new Set(beads.map(formatBead));
      beads = realign({ source: doc.src, target: doc.tgt, beads, touched, within: { from, to: doc.src.length }, settle: followUp === 'settle' }, options).beads.map(shape);
      const after = new Set(beads.map(formatBead));
      for (const key of after) if (!before.has(key)) moved++;
      for (const key of before) if (!after.has(key) && goldKeys.has(key)) broken++;
    }
    if (corrections > doc.gold.length) throw new Error(`${doc.name}: more corrections than gold beads`);
  }
  return { corrections, moved, broken, gold: doc.gold.length, seconds: (performance.now() - t0) / 1000 };
}

function main(): void {
  const quick = process.argv.includes('--quick');
  // --chapters 001,002,003: only these MAC-Dev chapters (tuning a follow-up on one half).
  const at = process.argv.indexOf('--chapters');
  const only = at >= 0 ? new Set((process.argv[at + 1] ?? '').split(',')) : undefined;
  const mac = macDevDocs()?.filter((d) => only === undefined || only.has(d.name));
  const docs: Doc[] = [...(mac === undefined ? [] : quick ? mac.slice(0, 1) : mac), ...(only === undefined ? [jointDoc('en'), jointDoc('ru')] : [])];
  if (mac === undefined) console.log('MAC-Dev not found: the demo only (MAC-Dev lives in ../shared, outside the repository).');
  console.log('\nCorrections per 100 gold beads until the alignment is the gold one (target ≤ 8 with re-alignment)');
  console.log('| document | gold beads | without re-alignment | re-aligning the rest | re-aligning as far as the fix reaches (the editor) | time, the editor\'s |');
  console.log('|---|---|---|---|---|---|');
  const totals = new Map<string, { without: number; rest: number; settled: number; gold: number; restMoved: number; restBroken: number; settledMoved: number; settledBroken: number }>();
  for (const doc of docs) {
    const without = simulate(doc, 'none');
    const rest = simulate(doc, 'realign');
    const settled = simulate(doc, 'settle');
    const per100 = (o: Outcome): string => `${o.corrections} (${(100 * o.corrections / o.gold).toFixed(1)})${o.moved > 0 ? `; ${o.moved} moved, ${o.broken} right ones undone` : ''}`;
    console.log(`| ${doc.name} | ${doc.gold.length} | ${per100(without)} | ${per100(rest)} | ${per100(settled)} | ${settled.seconds.toFixed(1)} s |`);
    const set = doc.name.startsWith('joint') ? 'demo' : 'MAC-Dev';
    const t = totals.get(set) ?? { without: 0, rest: 0, settled: 0, gold: 0, restMoved: 0, restBroken: 0, settledMoved: 0, settledBroken: 0 };
    t.restMoved += rest.moved;
    t.restBroken += rest.broken;
    t.settledMoved += settled.moved;
    t.settledBroken += settled.broken;
    t.without += without.corrections;
    t.rest += rest.corrections;
    t.settled += settled.corrections;
    t.gold += doc.gold.length;
    totals.set(set, t);
  }
  const rows: BenchRow[] = [];
  for (const [set, t] of totals) {
    const per100 = (n: number) => Number((100 * n / t.gold).toFixed(1));
    console.log(`| **${set}** | ${t.gold} | ${t.without} (${per100(t.without)}) | ${t.rest} (${per100(t.rest)}); ${t.restMoved} moved, ${t.restBroken} right ones undone | ${t.settled} (${per100(t.settled)}); ${t.settledMoved} moved, ${t.settledBroken} right ones undone | |`);
    const without = per100(t.without);
    const ratio = (n: number) => (without > 0 ? Number((per100(n) / without).toFixed(3)) : 0);
    rows.push({ what: `corrections per 100 gold beads with re-alignment as the editor makes it, ${set}`, value: per100(t.settled), unit: 'per 100 beads', baseline: without, baselineWhat: 'without re-alignment', ratio: ratio(t.settled), target: '≤ 8' });
    rows.push({ what: `corrections per 100 gold beads re-aligning the rest after each fix, ${set}`, value: per100(t.rest), unit: 'per 100 beads', baseline: without, baselineWhat: 'without re-alignment', ratio: ratio(t.rest) });
    rows.push({ what: `right beads a follow-up undid, as the editor re-aligns, ${set}`, value: t.settledBroken, unit: 'beads', baseline: t.restBroken, baselineWhat: 're-aligning the rest after each fix', ratio: t.restBroken > 0 ? Number((t.settledBroken / t.restBroken).toFixed(3)) : 0 });
  }
  console.log(`\nLoad average at the end: ${loadAverages()} on ${availableParallelism()} cores`);
  console.log(`Results: ${writeBenchResult('effort', rows)}`);
}

main();

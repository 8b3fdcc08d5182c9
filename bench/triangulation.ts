/**
 * `npm run bench:triangulation`: the quality of triangulation QA and term suggestions
 * (issue #16), measured, and the time a whole-document check takes.
 *
 * - Precision on clean translations: findings on the demo (the data the checks were developed
 *   on) and on a held-out made-up document (tests/fixtures/triangulation/), where every number,
 *   name, sentence-type and length finding is a false positive; grouping findings are checked
 *   against the gold alignments.
 * - Planted errors, one at a time in every group where each applies: a number dropped or
 *   changed, a name dropped from one language, a question mark added, a translation cut to
 *   40 %, two slots merged. Recall is the share caught with the right check and suspect;
 *   precision counts every new finding a plant brings that is not the planted one.
 * - Term suggestions: each glossary term's Russian removed in turn, is the top candidate right?
 * - Time: one whole-document check of the demo repeated to ~10,000 segments.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseCedict, type Lexicon } from '../src/align/lexicon.js';
import { cedictSource } from '../src/align/lexicon-data.js';
import { containsTerm } from '../src/qa/checks.js';
import { termCandidates } from '../src/qa/term-candidates.js';
import { triangulate, triangulationGroups, type TriangulationFinding, type TriangulationInput, type TriangulationSlot } from '../src/qa/triangulation.js';
import { numberKeys } from '../src/text/numbers.js';
import { stemWord } from '../src/text/stem.js';
import { sameName } from '../src/text/transliterate.js';
import { readGlossaryCsv } from '../src/formats/glossary.js';
import { readDemoContent } from '../src/services/demo.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
type Slots = Record<string, TriangulationSlot[]>;
interface Doc { name: string; segments: string[]; slots: Slots; names: [string, string][]; terms: { zh: string; en: string[]; ru: string[]; caseSensitive: boolean }[] }

function demo(): Doc {
  const content = readDemoContent();
  const segments = readFileSync(`${ROOT}demo/joint-statement-2022/zh.sentences`, 'utf8').split('\n').filter(Boolean);
  const slots: Slots = {};
  for (const t of content.translations) slots[t.lang] = t.beads.map((b) => ({ start: b.source[0]!, span: b.source.length, text: b.target.map((i) => t.sentences[i]).join(' ') }));
  const terms = readGlossaryCsv(readFileSync(`${ROOT}demo/glossary.csv`, 'utf8')).records.map((r) => ({
    zh: r.source, caseSensitive: r.caseSensitive, en: r.equivalents.filter((e) => e.lang === 'en' && e.kind !== 'forbidden').map((e) => e.text), ru: r.equivalents.filter((e) => e.lang === 'ru' && e.kind !== 'forbidden').map((e) => e.text),
  }));
  // The demo README's names, English and Russian.
  const names: [string, string][] = [['Xi Jinping', 'Си Цзиньпин'], ['Japarov', 'Жапаров'], ['Bishkek', 'Бишкек'], ['Osh', 'Ош'], ['Naryn', 'Нарын'], ['Torugart', 'Торугарт'],
    ['Irkeshtam', 'Иркештам'], ['Sary-Tash', 'Сары-Таш'], ['Batken', 'Баткен'], ['Isfana', 'Исфана'], ['Datka', 'Датка'], ['Kemin', 'Кемин']];
  return { name: 'demo', segments, slots, names, terms };
}

function heldOut(): Doc {
  const d = JSON.parse(readFileSync(`${ROOT}tests/fixtures/triangulation/kazakhstan-2023.json`, 'utf8')) as { zh: string[]; en: string[]; ru: string[]; names: [string, string][]; terms: { zh: string; en: string; ru: string[] }[] };
  const one = (texts: string[]) => texts.map((text, start) => ({ start, span: 1, text }));
  return { name: 'held-out', segments: d.zh, slots: { en: one(d.en), ru: one(d.ru) }, names: d.names, terms: d.terms.map((t) => ({ zh: t.zh, en: [t.en], ru: t.ru, caseSensitive: false })) };
}

let lexicon: Lexicon | undefined;
const lex = () => (lexicon ??= parseCedict(cedictSource(), (w) => w.length === 1));
const run = (doc: Doc, slots: Slots = doc.slots): TriangulationFinding[] => triangulate({ segments: doc.segments, langs: ['en', 'ru'], slots, lexicon: lex });
const copy = (slots: Slots): Slots => ({ en: slots.en!.map((s) => ({ ...s })), ru: slots.ru!.map((s) => ({ ...s })) });
const id = (f: TriangulationFinding) => `${f.check}|${f.first}|${f.suspect}|${f.message}`;

interface Plant { kind: string; expect: { check: string; suspect: string | null; first: number }; slots: Slots }

/** Every plant of every kind that applies to the document. */
function plants(doc: Doc): Plant[] {
  const out: Plant[] = [];
  const groups = triangulationGroups({ segments: doc.segments, langs: ['en', 'ru'], slots: doc.slots });
  for (const g of groups) {
    const zh = g.source.join('');
    for (const lang of ['en', 'ru'] as const) {
      const side = g.sides[lang === 'en' ? 0 : 1];
      const slot = side.slots[0];
      if (!slot || side.slots.length !== 1) continue;
      const index = doc.slots[lang]!.findIndex((s) => s.start === slot.start);
      // Numbers: the first number of the slot that the Chinese has too.
      const digits = [...slot.text.matchAll(/(?<![\p{L}\d-])\d{2,4}(?![\d\p{L}])/gu)].find((m) => numberKeys(zh, 'zh').includes(m[0]));
      if (digits) {
        for (const [kind, replacement] of [['number dropped', ''], ['number changed', String(Number(digits[0]) + 1)]] as const) {
          const slots = copy(doc.slots);
          slots[lang]![index]!.text = slot.text.slice(0, digits.index) + replacement + slot.text.slice(digits.index + digits[0].length);
          out.push({ kind: `${kind} (${lang})`, expect: { check: 'tri-numbers', suspect: lang, first: g.first }, slots });
        }
      }
      // Names: every word of a listed name dropped from this language where both have it.
      for (const [en, ru] of doc.names) {
        const other = g.sides[lang === 'en' ? 1 : 0].text;
        const mine = lang === 'en' ? en : ru;
        const theirs = lang === 'en' ? ru : en;
        const parts = (name: string) => name.split(/[\s-]+/);
        const words = (text: string) => text.match(/\p{L}+/gu) ?? [];
        const has = (text: string, name: string) => parts(name).every((part) => words(text).some((w) => sameName(w, part)));
        if (!has(slot.text, mine) || !has(other, theirs)) continue;
        const slots = copy(doc.slots);
        slots[lang]![index]!.text = slot.text.replace(/\p{L}+/gu, (w) => (parts(mine).some((p) => sameName(w, p)) ? '' : w)).replace(/\s{2,}/g, ' ');
        out.push({ kind: `name dropped (${lang})`, expect: { check: 'tri-names', suspect: lang, first: g.first }, slots });
      }
    }
    // A question mark for the English full stop, where the Chinese is no question.
    const en = g.sides[0].slots[g.sides[0].slots.length - 1];
    if (en && /\.$/.test(en.text) && !/[？?]/.test(zh)) {
      const slots = copy(doc.slots);
      slots.en!.find((s) => s.start === en.start)!.text = en.text.replace(/\.$/, '?');
      out.push({ kind: 'question mark added (en)', expect: { check: 'tri-sentence-type', suspect: 'en', first: g.first }, slots });
    }
    // The Russian cut to 40 % of its length (a sentence or more left out), in groups of 30+ Chinese characters.
    const ru = g.sides[1].slots[0];
    if (ru && g.sides[1].slots.length === 1 && zh.length >= 30) {
      const slots = copy(doc.slots);
      const cut = ru.text.slice(0, Math.round(ru.text.length * 0.4)).replace(/\s+\S*$/, '.');
      slots.ru!.find((s) => s.start === ru.start)!.text = cut;
      out.push({ kind: 'Russian cut to 40% (ru)', expect: { check: 'tri-length', suspect: 'ru', first: g.first }, slots });
    }
  }
  // Two adjacent one-segment Russian slots merged where the English keeps them apart.
  for (let i = 0; i + 1 < doc.slots.ru!.length; i++) {
    const [a, b] = [doc.slots.ru![i]!, doc.slots.ru![i + 1]!];
    const enA = doc.slots.en!.find((s) => s.start === a.start);
    const enB = doc.slots.en!.find((s) => s.start === b.start);
    if (a.span !== 1 || b.span !== 1 || !enA || !enB || enA.span !== 1 || enB.span !== 1) continue;
    const slots = copy(doc.slots);
    slots.ru!.splice(i, 2, { start: a.start, span: 2, text: `${a.text} ${b.text}` });
    out.push({ kind: 'two Russian slots merged', expect: { check: 'tri-grouping', suspect: null, first: a.start }, slots });
  }
  return out;
}

function table(title: string, header: string[], rows: (string | number)[][]): void {
  console.log(`\n${title}\n`);
  console.log(`| ${header.join(' | ')} |`);
  console.log(`|${header.map(() => '---').join('|')}|`);
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
}

const docs = [demo(), heldOut()];
const summary: [string, string][] = [];

// ------------------------------------------------------------------ clean translations
for (const doc of docs) {
  const findings = run(doc);
  const content = findings.filter((f) => f.check !== 'tri-grouping');
  const grouping = findings.filter((f) => f.check === 'tri-grouping');
  const groups = triangulationGroups({ segments: doc.segments, langs: ['en', 'ru'], slots: doc.slots }).length;
  table(`Clean translations: ${doc.name} (${doc.segments.length} segments, ${groups} groups)`, ['check', 'findings (all false positives)'],
    ['tri-numbers', 'tri-names', 'tri-sentence-type', 'tri-length'].map((c) => [c, content.filter((f) => f.check === c).length]));
  for (const f of content) console.log(`  false positive: ${f.check} ${f.message}`);
  console.log(`  grouping differences reported: ${grouping.length} (the gold alignments hold the same ones: see tests/db/services/triangulation.test.ts)`);
  summary.push([`false positives on clean ${doc.name} (${groups} groups)`, String(content.length)]);
}

// ------------------------------------------------------------------ planted errors
const byKind = new Map<string, { planted: number; caught: number; extra: number; total: number }>();
for (const doc of docs) {
  const clean = new Set(run(doc).map(id));
  for (const plant of plants(doc)) {
    const found = run(doc, plant.slots).filter((f) => !clean.has(id(f)));
    const hit = found.some((f) => f.check === plant.expect.check && f.suspect === plant.expect.suspect && f.first <= plant.expect.first && f.last >= plant.expect.first);
    const kind = `${plant.kind} · ${doc.name}`;
    const row = byKind.get(kind) ?? { planted: 0, caught: 0, extra: 0, total: 0 };
    row.planted += 1;
    row.caught += hit ? 1 : 0;
    // Every new finding that is not the planted one (a second finding of the same check on
    // the same group counts as the plant's).
    row.extra += found.filter((f) => !(f.check === plant.expect.check && f.first <= plant.expect.first && f.last >= plant.expect.first)).length;
    row.total += found.length;
    byKind.set(kind, row);
    if (process.argv.includes('--verbose') && !hit) console.log(`  missed: ${kind} in segment ${plant.expect.first + 1}`);
    if (process.argv.includes('--verbose')) for (const f of found.filter((x) => x.check !== plant.expect.check)) console.log(`  also (${kind}): ${f.check} ${f.message}`);
  }
}
const plantedRows = [...byKind].map(([kind, r]) => [kind, r.planted, r.caught, `${Math.round((100 * r.caught) / r.planted)}%`, r.extra]);
table('Planted errors (one at a time, in every group where each applies)', ['plant', 'planted', 'caught (right check and suspect)', 'recall', 'other new findings'], plantedRows);
console.log('\n  "Other new findings" are mostly right too: a translation cut to 40 % also loses names and numbers (--verbose lists them).');
const all = [...byKind.values()].reduce((a, r) => ({ planted: a.planted + r.planted, caught: a.caught + r.caught, extra: a.extra + r.extra, total: a.total + r.total }), { planted: 0, caught: 0, extra: 0, total: 0 });
summary.push(['planted errors caught', `${all.caught} of ${all.planted} (${Math.round((100 * all.caught) / all.planted)}%)`]);
summary.push(['new findings on planted documents that are the plant', `${all.total - all.extra} of ${all.total} (the others: see above)`]);

// ------------------------------------------------------------------ term suggestions
const stems = (text: string) => text.split(/[\s,«»]+/).filter(Boolean).map((w) => stemWord(w, 'ru')).join(' ');
for (const doc of docs) {
  const groups = triangulationGroups({ segments: doc.segments, langs: ['en', 'ru'], slots: doc.slots });
  const rows: (string | number)[][] = [];
  let right = 0;
  for (const term of doc.terms) {
    // As services/term-suggestions.ts gathers them.
    const evidence = groups.filter((g) => g.source.join('').includes(term.zh) && term.en.some((e) => containsTerm(g.sides[0].text, e, term.caseSensitive)));
    const background = groups.filter((g) => !g.source.join('').includes(term.zh)).map((g) => g.sides[1].text);
    const sourceQuoted = evidence.some((g) => g.source.join('').includes(`“${term.zh}”`));
    const best = termCandidates({ lang: 'ru', pivot: term.en, evidence: evidence.map((g) => g.sides[1].text), background, sourceQuoted })[0];
    const ok = best !== undefined && term.ru.map(stems).includes(stems(best.text));
    right += ok ? 1 : 0;
    rows.push([term.zh, term.ru[0] ?? '', best ? `${best.text} (${best.evidence}/${best.evidenceTotal})` : '—', ok ? 'yes' : 'no']);
  }
  table(`Term suggestions: ${doc.name}, each term's Russian removed in turn`, ['term', 'glossary Russian', 'top candidate (evidence)', 'right'], rows);
  summary.push([`term suggestions right at 1 (${doc.name})`, `${right} of ${doc.terms.length}`]);
}

// ------------------------------------------------------------------ time
const base = docs[0]!;
const reps = process.argv.includes('--quick') ? 36 : 180;
const big: TriangulationInput = { segments: [], langs: ['en', 'ru'], slots: { en: [], ru: [] }, lexicon: lex };
for (let r = 0; r < reps; r++) {
  const offset = big.segments.length;
  (big.segments as string[]).push(...base.segments.map((s) => s.replace(/。$/, `（第${r + 1}部分）。`)));
  for (const lang of ['en', 'ru']) for (const s of base.slots[lang]!) (big.slots[lang] as TriangulationSlot[]).push({ start: offset + s.start, span: s.span, text: s.text.replace(/\.$/, ` (${r + 1}).`) });
}
lex();
const started = performance.now();
const cpu = process.cpuUsage();
const findings = triangulate(big);
const used = process.cpuUsage(cpu);
const ms = performance.now() - started;
const cached = new Map<string, TriangulationFinding[]>();
triangulate({ ...big, cache: cached });
const again = performance.now();
triangulate({ ...big, cache: cached });
const againMs = performance.now() - again;
summary.push([`whole-document check, ${big.segments.length} segments`, `${(ms / 1000).toFixed(1)} s (${((used.user + used.system) / 1000 / big.segments.length).toFixed(2)} ms CPU a segment), ${findings.length} findings`]);
summary.push(['the same again from the group cache', `${(againMs / 1000).toFixed(2)} s`]);

table('Summary', ['measure', 'value'], summary);

import { parseCedict, type Lexicon } from '../align/lexicon.js';
import { cedictSource } from '../align/lexicon-data.js';
import type { QaSeverity } from '../qa/checks.js';
import {
  triangulate,
  type GroupingFix, type TriangulationCheckId, type TriangulationFinding, type TriangulationInput, type TriangulationLengthNorm,
} from '../qa/triangulation.js';
import type { Store } from '../store/index.js';
import { pairLengthNorm } from './qa-figures.js';

/** A triangulation finding on one slot, as the editor, the review and the QA page receive it. */
export interface TriangulationResult {
  check: TriangulationCheckId;
  severity: QaSeverity;
  message: string;
  /** The language likely wrong, or null when the Chinese does not tell (or nobody is wrong). */
  suspect: string | null;
  /** The group of Chinese segments both translations were compared on (numbers are 1-based). */
  group: { firstSegmentId: number; lastSegmentId: number; first: number; last: number };
  /**
   * For `tri-grouping`: each language's slots in the group (head segment id and span) and the
   * suggested fix — the grid's marker and its one-key "adopt this grouping" action read this.
   */
  grouping?: { slots: Record<string, { segmentId: number; span: number }[]>; fix: GroupingFix };
}

/**
 * The two languages triangulation compares in a document: its first English and first Russian
 * column (number, name and sentence checks know these two), or undefined.
 * @example triangulationPair(['en', 'ru', 'fr']) // → ['en', 'ru']
 */
export function triangulationPair(langs: readonly string[]): [string, string] | undefined {
  const first = (p: string) => langs.find((l) => (l.split('-')[0] ?? l) === p);
  const en = first('en');
  const ru = first('ru');
  return en && ru ? [en, ru] : undefined;
}

/**
 * CC-CEDICT's single-character readings, for the Chinese side of the name check: a tenth of the
 * whole dictionary's parse time (about 0.3 s once per process against 1.3 s), and enough, since
 * names are read character by character.
 */
let characterReadings: Lexicon | undefined;
function defaultNamesLexicon(): Lexicon {
  characterReadings ??= parseCedict(cedictSource(), (word) => word.length === 1);
  return characterReadings;
}

/**
 * Reads the name check's dictionary now, so the first review list after a start does not pay
 * for it (about a quarter of a second on a 20,000-segment document, bench:reads): `serve` calls
 * this before it listens.
 */
export function loadNamesLexicon(): void {
  defaultNamesLexicon();
}

interface Window { start: number; segmentIds: number[]; input: TriangulationInput }

export interface TriangulationReaderOptions { store: Store; lexicon?: () => Lexicon }

/** Reads documents or windows of them from the store and runs the pure triangulation checks. */
export function createTriangulationReader({ store, lexicon = defaultNamesLexicon }: TriangulationReaderOptions) {
  // Findings by group content: the review asks for each language in turn and the QA page for
  // all, over a document that mostly did not change in between. Bounded; cleared when full.
  const cache = new Map<string, TriangulationFinding[]>();
  const CACHE_GROUPS = 50_000;
  const cached = () => {
    if (cache.size > CACHE_GROUPS) cache.clear();
    return cache;
  };

  /** Segments [start, end] and the heads of both languages on them (the range must cut no slot). */
  function readWindow(documentId: number, pair: [string, string], start: number, end: number): Window {
    const region = store.regions.readRegion(documentId, start, end, pair);
    const slots = Object.fromEntries(pair.map((lang) => [lang, (region.slots[lang] ?? []).map((h) => ({ start: start + h.start, span: h.span, text: h.text }))]));
    return {
      start,
      segmentIds: region.segments.map((s) => s.id ?? 0),
      input: { segments: region.segments.map((s) => s.text), firstPosition: start, langs: pair, slots, lexicon },
    };
  }

  function toResult(f: TriangulationFinding, window: Window): TriangulationResult {
    const id = (position: number) => window.segmentIds[position - window.start] ?? 0;
    const result: TriangulationResult = {
      check: f.check, severity: f.severity, message: f.message, suspect: f.suspect,
      group: { firstSegmentId: id(f.first), lastSegmentId: id(f.last), first: f.first + 1, last: f.last + 1 },
    };
    if (f.grouping) {
      result.grouping = {
        slots: Object.fromEntries(Object.entries(f.grouping.slots).map(([lang, spans]) => [lang, spans.map(([s, e]) => ({ segmentId: id(s), span: e - s + 1 }))])),
        fix: f.grouping.fix,
      };
    }
    return result;
  }

  /** Results per slot: `lang:start position` → its results. */
  function bySlot(findings: readonly TriangulationFinding[], window: Window): Map<string, TriangulationResult[]> {
    const out = new Map<string, TriangulationResult[]>();
    for (const f of findings) {
      const result = toResult(f, window);
      for (const slot of f.slots) {
        const key = `${slot.lang}:${slot.start}`;
        out.set(key, [...(out.get(key) ?? []), result]);
      }
    }
    return out;
  }

  // The length norm needs the whole document's figures; the editor checks one slot at each focus
  // move and after each save. Keep the norm until the document changes (updated_at moves on every write).
  const norms = new Map<number, { updatedAt: string; norm: TriangulationLengthNorm | null }>();
  function normOf(documentId: number, pair: [string, string], updatedAt: string): TriangulationLengthNorm | null {
    const cached = norms.get(documentId);
    if (cached && cached.updatedAt === updatedAt) return cached.norm;
    // From the figures kept beside the texts, not the texts (issue #12; qa-figures.ts).
    const norm = pairLengthNorm(store, documentId, pair);
    norms.set(documentId, { updatedAt, norm });
    return norm;
  }

  return {
    /** Every triangulation result of a document, keyed by `lang:position` of the slot it is shown on. */
    forDocument(documentId: number, langs: readonly string[]): Map<string, TriangulationResult[]> {
      const pair = triangulationPair(langs);
      const count = store.regions.segmentCount(documentId);
      if (!pair || count === 0) return new Map();
      const window = readWindow(documentId, pair, 0, count - 1);
      return bySlot(triangulate({ ...window.input, cache: cached() }), window);
    },
    /**
     * The triangulation results of one slot (head at `position` spanning `span`), reading only its
     * group: the segments no slot of either language crosses around it.
     */
    forSlot(document: { id: number; langs: readonly string[]; updatedAt: string }, lang: string, position: number, span: number): TriangulationResult[] {
      const pair = triangulationPair(document.langs);
      if (!pair || !pair.includes(lang)) return [];
      const range = store.regions.expandToSlots(document.id, pair, position, position + span - 1);
      const window = readWindow(document.id, pair, range.start, range.end);
      const findings = triangulate({ ...window.input, lengthNorm: normOf(document.id, pair, document.updatedAt), cache: cached() });
      return bySlot(findings, window).get(`${lang}:${position}`) ?? [];
    },
  };
}

export type TriangulationReader = ReturnType<typeof createTriangulationReader>;

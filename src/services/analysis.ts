/**
 * Counts and TM match analysis of a document (issue #13), as a translator quotes and plans
 * a job: words and characters per column (Chinese by characters, text/counts.ts), and for
 * each target language how the Chinese segments match the translation memory, in the bands
 * CAT tools report (Trados "Analyze Files", memoQ "Statistics"): repetitions first (a
 * segment whose Chinese came earlier in the document is translated once), then the best
 * TM match's band.
 */
import { languageName } from '../domain.js';
import { csvField } from '../formats/tsv.js';
import { countText, type TextCount } from '../text/counts.js';
import { normalizeForMatch } from '../text/grams.js';
import { requireDocument, type ServiceDeps } from './context.js';
import { createMatchScorer } from './tm.js';

export interface ColumnCount extends TextCount {
  lang: string;
  name: string;
  /** Segments (Chinese) or slots with text (translations). */
  units: number;
}

export const ANALYSIS_BANDS = ['repetition', '100', '95-99', '85-94', '75-84', '50-74', 'none'] as const;
export type AnalysisBand = (typeof ANALYSIS_BANDS)[number];
export const BAND_LABELS: Record<AnalysisBand, string> = {
  repetition: 'Repetitions', 100: '100 %', '95-99': '95–99 %', '85-94': '85–94 %', '75-84': '75–84 %', '50-74': '50–74 %', none: 'No match',
};

export interface BandRow extends TextCount { band: AnalysisBand; label: string; segments: number }
export interface LanguageAnalysis { lang: string; name: string; rows: BandRow[]; total: BandRow }
export interface DocumentAnalysis { documentId: number; title: string; counts: ColumnCount[]; analysis: LanguageAnalysis[] }

/**
 * Words, characters and units of the Chinese and of each translation column: sums over the
 * figures kept beside every text (store/figures.ts), so counting a 20,000-segment document
 * reads no text (issue #12: counting the texts took 0.6-1.9 s of the event loop).
 */
export function countDocument(deps: ServiceDeps, documentId: number): ColumnCount[] {
  const document = requireDocument(deps.store, documentId);
  const { source, slots } = deps.store.figures.documentTotals(documentId);
  const none = { units: 0, words: 0, characters: 0 };
  return [
    { lang: 'zh', name: languageName('zh'), ...source },
    ...document.langs.map((lang) => ({ lang, name: languageName(lang), ...(slots.get(lang) ?? none) })),
  ];
}

function bandOf(percent: number): AnalysisBand {
  return percent >= 100 ? '100' : percent >= 95 ? '95-99' : percent >= 85 ? '85-94' : percent >= 75 ? '75-84' : percent >= 50 ? '50-74' : 'none';
}

/**
 * The best TM match of one Chinese segment in `lang`, leaving out the unit the segment's own
 * approved slot made (it would match itself at 100 %).
 */
function bestPercent(deps: ServiceDeps, source: string, lang: string, segmentId: number): number {
  const score = createMatchScorer(source, 50);
  const scored = deps.store.tm.listFuzzyCandidates(source, lang)
    .map((c) => ({ id: c.id, percent: score(c.sourceText) }))
    .filter((c) => c.percent >= 50)
    .sort((a, b) => b.percent - a.percent || b.id - a.id);
  if (scored.length === 0) return 0;
  // A segment's own unit is one unit per language: the best two always hold a foreign one, if any.
  const top = deps.store.tm.listTmCandidates(scored.slice(0, 2).map((c) => c.id));
  const own = new Set(top.filter((u) => u.segmentId === segmentId && u.targetLang === lang).map((u) => u.id));
  return scored.find((c) => !own.has(c.id))?.percent ?? 0;
}

/** Counts, and per target language the segments, words and characters of the Chinese in each band. */
export function analyseDocument(deps: ServiceDeps, documentId: number): DocumentAnalysis {
  const document = requireDocument(deps.store, documentId);
  const segments = deps.store.segments.listSegments(documentId);
  const seen = new Set<string>();
  const repeated = segments.map((s) => {
    const key = normalizeForMatch(s.text);
    const again = seen.has(key);
    seen.add(key);
    return again;
  });
  const analysis = document.langs.map((lang): LanguageAnalysis => {
    const rows = new Map(ANALYSIS_BANDS.map((band) => [band, { band, label: BAND_LABELS[band], segments: 0, words: 0, characters: 0 } as BandRow]));
    segments.forEach((segment, i) => {
      const band = repeated[i] ? 'repetition' : bandOf(bestPercent(deps, segment.text, lang, segment.id));
      const row = rows.get(band)!;
      const count = countText(segment.text, 'zh');
      row.segments += 1;
      row.words += count.words;
      row.characters += count.characters;
    });
    const list = [...rows.values()];
    const total: BandRow = {
      band: 'none', label: 'Total', segments: segments.length,
      words: list.reduce((sum, r) => sum + r.words, 0), characters: list.reduce((sum, r) => sum + r.characters, 0),
    };
    return { lang, name: languageName(lang), rows: list, total };
  });
  return { documentId, title: document.title, counts: countDocument(deps, documentId), analysis };
}

/** The analysis as CSV (UTF-8 with BOM for spreadsheets): one line per language and band. */
export function analysisCsv(result: DocumentAnalysis): string {
  // Titles are user text: csvField quotes them and guards against spreadsheet formulas.
  const quote = (value: string | number) => (typeof value === 'number' ? String(value) : csvField(value));
  const lines = [['Document', 'Language', 'Band', 'Segments', 'Words', 'Characters'].map(quote).join(',')];
  for (const language of result.analysis) {
    for (const row of [...language.rows, language.total]) {
      lines.push([result.title, language.name, row.label, row.segments, row.words, row.characters].map(quote).join(','));
    }
  }
  lines.push('');
  lines.push(['Document', 'Column', 'Units', 'Words', 'Characters'].map(quote).join(','));
  for (const column of result.counts) lines.push([result.title, column.name, column.units, column.words, column.characters].map(quote).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

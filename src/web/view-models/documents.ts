import { DONE_STATUSES, SLOT_STATUS_LABELS, SLOT_STATUSES, languageName, type SlotStatus } from '../../domain.js';
import type { DocumentSummary } from '../../store/documents.js';
import type { DocumentGrid, DocumentPage } from '../../services/documents.js';

export interface LanguageProgress { lang: string; name: string; done: number; total: number; percent: number; label: string }

export interface DocumentListItem {
  id: number;
  title: string;
  segmentCount: number;
  updatedAt: string;
  updatedAtLabel: string;
  progress: LanguageProgress[];
}

/** 2026-11-24T03:51:11.000Z → "2026-11-24 03:51 UTC": unambiguous for a team in several time zones. */
export function formatTime(iso: string): string {
  return iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : '';
}

export function languageProgress(summary: Pick<DocumentSummary, 'langs' | 'progress' | 'segmentCount'>): LanguageProgress[] {
  return summary.langs.map((lang) => {
    const counts = summary.progress[lang] ?? {};
    const done = DONE_STATUSES.reduce((sum, status) => sum + (counts[status] ?? 0), 0);
    const total = summary.segmentCount;
    const percent = total === 0 ? 0 : Math.round((done / total) * 100);
    return { lang, name: languageName(lang), done, total, percent, label: `${done} of ${total} segments translated or approved` };
  });
}

export function documentListItem(summary: DocumentSummary): DocumentListItem {
  return {
    id: summary.id,
    title: summary.title,
    segmentCount: summary.segmentCount,
    updatedAt: summary.updatedAt,
    updatedAtLabel: formatTime(summary.updatedAt),
    progress: languageProgress(summary),
  };
}

export interface GridCell {
  lang: string;
  text: string;
  status: SlotStatus;
  statusLabel: string;
  rowspan: number;
  confidence: number | null;
  confidenceLabel: string;
  reasons: string[];
}

export interface GridRow {
  position: number;
  number: number;
  paragraph: number;
  startsParagraph: boolean;
  source: string;
  /** One cell per language whose slot starts here; a continuation has none (the head's rowspan covers it). */
  cells: GridCell[];
}

export interface DocumentView {
  id: number;
  title: string;
  segmentCount: number;
  paragraphCount: number;
  langs: { lang: string; name: string }[];
  progress: LanguageProgress[];
  statusCounts: { lang: string; counts: { status: SlotStatus; label: string; count: number }[] }[];
  rows: GridRow[];
  /** Present when the grid is paged: the rows above are one page of it. */
  pages?: { current: number; count: number; first: number; last: number; previousHref: string | null; nextHref: string | null } | undefined;
}

/** Segments a page, in the document view and the editor alike. */
export const PAGE_SIZE = 100;

/** Where the document page (?page=N, or ?from=OFFSET after a page cut short) starts reading. */
export function documentPageRange(query: { page: number; from?: number | undefined }, total: number, size: number): { page: number; offset: number; limit: number } {
  const count = Math.max(1, Math.ceil(total / size));
  if (query.from !== undefined && query.from < total) {
    const page = Math.floor(query.from / size) + 1;
    return { page, offset: query.from, limit: Math.max(1, page * size - query.from) };
  }
  // A page past the end shows the last page.
  const page = Math.min(query.page, count);
  return { page, offset: (page - 1) * size, limit: size };
}

/**
 * The pager of one page of a document (`view` built from services/documents.ts
 * getDocumentPage), or undefined when the document fits on one page. The page is read like
 * the editor's: from its first segment, widened so no merged cell is cut (so page 2 may
 * start one row early). A page cut short by the character budget goes on with ?from=.
 */
export function documentPager(view: DocumentView, page: { page: number; offset: number; limit: number }, size: number): DocumentView['pages'] {
  const total = view.segmentCount;
  if (total <= size) return undefined;
  const count = Math.ceil(total / size);
  const end = (view.rows.at(-1)?.position ?? page.offset) + 1;
  const previous = page.page > 1 ? page.page - 1 : null;
  const next = end < Math.min(total, page.page * size) ? `?from=${end}` : page.page < count ? `?page=${page.page + 1}` : null;
  return {
    current: page.page, count, first: view.rows[0]?.number ?? 1, last: view.rows.at(-1)?.number ?? 1,
    previousHref: previous === null ? null : `?page=${previous}`, nextHref: next,
  };
}

/**
 * The view of a grid. With `whole`, the grid is one page of a document (services/documents.ts
 * getDocumentPage): counts and progress are the whole document's.
 */
export function documentView(grid: DocumentGrid, whole?: Omit<DocumentPage, 'grid' | 'offset'>): DocumentView {
  const { document, segments } = grid;
  const rows: GridRow[] = segments.map((segment, index) => ({
    position: segment.position,
    number: segment.position + 1,
    paragraph: segment.paragraph,
    startsParagraph: index === 0 ? whole?.previousParagraph == null || whole.previousParagraph !== segment.paragraph : segments[index - 1]?.paragraph !== segment.paragraph,
    source: segment.text,
    cells: [],
  }));
  const statusCounts: DocumentView['statusCounts'] = [];
  const segmentCount = whole?.total ?? segments.length;
  const progressInput = { langs: document.langs, segmentCount, progress: {} as Record<string, Record<string, number>> };
  for (const lang of document.langs) {
    const counts: Record<string, number> = {};
    (grid.slots[lang] ?? []).forEach((slot, index) => {
      if (slot.kind !== 'head') return;
      counts[slot.status] = (counts[slot.status] ?? 0) + slot.span;
      rows[index]?.cells.push({
        lang,
        text: slot.text,
        status: slot.status,
        statusLabel: SLOT_STATUS_LABELS[slot.status],
        rowspan: slot.span,
        confidence: slot.confidence,
        confidenceLabel: slot.confidence === null ? '' : slot.confidence.toFixed(2),
        reasons: slot.reasons,
      });
    });
    const wholeCounts = whole ? whole.statusCounts[lang] ?? {} : counts;
    progressInput.progress[lang] = wholeCounts;
    statusCounts.push({
      lang,
      counts: SLOT_STATUSES.filter((s) => (wholeCounts[s] ?? 0) > 0).map((s) => ({ status: s, label: SLOT_STATUS_LABELS[s], count: wholeCounts[s] ?? 0 })),
    });
  }
  return {
    id: document.id,
    title: document.title,
    segmentCount,
    paragraphCount: whole?.paragraphCount ?? new Set(segments.map((s) => s.paragraph)).size,
    langs: document.langs.map((lang) => ({ lang, name: languageName(lang) })),
    progress: languageProgress(progressInput),
    statusCounts,
    rows,
  };
}

/**
 * The editor's text and status filters (issue #13): only the segments whose Chinese or
 * translation holds a text, or whose slot in a language has one of some statuses, each
 * shown with every slot on it (the group no slot crosses), in document order.
 */
import type { SlotStatus } from '../domain.js';
import { documentLangs, regionRows, requireLang, withCommentCounts, type RowsPage, type RowView } from './slots.js';
import type { ServiceDeps } from './context.js';
import { ValidationError } from './errors.js';

export interface RowFilter {
  /** Shown when the Chinese or the translation (in `lang`, else in any language) holds it, case and width folded. */
  text?: string;
  /** The language the statuses (and the text, if given) are looked for in. */
  lang?: string;
  /** Shown when the slot of `lang` covering the segment has one of these. */
  statuses?: readonly SlotStatus[];
}

export interface FilteredRowsQuery { offset: number; limit: number; filter: RowFilter }

/** NFKC and lower case, so `sco` finds `ＳＣＯ` and `Xi` finds `XI`. */
const fold = (text: string) => text.normalize('NFKC').toLowerCase();

/**
 * A page of the segments the filter keeps (`total` counts them all), each widened to the
 * slots on it so no slot is cut. Pages go by kept segments, as the low-confidence filter's do.
 */
export function listFilteredRows(deps: ServiceDeps, documentId: number, query: FilteredRowsQuery): RowsPage {
  const { store } = deps;
  const langs = documentLangs(store, documentId);
  const { filter } = query;
  const text = filter.text ? fold(filter.text.trim()) : '';
  const statuses = filter.statuses && filter.statuses.length > 0 ? new Set(filter.statuses) : null;
  if (filter.lang) requireLang(langs, filter.lang);
  if (statuses && !filter.lang) throw new ValidationError('Choose the language whose statuses to filter by.', { details: { field: 'lang' } });
  const segments = store.segments.listSegments(documentId);
  const searched = filter.lang ? [filter.lang] : langs;
  // The head covering each segment, per language: its status and (folded) text.
  const cover = Object.fromEntries(searched.map((lang) => {
    const heads: { status: SlotStatus; text: string }[] = [];
    let current: { status: SlotStatus; text: string } = { status: 'empty', text: '' };
    for (const slot of store.slots.listSlots(documentId, lang)) {
      if (slot.kind === 'head') current = { status: slot.status, text: text ? fold(slot.text) : '' };
      heads.push(current);
    }
    return [lang, heads];
  }));
  const kept: number[] = [];
  segments.forEach((segment, position) => {
    if (statuses && !statuses.has(cover[filter.lang!]![position]?.status ?? 'empty')) return;
    if (text && !fold(segment.text).includes(text) && !searched.some((lang) => cover[lang]![position]?.text.includes(text))) return;
    kept.push(position);
  });
  const rows = new Map<number, RowView>();
  for (const position of kept.slice(query.offset, query.offset + query.limit)) {
    const extent = store.regions.expandToSlots(documentId, langs, position, position);
    for (const row of regionRows(store.regions.readRegion(documentId, extent.start, extent.end, langs), langs)) rows.set(row.segmentId, row);
  }
  return withCommentCounts(store, documentId, { total: kept.length, rows: [...rows.values()].sort((a, b) => a.position - b.position), offset: query.offset });
}

import { describe, expect, it } from 'vitest';
import { documentPager, documentPageRange, type DocumentView, type GridRow } from '../../src/web/view-models/documents.js';

function view(spans: number[]): DocumentView {
  const rows: GridRow[] = [];
  let position = 0;
  for (const span of spans) {
    for (let i = 0; i < span; i++) {
      rows.push({
        position, number: position + 1, paragraph: 0, startsParagraph: position === 0, source: `s${position}`,
        cells: i === 0 ? [{ lang: 'en', text: 't', status: 'draft', statusLabel: 'Draft', rowspan: span, confidence: null, confidenceLabel: '', reasons: [] }] : [],
      });
      position += 1;
    }
  }
  return { id: 1, title: 't', segmentCount: rows.length, paragraphCount: 1, langs: [], progress: [], statusCounts: [], rows };
}

describe('documentPageRange and documentPager', () => {
  /** The rows a page read (positions from `from`), as getDocumentPage gives them. */
  const slice = (v: DocumentView, from: number, to: number): DocumentView => ({ ...v, rows: v.rows.slice(from, to) });

  it('leaves a short document unpaged', () => {
    const v = view([1, 1, 1]);
    expect(documentPageRange({ page: 1 }, 3, 5)).toEqual({ page: 1, offset: 0, limit: 5 });
    expect(documentPager(v, { page: 1, offset: 0, limit: 5 }, 5)).toBeUndefined();
  });

  it('starts page N at segment (N-1)·size, and shows the last page for one past the end', () => {
    expect(documentPageRange({ page: 2 }, 8, 3)).toEqual({ page: 2, offset: 3, limit: 3 });
    expect(documentPageRange({ page: 9 }, 8, 3)).toEqual({ page: 3, offset: 6, limit: 3 });
    expect(documentPageRange({ page: 1, from: 5 }, 8, 3)).toEqual({ page: 2, offset: 5, limit: 1 });
    expect(documentPageRange({ page: 1, from: 99 }, 8, 3)).toEqual({ page: 1, offset: 0, limit: 3 });
  });

  it('links the pages, a page widened for a merged cell included', () => {
    const v = view([1, 1, 3, 1, 1, 1]);
    // Page 1 (segments 1-3) is widened to 5 so the merged cell 3-5 is whole.
    expect(documentPager(slice(v, 0, 5), { page: 1, offset: 0, limit: 3 }, 3))
      .toEqual({ current: 1, count: 3, first: 1, last: 5, previousHref: null, nextHref: '?page=2' });
    expect(documentPager(slice(v, 6, 8), { page: 3, offset: 6, limit: 3 }, 3))
      .toEqual({ current: 3, count: 3, first: 7, last: 8, previousHref: '?page=2', nextHref: null });
  });

  it('goes on where a page cut short by long texts stopped', () => {
    const v = view([1, 1, 1, 1, 1, 1]);
    expect(documentPager(slice(v, 0, 2), { page: 1, offset: 0, limit: 3 }, 3)).toMatchObject({ last: 2, nextHref: '?from=2' });
    expect(documentPager(slice(v, 2, 3), { page: 1, offset: 2, limit: 1 }, 3)).toMatchObject({ first: 3, last: 3, nextHref: '?page=2' });
  });
});

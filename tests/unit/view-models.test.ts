import { describe, expect, it } from 'vitest';
import { pageOfView, type DocumentView, type GridRow } from '../../src/web/view-models/documents.js';

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

describe('pageOfView', () => {
  it('leaves a short document whole', () => {
    expect(pageOfView(view([1, 1, 1]), 1, 5).pages).toBeUndefined();
  });

  it('pages by size without cutting a merged cell', () => {
    const v = view([1, 1, 3, 1, 1, 1]);
    expect(pageOfView(v, 1, 3).rows.map((r) => r.number)).toEqual([1, 2, 3, 4, 5]);
    expect(pageOfView(v, 2, 3)).toMatchObject({ pages: { current: 2, count: 2, first: 6, last: 8 } });
    expect(pageOfView(v, 9, 3).pages?.current).toBe(2);
  });
});

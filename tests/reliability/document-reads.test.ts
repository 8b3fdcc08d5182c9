/**
 * Issue #12: the HTML document page, the editor page's boot and the review list read the whole
 * document for every view: on 20,000 segments in two languages the document page stalled the
 * server 4 s and grew it by 87 MB to show 100 rows, the review list 20-27 s (bench:reads).
 * Each now reads a page. Bounds are on bytes and on what is read, never on time; /healthz is
 * watched with the generous bound of the heavy-import tests. The document page's counts and the
 * review list's QA length norms are whole-document figures: they are read from the figures kept
 * beside the texts in SQL, never from the texts, also right after an edit (store/figures.ts).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { HEALTH_BOUND_MS, watchHealth } from '../helpers/health-watch.js';
import { startTestApp, type Login, type TestApp } from '../helpers/test-app.js';

const SEGMENTS = 20_000;
let app: TestApp;
let reviewer: Login;
let documentId: number;

beforeAll(async () => {
  app = await startTestApp({ writeLimit: { perSecond: 1000, burst: 1000 }, readLimit: { perSecond: 1000, burst: 1000 } });
  reviewer = await app.login(['translator', 'reviewer']);
  const { store } = app;
  const at = '2026-12-01T00:00:00.000Z';
  documentId = store.transaction(() => {
    const id = store.documents.insertDocument({ title: '两万句', sourceLang: 'zh-CN', createdBy: null, langs: ['en', 'ru'], now: at });
    const ids = store.segments.insertSegments(id, Array.from({ length: SEGMENTS }, (_, i) => ({ paragraph: Math.floor(i / 5), text: `第${i + 1}句：两国元首深入交换意见。` })));
    ids.forEach((segmentId, i) => {
      const status = i % 3 === 0 ? 'approved' : 'translated';
      store.slots.insertHead({ segmentId, lang: 'en', text: `Sentence ${i + 1}: the heads of state exchanged views.`, status, span: 1, updatedBy: null, now: at });
      store.slots.insertHead({ segmentId, lang: 'ru', text: `Предложение ${i + 1}: главы государств обменялись мнениями.`, status, span: 1, updatedBy: null, now: at });
    });
    return id;
  });
}, 120_000);
afterAll(() => app.close());

async function read(path: string): Promise<{ status: number; text: string; bytes: number }> {
  const res = await app.request(path, { as: reviewer, headers: { accept: 'text/html,application/json' } });
  const text = await res.text();
  return { status: res.status, text, bytes: Buffer.byteLength(text) };
}

/** Counts the reads of a whole document's segments or of a whole language's slots while `work` runs. */
async function wholeReads(work: () => Promise<void>): Promise<number> {
  const segments = vi.spyOn(app.store.segments, 'listSegments');
  const slots = vi.spyOn(app.store.slots, 'listSlots');
  const all = vi.spyOn(app.store.slots, 'listAllSlots');
  try {
    await work();
    return segments.mock.calls.length + slots.mock.calls.length + all.mock.calls.length;
  } finally {
    segments.mockRestore();
    slots.mockRestore();
    all.mockRestore();
  }
}

/**
 * Segment positions read through the range reads (segments, slots, regions) while `work` runs:
 * a page's worth for a page, never the document a window at a time.
 */
async function positionsRead(work: () => Promise<void>): Promise<number> {
  const spies = [
    vi.spyOn(app.store.segments, 'listSegmentsInRange'),
    vi.spyOn(app.store.slots, 'listSlotsInRange'),
  ];
  const region = vi.spyOn(app.store.regions, 'readRegion');
  try {
    await work();
    const ranges = [...spies.flatMap((spy) => spy.mock.calls.map((c) => [c[c.length - 2] as number, c[c.length - 1] as number])), ...region.mock.calls.map((c) => [c[1], c[2]])];
    return ranges.reduce((sum, [from, to]) => sum + Math.max(0, to! - from! + 1), 0);
  } finally {
    for (const spy of spies) spy.mockRestore();
    region.mockRestore();
  }
}

/** Saves the English slot of segment `position` (1-based 11 by default), as a translator would. */
async function editOne(position = 10): Promise<void> {
  const segmentId = app.store.segments.listSegmentsInRange(documentId, position, position)[0]!.id;
  const head = app.store.slots.findSlot(segmentId, 'en');
  if (head?.kind !== 'head') throw new Error('no English head');
  const res = await app.request(`/api/documents/${documentId}/slots/${segmentId}/en`, {
    method: 'PUT', as: reviewer, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: `${head.text} Edited.`, version: head.version }),
  });
  expect(res.status).toBe(200);
}

// A page of 100 rows reads 100 positions of segments and of each language's slots; the per-slot
// checks of the review list's 50 slots read their own and their groups'.
const PAGE_POSITIONS = 1_000;

describe('pages of a 20,000-segment document read a page, not the document', () => {
  it('shows the document page by pages of 100 rows, in a small reply, with the whole document\'s counts', async () => {
    const health = watchHealth(app.baseUrl);
    let first = { status: 0, text: '', bytes: 0 };
    let last = { status: 0, text: '', bytes: 0 };
    expect(await wholeReads(async () => {
      first = await read(`/documents/${documentId}`);
      last = await read(`/documents/${documentId}?page=200`);
    })).toBe(0);
    expect(await health.stop()).toBeLessThan(HEALTH_BOUND_MS);
    expect(first.status).toBe(200);
    expect(first.text).toContain('Segments 1–100 of 20000 (page 1 of 200)');
    expect(first.text).toContain('第100句');
    expect(first.text).not.toContain('第101句');
    expect(last.text).toContain('Segments 19901–20000 of 20000 (page 200 of 200)');
    // About 90 KB each (the whole grid was never sent, but it was built: 4 s and 87 MB).
    expect(first.bytes).toBeLessThan(400_000);
    expect(last.bytes).toBeLessThan(400_000);
    // The counts card is the whole document's, summed in SQL.
    const counts = app.services.analysis.count(documentId);
    expect(counts.map((c) => c.units)).toEqual([SEGMENTS, SEGMENTS, SEGMENTS]);
    expect(first.text).toContain(counts[1]!.words.toLocaleString('en'));
  }, 120_000);

  it('counts the whole document for the document page without reading its texts, also right after an edit', async () => {
    await read(`/documents/${documentId}`);
    await editOne();
    let page = { status: 0, text: '', bytes: 0 };
    const health = watchHealth(app.baseUrl);
    const positions = await positionsRead(async () => {
      expect(await wholeReads(async () => { page = await read(`/documents/${documentId}`); })).toBe(0);
    });
    expect(await health.stop()).toBeLessThan(HEALTH_BOUND_MS);
    expect(page.status).toBe(200);
    // Counting the texts a window at a time read all 20,000 positions of each column.
    expect(positions).toBeLessThan(PAGE_POSITIONS);
    const english = app.services.analysis.count(documentId).find((c) => c.lang === 'en')!;
    expect(page.text).toContain(english.words.toLocaleString('en'));
  }, 120_000);

  it('boots the editor and the review page without reading the document', async () => {
    let editor = { status: 0, text: '', bytes: 0 };
    let review = { status: 0, text: '', bytes: 0 };
    expect(await wholeReads(async () => {
      editor = await read(`/documents/${documentId}/edit`);
      review = await read(`/documents/${documentId}/review/en`);
    })).toBe(0);
    expect(editor.status).toBe(200);
    expect(editor.text).toContain('&#34;segmentCount&#34;:20000');
    expect(review.status).toBe(200);
    expect(editor.bytes).toBeLessThan(100_000);
    expect(review.bytes).toBeLessThan(100_000);
  }, 120_000);

  it('answers the review list a page at a time, checking only the page\'s slots, also right after an edit', async () => {
    const qa = vi.spyOn(app.services.qa, 'listDocument');
    try {
      await read(`/api/documents/${documentId}/review/en`);
      await editOne();
      let res = { status: 0, text: '', bytes: 0 };
      let first = { status: 0, text: '', bytes: 0 };
      const health = watchHealth(app.baseUrl);
      // The slots' checks compare each with the language's usual length ratio, a median over
      // every slot: from figures in SQL now, not from every text again after each change.
      const positions = await positionsRead(async () => {
        expect(await wholeReads(async () => {
          first = await read(`/api/documents/${documentId}/review/en`);
          await editOne(20);
          res = await read(`/api/documents/${documentId}/review/en?filter=needs-review&offset=10000`);
        })).toBe(0);
      });
      expect(await health.stop()).toBeLessThan(HEALTH_BOUND_MS);
      expect(positions).toBeLessThan(2 * PAGE_POSITIONS);
      expect(first.status).toBe(200);
      expect((JSON.parse(first.text) as { items: unknown[] }).items).toHaveLength(50);
      expect(res.status).toBe(200);
      const body = JSON.parse(res.text) as { total: number; items: { position: number; source: string }[]; counts: Record<string, number> };
      // The edits made two translated slots drafts: they wait for their translator, not review.
      expect(body.total).toBe(SEGMENTS - Math.ceil(SEGMENTS / 3) - 2);
      expect(body.counts).toMatchObject({ approved: Math.ceil(SEGMENTS / 3), draft: 2, translated: body.total });
      expect(body.items).toHaveLength(50);
      expect(body.items[0]!.source).toBe(`第${body.items[0]!.position + 1}句：两国元首深入交换意见。`);
      expect(res.bytes).toBeLessThan(200_000);
      // Only the QA filters check every slot of the language.
      expect(qa).not.toHaveBeenCalled();
    } finally {
      qa.mockRestore();
    }
  }, 120_000);
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRIANGULATION_CHECK_IDS } from '../../../src/qa/triangulation.js';
import { loadDemo, readDemoContent } from '../../../src/services/demo.js';
import type { Services } from '../../../src/services/index.js';
import type { TriangulationResult } from '../../../src/services/qa.js';
import { makeUser, testServices } from '../../helpers/factories.js';
import { tempDb } from '../../helpers/temp-db.js';

const isTriangulation = (r: { check: string }): r is TriangulationResult => (TRIANGULATION_CHECK_IDS as readonly string[]).includes(r.check);

/**
 * The groups on which the demo's English and Russian gold alignments cut the Chinese
 * differently, from the gold beads alone: every bead over several segments that the other
 * language has no bead for. (The two translators share no merge, so each is a group.)
 */
function goldDisagreements(): string[] {
  const merged = (lang: string) => new Set(readDemoContent().translations.find((t) => t.lang === lang)!.beads
    .filter((b) => b.source.length > 1).map((b) => `${b.source[0]}-${b.source[b.source.length - 1]}`));
  const en = merged('en');
  const ru = merged('ru');
  return [...en, ...ru].filter((c) => !(en.has(c) && ru.has(c))).sort((x, y) => Number(x.split('-')[0]) - Number(y.split('-')[0]));
}

let temp: ReturnType<typeof tempDb>;
let services: Services;
let documentId: number;

beforeAll(async () => {
  temp = tempDb();
  services = testServices(temp.store);
  const demo = await loadDemo({ store: temp.store, ...services }, readDemoContent());
  documentId = demo!.documentId;
});
afterAll(() => temp.cleanup());

const segmentIdAt = (position: number) => temp.store.segments.listSegments(documentId)[position]!.id;
const headVersion = (position: number, lang: string) => {
  const slot = temp.store.slots.findSlot(segmentIdAt(position), lang);
  return slot?.kind === 'head' ? slot.version : 0;
};

describe('triangulation QA on the demo as services/demo.ts loads it', () => {
  it('finds no number, name, sentence-type or length problem in the professional translations', () => {
    const found = services.qa.listDocument(documentId).flatMap((s) => s.results.filter(isTriangulation).map((r) => `${s.lang} ${s.number} ${r.check}: ${r.message}`));
    expect(found.filter((f) => !f.includes('tri-grouping'))).toEqual([]);
  });

  it('reports exactly the grouping disagreements the gold alignments hold, on both columns', () => {
    const groups = new Set<string>();
    for (const slot of services.qa.listDocument(documentId)) {
      for (const r of slot.results.filter(isTriangulation)) {
        if (r.check === 'tri-grouping') groups.add(`${r.group.first - 1}-${r.group.last - 1}`);
      }
    }
    const expected = goldDisagreements();
    expect(expected).toHaveLength(7);
    expect([...groups].sort((x, y) => Number(x.split('-')[0]) - Number(y.split('-')[0]))).toEqual(expected);
    // English merged 8–9 (0-based), Russian did not: the marker is on both columns.
    const en = services.qa.checkSlot(documentId, segmentIdAt(8), 'en').filter(isTriangulation);
    const ru = services.qa.checkSlot(documentId, segmentIdAt(9), 'ru').filter(isTriangulation);
    expect(en.map((r) => r.check)).toEqual(['tri-grouping']);
    expect(ru.map((r) => r.check)).toEqual(['tri-grouping']);
    expect(en[0]!.grouping).toEqual({
      slots: { en: [{ segmentId: segmentIdAt(8), span: 2 }], ru: [{ segmentId: segmentIdAt(8), span: 1 }, { segmentId: segmentIdAt(9), span: 1 }] },
      fix: { kind: 'adopt', adopt: 'en', change: 'ru', merges: 1, splits: 0 },
    });
    expect(en[0]!.message).toBe('The English and the Russian group segments 9–10 differently: the English has one slot (9–10), the Russian 2 slots (9, 10). Merging the Russian slots as the English has them aligns the two.');
  });
});

describe('planted errors in the demo', () => {
  it('catches a number missing from the Russian and says the Russian is likely wrong', async () => {
    const { user: translator } = await makeUser(services, { roles: ['translator'] });
    const position = 5;
    const head = temp.store.slots.findSlot(segmentIdAt(position), 'ru');
    if (head?.kind !== 'head') throw new Error('segment 6 has a Russian head in the demo');
    expect(head.text).toContain('в 1992 году');
    services.slots.editSlot({ documentId, segmentId: segmentIdAt(position), lang: 'ru', text: head.text.replace('в 1992 году ', ''), version: head.version, user: translator });
    const ru = services.qa.checkSlot(documentId, segmentIdAt(position), 'ru').filter(isTriangulation);
    expect(ru.map((r) => [r.check, r.suspect])).toEqual([['tri-numbers', 'ru']]);
    expect(ru[0]!.message).toBe('The Russian lacks 1992, which the Chinese and the English have (segment 6).');
    expect(ru[0]!.group).toEqual({ firstSegmentId: segmentIdAt(position), lastSegmentId: segmentIdAt(position), first: 6, last: 6 });
    // The English is not blamed.
    expect(services.qa.checkSlot(documentId, segmentIdAt(position), 'en').filter(isTriangulation)).toEqual([]);
    // The QA page and the review see the same result.
    const listed = services.qa.listDocument(documentId, { lang: 'ru' }).find((s) => s.number === position + 1);
    expect(listed?.results.filter(isTriangulation).map((r) => r.check)).toEqual(['tri-numbers']);
    services.slots.editSlot({ documentId, segmentId: segmentIdAt(position), lang: 'ru', text: head.text, version: headVersion(position, 'ru'), user: translator });
    expect(services.qa.checkSlot(documentId, segmentIdAt(position), 'ru').filter(isTriangulation)).toEqual([]);
  });

  it('catches a grouping disagreement made by merging two Russian slots, and lists it in the review filter', async () => {
    const { user: translator } = await makeUser(services, { roles: ['translator'] });
    const { user: reviewer } = await makeUser(services, { roles: ['reviewer'] });
    const filter = () => services.review.listReview({ documentId, lang: 'ru', filter: 'triangulation', offset: 0, limit: 100, user: reviewer }).items.map((i) => i.position + 1);
    const before = filter();
    expect(before).not.toContain(15);
    services.slots.applyOperation({ documentId, kind: 'merge', segmentId: segmentIdAt(14), lang: 'ru', version: headVersion(14, 'ru'), user: translator });
    const ru = services.qa.checkSlot(documentId, segmentIdAt(14), 'ru').filter(isTriangulation);
    expect(ru.map((r) => r.check)).toEqual(['tri-grouping']);
    expect(ru[0]!.grouping?.slots).toEqual({
      en: [{ segmentId: segmentIdAt(14), span: 1 }, { segmentId: segmentIdAt(15), span: 1 }],
      ru: [{ segmentId: segmentIdAt(14), span: 2 }],
    });
    expect(services.qa.checkSlot(documentId, segmentIdAt(15), 'en').filter(isTriangulation).map((r) => r.check)).toEqual(['tri-grouping']);
    expect(filter()).toEqual([...before, 15].sort((a, b) => a - b));
    services.slots.undo({ documentId, user: translator });
    expect(services.qa.checkSlot(documentId, segmentIdAt(14), 'ru').filter(isTriangulation)).toEqual([]);
  });
});

/** Issue #14 §3: the .docx review table as a round trip through Word. */
import JSZip from 'jszip';
import { beforeEach, describe, expect, it } from 'vitest';
import { readReviewTable } from '../../../src/formats/review-table-reader.js';
import { parseRowId } from '../../../src/services/review-table-import.js';
import type { User } from '../../../src/store/users.js';
import { makeDocument, makeUser } from '../../helpers/factories.js';
import { bodyBytes } from '../../helpers/export-readers.js';
import { serviceEnv } from '../../helpers/service-env.js';
import { WordEdits } from '../../helpers/word-edits.js';

const env = serviceEnv();
let reviewer: User;
let translator: User;
beforeEach(async () => {
  reviewer = (await makeUser(env.services, { name: 'rita', roles: ['reviewer'] })).user;
  translator = (await makeUser(env.services, { name: 'tom', roles: ['translator'] })).user;
});

/** Three segments; en 1, 2 translated and 3 empty; ru 1+2 merged, 3. */
async function seed() {
  const { documentId } = await makeDocument(env.services, { text: '第一句。第二句！第三句？', langs: ['en', 'ru'] });
  env.services.documents.placeTranslation({ documentId, lang: 'en', sentences: ['First.', 'Second & <two>.'], status: 'translated', action: 'import', userId: null, beads: [{ source: [0], target: [0] }, { source: [1], target: [1] }, { source: [2], target: [] }] });
  env.services.documents.placeTranslation({ documentId, lang: 'ru', sentences: ['Первое и второе.', 'Третье.'], status: 'translated', action: 'import', userId: null, beads: [{ source: [0, 1], target: [0] }, { source: [2], target: [1] }] });
  const ids = env.store.segments.listSegments(documentId).map((s) => s.id);
  const head = (i: number, lang = 'en') => { const s = env.store.slots.findSlot(ids[i]!, lang); if (s?.kind !== 'head') throw new Error('no head'); return s; };
  return { documentId, ids, head };
}
const exportTable = (documentId: number, langs = ['en']) =>
  bodyBytes(env.services.exchange.exportDocuments({ documents: [documentId], format: 'docx', langs, statuses: ['translated', 'approved'], user: null }));
const importTable = (documentId: number, bytes: Uint8Array, user = reviewer) => env.services.returns.importReturnedFile({ documentId, file: { name: 'review.docx', bytes }, user });

describe('review table ids', () => {
  it('carries per row the document, and per language the slots with their versions (and spans)', async () => {
    const { documentId, ids, head } = await seed();
    const read = await readReviewTable(await exportTable(documentId, ['en', 'ru']));
    expect(read.columns).toEqual(['Duizhao ID', 'segments', 'zh-CN', 'en-US', 'en-US status', 'en-US comment', 'ru-RU', 'ru-RU status', 'ru-RU comment']);
    expect(read.rows.map((r) => r.cells['Duizhao ID'])).toEqual([
      `doc${documentId} seg${ids[0]}-${ids[1]} en:${ids[0]}.${head(0).version},${ids[1]}.${head(1).version} ru:${ids[0]}.${head(0, 'ru').version}x2`,
      `doc${documentId} seg${ids[2]} en:~${ids[2]}.1 ru:${ids[2]}.${head(2, 'ru').version}`,
    ]);
    expect(parseRowId('doc3 seg7 en:7.2x3')).toEqual({ documentId: 3, langs: [{ lang: 'en', exported: true, slots: [{ headSegmentId: 7, version: 2, span: 3 }] }] });
    expect(parseRowId('doc3 seg7 en:7.two')).toBeUndefined();
  });
});

describe('importing a review table edited in Word', () => {
  it('applies tracked-change edits as reviewer edits, with diffs in the review, and comments as slot comments', async () => {
    const { documentId, ids, head } = await seed();
    const edited = await (await WordEdits.open(await exportTable(documentId)))
      .trackReplace('Second &amp; &lt;two&gt;.'.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>'), 'Second & <two>, reviewed.')
      .fillEmptyCell(`doc${documentId} seg${ids[0]}`, 'Please keep the capital.')
      .comment('第一句。', 'Rita Reviewer', 'Is “first” right here?')
      .save();
    const report = await importTable(documentId, edited);
    expect(report).toMatchObject({ format: 'docx', lang: 'en', conflicts: [], refused: [] });
    expect(report.updated.map((u) => [u.label, u.before, u.after, u.status])).toEqual([
      ['row 3', 'Second & <two>.', 'Second & <two>, reviewed.', 'translated'],
    ]);
    expect(report.commentsAdded).toBe(2);
    expect(env.store.revisions.listRevisions(ids[1]!, 'en').at(-1)).toMatchObject({ action: 'review-edit', authorId: reviewer.id });
    expect(head(1)).toMatchObject({ text: 'Second & <two>, reviewed.', status: 'translated' });
    expect(env.store.review.listComments(ids[0]!, 'en').map((c) => [c.authorId, c.body])).toEqual([
      [reviewer.id, 'Please keep the capital.'], [reviewer.id, 'Rita Reviewer: Is “first” right here?'],
    ]);
    // The review view shows the edit as a diff against the text before it.
    const page = env.services.review.listReview({ documentId, lang: 'en', filter: 'all', offset: 0, limit: 10, user: reviewer });
    const item = page.items.find((i) => i.segmentId === ids[1]);
    expect(item?.base?.text).toBe('Second & <two>.');
    expect(item?.diff.filter((d) => d.added).map((d) => d.value).join('')).toContain('reviewed');
    // Importing the same file again adds nothing.
    const again = await importTable(documentId, edited);
    expect(again.updated).toEqual([]);
    expect(again.commentsAdded).toBe(0);
  });

  it('reports a row changed in Duizhao since the export as a conflict, never overwriting it', async () => {
    const { documentId, ids, head } = await seed();
    const exported = await exportTable(documentId);
    env.services.slots.editSlot({ documentId, segmentId: ids[0]!, lang: 'en', text: 'First, by the translator meanwhile.', version: head(0).version, user: translator });
    const edited = await (await WordEdits.open(exported)).trackReplace('First.', 'First, by the reviewer.').save();
    const report = await importTable(documentId, edited);
    expect(report.conflicts).toEqual([expect.objectContaining({ label: 'row 2', exported: 'First.', theirs: 'First, by the reviewer.', current: 'First, by the translator meanwhile.' })]);
    expect(head(0).text).toBe('First, by the translator meanwhile.');
  });

  it('refuses a cell that joins several slots when its text changed, and rows whose ids were damaged', async () => {
    const { documentId, ids } = await seed();
    const edited = await (await WordEdits.open(await exportTable(documentId, ['ru', 'en'])))
      .trackReplace('Третье.', 'Третье, исправлено.')
      .replaceText(`doc${documentId} seg${ids[2]}`, `doc${documentId} segX`)
      .save();
    const report = await importTable(documentId, edited);
    expect(report.refused.map((r) => r.label)).toEqual(['row 3']);
    expect(report.refused[0]!.reason).toMatch(/Duizhao ID cell .* was changed/);
    const joined = await (await WordEdits.open(await exportTable(documentId, ['en', 'ru']))).trackReplace('First. Second & <two>.', 'Changed.').save();
    const report2 = await importTable(documentId, joined);
    expect(report2.refused).toEqual([expect.objectContaining({ label: 'row 2 (en)', reason: expect.stringMatching(/joins 2 slots/) })]);
    expect(report2.updated).toEqual([]);
  });
});

describe('hostile or wrong .docx files are refused with nothing imported', () => {
  async function zipOf(files: Record<string, Uint8Array | string>, options: JSZip.JSZipGeneratorOptions<'uint8array'> = { type: 'uint8array', compression: 'DEFLATE' }) {
    const zip = new JSZip();
    for (const [name, content] of Object.entries(files)) zip.file(name, content);
    return zip.generateAsync(options);
  }

  it.each([
    ['a zip bomb (document.xml inflating 1000:1)', async () => zipOf({ 'word/document.xml': new Uint8Array(16 * 1024 * 1024).fill(0x20) }), 'payload_too_large'],
    ['too many entries', async () => zipOf(Object.fromEntries(Array.from({ length: 2100 }, (_, i) => [`x/${i}.txt`, 'x']))), 'payload_too_large'],
    ['a Word document without the review table', async () => zipOf({ 'word/document.xml': '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Hello</w:t></w:r></w:p></w:body></w:document>' }), 'not_review_table'],
    ['an entity bomb in document.xml', async () => zipOf({ 'word/document.xml': '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">&b;</w:document>' }), 'invalid_docx'],
    ['not a ZIP at all', async () => new TextEncoder().encode('PK\u0003\u0004 but broken'), 'invalid_docx'],
  ])('%s', async (_name, make, code) => {
    const { documentId, head } = await seed();
    const before = JSON.stringify([head(0), head(1), head(2)]);
    await expect(importTable(documentId, await make())).rejects.toMatchObject({ code });
    expect(JSON.stringify([head(0), head(1), head(2)])).toBe(before);
    expect(env.store.users.listAudit({ action: 'review_table_import', limit: 5 })).toEqual([]);
  });

  it('stops inflating at the limit when the central directory understates a part', async () => {
    const zip = new JSZip();
    zip.file('word/document.xml', new Uint8Array(3 * 1024 * 1024).fill(0x20));
    const bomb = await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
    // Rewrite the declared uncompressed size (central directory and local header) to 1 KB.
    const view = new DataView(bomb.buffer, bomb.byteOffset, bomb.byteLength);
    for (let i = 0; i < bomb.byteLength - 4; i++) {
      const signature = view.getUint32(i, true);
      if (signature === 0x02014b50) view.setUint32(i + 24, 1024, true);
      if (signature === 0x04034b50) view.setUint32(i + 22, 1024, true);
    }
    await expect(readReviewTable(bomb, { maxEntries: 10, maxDocumentBytes: 1024 * 1024, maxCommentsBytes: 1024, maxRatio: 1e9 }))
      .rejects.toMatchObject({ code: 'too_large', message: expect.stringMatching(/inflates to more than 1 MB/) });
  });
});

import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { planSlots, parseTargetLangs } from '../../../src/services/documents.js';
import { joinSentences } from '../../../src/text/join.js';
import { PayloadTooLargeError, PermissionError, ValidationError } from '../../../src/services/errors.js';
import type { Services } from '../../../src/services/index.js';
import { makeUser, testServices } from '../../helpers/factories.js';
import { tempDb } from '../../helpers/temp-db.js';

let temp: ReturnType<typeof tempDb>;
let services: Services;

beforeEach(() => {
  temp = tempDb();
  services = testServices(temp.store);
});
afterEach(() => temp.cleanup());

function tableCounts() {
  const count = (table: string) => (temp.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
  return { documents: count('documents'), segments: count('segments'), slots: count('slots'), audit: count('audit_log') };
}

describe('importDocument', () => {
  it('segments pasted text and creates an empty slot per segment and language', async () => {
    const result = await services.documents.importDocument({ title: '  测试  ', text: '甲。乙！\n丙？', user: null });
    expect(result).toEqual({ documentId: expect.any(Number), segmentCount: 3, paragraphCount: 2 });
    const grid = services.documents.getDocumentGrid(result.documentId);
    expect(grid.document.title).toBe('测试');
    expect(grid.document.langs).toEqual(['en', 'ru']);
    expect(grid.segments.map((s) => [s.position, s.paragraph, s.text])).toEqual([[0, 0, '甲。'], [1, 0, '乙！'], [2, 1, '丙？']]);
    for (const lang of ['en', 'ru']) {
      expect(grid.slots[lang]!.map((s) => s.kind === 'head' && [s.status, s.text, s.span, s.version])).toEqual([
        ['empty', '', 1, 1], ['empty', '', 1, 1], ['empty', '', 1, 1],
      ]);
      expect(temp.store.slots.checkTiling(result.documentId, lang)).toEqual([]);
    }
  });

  it('decodes UTF-16 and GB18030 files and reads .docx', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('中文。', 'utf16le')]);
    const gb = new Uint8Array([0xd6, 0xd0, 0xce, 0xc4, 0xa1, 0xa3]); // 中文。 in GB18030
    const docx = readFileSync(new URL('../../fixtures/sample.docx', import.meta.url));
    for (const [name, bytes, expected] of [
      ['a.txt', utf16, ['中文。']],
      ['b.txt', gb, ['中文。']],
      ['c.docx', docx, ['两国元首在互信、亲切和友好气氛中举行会谈。', '双方高度评价中吉关系发展现状。', '双方就共同关心的国际和地区问题交换意见并达成共识。']],
    ] as const) {
      const { documentId } = await services.documents.importDocument({ file: { name, bytes: new Uint8Array(bytes) }, user: null });
      const grid = services.documents.getDocumentGrid(documentId);
      expect(grid.segments.map((s) => s.text)).toEqual(expected);
      expect(grid.document.title).toBe(name.replace(/\..*$/, ''));
    }
  });

  it.each([
    ['empty text', { text: '' }, ValidationError, 'empty_text'],
    ['whitespace only', { text: ' \n\u3000\t ' }, ValidationError, 'empty_text'],
    ['NUL characters', { text: '中文\u0000二进制' }, ValidationError, 'invalid_file'],
    ['a binary file', { file: { name: 'x.txt', bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]) } }, ValidationError, 'invalid_file'],
    ['a fake .docx', { file: { name: 'x.docx', bytes: new TextEncoder().encode('not a zip') } }, ValidationError, 'invalid_file'],
    ['a broken .docx', { file: { name: 'x.docx', bytes: new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5]) } }, ValidationError, 'invalid_file'],
    ['an empty file', { file: { name: 'x.txt', bytes: new TextEncoder().encode('  \n ') } }, ValidationError, 'empty_text'],
    ['a huge file', { file: { name: 'x.txt', bytes: new Uint8Array(20 * 1024 * 1024 + 1).fill(0x41) } }, PayloadTooLargeError, 'payload_too_large'],
    ['a bad language', { text: '中文。', langs: ['english'] }, ValidationError, 'validation_failed'],
    ['Chinese as a target', { text: '中文。', langs: ['zh'] }, ValidationError, 'validation_failed'],
    ['no title at all', { text: '中文。', title: '  ' }, ValidationError, 'validation_failed'],
  ] as const)('refuses %s and stores nothing', async (_case, input, type, code) => {
    const before = tableCounts();
    const error = await services.documents.importDocument({ title: 'title' in input ? input.title : 't', ...input, user: null }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(type);
    expect((error as ValidationError).code).toBe(code);
    expect(tableCounts()).toEqual(before);
  });

  it('refuses a reviewer', async () => {
    const { user } = await makeUser(services, { roles: ['reviewer'] });
    await expect(services.documents.importDocument({ title: 't', text: '中文。', user })).rejects.toBeInstanceOf(PermissionError);
  });

  it('records who imported it in the audit log', async () => {
    const { user } = await makeUser(services, { roles: ['translator'] });
    const { documentId } = await services.documents.importDocument({ title: 't', text: '中文。', user });
    const entry = temp.store.users.listAudit({ limit: 100 }).find((e) => e.action === 'document_import');
    expect(entry).toMatchObject({ userId: user.id, documentId });
  });
});

describe('parseTargetLangs', () => {
  it.each([
    [undefined, ['en', 'ru']],
    [[], ['en', 'ru']],
    [['en'], ['en']],
    [['ru', 'en', 'ru', ' fr '], ['ru', 'en', 'fr']],
    [['pt-BR', 'zh-Hant-TW'.replace('zh-Hant-TW', 'sr-Latn')], ['pt-BR', 'sr-Latn']],
  ])('%j → %j', (input, expected) => {
    expect(parseTargetLangs(input)).toEqual(expected);
  });
});

describe('planSlots', () => {
  const sentences = ['A.', 'B.', 'C.', 'D.', 'E.'];
  it('places 1-1, 2-1, 1-2, 1-0 and 0-1 beads', () => {
    const plan = planSlots(5, [
      { source: [0], target: [0] },
      { source: [1, 2], target: [1] },
      { source: [3], target: [2, 3] },
      { source: [4], target: [] },
      { source: [], target: [4] },
    ], sentences, 'en');
    expect(plan.map((s) => [s.start, s.span, s.text])).toEqual([[0, 1, 'A.'], [1, 2, 'B.'], [3, 1, 'C. D.'], [4, 1, 'E.']]);
    expect(plan[3]!.reasons).toEqual(['− holds 1 sentence(s) with no Chinese counterpart']);
  });

  it('puts a leading 0-1 sentence into the first slot', () => {
    const plan = planSlots(1, [{ source: [], target: [0] }, { source: [0], target: [1] }], sentences, 'en');
    expect(plan.map((s) => s.text)).toEqual(['A. B.']);
  });

  it('puts a 0-1 sentence into the slot its bead names, keeping the target order', () => {
    const plan = planSlots(3, [
      { source: [0], target: [0] },
      { source: [], target: [1], attach: 'next' },
      { source: [1], target: [2] },
      { source: [], target: [3], attach: 'previous' },
      { source: [2], target: [4] },
    ], sentences, 'en');
    expect(plan.map((s) => s.text)).toEqual(['A.', 'B. C. D.', 'E.']);
    expect(plan[1]!.reasons).toEqual(['− holds 2 sentence(s) with no Chinese counterpart']);
    // Two orphans in a row cannot go opposite ways: the second follows the first down.
    const crossed = planSlots(2, [
      { source: [0], target: [0] }, { source: [], target: [1], attach: 'next' }, { source: [], target: [2], attach: 'previous' }, { source: [1], target: [3] },
    ], sentences, 'en');
    expect(crossed.map((s) => s.text)).toEqual(['A.', 'B. C. D.']);
  });

  it('refuses beads that skip or reorder segments', () => {
    expect(() => planSlots(2, [{ source: [1], target: [0] }], sentences, 'en')).toThrow(/expected segment 0/);
    expect(() => planSlots(2, [{ source: [0], target: [0] }], sentences, 'en')).toThrow(/cover 1 of 2/);
    expect(() => planSlots(1, [{ source: [0], target: [9] }], sentences, 'en')).toThrow(/does not exist/);
  });

  it('joins Chinese or Japanese sentences without a space', () => {
    expect(joinSentences('ja', ['あ。', 'い。'])).toBe('あ。い。');
    expect(joinSentences('ru', ['А.', 'Б.'])).toBe('А. Б.');
  });
});

describe('placeTranslation', () => {
  it('fills slots with spans and revisions and keeps the tiling', async () => {
    const { documentId } = await services.documents.importDocument({ title: 't', text: '一。二。三。', langs: ['en'], user: null });
    services.documents.placeTranslation({
      documentId, lang: 'en', sentences: ['One and two.', 'Three.', 'Extra.'],
      beads: [{ source: [0, 1], target: [0], confidence: 0.9, reasons: ['length ratio 1.00×'] }, { source: [2], target: [1, 2] }],
      status: 'aligned', action: 'align', userId: null,
    });
    const slots = temp.store.slots.listSlots(documentId, 'en');
    expect(slots.map((s) => (s.kind === 'head' ? `${s.span}:${s.text}:${s.status}:${s.confidence}` : `cont`))).toEqual([
      '2:One and two.:aligned:0.9', 'cont', '1:Three. Extra.:aligned:null',
    ]);
    expect(temp.store.slots.checkTiling(documentId, 'en')).toEqual([]);
    const first = slots[0]!;
    expect(temp.store.revisions.listRevisions(first.segmentId, 'en').map((r) => [r.action, r.text, r.span])).toEqual([['align', 'One and two.', 2]]);
  });

  it('rolls back when the beads do not fit the document', async () => {
    const { documentId } = await services.documents.importDocument({ title: 't', text: '一。二。', langs: ['en'], user: null });
    const before = temp.store.slots.listSlots(documentId, 'en');
    expect(() => services.documents.placeTranslation({
      documentId, lang: 'en', sentences: ['One.'], beads: [{ source: [0], target: [0] }], status: 'aligned', action: 'align', userId: null,
    })).toThrow(ValidationError);
    expect(temp.store.slots.listSlots(documentId, 'en')).toEqual(before);
  });
});

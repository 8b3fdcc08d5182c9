import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readTmx, type TmxReadUnit } from '../../../src/formats/tmx-reader.js';
import { createExchangeService, NON_EMPTY_STATUSES, type CommentSource, type ExchangeService, type ExportOptions, type ExportResult } from '../../../src/services/exchange.js';
import type { Services } from '../../../src/services/index.js';
import type { Store } from '../../../src/store/index.js';
import { makeDocument, makeUser, testServices } from '../../helpers/factories.js';
import { tempDb } from '../../helpers/temp-db.js';
import { toolkitUnits, validatorsMissing, xmllintDtd } from '../../helpers/tmx-validators.js';

const NOW = () => new Date('2026-11-23T12:00:00.000Z');
const fixture = (name: string) => ({ name, bytes: new Uint8Array(readFileSync(new URL(`../../fixtures/tmx/${name}`, import.meta.url))) });

interface Env { store: Store; services: Services; exchange: ExchangeService; cleanup: () => void }
function env(comments?: CommentSource): Env {
  const temp = tempDb();
  const services = testServices(temp.store, NOW);
  return { store: temp.store, services, exchange: createExchangeService({ store: temp.store, now: NOW, version: '0.1.0', ...(comments && { comments }) }), cleanup: temp.cleanup };
}

async function body(result: ExportResult): Promise<string> {
  let out = '';
  for await (const chunk of result.body) out += typeof chunk === 'string' ? chunk : new TextDecoder().decode(chunk);
  return out;
}
const units = (xml: string): TmxReadUnit[] => [...readTmx([new TextEncoder().encode(xml)])].flatMap((e) => (e.kind === 'unit' ? [e.unit] : []));
const texts = (list: TmxReadUnit[]) => list.map((u) => Object.fromEntries(u.variants.map((v) => [v.lang, v.text])));

const ZH = '第一句。第二句！第三句？';
/** Three segments; en merges 1+2, ru merges 2+3, so only the whole document is one multilingual group. */
async function seed(e: Env, status: 'approved' | 'translated' = 'approved') {
  const { documentId } = await makeDocument(e.services, { text: ZH, langs: ['en', 'ru'], title: '声明 & <测试>' });
  e.services.documents.placeTranslation({
    documentId, lang: 'en', sentences: ['First & second.', 'Third <3>.'], status, action: 'import', userId: null,
    beads: [{ source: [0, 1], target: [0] }, { source: [2], target: [1] }],
  });
  e.services.documents.placeTranslation({
    documentId, lang: 'ru', sentences: ['Первое.', 'Второе и третье.'], status, action: 'import', userId: null,
    beads: [{ source: [0], target: [0] }, { source: [1, 2], target: [1] }],
  });
  return documentId;
}

let e: Env;
beforeEach(() => {
  e = env();
});
afterEach(() => e.cleanup());

const options = (documentId: number, overrides: Partial<ExportOptions> = {}): ExportOptions => ({ documents: [documentId], format: 'tmx', user: null, ...overrides });

describe('exportDocuments as TMX', () => {
  it('groups so that no slot of any exported language crosses a tu (multilingual)', async () => {
    const id = await seed(e);
    const xml = await body(e.exchange.exportDocuments(options(id)));
    expect(texts(units(xml))).toEqual([{ 'zh-CN': ZH, 'en-US': 'First & second. Third <3>.', 'ru-RU': 'Первое. Второе и третье.' }]);
    expect(xml).toContain('<prop type="x-segments">1-3</prop>');
    expect(xml).toContain('<prop type="x-document">声明 &amp; &lt;测试&gt;</prop>');
  });

  it('groups by the one language of a bilingual export', async () => {
    const id = await seed(e);
    expect(texts(units(await body(e.exchange.exportDocuments(options(id, { langs: ['en'] })))))).toEqual([
      { 'zh-CN': '第一句。第二句！', 'en-US': 'First & second.' },
      { 'zh-CN': '第三句？', 'en-US': 'Third <3>.' },
    ]);
    expect(texts(units(await body(e.exchange.exportDocuments(options(id, { langs: ['ru'] })))))).toEqual([
      { 'zh-CN': '第一句。', 'ru-RU': 'Первое.' },
      { 'zh-CN': '第二句！第三句？', 'ru-RU': 'Второе и третье.' },
    ]);
  });

  it('exports approved slots only by default; all non-empty with their status on request', async () => {
    const id = await seed(e, 'translated');
    const result = e.exchange.exportDocuments(options(id, { langs: ['en'] }));
    expect(units(await body(result))).toEqual([]);
    expect(result.stats).toMatchObject({ groups: 2, skippedGroups: 2, units: 0 });
    const xml = await body(e.exchange.exportDocuments(options(id, { langs: ['en'], statuses: NON_EMPTY_STATUSES })));
    const read = units(xml);
    expect(read).toHaveLength(2);
    expect(read[0]?.variants[1]?.props).toEqual([{ type: 'x-status', value: 'translated' }]);
  });

  it('writes the aligner\'s confidence and status as props, and aligned pairs above a threshold on request', async () => {
    const { documentId } = await makeDocument(e.services, { text: '甲。乙。丙。', langs: ['en'] });
    e.services.documents.placeTranslation({
      documentId, lang: 'en', sentences: ['A.', 'B.', 'C.'], status: 'aligned', action: 'align', userId: null,
      beads: [{ source: [0], target: [0], confidence: 0.95 }, { source: [1], target: [1], confidence: 0.9 }, { source: [2], target: [2], confidence: 0.42 }],
    });
    const xml = await body(e.exchange.exportDocuments(options(documentId, { alignedAbove: 0.9 })));
    expect(texts(units(xml))).toEqual([{ 'zh-CN': '甲。', 'en-US': 'A.' }, { 'zh-CN': '乙。', 'en-US': 'B.' }]);
    expect(units(xml)[0]?.variants[1]?.props).toEqual([
      { type: 'x-status', value: 'aligned' }, { type: 'x-confidence', value: '0.95' }, { type: 'x-alignment', value: 'automatic' },
    ]);
    if (!validatorsMissing) expect(xmllintDtd(xml)).toEqual({ status: 0, output: '' });
    // Without the option an approved-only export holds none of them.
    expect(units(await body(e.exchange.exportDocuments(options(documentId))))).toEqual([]);
    expect(() => e.exchange.exportDocuments(options(documentId, { alignedAbove: 1.5 }))).toThrow(/from 0 to 1/);
  });

  it('writes ids, dates and user names', async () => {
    const { user } = await makeUser(e.services, { name: 'anna', roles: ['translator'] });
    const { documentId } = await makeDocument(e.services, { text: '甲。', langs: ['en'] });
    e.services.documents.placeTranslation({ documentId, lang: 'en', sentences: ['A.'], beads: [{ source: [0], target: [0] }], status: 'approved', action: 'import', userId: user.id });
    const xml = await body(e.exchange.exportDocuments(options(documentId)));
    const [unit] = units(xml);
    const segmentId = e.store.segments.listSegments(documentId)[0]!.id;
    expect(unit).toMatchObject({ tuid: `doc${documentId}-seg${segmentId}`, changeid: 'anna', changedate: '20261123T120000Z', creationdate: '20261123T120000Z' });
    expect(unit?.variants[1]).toMatchObject({ lang: 'en-US', changeid: 'anna', changedate: '20261123T120000Z' });
  });

  it('uses configured language codes', async () => {
    const id = await seed(e);
    const xml = await body(e.exchange.exportDocuments(options(id, { langs: ['en'], langCodes: { zh: 'zh-Hans-CN', en: 'en-GB' } })));
    expect(xml).toContain('srclang="zh-Hans-CN"');
    expect(units(xml)[0]?.variants.map((v) => v.lang)).toEqual(['zh-Hans-CN', 'en-GB']);
  });

  it('writes comments as notes when asked, from the comments source', async () => {
    e.cleanup();
    const asked: number[][] = [];
    e = env({ listComments: (_doc, segmentIds) => { asked.push([...segmentIds]); return [{ lang: 'en', author: 'rita', text: 'Check "second" & <third>' }, { lang: 'fr', author: 'x', text: 'not exported' }]; } });
    const id = await seed(e);
    const without = await body(e.exchange.exportDocuments(options(id)));
    expect(without).not.toContain('<note>');
    const xml = await body(e.exchange.exportDocuments(options(id, { includeNotes: true })));
    expect(units(xml)[0]?.notes).toEqual(['rita (en-US): Check "second" & <third>']);
    expect(asked[0]).toHaveLength(3);
  });

  it('exports several and all documents; refuses unknown ones and foreign languages', async () => {
    const a = await seed(e);
    const b = await seed(e);
    expect(units(await body(e.exchange.exportDocuments(options(a, { documents: [a, b] }))))).toHaveLength(2);
    expect(units(await body(e.exchange.exportDocuments(options(a, { documents: 'all' }))))).toHaveLength(2);
    expect(() => e.exchange.exportDocuments(options(999))).toThrow(/no document 999/);
    expect(() => e.exchange.exportDocuments(options(a, { langs: ['fr'] }))).toThrow(/language "fr"/);
    expect(() => e.exchange.exportDocuments(options(a, { statuses: ['empty'] }))).toThrow(/Empty slots/);
  });

  it('drops forbidden characters with a count and keeps ]]> & < > byte for byte', async () => {
    const { documentId } = await makeDocument(e.services, { text: '甲]]>&<乙>。', langs: ['en'] });
    e.services.documents.placeTranslation({ documentId, lang: 'en', sentences: ['A ]]> & <b>\u000B.'], beads: [{ source: [0], target: [0] }], status: 'approved', action: 'import', userId: null });
    const result = e.exchange.exportDocuments(options(documentId));
    const xml = await body(result);
    expect(result.stats.removedChars).toBe(1);
    expect(texts(units(xml))).toEqual([{ 'zh-CN': '甲]]>&<乙>。', 'en-US': 'A ]]> & <b>.' }]);
  });

  it.skipIf(validatorsMissing)('passes xmllint --dtdvalid and translate-toolkit reads every unit with identical text', async () => {
    const id = await seed(e);
    for (const langs of [['en', 'ru'], ['en'], ['ru']]) {
      const xml = await body(e.exchange.exportDocuments(options(id, { langs })));
      expect(xmllintDtd(xml)).toEqual({ status: 0, output: '' });
      expect(toolkitUnits(xml)).toEqual(units(xml).map((u) => u.variants.map((v) => [v.lang, v.text])));
    }
  });
});

describe('exportDocuments as tables', () => {
  it('writes one CSV row per group with texts and statuses', async () => {
    const id = await seed(e);
    const csv = await body(e.exchange.exportDocuments(options(id, { format: 'csv' })));
    expect(csv).toBe('\uFEFFdocument,segments,zh-CN,en-US,en-US status,ru-RU,ru-RU status\r\n'
      + '声明 & <测试>,1-3,第一句。第二句！第三句？,First & second. Third <3>.,approved,Первое. Второе и третье.,approved\r\n');
  });

  it('writes TSV and a .docx review table', async () => {
    const id = await seed(e);
    expect(await body(e.exchange.exportDocuments(options(id, { format: 'tsv', langs: ['en'] })))).toBe(
      'document\tsegments\tzh-CN\ten-US\ten-US status\n声明 & <测试>\t1-2\t第一句。第二句！\tFirst & second.\tapproved\n声明 & <测试>\t3\t第三句？\tThird <3>.\tapproved\n');
    const docx = e.exchange.exportDocuments(options(id, { format: 'docx' }));
    expect(docx.filename).toMatch(/\.docx$/);
    let size = 0;
    for await (const chunk of docx.body) size += chunk.length;
    expect(size).toBeGreaterThan(1000);
  });
});

describe('importTmx into the translation memory', () => {
  it('imports OmegaT, Trados and memoQ files with a report', async () => {
    const omegat = e.exchange.importTmx({ file: fixture('omegat.tmx'), user: null });
    expect(omegat).toMatchObject({ unitsRead: 2, unitsImported: 2, pairsImported: 2, skipped: [], droppedCodes: 4, sourceLang: 'zh-CN' });
    const trados = e.exchange.importTmx({ file: fixture('trados.tmx'), user: null });
    expect(trados).toMatchObject({ unitsRead: 3, unitsImported: 1, pairsImported: 1 });
    expect(trados.skipped).toEqual([
      { reason: 'no_target', count: 1, examples: ['#2'] },
      { reason: 'no_source', count: 1, examples: ['#3'] },
    ]);
    // Every skipped unit with the line its <tu> starts on.
    expect(trados.skippedUnits).toEqual([{ line: 16, tuid: null, reason: 'no_target' }, { line: 19, tuid: null, reason: 'no_source' }]);
    expect(trados.skippedNotListed).toBe(0);
    const memoq = e.exchange.importTmx({ file: fixture('memoq.tmx'), user: null });
    expect(memoq).toMatchObject({ unitsRead: 1, pairsImported: 2 });
    const tm = e.store.tm.listTmUnits();
    expect(tm.map((u) => [u.sourceLang, u.sourceText.trim(), u.targetLang, u.targetText.trim()])).toContainEqual(['zh-CN', '这是重要的声明。', 'ru-RU', 'Это важное заявление & <примечание>.']);
    expect(tm.find((u) => u.targetLang === 'ru-RU' && u.author === 'ACME\\reviewer')).toBeDefined();
  });

  it('adds nothing the second time: every unit is a duplicate', () => {
    e.exchange.importTmx({ file: fixture('omegat.tmx'), user: null });
    const again = e.exchange.importTmx({ file: fixture('omegat.tmx'), user: null });
    expect(again).toMatchObject({ pairsImported: 0, skipped: [{ reason: 'duplicate', count: 2 }] });
    expect(e.store.tm.countTmUnits()).toBe(2);
  });

  it.each([
    ['malformed.tmx', 'invalid_tmx'],
    ['xxe.tmx', 'forbidden_doctype'],
    ['billion-laughs.tmx', 'forbidden_doctype'],
    ['wrong-root.xml', 'not_tmx'],
  ])('refuses %s and imports nothing, even units read before the error', (name, code) => {
    expect(() => e.exchange.importTmx({ file: fixture(name), user: null })).toThrow(expect.objectContaining({ code }));
    expect(e.store.tm.countTmUnits()).toBe(0);
    expect(e.store.users.listAudit({ limit: 100 }).filter((a) => a.action === 'tm_import')).toEqual([]);
  });

  it('refuses reviewers', async () => {
    const { user } = await makeUser(e.services, { roles: ['reviewer'] });
    expect(() => e.exchange.importTmx({ file: fixture('omegat.tmx'), user })).toThrow(/translators and admins/);
  });
});

describe('round trip', () => {
  it('export → import into a fresh database → export gives the same units', async () => {
    const id = await seed(e);
    const first = await body(e.exchange.exportDocuments(options(id)));
    const fresh = env();
    try {
      const created = fresh.exchange.createDocumentFromTmx({ file: { name: 'round.tmx', bytes: new TextEncoder().encode(first) }, user: null });
      expect(created).toMatchObject({ segmentCount: 3, langs: ['en', 'ru'], unitsRead: 1 });
      const second = await body(fresh.exchange.exportDocuments(options(created.documentId, { statuses: ['translated'] })));
      expect(texts(units(second))).toEqual(texts(units(first)));
      const report = fresh.exchange.importTmx({ file: { name: 'round.tmx', bytes: new TextEncoder().encode(first) }, user: null });
      expect(report).toMatchObject({ unitsRead: 1, pairsImported: 2 });
      expect(fresh.store.tm.listTmUnits().map((u) => [u.sourceText, u.targetLang, u.targetText])).toEqual([
        [ZH, 'en-US', 'First & second. Third <3>.'],
        [ZH, 'ru-RU', 'Первое. Второе и третье.'],
      ]);
    } finally {
      fresh.cleanup();
    }
  });

  it('creates a document whose several-sentence units span their segments', () => {
    const created = e.exchange.createDocumentFromTmx({ file: fixture('trados.tmx'), title: '合作', user: null });
    expect(created).toMatchObject({ segmentCount: 2, unitsRead: 3, unitsSkipped: 1, langs: ['ru'] });
    const grid = e.services.documents.getDocumentGrid(created.documentId);
    expect(grid.segments.map((s) => s.text)).toEqual(['中方愿同俄方加强合作。', '只有中文。']);
    expect(grid.slots.ru?.map((s) => (s.kind === 'head' ? [s.status, s.span] : ['continuation']))).toEqual([['translated', 1], ['empty', 1]]);
    expect(e.store.slots.checkTiling(created.documentId, 'ru')).toEqual([]);

    const multi = e.exchange.createDocumentFromTmx({ file: { name: 'm.tmx', bytes: new TextEncoder().encode('<tmx version="1.4"><header srclang="zh-CN"/><body><tu><tuv xml:lang="zh-CN"><seg>甲。乙。</seg></tuv><tuv xml:lang="en-US"><seg>A. B.</seg></tuv></tu></body></tmx>') }, user: null });
    const slots = e.services.documents.getDocumentGrid(multi.documentId).slots.en ?? [];
    expect(slots.map((s) => s.kind)).toEqual(['head', 'continuation']);
    expect(slots[0]).toMatchObject({ text: 'A. B.', span: 2, status: 'translated' });
  });

  it('refuses a TMX with no Chinese units and writes nothing', () => {
    const bytes = new TextEncoder().encode('<tmx version="1.4"><header srclang="en-US"/><body><tu><tuv xml:lang="en-US"><seg>A.</seg></tuv><tuv xml:lang="ru-RU"><seg>А.</seg></tuv></tu></body></tmx>');
    expect(() => e.exchange.createDocumentFromTmx({ file: { name: 'x.tmx', bytes }, user: null })).toThrow(/no unit with Chinese/);
    expect(e.store.documents.countDocuments()).toBe(0);
  });
});

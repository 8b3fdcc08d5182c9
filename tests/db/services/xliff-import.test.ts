/** Issue #14 §2: XLIFF 1.2/2.0 export and import back into the same slots. */
import { beforeEach, describe, expect, it } from 'vitest';
import type { User } from '../../../src/store/users.js';
import { makeDocument, makeUser } from '../../helpers/factories.js';
import { bodyText } from '../../helpers/export-readers.js';
import { serviceEnv } from '../../helpers/service-env.js';

const env = serviceEnv();
let translator: User;
beforeEach(async () => {
  translator = (await makeUser(env.services, { name: 'tina', roles: ['translator'] })).user;
});

/** Four segments; en: 1 translated, 2+3 merged draft, 4 empty. */
async function seed() {
  const { documentId } = await makeDocument(env.services, { text: '第一句。第二句！第三句？第四句。', langs: ['en', 'ru'] });
  env.services.documents.placeTranslation({
    documentId, lang: 'en', sentences: ['First.', 'Second & third.'], status: 'translated', action: 'import', userId: null,
    beads: [{ source: [0], target: [0], confidence: 0.95 }, { source: [1, 2], target: [1], confidence: 0.5 }, { source: [3], target: [] }],
  });
  const ids = env.store.segments.listSegments(documentId).map((s) => s.id);
  const head = (i: number) => { const s = env.store.slots.findSlot(ids[i]!, 'en'); if (s?.kind !== 'head') throw new Error('no head'); return s; };
  // A translator's edit makes the merged slot a draft.
  env.services.slots.editSlot({ documentId, segmentId: ids[1]!, lang: 'en', text: 'Second and third.', version: head(1).version, user: translator });
  return { documentId, ids, head };
}

const exportXliff = (documentId: number, format: 'xliff12' | 'xliff20', extra: Record<string, unknown> = {}) =>
  bodyText(env.services.exchange.exportDocuments({ documents: [documentId], format, langs: ['en'], statuses: ['draft', 'translated', 'approved'], user: null, ...extra }));
const file = (text: string, name = 'back.xlf') => ({ name, bytes: new TextEncoder().encode(text) });

describe.each(['xliff12', 'xliff20'] as const)('%s', (format) => {
  it('exports one unit per slot with ids, version, status, confidence and notes', async () => {
    const { documentId, ids, head } = await seed();
    env.services.review.addComment({ documentId, segmentId: ids[0]!, lang: 'en', body: 'Check “first” & <b>', user: translator });
    const xml = await exportXliff(documentId, format, { includeNotes: true });
    const units = xml.match(format === 'xliff12' ? /<trans-unit /g : /<unit /g) ?? [];
    expect(units).toHaveLength(3);
    expect(xml).toContain(`dz:segments="${ids[1]} ${ids[2]}"`);
    expect(xml).toContain(`dz:version="${head(1).version}"`);
    if (format === 'xliff12') {
      expect(xml).toContain('<source>第二句！第三句？</source>\n        <target state="needs-review-translation">Second and third.</target>');
      expect(xml).toContain('dz:status="translated" dz:confidence="0.95"');
      expect(xml).toContain('<note>tina (en-US): Check “first” &amp; &lt;b&gt;</note>');
      expect(xml).toMatch(/<trans-unit id="s\d+" resname="4"[^>]*>\n {8}<source>第四句。<\/source>\n {6}<\/trans-unit>/);
    } else {
      expect(xml).toContain('<segment id="s' + ids[1] + '-1" state="translated" subState="duizhao:draft">');
      expect(xml).toContain('<mda:meta type="confidence">0.95</mda:meta>');
      expect(xml).toContain('<notes><note category="comment">tina (en-US): Check “first” &amp; &lt;b&gt;</note></notes>');
    }
  });

  it('imports changed targets as edits of their slots and reports the rest', async () => {
    const { documentId, ids, head } = await seed();
    const xml = await exportXliff(documentId, format, { copySourceToEmptyTargets: true });
    const edited = xml
      .replace('>Second and third.<', '>Second, and third.<')
      .replace(format === 'xliff12' ? '<target state="needs-translation">第四句。</target>' : '<target xml:space="preserve">第四句。</target>',
        format === 'xliff12' ? '<target state="translated">Fourth.</target>' : '<target xml:space="preserve">Fourth.</target>')
      .replace(format === 'xliff20' ? /(<segment id="s\d+-1" )state="initial" subState="duizhao:empty"/ : /$^/, '$1state="translated"');
    const report = env.services.returns.importXliff({ documentId, file: file(edited), user: translator });
    expect(report.updated.map((u) => [u.after, u.status])).toEqual([['Second, and third.', 'draft'], ['Fourth.', 'translated']]);
    expect(report.unchanged).toEqual([expect.objectContaining({ reason: 'same text and status as in Duizhao' })]);
    expect(report).toMatchObject({ conflicts: [], refused: [], lang: 'en', format });
    expect(head(1)).toMatchObject({ text: 'Second, and third.', status: 'draft', span: 2 });
    expect(head(3)).toMatchObject({ text: 'Fourth.', status: 'translated' });
    expect(env.store.revisions.listRevisions(ids[3]!, 'en').at(-1)).toMatchObject({ action: 'confirm', authorId: translator.id });
    for (const lang of ['en', 'ru']) expect(env.store.slots.checkTiling(documentId, lang)).toEqual([]);
    // Importing the same file again changes nothing: those slots moved on, and the file holds what they hold.
    const again = env.services.returns.importXliff({ documentId, file: file(edited), user: translator });
    expect(again.updated).toEqual([]);
    expect(again.unchanged).toHaveLength(3);
  });

  it('never overwrites a slot changed in Duizhao since the export: a conflict with both texts', async () => {
    const { documentId, ids, head } = await seed();
    const xml = await exportXliff(documentId, format);
    env.services.slots.editSlot({ documentId, segmentId: ids[0]!, lang: 'en', text: 'First, edited in Duizhao.', version: head(0).version, user: translator });
    const report = env.services.returns.importXliff({ documentId, file: file(xml.replace('>First.<', '>First, from the CAT tool.<')), user: translator });
    expect(report.conflicts).toEqual([expect.objectContaining({ exported: 'First.', theirs: 'First, from the CAT tool.', current: 'First, edited in Duizhao.', currentVersion: head(0).version })]);
    expect(report.updated).toEqual([]);
    expect(head(0).text).toBe('First, edited in Duizhao.');
    // The file kept the exported text of a slot edited since: Duizhao's text stays, reported as unchanged.
    const kept = env.services.returns.importXliff({ documentId, file: file(xml), user: translator });
    expect(kept.conflicts).toEqual([]);
    expect(kept.unchanged.map((u) => u.reason)).toContainEqual(expect.stringMatching(/changed in Duizhao since the export/));
  });

  it('refuses units whose slots were re-aligned, or that carry no Duizhao ids, with reasons', async () => {
    const { documentId, ids, head } = await seed();
    const xml = await exportXliff(documentId, format);
    env.services.slots.applyOperation({ documentId, kind: 'merge', segmentId: ids[0]!, lang: 'en', version: head(0).version, user: translator });
    const stripped = xml.replace(/ dz:segments="[^"]*"/, '').replace(/<mda:meta type="segments">[^<]*<\/mda:meta>/, '');
    const report = env.services.returns.importXliff({ documentId, file: file(stripped.replace(/>Second and third\.</, '>Changed.<')), user: translator });
    expect(report.refused.map((r) => r.reason)).toEqual([
      expect.stringMatching(/no Duizhao segment ids/),
      expect.stringMatching(/merged, split or shifted since the export/),
    ]);
    expect(report.refused[0]!.label).toMatch(/^unit s\d+ \(line \d+\)$/);
  });
});

describe('hostile and wrong XLIFF files change nothing', () => {
  const xxe = '<?xml version="1.0"?><!DOCTYPE xliff [<!ENTITY x SYSTEM "file:///etc/passwd">]><xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="a" source-language="zh-CN" target-language="en-US" datatype="plaintext"><body><trans-unit id="1"><source>&x;</source></trans-unit></body></file></xliff>';
  const bomb = `<?xml version="1.0"?><!DOCTYPE xliff [<!ENTITY a "aaaaaaaaaa">${Array.from({ length: 8 }, (_, i) => `<!ENTITY ${String.fromCharCode(98 + i)} "${`&${String.fromCharCode(97 + i)};`.repeat(10)}">`).join('')}]><xliff version="1.2"><file><body><trans-unit id="1"><source>&i;</source></trans-unit></body></file></xliff>`;
  it.each([
    ['XXE', xxe, 'forbidden_doctype'],
    ['billion laughs', bomb, 'forbidden_doctype'],
    ['malformed', '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file>', 'invalid_xliff'],
    ['another root', '<tmx version="1.4"/>', 'not_xliff'],
    ['XLIFF 1.1', '<xliff version="1.1" xmlns="urn:oasis:names:tc:xliff:document:1.1"/>', 'invalid_xliff'],
    ['Latin-1', '<?xml version="1.0" encoding="ISO-8859-1"?><xliff version="1.2"/>', 'invalid_xliff'],
    ['binary', '\u0000\u0001PK\u0003\u0004', 'invalid_xliff'],
    ['a Russian file', '<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="zh-CN" trgLang="fr-FR"><file id="f"><unit id="u"><segment><source>甲</source></segment></unit></file></xliff>', 'wrong_language'],
  ])('%s', async (_name, text, code) => {
    const { documentId, head } = await seed();
    const before = JSON.stringify([head(0), head(1), head(3)]);
    const revisions = env.store.revisions.listRevisions(head(0).segmentId, 'en').length;
    expect(() => env.services.returns.importXliff({ documentId, file: file(text), user: translator })).toThrow(expect.objectContaining({ code }));
    expect(JSON.stringify([head(0), head(1), head(3)])).toBe(before);
    expect(env.store.revisions.listRevisions(head(0).segmentId, 'en')).toHaveLength(revisions);
    expect(env.store.users.listAudit({ action: 'xliff_import', limit: 5 })).toEqual([]);
  });

  it('is all or nothing: a failure half-way rolls back the units applied before it', async () => {
    const { documentId, ids, head } = await seed();
    const xml = await exportXliff(documentId, format12());
    const edited = xml.replace('>First.<', '>First, new.<').replace('>Second and third.<', `>${'x'.repeat(100_001)}<`);
    const report = env.services.returns.importXliff({ documentId, file: file(edited), user: translator });
    expect(report.refused).toEqual([expect.objectContaining({ reason: expect.stringMatching(/longer than a slot/) })]);
    expect(head(0).text).toBe('First, new.');
    // A slot edit that fails inside the transaction undoes the whole file.
    const original = env.services.slots.editSlot;
    let calls = 0;
    env.services.slots.editSlot = (input) => { calls += 1; if (calls === 2) throw new Error('disk full'); return original(input); };
    try {
      const twice = (await exportXliff(documentId, format12())).replace('>First, new.<', '>One.<').replace('>Second and third.<', '>Two.<');
      expect(() => env.services.returns.importXliff({ documentId, file: file(twice), user: translator })).toThrow('disk full');
    } finally {
      env.services.slots.editSlot = original;
    }
    expect([head(0).text, head(1).text]).toEqual(['First, new.', 'Second and third.']);
    void ids;
  });

  it('refuses a user who may not work on the language, before reading anything into the slots', async () => {
    const { documentId, head } = await seed();
    const xml = await exportXliff(documentId, format12());
    const admin = (await makeUser(env.services, { roles: ['admin'] })).user;
    env.services.review.assign({ documentId, lang: 'en', userName: 'tina', role: 'translator', user: admin });
    const other = (await makeUser(env.services, { roles: ['translator'] })).user;
    expect(() => env.services.returns.importXliff({ documentId, file: file(xml.replace('>First.<', '>Nope.<')), user: other })).toThrow(expect.objectContaining({ code: 'forbidden' }));
    expect(head(0).text).toBe('First.');
  });
});

describe('statuses and comments coming back', () => {
  it('a reviewer\'s final target is approved; a translator\'s stays translated with a note; new notes become comments', async () => {
    const { documentId, ids, head } = await seed();
    const reviewer = (await makeUser(env.services, { name: 'rita', roles: ['reviewer'] })).user;
    const xml = await exportXliff(documentId, format12());
    const finalFirst = xml.replace(/(<trans-unit id="s\d+"[^>]*dz:status="translated"[^>]*>\n\s*<source>第一句。<\/source>\n\s*<target state=")translated"/, '$1signed-off"')
      .replace('<source>第一句。</source>', '<source>第一句。</source>').replace(/(<\/target>)(\n\s*<\/trans-unit>)/, '$1\n        <note>Looks good to me.</note>$2');
    const byTranslator = env.services.returns.importXliff({ documentId, file: file(finalFirst), user: translator });
    expect(byTranslator.updated).toEqual([expect.objectContaining({ status: 'translated', note: expect.stringMatching(/approving needs a reviewer/) })]);
    expect(byTranslator.commentsAdded).toBe(1);
    expect(env.store.review.listComments(ids[0]!, 'en').map((c) => c.body)).toEqual(['Looks good to me.']);
    const byReviewer = env.services.returns.importXliff({ documentId, file: file(finalFirst), user: reviewer });
    expect(byReviewer.updated).toEqual([expect.objectContaining({ status: 'approved' })]);
    expect(byReviewer.commentsAdded).toBe(0);
    expect(head(0).status).toBe('approved');
  });
});

function format12(): 'xliff12' { return 'xliff12'; }

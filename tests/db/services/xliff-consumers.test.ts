/**
 * Real consumers of our XLIFF (issue #14 §2): translate-toolkit reads every unit of our
 * XLIFF 1.2 with identical source and target; OmegaT 3.6 fills our XLIFF from our TMX in
 * tm/auto and Duizhao imports its target file back into the slots.
 *
 * No Debian or npm package here ships the XLIFF 1.2/2.0 XML schemas (apt-cache search
 * xliff; the omegat, translate-toolkit and okapi-less package lists), so `xmllint
 * --schema` cannot run: the required structure is checked explicitly below instead.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { readXliff } from '../../../src/formats/xliff-reader.js';
import type { User } from '../../../src/store/users.js';
import { makeDocument, makeUser } from '../../helpers/factories.js';
import { bodyText } from '../../helpers/export-readers.js';
import { serviceEnv } from '../../helpers/service-env.js';
import { omegatMissing, omegatTranslate, toolkitMissing, toolkitXliffUnits, xliff2po, xmllintWellFormed } from '../../helpers/xliff-consumers.js';

const env = serviceEnv();
let translator: User;
beforeEach(async () => {
  translator = (await makeUser(env.services, { name: 'tina', roles: ['translator'] })).user;
});

const ZH = ['两国元首举行会谈。', '双方同意加强合作。', '中方支持吉方“三股势力”斗争！', '联合声明 & <附件>？'];
const EN = ['The two heads of state held talks.', 'The two sides agreed to strengthen cooperation.', 'China supports the fight against the "three forces"!', 'Joint statement & <annex>?'];

/** Document A: every slot approved (the TM); document B: the same Chinese, untranslated but for #3 as a draft. */
async function twoDocuments() {
  const a = (await makeDocument(env.services, { title: 'A', text: ZH.join(''), langs: ['en'] })).documentId;
  env.services.documents.placeTranslation({ documentId: a, lang: 'en', sentences: EN, status: 'approved', action: 'import', userId: null, beads: EN.map((_, i) => ({ source: [i], target: [i] })) });
  const b = (await makeDocument(env.services, { title: 'B', text: ZH.join(''), langs: ['en'] })).documentId;
  const third = env.store.segments.listSegments(b)[2]!;
  env.services.slots.editSlot({ documentId: b, segmentId: third.id, lang: 'en', text: 'A draft of our own.', version: 1, user: translator });
  return { a, b };
}

const exportOf = (documentId: number, format: 'tmx' | 'xliff12' | 'xliff20', extra: Record<string, unknown> = {}) =>
  bodyText(env.services.exchange.exportDocuments({ documents: [documentId], format, langs: ['en'], user: null, ...extra }));

describe('XLIFF structure (checked explicitly: no package ships the XLIFF schemas)', () => {
  it('1.2: root, file attributes, one header, unique unit ids, source before target before notes', async () => {
    const { b } = await twoDocuments();
    const xml = await exportOf(b, 'xliff12', { statuses: ['draft'], includeNotes: true });
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"')).toBe(true);
    // <file> requires original, source-language and datatype.
    expect(xml).toMatch(/<file original="doc\d+" source-language="zh-CN" target-language="en-US" datatype="plaintext"/);
    expect(xml).toMatch(/<file [^>]*>\n {4}<header>\n {6}<tool tool-id="duizhao"/);
    const ids = [...xml.matchAll(/<trans-unit id="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
    for (const unit of xml.match(/<trans-unit [\s\S]*?<\/trans-unit>/g) ?? []) {
      const order = [...unit.matchAll(/<(source|target|note)\b/g)].map((m) => m[1]);
      expect(order[0]).toBe('source');
      expect(order.join(',')).toMatch(/^source(,target)?(,note)*$/);
    }
    const read = readXliff(new TextEncoder().encode(xml));
    expect(read).toMatchObject({ version: '1.2', srcLang: 'zh-CN', trgLang: 'en-US' });
  });

  it('2.0: srcLang/trgLang on the root, file and unit ids, metadata before notes before segments', async () => {
    const { b } = await twoDocuments();
    env.services.review.addComment({ documentId: b, segmentId: env.store.segments.listSegments(b)[2]!.id, lang: 'en', body: 'Please check.', user: translator });
    const xml = await exportOf(b, 'xliff20', { statuses: ['draft'], includeNotes: true });
    expect(xml).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<xliff version="2\.0" xmlns="urn:oasis:names:tc:xliff:document:2\.0" xmlns:mda="urn:oasis:names:tc:xliff:metadata:2\.0" xmlns:dz="[^"]+" srcLang="zh-CN" trgLang="en-US">/);
    expect(xml).toMatch(/<file id="doc\d+"/);
    const units = xml.match(/<unit [\s\S]*?<\/unit>/g) ?? [];
    expect(units).toHaveLength(4);
    for (const unit of units) {
      const order = [...unit.matchAll(/<(mda:metadata|notes|segment|source|target)\b/g)].map((m) => m[1]);
      expect(order.join(',')).toMatch(/^mda:metadata,(notes,)?segment,source(,target)?$/);
      // state is one of the four 2.0 values; subState has the prefix:value form.
      expect(unit).toMatch(/<segment id="[^"]+" state="(initial|translated|reviewed|final)" subState="duizhao:[a-z]+">/);
    }
  });
});

describe.skipIf(toolkitMissing)('translate-toolkit reads our XLIFF 1.2', () => {
  it('every unit, with identical source, target and notes; xliff2po converts it; xmllint finds it well-formed', async () => {
    const { a, b } = await twoDocuments();
    env.services.review.addComment({ documentId: a, segmentId: env.store.segments.listSegments(a)[3]!.id, lang: 'en', body: 'Keep “&” and <annex>.', user: translator });
    for (const [documentId, extra] of [[a, { includeNotes: true }], [b, { statuses: ['draft'] }], [b, { copySourceToEmptyTargets: true }]] as const) {
      const xml = await exportOf(documentId, 'xliff12', extra);
      expect(xmllintWellFormed(xml)).toEqual({ status: 0, output: '' });
      const ours = readXliff(new TextEncoder().encode(xml)).units.map((u) => [u.source, u.target, u.notes.join('\n')]);
      expect(ours).toHaveLength(4);
      expect(toolkitXliffUnits(xml)).toEqual(ours);
      const po = xliff2po(xml);
      expect(po.status, po.output).toBe(0);
      for (const [source] of ours) expect(po.po).toContain(`msgid "${source!.replace(/"/g, '\\"')}"`);
    }
    const xml = await exportOf(a, 'xliff12');
    expect(toolkitXliffUnits(xml).map((u) => u[1])).toEqual(EN);
  });
});

describe.skipIf(omegatMissing)('OmegaT 3.6 round trip', () => {
  it('fills our XLIFF 1.2 from our TMX in tm/auto, and Duizhao imports its target file into the same slots', { timeout: 240_000 }, async () => {
    const { a, b } = await twoDocuments();
    const tmx = await exportOf(a, 'tmx');
    // OmegaT's XLIFF filter translates <target>: untranslated units carry the Chinese there.
    const xliff = await exportOf(b, 'xliff12', { statuses: ['draft', 'translated', 'approved'], copySourceToEmptyTargets: true });
    const omegat = omegatTranslate({ xliff, tmx, source: 'zh-CN', target: 'en-US' });
    expect(omegat.status, omegat.log).toBe(0);
    expect(omegat.log).toContain('Created by: Duizhao');
    const returned = readXliff(new TextEncoder().encode(omegat.xliff));
    expect(returned.units.map((u) => u.target)).toEqual([EN[0], EN[1], 'A draft of our own.', EN[3]]);

    const report = env.services.returns.importXliff({ documentId: b, file: { name: 'document.xlf', bytes: new TextEncoder().encode(omegat.xliff) }, user: translator });
    expect(report.updated.map((u) => u.after)).toEqual([EN[0], EN[1], EN[3]]);
    expect(report.unchanged).toHaveLength(1);
    expect(report).toMatchObject({ conflicts: [], refused: [] });
    const slots = env.store.slots.listSlots(b, 'en').map((s) => (s.kind === 'head' ? [s.text, s.status] : []));
    // OmegaT left the state as we wrote it, so its auto-inserted matches are drafts for a person to confirm.
    expect(slots).toEqual([[EN[0], 'draft'], [EN[1], 'draft'], ['A draft of our own.', 'draft'], [EN[3], 'draft']]);
  });
});

/** Issue #14 §5: SRX rule sets and per-document abbreviations, end to end through the env.services. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { makeUser } from '../../helpers/factories.js';
import { serviceEnv } from '../../helpers/service-env.js';

const env = serviceEnv();

const srxFile = (name: string) => ({ name, bytes: new Uint8Array(readFileSync(new URL(`../../fixtures/srx/${name}`, import.meta.url))) });
const text = (s: string) => ({ name: 'x.srx', bytes: new TextEncoder().encode(s) });
const SAFE_HEAD = '<srx xmlns="http://www.lisa.org/srx20" version="2.0"><header cascade="no"/><body><languagerules><languagerule languagerulename="X">';
const SAFE_TAIL = '</languagerule></languagerules><maprules><languagemap languagepattern=".*" languagerulename="X"/></maprules></body></srx>';

describe('segmentation rule sets', () => {
  it('imports an SRX file and segments a new document\'s Chinese with it, then its translations', async () => {
    const set = env.services.segmentation.importRuleSet({ name: '', file: srxFile('omegat-defaultRules-zh.srx'), user: null });
    expect(set.name).toBe('omegat-defaultRules-zh');
    const withRules = await env.services.documents.importDocument({ title: 'T', text: '读《书。名》吧。再见！', langs: ['en'], segmentationRulesId: set.id, user: null });
    expect(env.store.segments.listSegments(withRules.documentId).map((s) => s.text)).toEqual(['读《书。', '名》吧。', '再见！']);
    const builtIn = await env.services.documents.importDocument({ title: 'T', text: '读《书。名》吧。再见！', langs: ['en'], user: null });
    expect(env.store.segments.listSegments(builtIn.documentId).map((s) => s.text)).toEqual(['读《书。名》吧。', '再见！']);
    expect(env.services.segmentation.documentSettings(withRules.documentId)).toMatchObject({ rulesId: set.id, abbreviations: [] });
    await expect(env.services.documents.importDocument({ title: 'T', text: '甲。', segmentationRulesId: 999, user: null })).rejects.toThrow(/no segmentation rule set 999/);
  });

  it('splits a document\'s translations with its rule set and abbreviations', async () => {
    const lt = env.services.segmentation.importRuleSet({ name: 'LanguageTool', file: srxFile('languagetool-segment-en-ru.srx'), user: null });
    const { documentId } = await env.services.documents.importDocument({ title: 'T', text: '甲。乙。丙。', langs: ['en'], user: null });
    const prepare = (t: string) => env.services.translations.prepare({ documentId, lang: 'en', text: t, user: null }).then((p) => p.sentences.map((s) => s.text));
    const english = 'Prices incl. Tax went up. Mr. Smith left.';
    expect(await prepare(english)).toEqual(['Prices incl.', 'Tax went up.', 'Mr. Smith left.']);
    env.services.segmentation.setDocumentSegmentation({ documentId, rulesId: null, abbreviations: ['incl.'], user: null });
    expect(await prepare(english)).toEqual(['Prices incl. Tax went up.', 'Mr. Smith left.']);
    env.services.segmentation.setDocumentSegmentation({ documentId, rulesId: lt.id, abbreviations: ['incl'], user: null });
    expect(await prepare(`${english} Dr. Jones came.`)).toEqual(['Prices incl. Tax went up.', 'Mr. Smith left.', 'Dr. Jones came.']);
    // Saving the same settings again writes nothing.
    env.services.segmentation.setDocumentSegmentation({ documentId, rulesId: lt.id, abbreviations: ['incl.'], user: null });
    expect(env.store.users.listAudit({ action: 'segmentation_rules', limit: 10 })).toHaveLength(3);
  });

  it.each([
    ['an entity bomb', '<!DOCTYPE srx [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]><srx version="2.0">&b;</srx>', 'forbidden_doctype'],
    ['malformed XML', '<srx version="2.0"><body>', 'invalid_srx'],
    ['catastrophic backtracking', `${SAFE_HEAD}<rule break="yes"><beforebreak>(a|aa)+\\.</beforebreak><afterbreak></afterbreak></rule>${SAFE_TAIL}`, 'unsafe_pattern'],
    ['a Java-only construct', `${SAFE_HEAD}<rule break="yes"><beforebreak>[a-z&amp;&amp;[^x]]\\.</beforebreak><afterbreak></afterbreak></rule>${SAFE_TAIL}`, 'unsafe_pattern'],
    ['a map to a missing rule set', SAFE_HEAD.replace('"X"', '"Y"') + '<rule break="yes"><beforebreak>\\.</beforebreak><afterbreak></afterbreak></rule>' + SAFE_TAIL, 'unsafe_pattern'],
  ])('refuses %s and stores nothing', (_name, srx, code) => {
    expect(() => env.services.segmentation.importRuleSet({ name: 'bad', file: text(srx), user: null })).toThrow(expect.objectContaining({ code }));
    expect(env.services.segmentation.listRuleSets()).toEqual([]);
  });

  it('is for translators and admins; abbreviations are checked', async () => {
    const { user } = await makeUser(env.services, { roles: ['reviewer'] });
    expect(() => env.services.segmentation.importRuleSet({ name: 'x', file: srxFile('omegat-defaultRules-zh.srx'), user })).toThrow(expect.objectContaining({ code: 'forbidden' }));
    const { documentId } = await env.services.documents.importDocument({ title: 'T', text: '甲。', langs: ['en'], user: null });
    expect(() => env.services.segmentation.setDocumentSegmentation({ documentId, rulesId: null, abbreviations: ['two words'], user: null })).toThrow(/not an abbreviation/);
    expect(() => env.services.segmentation.setDocumentSegmentation({ documentId, rulesId: 42, abbreviations: [], user: null })).toThrow(/no segmentation rule set 42/);
  });
});

/**
 * Reads an SRX 2.0 file (LISA OSCAR Segmentation Rules eXchange) into its rule sets and
 * language maps. Pure: text in, plain data out; the patterns are compiled and checked by
 * text/srx.ts. Hostile XML is refused like every other file we read: no DOCTYPE with an
 * internal subset (entities), well-formed, root <srx> version 2.0.
 */
import { SaxesParser } from 'saxes';
import type { SrxSource } from '../text/srx.js';
import { guardXml } from './xml-guard.js';

export class SrxReadError extends Error {
  constructor(readonly code: 'malformed_xml' | 'not_srx' | 'forbidden_doctype' | 'empty_rules', message: string) {
    super(message);
    this.name = 'SrxReadError';
  }
}

/**
 * @example readSrx('<srx version="2.0"><header cascade="no"/><body><languagerules><languagerule languagerulename="Z"><rule break="yes"><beforebreak>。</beforebreak><afterbreak></afterbreak></rule></languagerule></languagerules><maprules><languagemap languagepattern="zh.*" languagerulename="Z"/></maprules></body></srx>')
 *   → { cascade: false, rules: { Z: [{ break: true, before: '。', after: '' }] }, maps: [{ pattern: 'zh.*', rule: 'Z' }] }
 */
export function readSrx(text: string): SrxSource {
  const parser = new SaxesParser({ xmlns: true });
  const source: SrxSource = { cascade: false, rules: {}, maps: [] };
  let sawRoot = false;
  let ruleSet: string | undefined;
  let rule: { break: boolean; before: string; after: string } | undefined;
  let field: 'before' | 'after' | undefined;
  guardXml(parser, {
    what: 'SRX files',
    refuse: (kind, message) => { throw new SrxReadError(kind === 'forbidden_doctype' ? 'forbidden_doctype' : 'malformed_xml', message); },
  });
  parser.on('opentag', (tag) => {
    const attr = (name: string) => {
      const a = tag.attributes[name];
      return typeof a === 'object' ? a.value : typeof a === 'string' ? a : undefined;
    };
    if (!sawRoot) {
      sawRoot = true;
      if (tag.local !== 'srx') throw new SrxReadError('not_srx', `This is not an SRX file: its root element is <${tag.name}>, not <srx>.`);
      if (attr('version') !== '2.0') throw new SrxReadError('not_srx', `Only SRX 2.0 is supported; this file says version "${attr('version') ?? '?'}".`);
      return;
    }
    switch (tag.local) {
      case 'header':
        // SRX 2.0: cascade defaults to "yes".
        source.cascade = (attr('cascade') ?? 'yes') === 'yes';
        return;
      case 'languagerule':
        ruleSet = attr('languagerulename') ?? '';
        source.rules[ruleSet] = [];
        return;
      case 'rule':
        if (ruleSet !== undefined) rule = { break: (attr('break') ?? 'yes') === 'yes', before: '', after: '' };
        return;
      case 'beforebreak': field = 'before'; return;
      case 'afterbreak': field = 'after'; return;
      case 'languagemap':
        source.maps.push({ pattern: attr('languagepattern') ?? '', rule: attr('languagerulename') ?? '' });
        return;
      default:
    }
  });
  parser.on('text', (value) => {
    if (rule && field) rule[field] += value;
  });
  parser.on('closetag', (tag) => {
    switch (tag.local) {
      case 'beforebreak': case 'afterbreak': field = undefined; return;
      case 'rule':
        if (rule && ruleSet !== undefined) source.rules[ruleSet]!.push(rule);
        rule = undefined;
        return;
      case 'languagerule': ruleSet = undefined; return;
      default:
    }
  });
  try {
    parser.write(text).close();
  } catch (error) {
    if (error instanceof SrxReadError) throw error;
    throw new SrxReadError('malformed_xml', `The file is not well-formed XML (${error instanceof Error ? error.message : String(error)}).`);
  }
  if (!sawRoot) throw new SrxReadError('not_srx', 'The file holds no XML element.');
  if (source.maps.length === 0 || Object.values(source.rules).every((r) => r.length === 0)) {
    throw new SrxReadError('empty_rules', 'The file defines no rules or no language maps, so it would segment nothing.');
  }
  return source;
}

/**
 * An XLIFF 1.2 / 2.0 reader over saxes (strict, non-validating, namespace-aware; it never
 * fetches or expands anything but the five predefined entities and character references).
 * Pure: bytes in, units out. A file is refused whole for malformed XML, another root, a
 * DOCTYPE with an internal subset (XXE, entity bombs) or a non-UTF encoding.
 *
 * Inline markup: 1.2 `<g>` and `<mrk>`, 2.0 `<pc>` and `<mrk>` keep their text; codes
 * (1.2 `<x> <bx> <ex> <ph> <bpt> <ept> <it>` and their `<sub>`, 2.0 `<ph> <sc> <ec> <sm>
 * <em> <cp>`) are dropped and counted. Only the unit's own source and target are read:
 * those inside 1.2 `<alt-trans>` are other tools' suggestions.
 */
import { SaxesParser, type SaxesTagNS } from 'saxes';
import { guardXml } from './xml-guard.js';
import { DUIZHAO_XLIFF_NS, XLIFF12_NS, XLIFF20_NS, XLIFF_MDA_NS, type XliffVersion } from './xliff-writer.js';

export type XliffReadErrorCode = 'malformed_xml' | 'not_xliff' | 'forbidden_doctype' | 'empty_file' | 'bad_encoding' | 'unsupported_version';

export class XliffReadError extends Error {
  constructor(readonly code: XliffReadErrorCode, message: string) {
    super(message);
    this.name = 'XliffReadError';
  }
}

export interface XliffReadUnit {
  /** Line of the unit's start tag, for reports. */
  line: number;
  id: string;
  /** The `<file>`'s `dz:document-id`, else its id/original. */
  file: { documentId?: string; original?: string };
  /** Duizhao's ids, from dz: attributes or (2.0) the Metadata module. */
  duizhao: { segments?: string; version?: string; status?: string; confidence?: string };
  source: string;
  /** null when the unit has no target at all. */
  target: string | null;
  /** 1.2 target@state, 2.0 the first segment's state. */
  state?: string;
  subState?: string;
  /** 1.2 trans-unit@approved="yes". */
  approved: boolean;
  notes: string[];
  droppedCodes: number;
}

export interface XliffReadResult {
  version: XliffVersion;
  srcLang?: string;
  trgLang?: string;
  units: XliffReadUnit[];
}

const KEEP_TEXT = new Set(['g', 'mrk', 'pc']);

/**
 * Reads a whole XLIFF file (the caller bounds its size).
 * @example readXliff(utf8('<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="a" source-language="zh-CN" target-language="en-US" datatype="plaintext"><body><trans-unit id="s1"><source>甲</source><target>A</target></trans-unit></body></file></xliff>'))
 *   → { version: '1.2', srcLang: 'zh-CN', trgLang: 'en-US', units: [{ id: 's1', source: '甲', target: 'A', … }] }
 */
export function readXliff(bytes: Uint8Array): XliffReadResult {
  if (bytes.byteLength === 0) throw new XliffReadError('empty_file', 'The file is empty.');
  let textOf: string;
  try {
    const utf16 = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : null;
    textOf = new TextDecoder(utf16 ?? 'utf-8', { fatal: true }).decode(utf16 ? bytes.subarray(2) : bytes);
  } catch {
    throw new XliffReadError('bad_encoding', 'The file is not valid UTF-8 (or UTF-16 with a byte order mark). Save it again as UTF-8.');
  }
  const parser = new SaxesParser({ xmlns: true, position: true });
  const result: XliffReadResult = { version: '1.2', units: [] };
  const stack: SaxesTagNS[] = [];
  let sawRoot = false;
  let file: XliffReadUnit['file'] = {};
  let unit: XliffReadUnit | undefined;
  /** Where text goes now: the unit's source or target, a note, or a meta value. */
  let sink: { kind: 'source' | 'target' | 'note' | 'meta'; text: string; type?: string } | undefined;
  let codeDepth = 0;
  let segmentCount = 0;

  const fail = (code: XliffReadErrorCode, message: string): never => {
    throw new XliffReadError(code, message);
  };
  const attr = (tag: SaxesTagNS, local: string, uri = ''): string | undefined => {
    for (const a of Object.values(tag.attributes)) {
      if (a.local === local && a.uri === uri && a.value !== '') return a.value;
    }
    return undefined;
  };

  guardXml(parser, { what: 'XLIFF files', refuse: fail });
  parser.on('opentag', (tag) => {
    const parent = stack[stack.length - 1];
    stack.push(tag);
    const name = tag.local;
    if (!sawRoot) {
      sawRoot = true;
      if (name !== 'xliff') fail('not_xliff', `This is not an XLIFF file: its root element is <${tag.name}>, not <xliff>.`);
      if (tag.uri === XLIFF20_NS) result.version = '2.0';
      else if (tag.uri === XLIFF12_NS || (tag.uri === '' && attr(tag, 'version') === '1.2')) result.version = '1.2';
      else fail('unsupported_version', `Only XLIFF 1.2 and 2.0 can be imported; this file is version "${attr(tag, 'version') ?? '?'}" (${tag.uri || 'no namespace'}).`);
      if (result.version === '2.0') {
        const src = attr(tag, 'srcLang');
        const trg = attr(tag, 'trgLang');
        if (src) result.srcLang = src;
        if (trg) result.trgLang = trg;
      }
      return;
    }
    if (sink && (sink.kind === 'source' || sink.kind === 'target')) {
      if (codeDepth > 0 || !KEEP_TEXT.has(name)) {
        if (codeDepth === 0 && unit) unit.droppedCodes += 1;
        codeDepth += 1;
      }
      return;
    }
    if (tag.uri === XLIFF_MDA_NS) {
      if (name === 'meta' && unit) sink = { kind: 'meta', text: '', type: attr(tag, 'type') ?? '' };
      return;
    }
    const core = tag.uri === XLIFF12_NS || tag.uri === XLIFF20_NS || tag.uri === '';
    if (!core) return;
    switch (name) {
      case 'file':
        file = { ...(attr(tag, 'document-id', DUIZHAO_XLIFF_NS) && { documentId: attr(tag, 'document-id', DUIZHAO_XLIFF_NS) }), ...((attr(tag, 'original') ?? attr(tag, 'id')) && { original: attr(tag, 'original') ?? attr(tag, 'id') }) };
        if (result.version === '1.2') {
          result.srcLang ??= attr(tag, 'source-language');
          result.trgLang ??= attr(tag, 'target-language');
        }
        return;
      case 'trans-unit':
      case 'unit': {
        segmentCount = 0;
        const dz = (local: string) => attr(tag, local, DUIZHAO_XLIFF_NS);
        unit = {
          line: parser.line, id: attr(tag, 'id') ?? '', file, source: '', target: null, approved: attr(tag, 'approved') === 'yes', notes: [], droppedCodes: 0,
          duizhao: {
            ...(dz('segments') && { segments: dz('segments') }), ...(dz('version') && { version: dz('version') }),
            ...(dz('status') && { status: dz('status') }), ...(dz('confidence') && { confidence: dz('confidence') }),
          },
        };
        return;
      }
      case 'segment':
        if (!unit) return;
        segmentCount += 1;
        // A tool may have split the unit into several segments: the first one's state speaks for them.
        if (segmentCount === 1) {
          const state = attr(tag, 'state');
          const subState = attr(tag, 'subState');
          if (state) unit.state = state;
          if (subState) unit.subState = subState;
        }
        return;
      case 'source':
      case 'target': {
        const owner = parent?.local;
        // Only the unit's own texts: not those of alt-trans, seg-source or a match.
        if (!unit || !(owner === 'trans-unit' || owner === 'segment' || owner === 'ignorable')) return;
        if (name === 'target' && result.version === '1.2') {
          const state = attr(tag, 'state');
          if (state) unit.state = state;
        }
        sink = { kind: name, text: '' };
        return;
      }
      case 'note':
        if (unit) sink = { kind: 'note', text: '' };
        return;
      default:
    }
  });
  const onText = (value: string) => {
    if (!sink || codeDepth > 0) return;
    sink.text += value;
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('closetag', (tag) => {
    stack.pop();
    if (sink && (sink.kind === 'source' || sink.kind === 'target') && codeDepth > 0) {
      codeDepth -= 1;
      return;
    }
    const name = tag.local;
    if (sink && unit) {
      if (sink.kind === 'meta' && name === 'meta') {
        const type = sink.type;
        if (type === 'segments' || type === 'version' || type === 'status' || type === 'confidence') unit.duizhao[type] ??= sink.text.trim();
        sink = undefined;
        return;
      }
      if (sink.kind === 'note' && name === 'note') {
        unit.notes.push(sink.text);
        sink = undefined;
        return;
      }
      if ((sink.kind === 'source' || sink.kind === 'target') && name === sink.kind) {
        // Several 2.0 segments (and the ignorables between them) join back into one text.
        if (sink.kind === 'source') unit.source += sink.text;
        else unit.target = (unit.target ?? '') + sink.text;
        sink = undefined;
        return;
      }
    }
    if ((name === 'trans-unit' || name === 'unit') && unit) {
      result.units.push(unit);
      unit = undefined;
    }
    if (name === 'file') file = {};
  });

  try {
    parser.write(textOf).close();
  } catch (error) {
    if (error instanceof XliffReadError) throw error;
    const message = error instanceof Error ? error.message.replace(/^undefined:/, 'line ') : String(error);
    throw new XliffReadError('malformed_xml', `The file is not well-formed XML (${message}). Nothing was imported.`);
  }
  if (!sawRoot) fail('empty_file', 'The file holds no XML element.');
  return result;
}

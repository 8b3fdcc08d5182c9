/**
 * The checks every XML file we read from users gets before any of its content is used
 * (XLIFF, SRX, the parts of a .docx): an XML declaration naming an encoding other than
 * UTF-8/UTF-16 is refused, and so is a DOCTYPE with an internal subset — that is where
 * entity declarations live: external entities (XXE) and nested expansions (billion
 * laughs). saxes itself never fetches or expands anything but the predefined entities.
 */
import type { SaxesOptions, SaxesParser } from 'saxes';

const UTF = ['utf-8', 'utf8', 'utf-16', 'utf-16le', 'utf-16be'];

/**
 * Installs the checks on a parser; `refuse` throws the caller's own error.
 * @example guardXml(parser, { what: 'XLIFF files', refuse: (kind, message) => { throw new MyError(kind, message); } })
 */
export function guardXml<O extends SaxesOptions>(parser: SaxesParser<O>, options: { what: string; refuse: (kind: 'bad_encoding' | 'forbidden_doctype', message: string) => never }): void {
  parser.on('xmldecl', (decl) => {
    const encoding = decl.encoding?.toLowerCase();
    if (encoding && !UTF.includes(encoding)) {
      options.refuse('bad_encoding', `The file declares encoding "${decl.encoding}"; ${options.what} must be UTF-8 or UTF-16. Save it again as UTF-8.`);
    }
  });
  parser.on('doctype', (doctype) => {
    if (doctype.includes('[') || /<!ENTITY/i.test(doctype)) {
      options.refuse('forbidden_doctype', `The file's DOCTYPE declares entities or an internal DTD subset. ${options.what} never need these and they can be used to attack the server, so the file was refused.`);
    }
  });
}

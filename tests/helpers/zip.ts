import { crc32, deflateRawSync } from 'node:zlib';

/** One part of a hand-made ZIP archive; `declaredSize` lets a test lie in the headers. */
export interface ZipPart { name: string; data: Buffer | string; declaredSize?: number; encrypted?: boolean; store?: boolean }

/**
 * A minimal ZIP writer (PKWARE APPNOTE 4.3: local headers, central directory, end record)
 * for tests that need archives no honest tool writes: lying sizes, thousands of parts,
 * bombs. Deflate unless `store`.
 */
export function makeZip(parts: readonly ZipPart[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const data = typeof part.data === 'string' ? Buffer.from(part.data, 'utf8') : part.data;
    const body = part.store ? data : deflateRawSync(data, { level: 9 });
    const name = Buffer.from(part.name, 'utf8');
    const size = part.declaredSize ?? data.length;
    const flags = (part.encrypted ? 0x1 : 0) | 0x800;
    const method = part.store ? 0 : 8;
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, body);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const CONTENT_TYPES = '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>';
const RELS = '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>';

/** The XML of a document.xml whose body is `paragraphs`. */
export function documentXml(paragraphs: Iterable<string>): string {
  let body = '';
  for (const p of paragraphs) body += `<w:p><w:r><w:t>${p}</w:t></w:r></w:p>`;
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`;
}

/** A valid .docx with these parts besides the three every document has. */
export function makeDocx(document: string, extra: readonly ZipPart[] = [], override: Partial<ZipPart> = {}): Buffer {
  return makeZip([
    { name: '[Content_Types].xml', data: CONTENT_TYPES },
    { name: '_rels/.rels', data: RELS },
    { name: 'word/document.xml', data: document, ...override },
    ...extra,
  ]);
}

/** A .docx whose document.xml inflates to about `megabytes` MB of one repeated paragraph. */
export function docxBomb(megabytes: number): Buffer {
  const paragraph = '<w:p><w:r><w:t>两国元首举行会谈。</w:t></w:r></w:p>';
  const count = Math.ceil((megabytes * 1024 * 1024) / Buffer.byteLength(paragraph));
  return makeDocx(documentXml([]).replace('<w:body></w:body>', `<w:body>${paragraph.repeat(count)}</w:body>`));
}

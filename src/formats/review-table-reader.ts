/**
 * Reads a review table back from a .docx a reviewer saved in Word (formats/review-table.ts
 * wrote it). Pure: bytes in, rows out. The table is found by its `Duizhao ID` header;
 * each cell's text is what Word shows with tracked changes accepted (inserted runs kept,
 * `w:delText` and moved-away text dropped); Word comments are tied to the cell their
 * anchor starts in.
 *
 * The package is untrusted: the ZIP is refused before anything is inflated when it has
 * too many entries or declares a part larger than the limits, and every part is inflated
 * through a counter that stops at the limit whatever the ZIP declared (zip bombs).
 */
import JSZip from 'jszip';
import { SaxesParser, type SaxesTagNS } from 'saxes';
import { REVIEW_TABLE_ID_COLUMN } from './review-table.js';

export type ReviewTableReadErrorCode = 'not_docx' | 'too_large' | 'no_table' | 'malformed_xml' | 'forbidden_doctype';

export class ReviewTableReadError extends Error {
  constructor(readonly code: ReviewTableReadErrorCode, message: string) {
    super(message);
    this.name = 'ReviewTableReadError';
  }
}

export const REVIEW_TABLE_LIMITS = {
  /** Entries in the package: Word writes about 15; a few hundred images are still plausible. */
  maxEntries: 2000,
  /** Inflated size of word/document.xml (20,000 rows of long texts fit well below it). */
  maxDocumentBytes: 64 * 1024 * 1024,
  maxCommentsBytes: 16 * 1024 * 1024,
  /** Inflated size / compressed size above this, for parts over 1 MB, is a bomb, not XML. */
  maxRatio: 200,
};
export type ReviewTableLimits = typeof REVIEW_TABLE_LIMITS;

export interface ReviewTableRow {
  /** 1-based row in the table, the header being row 1. */
  row: number;
  /** Cell texts by column title (header text). */
  cells: Record<string, string>;
  /** Word comments whose anchor starts in the row: the column title it starts in, author and text. */
  comments: { column: string; author: string; text: string }[];
}

export interface ReviewTableRead {
  columns: string[];
  rows: ReviewTableRow[];
}

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';

async function inflate(zip: JSZip, name: string, limit: number): Promise<string | undefined> {
  const entry = zip.file(name);
  if (!entry) return undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  await new Promise<void>((resolve, reject) => {
    const stream = entry.nodeStream('nodebuffer');
    stream.on('data', (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > limit) {
        (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
        reject(new ReviewTableReadError('too_large', `The file's ${name} inflates to more than ${Math.round(limit / 1024 / 1024)} MB: it is not a review table Duizhao wrote (or it is a zip bomb), so it was refused.`));
        return;
      }
      chunks.push(chunk);
    });
    stream.on('end', () => resolve());
    stream.on('error', (error: unknown) => reject(error instanceof ReviewTableReadError ? error : new ReviewTableReadError('not_docx', 'The file is a damaged ZIP package; save it again in Word as .docx.')));
  });
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new ReviewTableReadError('not_docx', `The file's ${name} is not UTF-8 XML; save it again in Word as .docx.`);
  }
}

/** Declared sizes, checked before anything is inflated (JSZip reads them from the central directory). */
function checkDeclared(zip: JSZip, limits: ReviewTableLimits): void {
  const entries = Object.values(zip.files);
  if (entries.length > limits.maxEntries) {
    throw new ReviewTableReadError('too_large', `The package holds ${entries.length} entries; a review table has a few dozen at most. It was refused.`);
  }
  for (const entry of entries) {
    // JSZip keeps the central directory's sizes on a private field (typed in its index.d.ts as `_data`).
    const data = (entry as unknown as { _data?: { uncompressedSize?: unknown; compressedSize?: unknown } })._data;
    const size = typeof data?.uncompressedSize === 'number' ? data.uncompressedSize : 0;
    const packed = typeof data?.compressedSize === 'number' ? data.compressedSize : 0;
    if (size > limits.maxDocumentBytes || (size > 1024 * 1024 && size > limits.maxRatio * Math.max(1, packed))) {
      throw new ReviewTableReadError('too_large', `The package's ${entry.name} declares ${Math.round(size / 1024 / 1024)} MB from ${Math.round(packed / 1024)} KB: that is a zip bomb, not a review table. It was refused.`);
    }
  }
}

function parseXml(xml: string, handlers: { open(tag: SaxesTagNS, stack: readonly SaxesTagNS[]): void; close(tag: SaxesTagNS, stack: readonly SaxesTagNS[]): void; text(text: string, stack: readonly SaxesTagNS[]): void }): void {
  const parser = new SaxesParser({ xmlns: true });
  const stack: SaxesTagNS[] = [];
  parser.on('doctype', () => {
    throw new ReviewTableReadError('forbidden_doctype', 'The document part declares a DOCTYPE; Word never writes one and it can carry entity attacks, so the file was refused.');
  });
  parser.on('opentag', (tag) => {
    handlers.open(tag, stack);
    stack.push(tag);
  });
  parser.on('closetag', (tag) => {
    stack.pop();
    handlers.close(tag, stack);
  });
  parser.on('text', (text) => handlers.text(text, stack));
  try {
    parser.write(xml).close();
  } catch (error) {
    if (error instanceof ReviewTableReadError) throw error;
    throw new ReviewTableReadError('malformed_xml', `The document part is not well-formed XML (${error instanceof Error ? error.message : String(error)}).`);
  }
}

const wAttr = (tag: SaxesTagNS, local: string): string | undefined => {
  for (const a of Object.values(tag.attributes)) if (a.local === local && a.uri === W) return a.value;
  return undefined;
};

/** Word comments (word/comments.xml): id → author and text. */
function readComments(xml: string): Map<string, { author: string; text: string }> {
  const comments = new Map<string, { author: string; text: string }>();
  let current: { id: string; author: string; paragraphs: string[] } | undefined;
  parseXml(xml, {
    open(tag) {
      if (tag.uri !== W) return;
      if (tag.local === 'comment') current = { id: wAttr(tag, 'id') ?? '', author: wAttr(tag, 'author') ?? '', paragraphs: [] };
      else if (tag.local === 'p' && current) current.paragraphs.push('');
      else if ((tag.local === 'tab') && current) current.paragraphs[current.paragraphs.length - 1] += '\t';
    },
    close(tag) {
      if (tag.uri === W && tag.local === 'comment' && current) {
        comments.set(current.id, { author: current.author, text: current.paragraphs.join('\n').trim() });
        current = undefined;
      }
    },
    text(text, stack) {
      const top = stack[stack.length - 1];
      if (current && top?.uri === W && top.local === 't' && current.paragraphs.length > 0) current.paragraphs[current.paragraphs.length - 1] += text;
    },
  });
  return comments;
}

/**
 * Reads the review table of a .docx.
 * @example await readReviewTable(bytesOfAnExportedTable) → { columns: ['Duizhao ID', 'segments', 'zh-CN', …], rows: [{ row: 2, cells: { 'Duizhao ID': 'doc1 seg1 en:1.2', … }, comments: [] }] }
 */
export async function readReviewTable(bytes: Uint8Array, limits: ReviewTableLimits = REVIEW_TABLE_LIMITS): Promise<ReviewTableRead> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes, { checkCRC32: false });
  } catch {
    throw new ReviewTableReadError('not_docx', 'The file is not a .docx (ZIP) package. Save the review table in Word as .docx and try again.');
  }
  checkDeclared(zip, limits);
  const document = await inflate(zip, 'word/document.xml', limits.maxDocumentBytes);
  if (document === undefined) throw new ReviewTableReadError('not_docx', 'The package has no word/document.xml: it is not a Word document.');
  const commentsXml = await inflate(zip, 'word/comments.xml', limits.maxCommentsBytes);
  const wordComments = commentsXml === undefined ? new Map<string, { author: string; text: string }>() : readComments(commentsXml);

  const tables: { rows: { cells: string[]; anchors: { cell: number; id: string }[] }[] }[] = [];
  let tableDepth = 0;
  let row: { cells: string[]; anchors: { cell: number; id: string }[] } | undefined;
  let cell: string[] | undefined;
  /** Inside w:del / w:moveFrom: text a tracked change removed. */
  let removedDepth = 0;
  parseXml(document, {
    open(tag) {
      if (tag.uri !== W) return;
      switch (tag.local) {
        case 'tbl':
          tableDepth += 1;
          if (tableDepth === 1) tables.push({ rows: [] });
          return;
        case 'tr':
          if (tableDepth === 1) row = { cells: [], anchors: [] };
          return;
        case 'tc':
          if (tableDepth === 1 && row) cell = [];
          return;
        case 'p':
          if (tableDepth === 1 && cell) cell.push('');
          return;
        case 'del': case 'moveFrom':
          removedDepth += 1;
          return;
        case 'tab':
          if (tableDepth === 1 && cell && removedDepth === 0 && cell.length > 0) cell[cell.length - 1] += '\t';
          return;
        case 'br': case 'cr':
          if (tableDepth === 1 && cell && removedDepth === 0 && cell.length > 0) cell[cell.length - 1] += '\n';
          return;
        case 'commentRangeStart': case 'commentReference': {
          const id = wAttr(tag, 'id');
          if (tableDepth === 1 && row && id !== undefined && !row.anchors.some((a) => a.id === id)) row.anchors.push({ cell: row.cells.length, id });
          return;
        }
        default:
      }
    },
    close(tag) {
      if (tag.uri !== W) return;
      switch (tag.local) {
        case 'tbl':
          tableDepth -= 1;
          return;
        case 'tc':
          if (tableDepth === 1 && row && cell) {
            row.cells.push(cell.join('\n'));
            cell = undefined;
          }
          return;
        case 'tr':
          if (tableDepth === 1 && row) {
            tables[tables.length - 1]!.rows.push(row);
            row = undefined;
          }
          return;
        case 'del': case 'moveFrom':
          removedDepth -= 1;
          return;
        default:
      }
    },
    text(text, stack) {
      const top = stack[stack.length - 1];
      // w:t is shown text; w:delText (deleted runs) and w:instrText (field codes) are not.
      if (tableDepth === 1 && cell && removedDepth === 0 && top?.uri === W && top.local === 't' && cell.length > 0) cell[cell.length - 1] += text;
    },
  });

  const table = tables.find((t) => t.rows[0]?.cells[0]?.trim() === REVIEW_TABLE_ID_COLUMN);
  if (!table) {
    throw new ReviewTableReadError('no_table', `The document has no table whose first column is "${REVIEW_TABLE_ID_COLUMN}": it is not a review table exported by Duizhao, or that column was removed.`);
  }
  const columns = table.rows[0]!.cells.map((c) => c.trim());
  const rows = table.rows.slice(1).map((r, i): ReviewTableRow => ({
    row: i + 2,
    cells: Object.fromEntries(columns.map((title, c) => [title, r.cells[c] ?? ''])),
    comments: r.anchors.flatMap((a) => {
      const comment = wordComments.get(a.id);
      return comment && comment.text ? [{ column: columns[a.cell] ?? columns[0]!, author: comment.author, text: comment.text }] : [];
    }),
  }));
  return { columns, rows };
}

/**
 * A bilingual (or multilingual) review table as a Word document (.docx), built with the
 * `docx` package: reviewers outside the tool mark it up with Word's tracked changes and
 * comments. Pure: returns the bytes; the file is built in memory (docx has no streaming
 * writer), so exports of this format are capped by the caller.
 */
import { AlignmentType, Document, HeadingLevel, Packer, PageOrientation, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import { cleanXmlText, type CleanStats } from './xml.js';

/** The header of the column holding each row's ids; the reader finds the table by it. */
export const REVIEW_TABLE_ID_COLUMN = 'Duizhao ID';

/** `kind: 'id'` marks the ids column: small grey text a reviewer leaves alone. */
export interface ReviewColumn { title: string; lang?: string; kind?: 'id' }

export interface ReviewTableInput {
  title: string;
  /** Printed under the title: who exported what, when. */
  subtitle: string;
  columns: readonly ReviewColumn[];
  rows: Iterable<readonly string[]>;
}

function cell(text: string, stats: CleanStats, options: { bold?: boolean; lang?: string; small?: boolean } = {}): TableCell {
  // Line breaks inside a text become separate runs with a break, as Word expects.
  const lines = cleanXmlText(text, stats).split(/\r\n|\r|\n/);
  return new TableCell({
    children: [new Paragraph({
      children: lines.map((line, i) => new TextRun({
        text: line, ...(i > 0 && { break: 1 }), ...(options.bold && { bold: true }),
        ...(options.small && { size: 14, color: '808080' }),
        ...(options.lang && { language: { value: options.lang, ...(options.lang.startsWith('zh') && { eastAsia: options.lang }) } }),
      })),
    })],
  });
}

/**
 * Builds the .docx bytes: a heading, a subtitle and one table row per group.
 * @example await reviewTableDocx({ title: 'Doc', subtitle: '', columns: [{ title: '中文' }], rows: [['甲']] }, stats) → Uint8Array (PK…)
 */
export async function reviewTableDocx(input: ReviewTableInput, stats: CleanStats): Promise<Uint8Array> {
  const header = new TableRow({
    tableHeader: true,
    children: input.columns.map((c) => cell(c.title, stats, { bold: true })),
  });
  const rows = [header];
  for (const row of input.rows) {
    rows.push(new TableRow({
      // A row never breaks across pages, so the id cell stays beside the texts it names.
      cantSplit: true,
      children: row.map((text, i) => {
        const column = input.columns[i];
        return cell(text, stats, { ...(column?.lang && { lang: column.lang }), ...(column?.kind === 'id' && { small: true }) });
      }),
    }));
  }
  const document = new Document({
    creator: 'Duizhao',
    title: cleanXmlText(input.title, stats),
    sections: [{
      properties: { page: { size: { orientation: PageOrientation.LANDSCAPE } } },
      children: [
        new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(cleanXmlText(input.title, stats))] }),
        new Paragraph({ alignment: AlignmentType.LEFT, children: [new TextRun({ text: cleanXmlText(input.subtitle, stats), italics: true })] }),
        new Table({ rows, width: { size: 100, type: WidthType.PERCENTAGE } }),
      ],
    }],
  });
  const buffer = await Packer.toArrayBuffer(document);
  return new Uint8Array(buffer);
}

import JSZip from 'jszip';

/**
 * Edits a .docx the way Word saves a reviewer's work: a replaced text as a tracked change
 * (the old run in `w:del`/`w:delText`, the new one in `w:ins`), split into several runs
 * as Word does, text typed into an empty cell, and comments in word/comments.xml anchored
 * with commentRangeStart/End and a reference run, with their relationship and content type.
 */
export class WordEdits {
  private comments: { id: number; author: string; text: string }[] = [];
  private constructor(private readonly zip: JSZip, private xml: string) {}

  static async open(bytes: Uint8Array): Promise<WordEdits> {
    const zip = await JSZip.loadAsync(bytes);
    return new WordEdits(zip, await zip.file('word/document.xml')!.async('string'));
  }

  /** The run holding exactly `text` (the first one). */
  private run(text: string): RegExp {
    const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return new RegExp(`<w:r>(?:(?!<w:r>).)*?<w:t xml:space="preserve">${escaped}</w:t></w:r>`);
  }

  /** Replaces a cell's text with tracked changes, the new text split over two runs. */
  trackReplace(old: string, next: string, author = 'Reviewer'): this {
    const match = this.run(old).exec(this.xml);
    if (!match) throw new Error(`no run "${old}" in document.xml`);
    const half = Math.ceil(next.length / 2);
    const t = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
    const date = '2026-11-24T10:00:00Z';
    const replacement = `<w:del w:id="901" w:author="${author}" w:date="${date}"><w:r><w:delText xml:space="preserve">${t(old)}</w:delText></w:r></w:del>`
      + `<w:ins w:id="902" w:author="${author}" w:date="${date}"><w:r><w:t xml:space="preserve">${t(next.slice(0, half))}</w:t></w:r><w:r><w:rPr><w:i/></w:rPr><w:t xml:space="preserve">${t(next.slice(half))}</w:t></w:r></w:ins>`;
    this.xml = this.xml.replace(match[0], replacement);
    return this;
  }

  /** Types text into the nth empty cell (e.g. a comment column) of the row whose id cell starts with `rowId`. */
  fillEmptyCell(rowId: string, text: string, nth = 0): this {
    const rowStart = this.xml.indexOf(rowId);
    if (rowStart < 0) throw new Error(`no row ${rowId}`);
    const rowEnd = this.xml.indexOf('</w:tr>', rowStart);
    const row = this.xml.slice(rowStart, rowEnd);
    let seen = -1;
    const filled = row.replace(/<w:t xml:space="preserve"><\/w:t>/g, (m) => {
      seen += 1;
      return seen === nth ? `<w:t xml:space="preserve">${text.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</w:t>` : m;
    });
    this.xml = this.xml.slice(0, rowStart) + filled + this.xml.slice(rowEnd);
    return this;
  }

  /** A Word comment on the run holding `text`. */
  comment(onText: string, author: string, text: string): this {
    const match = this.run(onText).exec(this.xml);
    if (!match) throw new Error(`no run "${onText}" in document.xml`);
    const id = this.comments.length;
    this.comments.push({ id, author, text });
    this.xml = this.xml.replace(match[0], `<w:commentRangeStart w:id="${id}"/>${match[0]}<w:commentRangeEnd w:id="${id}"/><w:r><w:commentReference w:id="${id}"/></w:r>`);
    return this;
  }

  /** Replaces the whole of word/document.xml's text in place (for damaged-id tests). */
  replaceText(from: string, to: string): this {
    this.xml = this.xml.replace(from, to);
    return this;
  }

  async save(): Promise<Uint8Array> {
    this.zip.file('word/document.xml', this.xml);
    if (this.comments.length > 0) {
      const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
      this.zip.file('word/comments.xml', `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:comments xmlns:w="${W}">${this.comments.map((c) => `<w:comment w:id="${c.id}" w:author="${c.author}" w:date="2026-11-24T10:00:00Z" w:initials="R"><w:p><w:r><w:t xml:space="preserve">${c.text.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</w:t></w:r></w:p></w:comment>`).join('')}</w:comments>`);
      const rels = await this.zip.file('word/_rels/document.xml.rels')!.async('string');
      this.zip.file('word/_rels/document.xml.rels', rels.replace('</Relationships>', '<Relationship Id="rIdComments" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/></Relationships>'));
      const types = await this.zip.file('[Content_Types].xml')!.async('string');
      this.zip.file('[Content_Types].xml', types.replace('</Types>', '<Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/></Types>'));
    }
    return this.zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
  }
}

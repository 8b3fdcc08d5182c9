import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { reviewTableDocx } from '../../../src/formats/review-table.js';
import { csvField, tableRow, tsvField, writeTable } from '../../../src/formats/tsv.js';

describe('CSV and TSV fields', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['=SUM(A1)', '\'=SUM(A1)'],
    ['-1', '\'-1'],
    ['中文，逗号', '中文，逗号'],
  ])('csv %j → %j', (input, expected) => {
    expect(csvField(input)).toBe(expected);
  });

  it.each([
    ['a\tb', 'a\\tb'],
    ['a\nb\r', 'a\\nb\\r'],
    ['back\\slash', 'back\\\\slash'],
    ['=kept', '=kept'],
  ])('tsv %j → %j', (input, expected) => {
    expect(tsvField(input)).toBe(expected);
  });

  it('ends CSV rows with CRLF and TSV rows with LF, dropping forbidden characters', () => {
    const stats = { removedChars: 0 };
    expect(tableRow(['甲\u0001', 'a,b'], 'csv', stats)).toBe('甲,"a,b"\r\n');
    expect(tableRow(['甲', 'a\tb'], 'tsv', stats)).toBe('甲\ta\\tb\n');
    expect(stats.removedChars).toBe(1);
  });

  it('starts CSV with a byte order mark for Excel, TSV without', () => {
    const stats = { removedChars: 0 };
    expect([...writeTable(['zh-CN', 'en-US'], [['甲', 'A']], 'csv', stats)].join('')).toBe('\uFEFFzh-CN,en-US\r\n甲,A\r\n');
    expect([...writeTable(['zh-CN', 'en-US'], [['甲', 'A']], 'tsv', stats)].join('')).toBe('zh-CN\ten-US\n甲\tA\n');
  });
});

describe('review table (.docx)', () => {
  it('is a Word package whose table holds every text, escaped', async () => {
    const stats = { removedChars: 0 };
    const bytes = await reviewTableDocx({
      title: '联合声明', subtitle: 'Exported for review',
      columns: [{ title: 'zh-CN', lang: 'zh-CN' }, { title: 'en-US' }, { title: 'en-US status' }],
      rows: [['两国元首举行会谈。', 'Talks & <more>\u0002', 'approved']],
    }, stats);
    expect([...bytes.subarray(0, 2)]).toEqual([0x50, 0x4b]);
    const xml = await (await JSZip.loadAsync(bytes)).file('word/document.xml')!.async('string');
    expect(xml).toContain('两国元首举行会谈。');
    expect(xml).toContain('Talks &amp; &lt;more&gt;');
    expect(xml).toContain('联合声明');
    expect(stats.removedChars).toBe(1);
  });
});

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { segment, splitParagraphs } from '../../../src/text/segment.js';

const fixtureDir = fileURLToPath(new URL('../../../demo/joint-statement-2022/', import.meta.url));
const read = (name: string): string => readFileSync(`${fixtureDir}${name}`, 'utf8');
const lines = (name: string): string[] => read(name).split('\n').filter((line) => line !== '');

describe('demo/joint-statement-2022 canonical segmentation', () => {
  it.each([
    ['zh', 56],
    ['en', 59],
    ['ru', 58],
  ] as const)('%s.txt segments into exactly the lines of %s.sentences (%i)', (lang, count) => {
    const expected = lines(`${lang}.sentences`);
    expect(expected).toHaveLength(count);
    expect(segment(read(`${lang}.txt`), lang).map((sentence) => sentence.text)).toEqual(expected);
  });

  it.each(['zh', 'en', 'ru'] as const)('%s.txt has 38 paragraphs', (lang) => {
    expect(splitParagraphs(read(`${lang}.txt`), lang)).toHaveLength(38);
  });

  // README: joining a paragraph's sentences with single spaces gives the
  // line of *.txt back, so line n is paragraph n.
  it.each(['en', 'ru'] as const)('%s sentences carry the index of the line they come from', (lang) => {
    const sentences = segment(read(`${lang}.txt`), lang);
    const rebuilt: string[] = [];
    for (const sentence of sentences) {
      rebuilt[sentence.paragraph] =
        rebuilt[sentence.paragraph] === undefined ? sentence.text : `${rebuilt[sentence.paragraph]} ${sentence.text}`;
    }
    expect(rebuilt).toEqual(lines(`${lang}.txt`));
  });

  // Checked against the raw text rather than our own paragraph splitter:
  // between two segments of one paragraph there is nothing or plain spaces,
  // between paragraphs a whitespace run holding U+3000.
  it('zh segments carry the paragraph index given by the U+3000 runs of zh.txt', () => {
    const source = read('zh.txt');
    const sentences = segment(source, 'zh');
    let cursor = 0;
    let paragraph = 0;
    sentences.forEach((sentence, index) => {
      const at = source.indexOf(sentence.text, cursor);
      expect(at, `segment ${index} not found in order`).toBeGreaterThanOrEqual(cursor);
      const gap = source.slice(cursor, at);
      expect(gap.trim(), `text between segments before ${index}`).toBe('');
      if (index > 0 && gap.includes('\u3000')) paragraph += 1;
      expect(sentence.paragraph, `paragraph of segment ${index}`).toBe(paragraph);
      cursor = at + sentence.text.length;
    });
    expect(paragraph).toBe(37);
  });

  it('zh keeps the title, signature, date and credit lines as their own segments', () => {
    const sentences = segment(read('zh.txt'), 'zh');
    expect(sentences[0]).toEqual({
      text: '中华人民共和国主席习近平同吉尔吉斯共和国总统扎帕罗夫联合声明',
      paragraph: 0,
    });
    expect(sentences.slice(53)).toEqual([
      { text: '中华人民共和国\u00A0吉尔吉斯共和国', paragraph: 35 },
      { text: '2022年2月6日于北京', paragraph: 36 },
      { text: '（新华社北京2月6日电）', paragraph: 37 },
    ]);
  });
});

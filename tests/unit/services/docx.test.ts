import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DOCX_LIMITS, checkDocxArchive } from '../../../src/services/docx-guard.js';
import { readDocxText } from '../../../src/services/docx-runner.js';
import { PayloadTooLargeError, ValidationError } from '../../../src/services/errors.js';
import { docxBomb, documentXml, makeDocx, makeZip } from '../../helpers/zip.js';

const SAMPLE = readFileSync(new URL('../../fixtures/sample.docx', import.meta.url));

describe('checkDocxArchive (issue #12)', () => {
  it('passes a real Word document', async () => {
    await expect(checkDocxArchive(SAMPLE, 'sample.docx')).resolves.toBeUndefined();
    await expect(checkDocxArchive(makeDocx(documentXml(['两国元首举行会谈。'])), 'a.docx')).resolves.toBeUndefined();
  });

  it('refuses a part that inflates hundreds of times (the 175 KB → 60 MB bomb, here 8 MB)', async () => {
    const bomb = docxBomb(8);
    expect(bomb.length).toBeLessThan(100_000);
    await expect(checkDocxArchive(bomb, 'bomb.docx')).rejects.toThrow(/inflates \d+ times.*ZIP bomb/);
    await expect(checkDocxArchive(bomb, 'bomb.docx')).rejects.toBeInstanceOf(PayloadTooLargeError);
  });

  it('counts the bytes that really come out when a header lies about them', async () => {
    const xml = documentXml(Array.from({ length: 20_000 }, (_, i) => `第${i}段。`));
    const liar = makeDocx(xml, [], { declaredSize: 1000 });
    await expect(checkDocxArchive(liar, 'liar.docx')).rejects.toBeInstanceOf(ValidationError);
    // An honest header over the XML limit is refused before inflating anything.
    await expect(checkDocxArchive(makeDocx(xml), 'big.docx', { ...DOCX_LIMITS, maxXmlBytes: 100_000 })).rejects.toThrow(/has a part \(word\/document\.xml\)/);
  });

  it('refuses too many parts, too many bytes in all, encryption and non-ZIP data', async () => {
    const many = makeZip(Array.from({ length: 60 }, (_, i) => ({ name: `p${i}.bin`, data: 'x', store: true })));
    await expect(checkDocxArchive(many, 'many.docx', { ...DOCX_LIMITS, maxEntries: 50 })).rejects.toThrow(/holds 60 parts/);
    const images = makeDocx(documentXml(['甲。']), [{ name: 'word/media/a.png', data: Buffer.alloc(300_000, 7), store: true }]);
    await expect(checkDocxArchive(images, 'images.docx', { ...DOCX_LIMITS, maxTotalBytes: 200_000 })).rejects.toThrow(/more than 0\.19 MB|would inflate/);
    const locked = makeDocx(documentXml(['甲。']), [], { encrypted: true });
    await expect(checkDocxArchive(locked, 'locked.docx')).rejects.toThrow(/password-protected/);
    await expect(checkDocxArchive(Buffer.from('PK\u0003\u0004 not really a zip'), 'fake.docx')).rejects.toThrow(/not a readable \.docx/);
  });
});

describe('readDocxText', () => {
  it('reads the text of a document in a worker', async () => {
    expect(await readDocxText(makeDocx(documentXml(['两国元首举行会谈。', '双方高度评价。'])), 'a.docx', { maxTextBytes: 1000 })).toBe('两国元首举行会谈。\n\n双方高度评价。\n\n');
  }, 60_000);

  it('refuses text over the limit of a pasted text', async () => {
    const xml = documentXml(Array.from({ length: 200 }, () => '两国元首举行会谈。'));
    await expect(readDocxText(makeDocx(xml), 'long.docx', { maxTextBytes: 1000 })).rejects.toThrow(/The text of "long\.docx" is .* MB, more than/);
  }, 60_000);

  it('survives a parse that runs out of memory: the worker ends, the upload is refused', async () => {
    // The archive checks are lifted so the bomb reaches the parser, whose heap is made tiny.
    const loose = { maxEntries: 10, maxXmlBytes: 1 << 30, maxTotalBytes: 1 << 30, maxRatio: 1e9 };
    const before = process.memoryUsage().rss;
    await expect(readDocxText(docxBomb(6), 'bomb.docx', { maxTextBytes: 20 << 20, limits: loose, maxHeapMb: 24 })).rejects.toBeInstanceOf(PayloadTooLargeError);
    expect(process.memoryUsage().rss - before).toBeLessThan(1024 * 1024 * 1024);
    // And the next document is read as usual.
    expect(await readDocxText(makeDocx(documentXml(['甲。'])), 'a.docx', { maxTextBytes: 1000 })).toBe('甲。\n\n');
  }, 120_000);

  it('stops a parse that takes too long', async () => {
    const loose = { maxEntries: 10, maxXmlBytes: 1 << 30, maxTotalBytes: 1 << 30, maxRatio: 1e9 };
    await expect(readDocxText(docxBomb(4), 'slow.docx', { maxTextBytes: 20 << 20, limits: loose, timeoutMs: 50 })).rejects.toThrow(/took more than/);
  }, 60_000);
});

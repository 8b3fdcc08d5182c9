import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import { joinValues, readGlossaryCsv, readTbx, splitValues, writeGlossaryCsv, writeTbx, type GlossaryRecord } from '../../../src/formats/glossary.js';
import { csvField } from '../../../src/formats/tsv.js';
import { seeded } from '../../helpers/random.js';

const record = (over: Partial<GlossaryRecord> = {}): GlossaryRecord => ({ source: '一带一路', caseSensitive: false, note: '', equivalents: [], ...over });

describe('glossary CSV round trip (issue #12)', () => {
  it('gives back a note that starts with an apostrophe and a formula sign', () => {
    const records = [record({ note: "'=literal note", equivalents: [{ lang: 'en', text: '=SUM(A1)', kind: 'preferred' }, { lang: 'en', text: "''+x", kind: 'allowed' }] })];
    const back = readGlossaryCsv(writeGlossaryCsv(records, ['en'])).records;
    expect(back[0]?.note).toBe("'=literal note");
    expect(back[0]?.equivalents.map((e) => e.text)).toEqual(['=SUM(A1)', "''+x"]);
  });

  it('keeps a vertical bar inside an equivalent', () => {
    const records = [record({ equivalents: [{ lang: 'en', text: 'A|B', kind: 'preferred' }, { lang: 'en', text: 'C\\|D\\', kind: 'allowed' }, { lang: 'en', text: 'E', kind: 'allowed' }] })];
    const back = readGlossaryCsv(writeGlossaryCsv(records, ['en'])).records;
    expect(back[0]?.equivalents).toEqual(records[0]!.equivalents);
  });

  it('still reads files written by hand or by older versions', () => {
    const { records } = readGlossaryCsv('zh,en,en allowed,note\n亚信,CICA,C:\\path|=x,=note\n');
    expect(records[0]?.equivalents.map((e) => e.text)).toEqual(['CICA', 'C:\\path', '=x']);
    expect(records[0]?.note).toBe('=note');
  });

  it('round-trips any value (property)', () => {
    const rand = seeded(99);
    const alphabet = ['a', '|', '\\', "'", '=', '+', '-', '@', ',', '"', ' ', '甲', '\n'];
    const value = () => Array.from({ length: 1 + Math.floor(rand() * 8) }, () => alphabet[Math.floor(rand() * alphabet.length)]).join('').replace(/\s+/g, ' ').trim() || 'x';
    for (let i = 0; i < 300; i++) {
      const texts = [...new Set(Array.from({ length: 1 + Math.floor(rand() * 3) }, value))];
      expect(splitValues(joinValues(texts))).toEqual(texts);
      const note = value();
      const records = [record({ note, equivalents: texts.map((text, k) => ({ lang: 'en', text, kind: k === 0 ? 'preferred' as const : 'allowed' as const })) })];
      const back = readGlossaryCsv(writeGlossaryCsv(records, ['en'])).records[0]!;
      expect({ note: back.note, texts: back.equivalents.map((e) => e.text) }).toEqual({ note, texts });
    }
  });

  it('guards formula starts in every CSV field, apostrophes first included', () => {
    expect(csvField('=1+1')).toBe("'=1+1");
    expect(csvField("'=1+1")).toBe("''=1+1");
    expect(csvField("'quoted'")).toBe("'quoted'");
  });
});

describe('TBX export never writes what XML forbids', () => {
  it('drops control characters, so the file parses', () => {
    const tbx = writeTbx([record({ source: '亚\u0001信', note: 'bad\u0000note\uFFFF', equivalents: [{ lang: 'en', text: 'CI\u000BCA\uD800', kind: 'preferred' }] })]);
    expect(() => new SaxesParser().write(tbx).close()).not.toThrow();
    expect(readTbx(tbx)).toEqual([{ source: '亚信', caseSensitive: false, note: 'badnote', equivalents: [{ lang: 'en', text: 'CICA', kind: 'preferred' }] }]);
  });
});

/**
 * Issue #15: the TMX export's bytes path (export-tmx-bytes.ts) must write exactly what the
 * string writer (tmxUnits through writeTmx) writes, for any text the store can hold. Random
 * hostile documents (fixed seed): markup characters, controls, U+FFFE/U+FFFF, astral
 * characters, lone surrogates (better-sqlite3 stores them as their three bytes), bytes
 * that are not UTF-8 (written by SQL), non-NFC text, combining marks, CJK, Cyrillic, slots
 * spanning segments, every status, confidences, user names and dates of every shape the
 * writer accepts; exported in this thread and by two workers sharing small blocks.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SLOT_STATUSES, type SlotStatus } from '../../../src/domain.js';
import { TMX_CHUNK_BYTES, writeTmx } from '../../../src/formats/tmx-writer.js';
import { createExchangeService, type ExchangeServiceOptions, type ExportOptions } from '../../../src/services/exchange.js';
import { prepareExport, type ExportReader } from '../../../src/services/export-run.js';
import { tmxHeaderOf } from '../../../src/services/export-tmx.js';
import { writeTmxBytes } from '../../../src/services/export-tmx-bytes.js';
import { tmxUnits } from '../../../src/services/export-tmx-units.js';
import type { Store } from '../../../src/store/index.js';
import { seeded as random } from '../../helpers/random.js';
import { tempDb } from '../../helpers/temp-db.js';

const NOW = () => new Date('2026-11-23T12:00:00.000Z');

const PLAIN = ['两国元首', '交换意见', 'Sentence', ' the ', 'обмен мнениями', 'ё', 'é', '。', '，', '！', ' ', '\t', '\n', '“q”', '—'];
const HOSTILE = [
  '&', '<', '>', '"', "'", '\r', '\r\n', ']]>', '\u0000', '\u0001', '\u0008', '\u000B', '\u000C', '\u001F', '\u007F', '\u0085',
  '\uFFFE', '\uFFFF', '\uFFFD', '\uD800', '\uDFFF', 'a\uDC00b', '😀', '\u{20000}', 'e\u0301', '\u0301', 'и\u0306', '\u0483', '\u302A',
  '\u2000', '\u2001', '\u2028', '\u1100\u1161', 'Å', '\u212B', '\uFF21', '\u3000', '\uFB01', '\u00A0', '\u0400', '\u0489', '\u4DC0', '\uE000',
];

function textOf(next: () => number, hostility: number): string {
  let out = '';
  const parts = Math.floor(next() * 8);
  for (let k = 0; k < parts; k++) {
    const pool = next() < hostility ? HOSTILE : PLAIN;
    out += pool[Math.floor(next() * pool.length)]!;
  }
  return out;
}

const DATES = ['2026-11-21T10:00:00.000Z', '2026-11-21T10:00:00Z', '2026-11-21T10:00:00.123456789Z', '2026-02-30T23:59:59.5Z', '2026-11-21T10:00:00.000+01:00', '2026-11-21 10:00:00', 'Sat, 21 Nov 2026 10:00:00 GMT'];
/** Bytes that are not UTF-8, or not text xmlText leaves as it is: as SQL can store them behind better-sqlite3's back. */
const RAW_BYTES = ["x'61ff62'", "x'e081a6'", "x'eda080'", "x'c0af'", "x'e4b8'", "x'f09f9880'", "x'efbfbe'", "x'00'"];

function seedRandom(store: Store, seed: number): number[] {
  const next = random(seed);
  const pick = <T,>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
  const at = '2026-11-20T09:00:00.000Z';
  const users = [null, store.users.insertUser({ name: 'anna', passwordHash: 'x', roles: ['translator'], now: at }),
    store.users.insertUser({ name: `B "${textOf(next, 0.8)}" <b> &`, passwordHash: 'x', roles: ['reviewer'], now: at })];
  const documents: number[] = [];
  for (let d = 0; d < 3; d++) {
    const hostility = [0.05, 0.3, 0.9][d]!;
    const langs = d === 2 ? ['en'] : ['en', 'ru'];
    const id = store.documents.insertDocument({ title: textOf(next, hostility) || 'T', sourceLang: 'zh-CN', createdBy: pick(users), langs, now: pick(DATES.slice(0, 4)) });
    const count = 40 + Math.floor(next() * 40);
    const ids = store.segments.insertSegments(id, Array.from({ length: count }, (_, i) => ({ paragraph: Math.floor(i / 5), text: textOf(next, hostility) })));
    for (const lang of langs) {
      for (let i = 0; i < count;) {
        const span = next() < 0.15 ? Math.min(count - i, 1 + Math.ceil(next() * 3)) : 1;
        const status: SlotStatus = pick(SLOT_STATUSES);
        const confidence = next() < 0.3 ? pick([0, 0.005, 0.125, 0.41, 0.5, 0.93, 0.995, 1, next()]) : null;
        store.slots.insertHead({
          segmentId: ids[i]!, lang, text: status === 'empty' ? '' : textOf(next, hostility), status, span, confidence,
          updatedBy: pick(users), now: next() < 0.7 ? DATES[0]! : pick(DATES),
        });
        for (let k = 1; k < span; k++) store.slots.insertContinuation(ids[i + k]!, lang, ids[i]!);
        i += span;
      }
    }
    // A few texts as raw bytes, in segments and slots.
    for (let k = 0; k < Math.round(hostility * 10); k++) {
      store.db.prepare(`UPDATE segments SET text = CAST(${pick(RAW_BYTES)} AS TEXT) || text WHERE id = ?`).run(pick(ids));
      store.db.prepare(`UPDATE slots SET text = text || CAST(${pick(RAW_BYTES)} AS TEXT) WHERE segment_id = ? AND kind = 'head'`).run(pick(ids));
    }
    documents.push(id);
  }
  return documents;
}

async function bytesOf(body: AsyncIterable<string | Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const chunk of body) parts.push(typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk);
  return Buffer.concat(parts);
}

/** The file as the string writer writes it (what every TMX export wrote before the bytes path). */
async function reference(store: Store, options: ExportOptions) {
  const run = prepareExport({ store, now: NOW, comments: undefined }, options);
  const bytes = await bytesOf(run.body(() => writeTmx(tmxHeaderOf(run, '0.1.0', NOW), tmxUnits(run), run.stats)));
  return { bytes, stats: run.stats };
}

let temp: ReturnType<typeof tempDb>;
beforeEach(() => {
  temp = tempDb();
});
afterEach(() => temp.cleanup());

const WRITERS: [string, ExchangeServiceOptions['tmxWorkers']][] = [
  ['in this thread', { producers: 0 }],
  ['by two workers', { producers: 2, minSegments: 0, blockSegments: 7 }],
];

describe('the TMX export bytes path', () => {
  for (const seed of [1, 2, 3]) {
    it(`writes the string writer's bytes and stats for random hostile documents (seed ${seed})`, async () => {
      const documents = seedRandom(temp.store, seed);
      const next = random(seed * 7919);
      const choices: Omit<ExportOptions, 'user' | 'format'>[] = [
        { documents: 'all', statuses: SLOT_STATUSES.filter((s) => s !== 'empty') },
        { documents: [documents[1]!], statuses: ['approved', 'reviewed'], alignedAbove: 0.4 },
        { documents: [documents[2]!, documents[0]!], langs: ['en'], statuses: ['translated', 'rejected', 'draft'], alignedAbove: next() },
        // One document has none of the languages: its groups are all skipped.
        { documents: 'all', langs: ['ru'], statuses: ['approved', 'translated', 'aligned'], alignedAbove: 0.5 },
        // A target written with the source's code: tmxUnit puts it first.
        { documents: [documents[0]!], langs: ['ru', 'en'], langCodes: { en: 'zh-CN', zh: 'zh-CN' }, statuses: ['approved', 'aligned', 'draft'] },
      ];
      for (const choice of choices) {
        const options: ExportOptions = { ...choice, format: 'tmx', user: null };
        const expected = await reference(temp.store, options);
        expect(expected.stats.units).toBeGreaterThan(0);
        for (const [, tmxWorkers] of WRITERS) {
          const exchange = createExchangeService({ store: temp.store, now: NOW, version: '0.1.0', tmxWorkers });
          const result = exchange.exportDocuments(options);
          const bytes = await bytesOf(result.body);
          expect(bytes.toString('latin1')).toBe(expected.bytes.toString('latin1'));
          expect(result.stats).toEqual(expected.stats);
        }
      }
    });
  }

  it('reads a batch again in order where its unordered records come out of place, and writes the same bytes', async () => {
    const documents = seedRandom(temp.store, 4);
    const options: ExportOptions = { documents: 'all', statuses: SLOT_STATUSES.filter((s) => s !== 'empty'), alignedAbove: 0.3, format: 'tmx', user: null };
    const expected = await reference(temp.store, options);
    const run = prepareExport({ store: temp.store, now: NOW, comments: undefined }, options);
    // As SQLite could give them without the ORDER BY: the first 13 records, then all after the
    // next 5, then those 5 (the ordered reads themselves, from the real store).
    let orderedReads = 0;
    const reader: ExportReader = {
      ...run,
      read: () => {
        const snapshot = run.read();
        const exports = snapshot.exports;
        const readExportRecords: typeof exports.readExportRecords = (documentId, langs, from, limit, ordered) => {
          if (ordered) {
            orderedReads += 1;
            return exports.readExportRecords(documentId, langs, from, limit, true);
          }
          const parts = [[from, 13], [from + 18, limit - 18], [from + 13, 5]].filter(([, n]) => n! > 0)
            .map(([at, n]) => exports.readExportRecords(documentId, langs, at!, n!, true)).filter((b) => b !== undefined);
          return parts.length > 0 ? Buffer.concat(parts) : undefined;
        };
        return { ...snapshot, exports: { ...exports, readExportRecords } };
      },
    };
    const bytes = await bytesOf(run.body(() => writeTmxBytes(tmxHeaderOf(run, '0.1.0', NOW), reader, run.stats, TMX_CHUNK_BYTES)));
    expect(orderedReads).toBe(documents.length);
    expect(bytes.toString('latin1')).toBe(expected.bytes.toString('latin1'));
    expect(run.stats).toEqual(expected.stats);
  });

  it('counts each removed character of a name or title every time the name is written', async () => {
    const at = '2026-11-20T09:00:00.000Z';
    const user = temp.store.users.insertUser({ name: 'a\u0001b', passwordHash: 'x', roles: ['translator'], now: at });
    const id = temp.store.documents.insertDocument({ title: 'T\u0002', sourceLang: 'zh-CN', createdBy: user, langs: ['en'], now: at });
    const ids = temp.store.segments.insertSegments(id, [{ paragraph: 0, text: '甲。' }, { paragraph: 0, text: '乙。' }]);
    for (const segmentId of ids) temp.store.slots.insertHead({ segmentId, lang: 'en', text: 'A.', status: 'approved', span: 1, updatedBy: user, now: at });
    const options: ExportOptions = { documents: [id], format: 'tmx', user: null };
    const expected = await reference(temp.store, options);
    const result = createExchangeService({ store: temp.store, now: NOW, version: '0.1.0', tmxWorkers: { producers: 0 } }).exportDocuments(options);
    expect((await bytesOf(result.body)).equals(expected.bytes)).toBe(true);
    // Header title, then per unit: creationid, the x-document title, changeid on the unit and on the tuv.
    expect(result.stats.removedChars).toBe(1 + 2 * 4);
    expect(expected.stats.removedChars).toBe(result.stats.removedChars);
  });
});

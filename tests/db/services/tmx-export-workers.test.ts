/**
 * Issue #15: TMX units written by worker threads give the bytes the in-thread writer gives,
 * on every filter and across many blocks; an abandoned download stops its workers and
 * releases their snapshots; a worker that cannot work fails the export with a message,
 * audited as not completed; exports a worker cannot or should not write stay in-thread.
 */
import { renameSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SLOT_STATUSES, type SlotStatus } from '../../../src/domain.js';
import { createExchangeService, type ExchangeServiceOptions, type ExportOptions } from '../../../src/services/exchange.js';
import { prepareExport } from '../../../src/services/export-run.js';
import { keptTmxWorkers, TMX_WORKER_DEFAULTS, tmxProducersFor } from '../../../src/services/export-tmx-workers.js';
import { openDatabase } from '../../../src/store/db.js';
import { createStore } from '../../../src/store/index.js';
import { openCommitWatch } from '../../../src/store/snapshot.js';
import { tempDb } from '../../helpers/temp-db.js';
import { EXPORTS, seedVaried } from '../../helpers/varied-export.js';

const NOW = () => new Date('2026-11-23T12:00:00.000Z');

let temp: ReturnType<typeof tempDb>;
beforeEach(() => {
  temp = tempDb();
});
afterEach(() => temp.cleanup());

const exchangeWith = (tmxWorkers: ExchangeServiceOptions['tmxWorkers']) => createExchangeService({ store: temp.store, now: NOW, version: '0.1.0', tmxWorkers });
const IN_THREAD = { producers: 0 };

async function exported(tmxWorkers: ExchangeServiceOptions['tmxWorkers'], options: Omit<ExportOptions, 'format' | 'user'>) {
  const result = exchangeWith(tmxWorkers).exportDocuments({ ...options, format: 'tmx', user: null });
  const parts: Uint8Array[] = [];
  for await (const chunk of result.body) parts.push(typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk);
  return { bytes: Buffer.concat(parts), stats: result.stats };
}

const exportAudits = () => temp.store.users.listAudit({ action: 'export', limit: 10 }).map((a) => JSON.parse(String(a.details)) as Record<string, unknown>);

const STATUSES = ['empty', ...SLOT_STATUSES.filter((s) => s !== 'empty')] as const;
const HOSTILE = ['&', '<', '>', '"', '\r', '\u0001', '\uFFFE', '😀', 'e\u0301', ']]>', '\t', '\u2028', '\uD800'];

/**
 * A document of `n` segments with English and Russian slots of random spans (1-4),
 * statuses and confidences, hostile characters here and there, and open comments.
 */
function seedLarge(n: number, seed: number): number {
  let state = seed;
  const random = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const at = '2026-11-20T09:00:00.000Z';
  const user = temp.store.users.insertUser({ name: `Vera & "V" ${seed}`, passwordHash: 'x', roles: ['translator'], now: at });
  return temp.store.transaction(() => {
    const documentId = temp.store.documents.insertDocument({ title: `Large <${seed}>`, sourceLang: 'zh-CN', createdBy: user, langs: ['en', 'ru'], now: at });
    const ids = temp.store.segments.insertSegments(documentId, Array.from({ length: n }, (_, i) => ({ paragraph: Math.floor(i / 7), text: `第${i}句${random() < 0.1 ? pick(HOSTILE) : ''}。` })));
    for (const lang of ['en', 'ru']) {
      for (let i = 0; i < n;) {
        const span = Math.min(n - i, random() < 0.8 ? 1 : 1 + Math.floor(random() * 4));
        const status: SlotStatus = pick(STATUSES);
        temp.store.slots.insertHead({
          segmentId: ids[i]!, lang, text: status === 'empty' ? '' : `${lang} ${i}${random() < 0.1 ? pick(HOSTILE) : ''}.`, status, span,
          confidence: status === 'aligned' ? Math.round(random() * 100) / 100 : null, updatedBy: random() < 0.5 ? user : null,
          now: `2026-11-2${Math.floor(random() * 3)}T1${Math.floor(random() * 10)}:00:00.000Z`,
        });
        for (let k = 1; k < span; k++) temp.store.slots.insertContinuation(ids[i + k]!, lang, ids[i]!);
        i += span;
      }
    }
    for (let i = 0; i < n; i += 13) temp.store.review.insertComment({ segmentId: ids[i]!, lang: pick(['en', 'ru']), authorId: user, body: `Note ${i} ${pick(HOSTILE)}`, now: at });
    return documentId;
  });
}

describe('TMX export written by workers', () => {
  it('gives the bytes and stats of the in-thread writer, on the varied documents, for every status filter', async () => {
    const ids = seedVaried(temp.store);
    const filters: Omit<ExportOptions, 'format' | 'user'>[] = [
      ...EXPORTS.map(([, optionsOf]) => optionsOf(ids)),
      ...SLOT_STATUSES.filter((s) => s !== 'empty').map((status) => ({ documents: 'all' as const, statuses: [status], includeNotes: true })),
      { documents: [ids.docA, ids.docB], statuses: ['approved'], alignedAbove: 0.9 },
    ];
    for (const [i, options] of filters.entries()) {
      const expected = await exported(IN_THREAD, options);
      // (One worker writes these in tmx-export-golden.test.ts.)
      for (const workers of [{ producers: 2, minSegments: 0, blockSegments: 1 + (i % 3) }]) {
        const got = await exported(workers, options);
        expect(got.bytes.equals(expected.bytes), `${JSON.stringify(options)} ${JSON.stringify(workers)}`).toBe(true);
        expect(got.stats).toEqual(expected.stats);
      }
    }
  });

  it('gives the same bytes across many blocks and chunks, with a read-ahead of one chunk', async () => {
    const first = seedLarge(6_000, 7);
    const second = seedLarge(1_500, 11);
    const options = { documents: [second, first], statuses: SLOT_STATUSES.filter((s) => s !== 'empty'), alignedAbove: 0.5, includeNotes: true };
    const expected = await exported(IN_THREAD, options);
    // Several 256 KB chunks, and spans across many nominal block starts.
    expect(expected.bytes.length).toBeGreaterThan(600_000);
    for (const workers of [{ producers: 2, minSegments: 0, blockSegments: 97, ahead: 1 }, { producers: 1, minSegments: 0, ahead: 1 }]) {
      const got = await exported(workers, options);
      expect(got.bytes.equals(expected.bytes)).toBe(true);
      expect(got.stats).toEqual(expected.stats);
    }
  });

  it('keeps its workers for the next export, which writes the same bytes with them', async () => {
    const documentId = seedLarge(2_000, 13);
    const options = { documents: [documentId], statuses: SLOT_STATUSES.filter((s) => s !== 'empty'), includeNotes: true };
    const expected = await exported(IN_THREAD, options);
    const workers = { producers: 2, minSegments: 0, blockSegments: 300 };
    expect((await exported(workers, options)).bytes.equals(expected.bytes)).toBe(true);
    expect(keptTmxWorkers()).toBe(2);
    expect((await exported(workers, options)).bytes.equals(expected.bytes)).toBe(true);
    expect(keptTmxWorkers()).toBe(2);
  });

  it('ends kept workers once they have been unused for keepMs', async () => {
    const documentId = seedLarge(300, 19);
    const options = { documents: [documentId], statuses: SLOT_STATUSES.filter((s) => s !== 'empty') };
    await exported({ producers: 2, minSegments: 0, blockSegments: 100, keepMs: 200 }, options);
    expect(keptTmxWorkers()).toBe(2);
    // A kept worker is forgotten when it exits, so the count falls to 0 once both have ended.
    const deadline = Date.now() + 10_000;
    while (keptTmxWorkers() > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(keptTmxWorkers()).toBe(0);
  });

  it('takes the snapshots again when something is committed while the workers take them, and writes one state', async () => {
    const documentId = seedLarge(2_000, 17);
    const options = { documents: [documentId], statuses: SLOT_STATUSES.filter((s) => s !== 'empty') };
    const result = exchangeWith({ producers: 2, minSegments: 0, blockSegments: 100 }).exportDocuments({ ...options, format: 'tmx', user: null });
    const iterator = result.body[Symbol.asyncIterator]();
    const first = iterator.next();
    // The workers are starting: this commit lands before or while they take their snapshots.
    const changed = temp.store.db.prepare(`UPDATE slots SET text = 'Changed meanwhile.', status = 'approved'
      WHERE lang = 'en' AND kind = 'head' AND segment_id = (SELECT MAX(segment_id) FROM slots WHERE lang = 'en' AND kind = 'head')`).run();
    expect(changed.changes).toBe(1);
    const parts: Uint8Array[] = [];
    for (let next = await first; !next.done; next = await iterator.next()) parts.push(next.value as Uint8Array);
    const bytes = Buffer.concat(parts);
    // Every block from the state after the commit (the one the snapshots were taken again on).
    expect(bytes.toString('utf8')).toContain('<seg>Changed meanwhile.</seg>');
    expect(bytes.equals((await exported(IN_THREAD, options)).bytes)).toBe(true);
  });

  it('stops its workers and releases their snapshots when the download is abandoned, and audits it so', async () => {
    const documentId = seedLarge(6_000, 3);
    const result = exchangeWith({ producers: 2, minSegments: 0, blockSegments: 500, ahead: 1 })
      .exportDocuments({ documents: [documentId], statuses: SLOT_STATUSES.filter((s) => s !== 'empty'), format: 'tmx', user: null });
    const iterator = result.body[Symbol.asyncIterator]();
    await iterator.next();
    await iterator.next();
    // A commit after the snapshots were taken: while a reader holds one, the WAL cannot be emptied.
    temp.store.users.insertUser({ name: 'late', passwordHash: 'x', roles: ['translator'], now: NOW().toISOString() });
    // PASSIVE: copies the frames no reader still needs, without waiting for readers.
    const uncopied = () => {
      const [row] = temp.store.db.pragma('wal_checkpoint(PASSIVE)') as { log: number; checkpointed: number }[];
      return row!.log - row!.checkpointed;
    };
    expect(uncopied()).toBeGreaterThan(0);
    await iterator.return?.();
    expect(uncopied()).toBe(0);
    expect(exportAudits()).toMatchObject([{ format: 'tmx', completed: false }]);
    expect(result.stats.bytes).toBeGreaterThan(0);
  });

  it('fails with a message, before any byte, when a worker cannot open the database, and audits it', async () => {
    const documentId = seedLarge(100, 5);
    const result = exchangeWith({ producers: 1, minSegments: 0 }).exportDocuments({ documents: [documentId], format: 'tmx', user: null });
    // The server's connection stays open on the moved file; a new one finds none at the path.
    renameSync(temp.path, `${temp.path}.moved`);
    const chunks: unknown[] = [];
    try {
      await expect((async () => {
        for await (const chunk of result.body) chunks.push(chunk);
      })()).rejects.toThrow(/^The TMX export failed: .*unable to open database file/);
    } finally {
      renameSync(`${temp.path}.moved`, temp.path);
    }
    expect(chunks).toEqual([]);
    expect(exportAudits()).toMatchObject([{ format: 'tmx', completed: false, error: expect.stringMatching(/unable to open database file/) }]);
  });
});

describe('which TMX exports workers write', () => {
  const countOf = (id: number) => temp.store.segments.countSegments(id);

  it('none below the size threshold, for a caller\'s comment source with notes, or for an in-memory database', () => {
    const documentId = seedLarge(50, 1);
    const run = (options: Partial<ExportOptions>, comments?: { listComments: () => [] }) =>
      prepareExport({ store: temp.store, now: NOW, comments }, { documents: [documentId], format: 'tmx', user: null, ...options });
    const options = { ...TMX_WORKER_DEFAULTS, minSegments: 50 };
    expect(tmxProducersFor(run({}), true, countOf, options)).toBe(options.producers);
    expect(tmxProducersFor(run({}), true, countOf, { ...options, minSegments: 51 })).toBe(0);
    expect(tmxProducersFor(run({}), false, countOf, options)).toBe(0);
    expect(tmxProducersFor(run({ includeNotes: true }, { listComments: () => [] }), true, countOf, options)).toBe(0);
    // Without notes the comment source is never asked.
    expect(tmxProducersFor(run({}, { listComments: () => [] }), true, countOf, options)).toBe(options.producers);
  });

  it('none for an in-memory database, which exports in this thread', async () => {
    const { db } = openDatabase(':memory:');
    const store = createStore(db);
    const at = NOW().toISOString();
    const documentId = store.documents.insertDocument({ title: 'm', sourceLang: 'zh-CN', createdBy: null, langs: ['en'], now: at });
    const [id] = store.segments.insertSegments(documentId, [{ paragraph: 0, text: '甲。' }]);
    store.slots.insertHead({ segmentId: id!, lang: 'en', text: 'A.', status: 'approved', span: 1, updatedBy: null, now: at });
    const result = createExchangeService({ store, now: NOW, version: '0.1.0', tmxWorkers: { minSegments: 0 } }).exportDocuments({ documents: [documentId], format: 'tmx', user: null });
    let xml = '';
    for await (const chunk of result.body) xml += typeof chunk === 'string' ? chunk : new TextDecoder().decode(chunk);
    expect(xml).toContain('<seg>A.</seg>');
    db.close();
  });
});

describe('commit watch', () => {
  it('sees a commit by another connection, and nothing before one', () => {
    const watch = openCommitWatch(temp.path);
    try {
      const reader = new Database(temp.path, { readonly: true });
      reader.prepare('SELECT COUNT(*) FROM users').get();
      reader.close();
      expect(watch.changed()).toBe(false);
      temp.store.users.insertUser({ name: 'w', passwordHash: 'x', roles: ['translator'], now: NOW().toISOString() });
      expect(watch.changed()).toBe(true);
    } finally {
      watch.close();
    }
  });
});

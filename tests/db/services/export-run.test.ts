/**
 * Issue #15: exports are audited after they finish, read one snapshot while others keep
 * editing, and read it in batches, not a statement per group.
 */
import { describe, expect, it, vi } from 'vitest';
import { makeDocument, makeUser } from '../../helpers/factories.js';
import { serviceEnv } from '../../helpers/service-env.js';

const env = serviceEnv();

/** A body chunk as text (a TMX body is UTF-8 bytes; chunks hold whole characters). */
const textOf = (chunk: unknown) => (typeof chunk === 'string' ? chunk : new TextDecoder().decode(chunk as Uint8Array));

const exportAudits = () => env.store.users.listAudit({ action: 'export', limit: 10 }).map((a) => ({ ...a, details: JSON.parse(String(a.details)) as Record<string, unknown> }));

/** A document of `n` segments with approved English slots `E1.` … `En.`. */
async function approvedDocument(n: number) {
  const { documentId } = await makeDocument(env.services, { text: Array.from({ length: n }, (_, i) => `第${i + 1}句。`).join(''), langs: ['en'] });
  env.services.documents.placeTranslation({
    documentId, lang: 'en', sentences: Array.from({ length: n }, (_, i) => `E${i + 1}.`), status: 'approved', action: 'import', userId: null,
    beads: Array.from({ length: n }, (_, i) => ({ source: [i], target: [i] })),
  });
  return documentId;
}

describe('export audit', () => {
  it('is written once the body has been read to the end, with what it delivered', async () => {
    const documentId = await approvedDocument(3);
    const { user } = await makeUser(env.services, { roles: ['reviewer'] });
    const result = env.services.exchange.exportDocuments({ documents: [documentId], format: 'tmx', user });
    expect(exportAudits()).toEqual([]);
    const iterator = result.body[Symbol.asyncIterator]();
    await iterator.next();
    expect(exportAudits()).toEqual([]);
    while (!(await iterator.next()).done) { /* read on */ }
    const [entry] = exportAudits();
    expect(entry).toMatchObject({ userId: user.id, documentId, details: { format: 'tmx', completed: true, units: 3 } });
    expect((entry!.details as { bytes: number }).bytes).toBe(result.stats.bytes);
  });

  it('records an abandoned download as not completed', async () => {
    const documentId = await approvedDocument(1500);
    const result = env.services.exchange.exportDocuments({ documents: [documentId], format: 'csv', user: null });
    const iterator = result.body[Symbol.asyncIterator]();
    await iterator.next();
    await iterator.return?.();
    expect(exportAudits()).toMatchObject([{ details: { format: 'csv', completed: false } }]);
  });

  it('is not written for an export refused before its body starts', async () => {
    expect(() => env.services.exchange.exportDocuments({ documents: [999], format: 'tmx', user: null })).toThrow(/no document 999/);
    expect(exportAudits()).toEqual([]);
  });
});

describe('export snapshot', () => {
  it('writes the document as it was when the download began, while others save slots', async () => {
    const documentId = await approvedDocument(1500);
    const { user } = await makeUser(env.services, { roles: ['translator'] });
    const result = env.services.exchange.exportDocuments({ documents: [documentId], format: 'tmx', user: null });
    const iterator = result.body[Symbol.asyncIterator]();
    let xml = textOf((await iterator.next()).value);
    expect(xml).not.toContain('E1400.');
    // Someone edits a slot the download has not reached yet (its batch is read later) …
    const segment = env.store.segments.listSegments(documentId)[1399]!;
    const slot = env.store.slots.findSlot(segment.id, 'en');
    if (slot?.kind !== 'head') throw new Error('expected a head');
    const saved = env.services.slots.editSlot({ documentId, segmentId: segment.id, lang: 'en', text: 'Changed meanwhile.', version: slot.version, user });
    expect(saved.slot).toMatchObject({ text: 'Changed meanwhile.', status: 'draft' });
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) xml += textOf(next.value);
    // … and the file still holds the approved text it had when the export started.
    expect(xml).toContain('<seg>E1400.</seg>');
    expect(xml).not.toContain('Changed meanwhile.');
    expect(result.stats.units).toBe(1500);
    // The next export sees the edit (and, approved-only, leaves the draft out).
    const after = env.services.exchange.exportDocuments({ documents: [documentId], format: 'tmx', user: null });
    let second = '';
    for await (const chunk of after.body) second += textOf(chunk);
    expect(second).not.toContain('E1400.');
    expect(after.stats.units).toBe(1499);
  });
});

describe('export reads', () => {
  /** Statements run (all/get/iterate) while a TMX export with notes of `n` commented groups is read. */
  async function statementsFor(n: number): Promise<number> {
    const documentId = await approvedDocument(n);
    const { user } = await makeUser(env.services, { roles: ['reviewer'] });
    const at = new Date().toISOString();
    env.store.transaction(() => {
      for (const segment of env.store.segments.listSegments(documentId)) {
        env.store.review.insertComment({ segmentId: segment.id, lang: 'en', authorId: user.id, body: `Note on ${segment.position + 1}`, now: at });
      }
    });
    const statement = Object.getPrototypeOf(env.store.db.prepare('SELECT 1')) as Record<'all' | 'get' | 'iterate', (...args: unknown[]) => unknown>;
    const spies = (['all', 'get', 'iterate'] as const).map((method) => vi.spyOn(statement, method));
    try {
      const result = env.services.exchange.exportDocuments({ documents: [documentId], format: 'tmx', includeNotes: true, user: null });
      let xml = '';
      for await (const chunk of result.body) xml += textOf(chunk);
      expect(xml).toContain(`<note>${user.name} (en-US): Note on ${n}</note>`);
      expect(result.stats.units).toBe(n);
      return spies.reduce((sum, spy) => sum + spy.mock.calls.length, 0);
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  }

  it('reads notes with the segments, not with one statement per group', async () => {
    const small = await statementsFor(300);
    const large = await statementsFor(1500);
    // 1,200 more groups cost a few more batches, not 1,200 more statements.
    expect(large - small).toBeLessThan(30);
  });
});

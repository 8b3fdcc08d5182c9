/** Issue #15: exports are audited after they finish, and read one snapshot while others keep editing. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Services } from '../../../src/services/index.js';
import type { Store } from '../../../src/store/index.js';
import { makeDocument, makeUser, testServices } from '../../helpers/factories.js';
import { tempDb } from '../../helpers/temp-db.js';

let store: Store;
let services: Services;
let cleanup: () => void;
beforeEach(() => {
  const temp = tempDb();
  store = temp.store;
  services = testServices(temp.store);
  cleanup = temp.cleanup;
});
afterEach(() => cleanup());

const exportAudits = () => store.users.listAudit({ action: 'export', limit: 10 }).map((a) => ({ ...a, details: JSON.parse(String(a.details)) as Record<string, unknown> }));

/** A document of `n` segments with approved English slots `E1.` … `En.`. */
async function approvedDocument(n: number) {
  const { documentId } = await makeDocument(services, { text: Array.from({ length: n }, (_, i) => `第${i + 1}句。`).join(''), langs: ['en'] });
  services.documents.placeTranslation({
    documentId, lang: 'en', sentences: Array.from({ length: n }, (_, i) => `E${i + 1}.`), status: 'approved', action: 'import', userId: null,
    beads: Array.from({ length: n }, (_, i) => ({ source: [i], target: [i] })),
  });
  return documentId;
}

describe('export audit', () => {
  it('is written once the body has been read to the end, with what it delivered', async () => {
    const documentId = await approvedDocument(3);
    const { user } = await makeUser(services, { roles: ['reviewer'] });
    const result = services.exchange.exportDocuments({ documents: [documentId], format: 'tmx', user });
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
    const result = services.exchange.exportDocuments({ documents: [documentId], format: 'csv', user: null });
    const iterator = result.body[Symbol.asyncIterator]();
    await iterator.next();
    await iterator.return?.();
    expect(exportAudits()).toMatchObject([{ details: { format: 'csv', completed: false } }]);
  });

  it('is not written for an export refused before its body starts', async () => {
    expect(() => services.exchange.exportDocuments({ documents: [999], format: 'tmx', user: null })).toThrow(/no document 999/);
    expect(exportAudits()).toEqual([]);
  });
});

describe('export snapshot', () => {
  it('writes the document as it was when the download began, while others save slots', async () => {
    const documentId = await approvedDocument(1500);
    const { user } = await makeUser(services, { roles: ['translator'] });
    const result = services.exchange.exportDocuments({ documents: [documentId], format: 'tmx', user: null });
    const iterator = result.body[Symbol.asyncIterator]();
    let xml = String((await iterator.next()).value);
    expect(xml).not.toContain('E1400.');
    // Someone edits a slot the download has not reached yet (its batch is read later) …
    const segment = store.segments.listSegments(documentId)[1399]!;
    const slot = store.slots.findSlot(segment.id, 'en');
    if (slot?.kind !== 'head') throw new Error('expected a head');
    const saved = services.slots.editSlot({ documentId, segmentId: segment.id, lang: 'en', text: 'Changed meanwhile.', version: slot.version, user });
    expect(saved.slot).toMatchObject({ text: 'Changed meanwhile.', status: 'draft' });
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) xml += String(next.value);
    // … and the file still holds the approved text it had when the export started.
    expect(xml).toContain('<seg>E1400.</seg>');
    expect(xml).not.toContain('Changed meanwhile.');
    expect(result.stats.units).toBe(1500);
    // The next export sees the edit (and, approved-only, leaves the draft out).
    const after = services.exchange.exportDocuments({ documents: [documentId], format: 'tmx', user: null });
    let second = '';
    for await (const chunk of after.body) second += String(chunk);
    expect(second).not.toContain('E1400.');
    expect(after.stats.units).toBe(1499);
  });
});

/**
 * Issue #12 "Undoing an approval leaves its unit in the TM": an approval adds its pair to the
 * translation memory; undoing it takes the pair out again (the concordance and fuzzy matches
 * stop offering it), and redoing or approving again puts it back, once.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HeadSlot } from '../../src/store/slots.js';
import { discardUnfinishedTmImports } from '../../src/services/tm-import.js';
import { startTestApp, type Login, type TestApp } from '../helpers/test-app.js';

let app: TestApp;
let tina: Login;
let rita: Login;
let documentId: number;
let segmentId: number;

const TEXT = 'The sides reached a consensus on cooperation.';

beforeEach(async () => {
  app = await startTestApp();
  tina = await app.login(['translator'], 'tina');
  rita = await app.login(['reviewer'], 'rita');
  ({ documentId } = await app.services.documents.importDocument({ title: '声明', text: '双方就合作达成共识。双方交换意见。', langs: ['en'], user: null }));
  segmentId = app.store.segments.listSegments(documentId)[0]!.id;
  expect((await send(`/api/documents/${documentId}/slots/${segmentId}/en`, { text: TEXT, version: head().version, confirm: true }, tina, 'PUT')).status).toBe(200);
});
afterEach(() => app.close());

function send(path: string, body: unknown, as: Login, method = 'POST') {
  return app.request(path, { method, as, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

function head(): HeadSlot {
  const slot = app.store.slots.findSlot(segmentId, 'en');
  if (slot?.kind !== 'head') throw new Error('expected a head');
  return slot;
}

async function concordance(q: string): Promise<string[]> {
  const res = await app.request(`/api/tm/concordance?q=${encodeURIComponent(q)}`, { as: tina });
  expect(res.status).toBe(200);
  return ((await res.json()) as { hits: { target: string }[] }).hits.map((h) => h.target);
}

async function tmMatches(): Promise<number> {
  return app.services.tm.lookupText('双方就合作达成共识。', 'en').length;
}

const approve = async () => expect((await send(`/api/documents/${documentId}/slots/${segmentId}/en/approve`, { version: head().version }, rita)).status).toBe(200);
const undo = async () => expect((await send(`/api/documents/${documentId}/undo`, {}, rita)).status).toBe(200);
const redo = async () => expect((await send(`/api/documents/${documentId}/redo`, {}, rita)).status).toBe(200);

describe('undoing an approval takes its unit out of the TM', () => {
  it('removes the pair on undo, so neither the concordance nor a look-up finds it', async () => {
    await approve();
    expect(await concordance('合作达成')).toEqual([TEXT]);
    expect(await tmMatches()).toBe(1);
    await undo();
    expect(head().status).toBe('translated');
    expect(await concordance('合作达成')).toEqual([]);
    expect(await concordance('consensus')).toEqual([]);
    expect(await tmMatches()).toBe(0);
    expect(app.services.exchange.countTmUnits()).toBe(0);
  });

  it('adds it back once on redo, and once on approving again', async () => {
    await approve();
    await undo();
    await redo();
    expect(head().status).toBe('approved');
    expect(await concordance('合作达成')).toEqual([TEXT]);
    await undo();
    expect(await concordance('合作达成')).toEqual([]);
    await approve();
    expect(await concordance('合作达成')).toEqual([TEXT]);
    expect(app.services.exchange.countTmUnits()).toBe(1);
  });

  it('leaves a TMX unit with the same pair where it was', async () => {
    const tmx = `<?xml version="1.0"?><tmx version="1.4"><header srclang="zh-CN" datatype="plaintext" segtype="sentence" adminlang="en" creationtool="t" creationtoolversion="1" o-tmf="t"/><body>
      <tu><tuv xml:lang="zh-CN"><seg>双方就合作达成共识。</seg></tuv><tuv xml:lang="en"><seg>${TEXT}</seg></tuv></tu></body></tmx>`;
    app.services.exchange.importTmx({ file: { name: 'old.tmx', bytes: new TextEncoder().encode(tmx) }, user: null });
    await approve();
    await undo();
    expect(await concordance('合作达成')).toEqual([TEXT]);
  });
});

describe('an approval while a TMX import holding the same pair is still hidden', () => {
  /** A large import's first part, written but hidden until the import's last commit (tm-import.ts). */
  function hiddenImport(): number {
    return app.store.transaction(() => {
      const importId = app.store.tm.beginTmImport('2026-12-01T00:00:00.000Z');
      app.store.tm.insertTmUnits([{
        sourceLang: 'zh-CN', sourceText: '双方就合作达成共识。', targetLang: 'en', targetText: TEXT, origin: 'tmx', originName: 'big.tmx',
        tuid: null, documentId: null, author: null, changedAt: null, createdBy: null, createdAt: '2026-12-01T00:00:00.000Z',
      }], importId);
      return importId;
    });
  }

  it('keeps the approved pair when the import then fails', async () => {
    hiddenImport();
    await approve();
    // The import fails (or the server stopped): its units are discarded.
    expect(discardUnfinishedTmImports(app.store)).toBe(1);
    expect(await concordance('合作达成')).toEqual([TEXT]);
    expect(await tmMatches()).toBe(1);
    await undo();
    expect(await concordance('合作达成')).toEqual([]);
  });

  it('holds the pair once when the import then finishes', async () => {
    const importId = hiddenImport();
    await approve();
    app.store.transaction(() => app.store.tm.finishTmImport(importId));
    expect(await concordance('合作达成')).toEqual([TEXT]);
    expect(app.store.tm.countTmUnits()).toBe(1);
  });
});

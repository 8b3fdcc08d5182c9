import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RegionChange } from '../../src/web/api-types.js';
import { startTestApp, type Login, type TestApp } from '../helpers/test-app.js';

// Issue #13: alignment edits stay local, empty slots are inserted and deleted explicitly, and
// redo replays the steps in the order they were undone.

let app: TestApp;
let translator: Login;
let documentId: number;

const ZH = ['一。', '二。', '三。', '四。', '五。', '六。'];

beforeEach(async () => {
  app = await startTestApp();
  translator = await app.login(['translator']);
  ({ documentId } = await app.services.documents.importDocument({ title: 't', text: ZH.join(''), langs: ['en'], user: null }));
  app.services.documents.placeTranslation({
    documentId, lang: 'en', sentences: ['One. Extra.', 'Two.', 'Three.', 'Four.', 'Five.'], status: 'aligned', action: 'align', userId: null,
    beads: ZH.map((_, i) => ({ source: [i], target: i < 5 ? [i] : [] })),
  });
  // These tests are about the fixes themselves; re-alignment after them has its own tests.
  app.services.slots.saveAlignmentPreferences(translator.userId, { autoRealign: false });
});
afterEach(() => app.close());

function send(path: string, body: unknown) {
  return app.request(path, { method: 'POST', as: translator, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

function column(): string {
  return app.store.slots.listSlots(documentId, 'en').flatMap((s, p) => (s.kind === 'head' ? [`${p}${s.span > 1 ? `+${s.span}` : ''}:${s.text}`] : [])).join('|');
}

function operate(kind: string, position: number) {
  const segmentId = app.store.segments.listSegments(documentId)[position]!.id;
  const slot = app.store.slots.findSlot(segmentId, 'en');
  return send(`/api/documents/${documentId}/operations`, { kind, segmentId, lang: 'en', ...(slot?.kind === 'head' && { version: slot.version }) });
}

describe('alignment edits over HTTP', () => {
  it('redoes M, ] after two undos in order, without a 409 (M, ], Ctrl+Z ×2, Ctrl+Shift+Z ×2)', async () => {
    const states = [column()];
    expect((await operate('merge', 1)).status).toBe(200);
    states.push(column());
    expect((await operate('move-last-down', 0)).status).toBe(200);
    states.push(column());
    for (let i = 0; i < 2; i++) expect((await send(`/api/documents/${documentId}/undo`, {})).status).toBe(200);
    expect(column()).toBe(states[0]);
    const first = await send(`/api/documents/${documentId}/redo`, {});
    expect(first.status).toBe(200);
    expect(column()).toBe(states[1]);
    const second = await send(`/api/documents/${documentId}/redo`, {});
    expect(second.status).toBe(200);
    expect(column()).toBe(states[2]);
    expect(((await second.json()) as RegionChange).history).toMatchObject({ canRedo: false, canUndo: true });
  });

  it('a shift down changes two slots, not every slot to the end', async () => {
    const res = await operate('shift-down', 1);
    expect(res.status).toBe(200);
    expect(column()).toBe('0:One. Extra.|1:|2:Two. Three.|3:Four.|4:Five.|5:');
    const statuses = app.store.slots.listSlots(documentId, 'en').map((s) => (s.kind === 'head' ? s.status : ''));
    expect(statuses.slice(3)).toEqual(['aligned', 'aligned', 'empty']);
  });

  it('inserts and deletes an empty slot, each one undo step, and refuses a delete of a slot with text', async () => {
    const before = column();
    const inserted = await operate('insert-empty', 1);
    expect(inserted.status).toBe(200);
    expect(column()).toBe('0:One. Extra.|1:|2:Two.|3:Three.|4:Four.|5:Five.');
    expect(((await inserted.json()) as RegionChange).history.undoLabel).toBe('insert empty slot (en) at 2');
    const refused = await operate('delete-empty', 2);
    expect(refused.status).toBe(400);
    expect(column()).toBe('0:One. Extra.|1:|2:Two.|3:Three.|4:Four.|5:Five.');
    expect((await operate('delete-empty', 1)).status).toBe(200);
    expect(column()).toBe(before);
    expect((await send(`/api/documents/${documentId}/undo`, {})).status).toBe(200);
    expect((await send(`/api/documents/${documentId}/undo`, {})).status).toBe(200);
    expect(column()).toBe(before);
  });
});

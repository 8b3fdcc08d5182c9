import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Role } from '../../../src/domain.js';
import { InvalidTransitionError, PermissionError, StaleVersionError, ValidationError } from '../../../src/services/errors.js';
import type { Services } from '../../../src/services/index.js';
import { OPERATION_KINDS, type OperationKind } from '../../../src/services/alignment.js';
import { slotView } from '../../../src/services/slots.js';
import type { User } from '../../../src/store/users.js';
import { makeUser, testServices } from '../../helpers/factories.js';
import { seeded } from '../../helpers/random.js';
import { tempDb } from '../../helpers/temp-db.js';

let temp: ReturnType<typeof tempDb>;
let services: Services;
let translator: User;

beforeEach(async () => {
  temp = tempDb();
  services = testServices(temp.store);
  translator = (await makeUser(services, { roles: ['translator'] })).user;
});
afterEach(() => temp.cleanup());

/** A document of `zh` segments (one paragraph) with English placed one sentence per slot. */
async function documentWith(zh: string[], en: string[], beads?: { source: number[]; target: number[] }[]) {
  const { documentId } = await services.documents.importDocument({ title: 't', text: zh.join(''), langs: ['en', 'ru'], user: null });
  services.documents.placeTranslation({
    documentId, lang: 'en', sentences: en, beads: beads ?? zh.map((_, i) => ({ source: [i], target: i < en.length ? [i] : [] })),
    status: 'aligned', action: 'align', userId: null,
  });
  return documentId;
}

/** The English column as `start+span:text` per slot, e.g. `0+2:A. B.|2:C.` */
function column(documentId: number, lang = 'en'): string {
  return temp.store.slots.listSlots(documentId, lang).flatMap((slot, position) =>
    slot.kind === 'head' ? [`${position}${slot.span > 1 ? `+${slot.span}` : ''}:${slot.text}`] : []).join('|');
}

function sources(documentId: number): string {
  return temp.store.segments.listSegments(documentId).map((s) => s.text).join('|');
}

function segmentId(documentId: number, position: number): number {
  return temp.store.segments.listSegments(documentId)[position]!.id;
}

function headVersion(documentId: number, position: number, lang = 'en'): number {
  const slot = temp.store.slots.findSlot(segmentId(documentId, position), lang);
  return slot?.kind === 'head' ? slot.version : -1;
}

function op(documentId: number, kind: OperationKind, position: number, extra: { at?: number; lang?: string; user?: User } = {}) {
  return services.slots.applyOperation({
    documentId, kind, segmentId: segmentId(documentId, position), lang: extra.lang ?? 'en', user: extra.user ?? translator,
    ...(extra.at !== undefined && { at: extra.at }),
  });
}

/** Segment positions are 0 … n-1 with no gap, which the store's segmentCount (last position + 1) relies on. */
function densePositions(documentId: number): void {
  const segments = temp.store.segments.listSegments(documentId);
  expect(segments.map((s) => s.position)).toEqual(segments.map((_, i) => i));
  expect(temp.store.regions.segmentCount(documentId)).toBe(segments.length);
}

function tiles(documentId: number): void {
  for (const lang of ['en', 'ru']) expect(temp.store.slots.checkTiling(documentId, lang)).toEqual([]);
}

describe('editing a slot', () => {
  it('saves text as draft, bumps the version and writes a revision', async () => {
    const doc = await documentWith(['一。', '二。'], ['One.', 'Two.']);
    const { slot } = services.slots.editSlot({ documentId: doc, segmentId: segmentId(doc, 0), lang: 'en', text: ' One! ', version: headVersion(doc, 0), user: translator });
    expect(slot).toMatchObject({ kind: 'head', text: 'One!', status: 'draft' });
    expect(column(doc)).toBe('0:One!|1:Two.');
    const revisions = temp.store.revisions.listRevisions(segmentId(doc, 0), 'en');
    expect(revisions.map((r) => [r.action, r.text, r.status])).toEqual([['align', 'One.', 'aligned'], ['edit', 'One!', 'draft']]);
  });

  it('refuses a stale version with the current slot and changes nothing', async () => {
    const doc = await documentWith(['一。'], ['One.']);
    const version = headVersion(doc, 0);
    services.slots.editSlot({ documentId: doc, segmentId: segmentId(doc, 0), lang: 'en', text: 'Theirs.', version, user: translator });
    const error = (() => {
      try {
        services.slots.editSlot({ documentId: doc, segmentId: segmentId(doc, 0), lang: 'en', text: 'Mine.', version, user: translator });
      } catch (e) { return e; }
      return undefined;
    })();
    expect(error).toBeInstanceOf(StaleVersionError);
    expect((error as StaleVersionError).current).toMatchObject({ text: 'Theirs.', version: version + 1 });
    expect(column(doc)).toBe('0:Theirs.');
  });

  it('refuses a stale save while another connection holds the write lock', async () => {
    const doc = await documentWith(['一。'], ['One.']);
    const version = headVersion(doc, 0);
    services.slots.editSlot({ documentId: doc, segmentId: segmentId(doc, 0), lang: 'en', text: 'Theirs.', version, user: translator });
    // A stale save needs no write lock: it is answered from a read, so a busy writer elsewhere
    // cannot make it wait (with no busy timeout, taking the lock would fail with SQLITE_BUSY).
    temp.db.pragma('busy_timeout = 0');
    const other = new Database(temp.path);
    try {
      other.prepare('BEGIN IMMEDIATE').run();
      expect(() => services.slots.editSlot({ documentId: doc, segmentId: segmentId(doc, 0), lang: 'en', text: 'Mine.', version, user: translator }))
        .toThrow(StaleVersionError);
      other.prepare('ROLLBACK').run();
    } finally {
      other.close();
    }
    expect(column(doc)).toBe('0:Theirs.');
  });

  it('refuses a save that another connection made stale after its checks, with the slot as that connection left it', async () => {
    const doc = await documentWith(['一。'], ['One.']);
    const id = segmentId(doc, 0);
    const version = headVersion(doc, 0);
    // The clock is read between the save's checks (a read snapshot) and its write transaction:
    // the other connection commits right there, as another process could.
    let interleave: (() => void) | undefined;
    const racing = testServices(temp.store, () => {
      interleave?.();
      interleave = undefined;
      return new Date();
    });
    const other = new Database(temp.path);
    try {
      interleave = () => other.prepare("UPDATE slots SET text = 'Theirs.', version = version + 1 WHERE segment_id = ? AND lang = 'en'").run(id);
      const error = (() => {
        try {
          racing.slots.editSlot({ documentId: doc, segmentId: id, lang: 'en', text: 'Mine.', version, user: translator });
        } catch (e) { return e; }
        return undefined;
      })();
      expect(error).toBeInstanceOf(StaleVersionError);
      expect((error as StaleVersionError).current).toMatchObject({ text: 'Theirs.', version: version + 1 });
      // Without another connection in between, the next save goes through as usual.
      const saved = racing.slots.editSlot({ documentId: doc, segmentId: id, lang: 'en', text: 'Mine.', version: version + 1, user: translator });
      expect(saved.slot).toMatchObject({ text: 'Mine.', version: version + 2 });
    } finally {
      other.close();
    }
    expect(column(doc)).toBe('0:Mine.');
  });

  it('confirms as translated, refuses to confirm an empty slot, and returns an approved slot to draft on edit', async () => {
    const doc = await documentWith(['一。', '二。'], ['One.']);
    const id = segmentId(doc, 0);
    const { slot } = services.slots.editSlot({ documentId: doc, segmentId: id, lang: 'en', text: 'One.', version: headVersion(doc, 0), user: translator, confirm: true });
    expect(slot).toMatchObject({ status: 'translated' });
    expect(() => services.slots.editSlot({ documentId: doc, segmentId: segmentId(doc, 1), lang: 'en', text: '', version: headVersion(doc, 1), user: translator, confirm: true }))
      .toThrow(InvalidTransitionError);
    temp.db.prepare("UPDATE slots SET status = 'approved' WHERE segment_id = ? AND lang = 'en'").run(id);
    const edited = services.slots.editSlot({ documentId: doc, segmentId: id, lang: 'en', text: 'One, changed.', version: headVersion(doc, 0), user: translator });
    expect(edited.slot).toMatchObject({ status: 'draft' });
  });

  it('answers each save with the slot, the undo state and the undo step the database then holds', async () => {
    const doc = await documentWith(['一。', '二。'], ['One.', 'Two.']);
    const id = segmentId(doc, 0);
    services.slots.saveAlignmentPreferences(translator.id, { autoRealign: false });
    temp.db.prepare(`UPDATE slots SET confidence = 0.4, reasons = '["+ numbers agree"]' WHERE segment_id = ? AND lang = 'en'`).run(id);
    const stored = (answer: ReturnType<Services['slots']['editSlot']>) => {
      expect(answer.slot).toEqual(slotView(temp.store.slots.findSlot(id, 'en')!));
      expect(answer.history).toEqual(services.slots.history(doc, translator));
      expect(temp.store.operations.findLatestOperation(doc, translator.id, 'done')!.after).toEqual(temp.store.regions.readRegion(doc, 0, 0, ['en']));
    };
    const save = (text: string, confirm = false) => services.slots.editSlot({ documentId: doc, segmentId: id, lang: 'en', text, version: headVersion(doc, 0), user: translator, ...(confirm && { confirm }) });
    // Confirmed as it is: the aligner's confidence stays; then new text drops it.
    const confirmed = save('One.', true);
    expect(confirmed.slot).toMatchObject({ status: 'translated', confidence: 0.4, reasons: ['+ numbers agree'] });
    stored(confirmed);
    stored(save('One!'));
    // Autosaves of the same slot grow one step.
    stored(save('One!!'));
    // After an undo there is a redo, which the next save ends.
    services.slots.undo({ documentId: doc, user: translator });
    expect(services.slots.history(doc, translator).canRedo).toBe(true);
    stored(save('One, again.'));
  });

  it('lets reviewers edit but not change the alignment', async () => {
    const doc = await documentWith(['一。', '二。'], ['One.', 'Two.']);
    const reviewer = (await makeUser(services, { roles: ['reviewer'] as Role[] })).user;
    expect(services.slots.editSlot({ documentId: doc, segmentId: segmentId(doc, 0), lang: 'en', text: 'Uno.', version: headVersion(doc, 0), user: reviewer }).slot)
      .toMatchObject({ text: 'Uno.' });
    expect(() => op(doc, 'merge', 0, { user: reviewer })).toThrow(PermissionError);
  });
});

describe('fixing the alignment', () => {
  const zh = ['一。', '二。', '三。', '四。'];
  // The fixes themselves; re-alignment after them is tested on its own below.
  beforeEach(() => { services.slots.saveAlignmentPreferences(translator.id, { autoRealign: false }); });

  it.each([
    ['merge', 1, {}, '0:A.|1+2:B. C.|3:D.'],
    ['shift-down', 1, {}, '0:A.|1:|2:B. C.|3:D.'],
    ['shift-up', 2, {}, '0:A.|1:B. C.|2:|3:D.'],
    ['move-last-down', 0, {}, '0:|1:A. B.|2:C.|3:D.'],
    ['move-first-up', 1, {}, '0:A. B.|1:|2:C.|3:D.'],
  ] as const)('%s at %i', async (kind, position, extra, expected) => {
    const doc = await documentWith(zh, ['A.', 'B.', 'C.', 'D.']);
    op(doc, kind, position, extra);
    expect(column(doc)).toBe(expected);
    tiles(doc);
  });

  it('shift down changes only the slot and the one below, however long the document', async () => {
    const doc = await documentWith(zh, ['A.', 'B.', 'C.', 'D.']);
    op(doc, 'shift-down', 0);
    expect(column(doc)).toBe('0:|1:A. B.|2:C.|3:D.');
    expect(temp.store.slots.listSlots(doc, 'en').slice(2).map((s) => s.kind === 'head' && s.status)).toEqual(['aligned', 'aligned']);
  });

  it('inserting an empty slot moves the texts below down to the next empty slot, unconfirmed', async () => {
    const doc = await documentWith(zh, ['A.', 'B.'], [{ source: [0], target: [0] }, { source: [1], target: [1] }, { source: [2], target: [] }, { source: [3], target: [] }]);
    op(doc, 'insert-empty', 0);
    expect(column(doc)).toBe('0:|1:A.|2:B.|3:');
    expect(temp.store.slots.listSlots(doc, 'en').map((s) => s.kind === 'head' && s.status)).toEqual(['empty', 'aligned', 'aligned', 'empty']);
    op(doc, 'delete-empty', 0);
    expect(column(doc)).toBe('0:A.|1:B.|2:|3:');
  });

  it('inserting and deleting an empty slot stop at a slot a person confirmed, which keeps its text', async () => {
    const doc = await documentWith(zh, ['A.', 'B.', 'C.', 'D.']);
    services.slots.editSlot({ documentId: doc, segmentId: segmentId(doc, 2), lang: 'en', text: 'C.', version: headVersion(doc, 2), user: translator, confirm: true });
    op(doc, 'insert-empty', 0);
    expect(column(doc)).toBe('0:|1:A. B.|2:C.|3:D.');
    expect(() => op(doc, 'delete-empty', 1)).toThrow(ValidationError);
    op(doc, 'shift-up', 1);
    expect(column(doc)).toBe('0:A. B.|1:|2:C.|3:D.');
    expect(() => op(doc, 'delete-empty', 1)).toThrow(/confirmed or fixed by a person/);
    expect(column(doc)).toBe('0:A. B.|1:|2:C.|3:D.');
  });

  it('splits a two-sentence slot at the sentence boundary, the second part joining the slot below', async () => {
    // Single capitals followed by a full stop read as initials, so real sentences here.
    const doc = await documentWith(zh, ['Alpha came.', 'Beta left.', 'Gamma.', 'Delta.'], [
      { source: [0], target: [0, 1] }, { source: [1], target: [2] }, { source: [2], target: [] }, { source: [3], target: [3] },
    ]);
    op(doc, 'split', 0);
    expect(column(doc)).toBe('0:Alpha came.|1:Beta left. Gamma.|2:|3:Delta.');
  });

  it('splits a spanning slot at the caret into two slots', async () => {
    const doc = await documentWith(zh, ['A and B', 'C.', 'D.'], [
      { source: [0, 1], target: [0] }, { source: [2], target: [1] }, { source: [3], target: [2] },
    ]);
    op(doc, 'split', 0, { at: 5 });
    expect(column(doc)).toBe('0:A and|1:B|2:C.|3:D.');
    tiles(doc);
  });

  it('refuses a split without a boundary, and a merge at the end, changing nothing', async () => {
    const doc = await documentWith(['一。', '二。'], ['One.', 'Two.']);
    expect(() => op(doc, 'split', 0)).toThrow(ValidationError);
    expect(() => op(doc, 'merge', 1)).toThrow(/last slot/);
    expect(column(doc)).toBe('0:One.|1:Two.');
  });

  it('splits a Chinese segment at the caret: every language\'s slot spans one more', async () => {
    const doc = await documentWith(['一二。', '三。'], ['One two.', 'Three.']);
    const result = op(doc, 'split-segment', 0, { at: 1, lang: undefined as unknown as string });
    expect(sources(doc)).toBe('一|二。|三。');
    expect(column(doc)).toBe('0+2:One two.|2:Three.');
    expect(column(doc, 'ru')).toBe('0+2:|2:');
    expect(result).toMatchObject({ startPosition: 0, replacedCount: 1, segmentCount: 3 });
    expect(result.rows.map((r) => r.source)).toEqual(['一', '二。']);
    tiles(doc);
  });

  it('merges two Chinese segments: two slots become one, texts joined', async () => {
    const doc = await documentWith(['一。', '二。', '三。'], ['One.', 'Two.', 'Three.']);
    op(doc, 'merge-segments', 0);
    expect(sources(doc)).toBe('一。二。|三。');
    expect(column(doc)).toBe('0:One. Two.|1:Three.');
    tiles(doc);
  });

  it('keeps the history of a merged-away segment on the segment it merged into', async () => {
    const doc = await documentWith(['一。', '二。'], ['One.', 'Two.']);
    const second = segmentId(doc, 1);
    op(doc, 'merge-segments', 0);
    expect(temp.store.revisions.listRevisions(second, 'en')).toEqual([]);
    const first = segmentId(doc, 0);
    expect(temp.store.revisions.listRevisions(first, 'en').map((r) => r.text)).toContain('Two.');
  });
});

describe('undo and redo', () => {
  it('undo and redo every operation, back to exactly the state before', async () => {
    for (const [kind, position, at] of [
      ['merge', 0], ['split', 0], ['shift-down', 0], ['shift-up', 1], ['move-first-up', 1], ['move-last-down', 0], ['insert-empty', 0],
      ['split-segment', 0, 1], ['merge-segments', 0],
    ] as [OperationKind, number, number?][]) {
      const doc = await documentWith(['一二。', '三。', '四。'], ['One two. Extra.', 'Three.', 'Four.']);
      const before = [column(doc), column(doc, 'ru'), sources(doc)];
      op(doc, kind, position, { ...(at !== undefined && { at }) });
      const after = [column(doc), column(doc, 'ru'), sources(doc)];
      expect(after, kind).not.toEqual(before);
      services.slots.undo({ documentId: doc, user: translator });
      expect([column(doc), column(doc, 'ru'), sources(doc)], kind).toEqual(before);
      tiles(doc);
      services.slots.redo({ documentId: doc, user: translator });
      expect([column(doc), column(doc, 'ru'), sources(doc)], kind).toEqual(after);
      tiles(doc);
    }
  });

  it('coalesces autosaves of one slot into one undo step', async () => {
    const doc = await documentWith(['一。'], ['One.']);
    const id = segmentId(doc, 0);
    for (const text of ['O', 'On', 'One!']) {
      services.slots.editSlot({ documentId: doc, segmentId: id, lang: 'en', text, version: headVersion(doc, 0), user: translator });
    }
    expect(services.slots.history(doc, translator)).toMatchObject({ canUndo: true, undoLabel: 'edit en slot 1' });
    services.slots.undo({ documentId: doc, user: translator });
    expect(column(doc)).toBe('0:One.');
    expect(services.slots.history(doc, translator)).toMatchObject({ canUndo: false, canRedo: true });
  });

  it('refuses to undo over someone else\'s later change, and drops that step', async () => {
    const doc = await documentWith(['一。', '二。'], ['One.', 'Two.']);
    const other = (await makeUser(services, { roles: ['translator'] })).user;
    op(doc, 'merge', 0);
    services.slots.editSlot({ documentId: doc, segmentId: segmentId(doc, 0), lang: 'en', text: 'Theirs.', version: headVersion(doc, 0), user: other });
    expect(() => services.slots.undo({ documentId: doc, user: translator })).toThrow(/changed since by someone else/);
    expect(column(doc)).toBe('0+2:Theirs.');
    expect(services.slots.history(doc, translator).canUndo).toBe(false);
  });

  it('redoes the most recently undone step first (M, ], undo, undo, redo, redo)', async () => {
    const doc = await documentWith(['一。', '二。', '三。'], ['One. Extra.', 'Two.', 'Three.']);
    const states = [column(doc)];
    op(doc, 'merge', 1);
    states.push(column(doc));
    op(doc, 'move-last-down', 0);
    states.push(column(doc));
    services.slots.undo({ documentId: doc, user: translator });
    services.slots.undo({ documentId: doc, user: translator });
    expect(column(doc)).toBe(states[0]);
    expect(services.slots.history(doc, translator).redoLabel).toMatch(/^merge slots/);
    services.slots.redo({ documentId: doc, user: translator });
    expect(column(doc)).toBe(states[1]);
    services.slots.redo({ documentId: doc, user: translator });
    expect(column(doc)).toBe(states[2]);
    expect(services.slots.history(doc, translator)).toMatchObject({ canRedo: false, canUndo: true });
  });

  it('a new action clears the redo stack', async () => {
    const doc = await documentWith(['一。', '二。', '三。'], ['One.', 'Two.', 'Three.']);
    op(doc, 'merge', 0);
    services.slots.undo({ documentId: doc, user: translator });
    op(doc, 'merge', 1);
    expect(services.slots.history(doc, translator).canRedo).toBe(false);
    expect(() => services.slots.redo({ documentId: doc, user: translator })).toThrow('There is nothing to redo.');
  });

  it('a save that joins the last edit step clears the redo stack too', async () => {
    const doc = await documentWith(['一。', '二。', '三。'], ['One.', 'Two.', 'Three.']);
    const first = segmentId(doc, 0);
    services.slots.editSlot({ documentId: doc, segmentId: first, lang: 'en', text: 'One!', version: headVersion(doc, 0), user: translator });
    op(doc, 'merge', 1);
    services.slots.undo({ documentId: doc, user: translator });
    services.slots.undo({ documentId: doc, user: translator });
    services.slots.redo({ documentId: doc, user: translator });
    expect(services.slots.history(doc, translator).canRedo).toBe(true);
    services.slots.editSlot({ documentId: doc, segmentId: first, lang: 'en', text: 'One!!', version: headVersion(doc, 0), user: translator });
    expect(services.slots.history(doc, translator)).toMatchObject({ canRedo: false, undoLabel: 'edit en slot 1' });
  });

  it('a save after everything was undone ends the redo stack', async () => {
    const doc = await documentWith(['一。', '二。'], ['One.', 'Two.']);
    services.slots.editSlot({ documentId: doc, segmentId: segmentId(doc, 0), lang: 'en', text: 'One!', version: headVersion(doc, 0), user: translator });
    services.slots.undo({ documentId: doc, user: translator });
    expect(services.slots.history(doc, translator)).toMatchObject({ canUndo: false, canRedo: true });
    const saved = services.slots.editSlot({ documentId: doc, segmentId: segmentId(doc, 1), lang: 'en', text: 'Two!', version: headVersion(doc, 1), user: translator });
    expect(saved.history).toMatchObject({ canUndo: true, canRedo: false });
    expect(services.slots.history(doc, translator)).toEqual(saved.history);
    expect(() => services.slots.redo({ documentId: doc, user: translator })).toThrow('There is nothing to redo.');
  });

  it('keeps at least 100 steps', async () => {
    const doc = await documentWith(['一。', '二。'], ['One.', 'Two.']);
    for (let i = 0; i < 60; i++) {
      op(doc, 'merge', 0);
      op(doc, 'split', 0, { at: 4 });
    }
    for (let i = 0; i < 120; i++) services.slots.undo({ documentId: doc, user: translator });
    expect(column(doc)).toBe('0:One.|1:Two.');
    expect(services.slots.history(doc, translator).canUndo).toBe(false);
  });
});

describe('random sequences of operations (fixed seed)', () => {

  it('keep the tiling after every step, lose no text, and undo all the way back', async () => {
    const rand = seeded(20261124);
    const zh = Array.from({ length: 12 }, (_, i) => `第${i}句话。`);
    const en = Array.from({ length: 14 }, (_, i) => `Sentence ${i}.`);
    const doc = await documentWith(zh, en, [
      ...zh.slice(0, 10).map((_, i) => ({ source: [i], target: [i] })),
      { source: [10], target: [10, 11] }, { source: [11], target: [12, 13] },
    ]);
    const initial = [column(doc), column(doc, 'ru'), sources(doc)];
    const words = (text: string) => text.split(/\s+/).filter(Boolean).sort().join(' ');
    const allEnglish = () => words(temp.store.slots.listSlots(doc, 'en').map((s) => (s.kind === 'head' ? s.text : '')).join(' '));
    const englishBefore = allEnglish();
    let applied = 0;
    for (let step = 0; step < 200; step++) {
      const kind = OPERATION_KINDS[Math.floor(rand() * OPERATION_KINDS.length)]!;
      const count = temp.store.segments.countSegments(doc);
      const position = Math.floor(rand() * count);
      const segment = temp.store.segments.listSegments(doc)[position]!;
      const lang = rand() < 0.7 ? 'en' : 'ru';
      try {
        services.slots.applyOperation({
          documentId: doc, kind, segmentId: segment.id, lang, user: translator,
          ...(kind === 'split-segment' && { at: 1 + Math.floor(rand() * Math.max(1, segment.text.length - 1)) }),
        });
        applied += 1;
      } catch (error) {
        // Refusals (last slot, no boundary, continuation) must be clean domain errors.
        expect(error).toBeInstanceOf(ValidationError);
      }
      tiles(doc);
      densePositions(doc);
      expect(allEnglish()).toBe(englishBefore);
    }
    // Refusals are frequent (deleting a slot that holds text, shifting an empty one); enough steps still apply.
    expect(applied).toBeGreaterThan(50);
    for (let i = 0; i < applied; i++) {
      services.slots.undo({ documentId: doc, user: translator });
      densePositions(doc);
    }
    expect([column(doc), column(doc, 'ru'), sources(doc)]).toEqual(initial);
  });
});

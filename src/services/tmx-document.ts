/**
 * Creating a document from a TMX file (issue #6): the zh side of each `<tu>` segmented into
 * sentences, each other language one slot spanning them. A large file is read and written in
 * parts (issue #12), like a large text in document-import.ts.
 */
import { LANG_TAG } from '../domain.js';
import { readTmx, type TmxReadHeader } from '../formats/tmx-reader.js';
import type { Store } from '../store/index.js';
import type { User } from '../store/users.js';
import { segment } from '../text/segment.js';
import { authorizeInWorkspace } from './access.js';
import { discardDocument, recheckImporter } from './document-import.js';
import { parseTargetLangs } from './documents.js';
import { ValidationError } from './errors.js';
import type { JobControl } from './jobs.js';
import { asTmxError, chunksOf, documentLang, pickSource, primaryOf, sourceVariant, type TmxFileInput } from './tmx-units.js';

/**
 * A large file made into a document: `<tu>`s read between turns of the event loop, and
 * written per transaction. Most units are one sentence with two targets, so 1,000 are about
 * the 3,000 rows document-import.ts writes per transaction (about 0.1 s measured there).
 */
const TMX_DOCUMENT_PART = 1_000;

const nextTurn = () => new Promise<void>((resolve) => { setImmediate(resolve); });

export interface TmxDocumentInput { file: TmxFileInput; title?: string; user: User | null }
export interface TmxDocumentResult { documentId: number; segmentCount: number; unitsRead: number; unitsSkipped: number; langs: string[] }

export function createTmxDocumentActions({ store, now }: { store: Store; now: () => Date }) {
  type Planned = { sentences: string[]; targets: Map<string, string> };
  /** Reads a TMX file into a document's plan: `steps` yields every TMX_DOCUMENT_PART units, `settle` checks what was read. */
  function planTmxDocument(input: TmxDocumentInput) {
    if (input.user) authorizeInWorkspace(input.user, 'import-document');
    const planned: Planned[] = [];
    const langs: string[] = [];
    let unitsRead = 0;
    let unitsSkipped = 0;
    const segmentCount = () => planned.reduce((n, p) => n + p.sentences.length, 0);
    function* steps(): Generator<void> {
      let header: TmxReadHeader = {};
      try {
        for (const event of readTmx(chunksOf(input.file.bytes))) {
          if (event.kind === 'header') {
            header = event.header;
            continue;
          }
          unitsRead += 1;
          if (unitsRead % TMX_DOCUMENT_PART === 0) yield;
          const pick = pickSource(event.unit, header);
          if (pick.kind === 'skip' && pick.reason !== 'no_target') {
            unitsSkipped += 1;
            continue;
          }
          const source = pick.kind === 'pick' ? pick.source : sourceVariant(event.unit, header);
          if (!source || primaryOf(source.lang) !== 'zh') {
            unitsSkipped += 1;
            continue;
          }
          const sentences = segment(source.text, 'zh').map((s) => s.text);
          if (sentences.length === 0) {
            unitsSkipped += 1;
            continue;
          }
          const targets = new Map<string, string>();
          for (const target of pick.kind === 'pick' ? pick.targets : []) {
            const lang = documentLang(target.lang);
            // A second Chinese variant (zh-TW beside zh-CN) cannot be a target language here.
            if (primaryOf(lang) === 'zh' || !LANG_TAG.test(lang) || targets.has(lang)) continue;
            targets.set(lang, target.text.trim());
            if (!langs.includes(lang)) langs.push(lang);
          }
          planned.push({ sentences, targets });
        }
      } catch (error) {
        asTmxError(error);
      }
    }
    return {
      planned,
      fileName: input.file.name,
      steps: steps(),
      settle() {
        if (planned.length === 0) throw new ValidationError('The file holds no unit with Chinese (zh) text, so no document can be made from it.', { code: 'empty_text' });
        const targetLangs = parseTargetLangs(langs.length > 0 ? langs : undefined);
        const title = (input.title ?? '').normalize('NFC').replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ').trim()
          || input.file.name.replace(/\.[^.]+$/, '') || 'TMX import';
        if (title.length > 200) throw new ValidationError('A title has at most 200 characters.', { details: { field: 'title' } });
        return { title, targetLangs, at: now().toISOString(), userId: input.user?.id ?? null };
      },
      segmentCount,
      result(documentId: number, targetLangs: string[]): TmxDocumentResult {
        return { documentId, segmentCount: segmentCount(), unitsRead, unitsSkipped, langs: targetLangs };
      },
    };
  }

  /** Writes planned units (from the `paragraph`-th, their first segment at `position`) with their slots. */
  function writeTmxDocumentUnits(id: number, units: readonly Planned[], paragraph: number, position: number, targetLangs: readonly string[], userId: number | null, at: string): void {
    const segments = units.flatMap((p, i) => p.sentences.map((text) => ({ paragraph: paragraph + i, text })));
    const ids = store.segments.insertSegments(id, segments, position);
    let offset = 0;
    for (const unit of units) {
      const unitIds = ids.slice(offset, offset + unit.sentences.length);
      offset += unit.sentences.length;
      for (const lang of targetLangs) {
        const text = unit.targets.get(lang) ?? '';
        if (text.length === 0) {
          for (const segmentId of unitIds) store.slots.insertHead({ segmentId, lang, text: '', status: 'empty', span: 1, updatedBy: userId, now: at });
          continue;
        }
        const head = unitIds[0]!;
        store.slots.insertHead({ segmentId: head, lang, text, status: 'translated', span: unitIds.length, updatedBy: userId, now: at });
        for (const segmentId of unitIds.slice(1)) store.slots.insertContinuation(segmentId, lang, head);
        store.revisions.insertRevision({ segmentId: head, lang, version: 1, text, status: 'translated', span: unitIds.length, authorId: userId, createdAt: at, action: 'import' });
      }
    }
  }

  function finishTmxDocument(id: number, plan: { segmentCount(): number; fileName: string }, title: string, targetLangs: readonly string[], userId: number | null, at: string): void {
    for (const lang of targetLangs) {
      const problems = store.slots.checkTiling(id, lang);
      if (problems.length > 0) throw new Error(`Slot tiling broken after TMX import: ${problems.join('; ')}`);
    }
    store.users.insertAuditEntry({
      userId, action: 'document_import', documentId: id,
      details: { title, segments: plan.segmentCount(), langs: targetLangs, source: plan.fileName, format: 'tmx' }, now: at,
    });
  }

  return {
    /** Refuses at once (before a job starts) a user who may not create documents. */
    checkTmxDocumentImport(user: User | null): void {
      if (user) authorizeInWorkspace(user, 'import-document');
    },

    /**
     * Creates a document from a TMX file. The zh side of each `<tu>` is segmented into
     * sentences like an imported text: one segment normally, several when the unit holds
     * several sentences, in which case each other language's text becomes one slot
     * spanning them all (status `translated`). Each `<tu>` starts a paragraph. For a small
     * file: one transaction on the request thread (createDocumentFromTmxInParts otherwise).
     */
    createDocumentFromTmx(input: TmxDocumentInput): TmxDocumentResult {
      const plan = planTmxDocument(input);
      for (const _ of plan.steps) { /* read on */ }
      const { title, targetLangs, at, userId } = plan.settle();
      const documentId = store.transaction(() => {
        const id = store.documents.insertDocument({ title, sourceLang: 'zh-CN', createdBy: userId, langs: targetLangs, now: at });
        writeTmxDocumentUnits(id, plan.planned, 0, 0, targetLangs, userId, at);
        finishTmxDocument(id, plan, title, targetLangs, userId, at);
        return id;
      });
      return plan.result(documentId, targetLangs);
    },

    /**
     * The same for a large file, as document-import.ts writes a large text: read with the
     * event loop free every TMX_DOCUMENT_PART units, written that many units a transaction,
     * hidden (document_imports) until the last one commits, deleted again if anything fails.
     */
    async createDocumentFromTmxInParts(input: TmxDocumentInput, control?: JobControl): Promise<TmxDocumentResult> {
      control?.phase('reading', null);
      const plan = planTmxDocument(input);
      for (const _ of plan.steps) {
        control?.throwIfCancelled?.();
        await nextTurn();
      }
      control?.throwIfCancelled?.();
      const { title, targetLangs, at, userId } = plan.settle();
      const documentId = store.transaction(() => {
        const id = store.documents.insertDocument({ title, sourceLang: 'zh-CN', createdBy: userId, langs: targetLangs, now: at });
        store.documents.insertDocumentImport(id, at);
        return id;
      });
      try {
        let position = 0;
        for (let from = 0; from < plan.planned.length; from += TMX_DOCUMENT_PART) {
          control?.throwIfCancelled?.();
          control?.phase('saving', (from / plan.planned.length) * 100);
          const part = plan.planned.slice(from, from + TMX_DOCUMENT_PART);
          store.transaction(() => writeTmxDocumentUnits(documentId, part, from, position, targetLangs, userId, at));
          position += part.reduce((n, p) => n + p.sentences.length, 0);
          await nextTurn();
        }
        control?.throwIfCancelled?.();
        store.transaction(() => {
          recheckImporter(store, input.user, 'import-document');
          finishTmxDocument(documentId, plan, title, targetLangs, userId, at);
          store.documents.finishDocumentImport(documentId);
        });
      } catch (error) {
        await discardDocument(store, documentId);
        throw error;
      }
      return plan.result(documentId, targetLangs);
    },

  };
}

/**
 * A large document import (issue #12: a 20 MB .txt held the server 10 s; here 25 s, 5 s of
 * decoding and segmenting, 20 s writing 205,000 segments and their slots). The text work
 * runs in a worker thread (text-worker.ts); the rows are written in short transactions with
 * the event loop free between them. Until the last one commits the document is hidden
 * (document_imports), so nobody sees or edits half of it; a failure, a cancel or a re-check
 * of the importer's role that fails deletes it again, and one left by a crash is discarded
 * when the server starts (discardUnfinishedImports).
 */
import type { Sentence } from '../text/segment.js';
import type { Store } from '../store/index.js';
import type { User } from '../store/users.js';
import { authorizeInWorkspace } from './access.js';
import type { ServiceDeps } from './context.js';
import { PermissionError } from './errors.js';
import type { JobControl } from './jobs.js';
import { segmentInWorker } from './text-runner.js';
import type { TextRequest } from './text-worker.js';

/**
 * Imports above this size take the worker and write in parts; below, the whole import takes
 * under 0.3 s of the event loop even on this loaded machine (1.25 s per MB measured at a load
 * of 11), and a worker's start (about 0.1 s, more from sources) would cost more than it saves.
 */
export const LARGE_IMPORT_BYTES = 256 * 1024;
/**
 * Segments written per transaction: 1,000 segments with two languages are 3,000 rows, about
 * 0.1 s at the rate measured above, which is how long another request may wait for the
 * event loop while a large import writes.
 */
export const WRITE_PART_SEGMENTS = 1000;
/** Segments deleted per transaction when a large import is undone. */
const DELETE_PART_SEGMENTS = 5000;

export interface LargeImport {
  title: string;
  langs: string[];
  source: Pick<TextRequest, 'bytes' | 'text'>;
  /** A file's name, for messages and the audit log; absent for a pasted text. */
  fileName?: string;
  rulesId?: number;
  user: User | null;
}

type Deps = Pick<ServiceDeps, 'store' | 'now' | 'segmentation'>;

const nextTurn = () => new Promise<void>((resolve) => { setImmediate(resolve); });

export async function importLargeDocument(deps: Deps, input: LargeImport, control?: JobControl): Promise<{ documentId: number; segmentCount: number; paragraphCount: number }> {
  const { store } = deps;
  const rules = input.rulesId === undefined ? undefined : deps.segmentation?.rulesOf(input.rulesId);
  control?.phase('segmenting', null);
  const sentences = await segmentInWorker({
    ...input.source, lang: 'zh',
    ...(rules?.srx && { srx: rules.srx.source }), ...(rules?.abbreviations && { abbreviations: rules.abbreviations }),
  }, input.fileName);
  control?.throwIfCancelled?.();
  const at = deps.now().toISOString();
  const userId = input.user?.id ?? null;
  const documentId = store.transaction(() => {
    const id = store.documents.insertDocument({ title: input.title, sourceLang: 'zh-CN', createdBy: userId, langs: input.langs, now: at });
    store.documents.insertDocumentImport(id, at);
    return id;
  });
  try {
    for (let from = 0; from < sentences.length; from += WRITE_PART_SEGMENTS) {
      control?.throwIfCancelled?.();
      control?.phase('saving', (from / sentences.length) * 100);
      writePart(store, documentId, sentences, from, input.langs, userId, at);
      await nextTurn();
    }
    control?.throwIfCancelled?.();
    store.transaction(() => {
      recheckImporter(store, input.user, 'import-document');
      if (input.rulesId !== undefined) store.segmentation.upsertDocumentSegmentation({ documentId, rulesId: input.rulesId, abbreviations: [], userId, now: at });
      store.users.insertAuditEntry({
        userId, action: 'document_import', documentId,
        details: { title: input.title, segments: sentences.length, langs: input.langs, source: input.fileName ?? 'pasted text' }, now: at,
      });
      store.documents.finishDocumentImport(documentId);
    });
  } catch (error) {
    await discardDocument(store, documentId);
    throw error;
  }
  return { documentId, segmentCount: sentences.length, paragraphCount: new Set(sentences.map((s) => s.paragraph)).size };
}

function writePart(store: Store, documentId: number, sentences: readonly Sentence[], from: number, langs: readonly string[], userId: number | null, now: string): void {
  store.transaction(() => {
    const ids = store.segments.insertSegments(documentId, sentences.slice(from, from + WRITE_PART_SEGMENTS), from);
    for (const lang of langs) for (const segmentId of ids) store.slots.insertHead({ segmentId, lang, text: '', status: 'empty', span: 1, updatedBy: userId, now });
  });
}

/**
 * Asks the policy again in an import's last transaction: the importer may have lost the
 * role, or the account, while it was written in parts.
 */
export function recheckImporter(store: Store, user: User | null, action: 'import-document' | 'import-tmx'): void {
  if (!user) return;
  const current = store.users.findUser(user.id);
  if (!current || current.disabled) throw new PermissionError('Your account was disabled during the import. Nothing was imported.');
  authorizeInWorkspace(current, action);
}

/** Deletes a document written in parts, in parts too, so undoing a large import stalls nobody. */
export async function discardDocument(store: Store, documentId: number): Promise<void> {
  while (store.transaction(() => store.documents.deleteSomeSegments(documentId, DELETE_PART_SEGMENTS)) > 0) await nextTurn();
  store.transaction(() => store.documents.deleteDocument(documentId));
}

/** Deletes the documents whose import a stopped server left unfinished (call at start-up). */
export function discardUnfinishedImports(store: Store): number {
  const ids = store.documents.listUnfinishedImports();
  for (const id of ids) store.transaction(() => store.documents.deleteDocument(id));
  return ids.length;
}

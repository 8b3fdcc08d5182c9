/**
 * The composition root: builds the dependencies once and groups the named actions by
 * area, so the web app and the CLI call `services.slots.editSlot(input)` while each
 * action stays a plain function `editSlot(deps, input)` in its own area's module.
 */
import type { ScryptOptions } from 'node:crypto';
import type { Store } from '../store/index.js';
import type { User } from '../store/users.js';
import { createAccessPolicy } from './access.js';
import { createAccountService } from './accounts.js';
import { applyOperation, type OperationInput } from './alignment.js';
import { assign, assignableUsers, assignedDocuments, listAssignments, type AssignInput } from './assignments.js';
import { documentActivity, listAudit, type AuditQuery } from './audit.js';
import { addComment, listComments, resolveComment, type SlotRef } from './comments.js';
import type { ServiceDeps } from './context.js';
import {
  countDocumentSegments, getDocument, getDocumentGrid, getDocumentPage, importDocument, listDocuments, placeTranslation, type ImportDocumentInput, type PlaceTranslationInput,
} from './documents.js';
import { analyseDocument, analysisCsv, countDocument, type DocumentAnalysis } from './analysis.js';
import { createEventHub } from './events.js';
import { sharedSpeller, spellColumn, withSpelling } from './spelling.js';
import type { SlotQa } from './qa.js';
import { listFilteredRows, type FilteredRowsQuery } from './filters.js';
import { findInDocument, replaceInDocument, type FindInput, type ReplaceInput } from './find-replace.js';
import { createExchangeService, type TmImportInput } from './exchange.js';
import { importTmxInParts } from './tm-import.js';
import { createReturnService } from './exchange-returns.js';
import { createGlossaryService } from './glossary.js';
import type { JobControl } from './jobs.js';
import { createJobRegistry } from './jobs.js';
import type { LoginThrottleOptions } from './login-throttle.js';
import { createQaService, type QaResult } from './qa.js';
import {
  approveAll, approveSlot, listReview, rejectionCounts, rejectSlot, reviewPasses, setSecondReview,
  type ApproveAllInput, type ApproveInput, type QaFinding, type RejectInput, type ReviewDeps, type ReviewListInput, type SecondReviewInput,
} from './review.js';
import { checkRealignColumn, realignUnconfirmed, type RealignColumnInput } from './realign-job.js';
import { alignmentPreferences, saveAlignmentPreferences, type AlignmentPreferences } from './realignment.js';
import { createSegmentationService } from './segmentation.js';
import { restoreRevision, slotHistory, type RestoreInput, type SlotHistoryInput } from './revisions.js';
import { editSlot, listRows, undoHistory, type EditSlotInput, type RowsQuery } from './slots.js';
import { createTermSuggestionService } from './term-suggestions.js';
import { createTermIndex } from './term-index.js';
import { addApprovedToTm, createTmService } from './tm.js';
import { prepareTranslationImport, runTranslationImport, type PreparedTranslation, type TranslationImportInput } from './translations.js';
import { redo, undo, type UndoInput } from './undo.js';

export interface ServiceOptions {
  store: Store;
  now?: () => Date;
  scrypt?: ScryptOptions;
  loginThrottle?: Partial<LoginThrottleOptions>;
  /** Written into exports as the creating tool's version. */
  version?: string;
}

/** Every service over one store; the web app and the CLI both start here. */
export function createServices(options: ServiceOptions) {
  const now = options.now ?? (() => new Date());
  const { store } = options;
  const events = createEventHub();
  // The one permission policy every action asks (services/access.ts).
  const access = createAccessPolicy(store.review);
  const segmentation = createSegmentationService({ store, now });
  const deps: ServiceDeps = { store, now, access, events, segmentation };
  const terms = createTermIndex(store);
  const qa = createQaService({ store, terms });
  const glossary = createGlossaryService({ store, now, terms });
  const toFinding = (r: QaResult): QaFinding => ({ id: r.check, severity: r.severity, message: r.message });
  const reviewDeps: ReviewDeps = {
    ...deps,
    qa: {
      slot: (documentId, segmentId, lang) => qa.checkSlot(documentId, segmentId, lang).map(toFinding),
      language: (documentId, lang) => new Map(qa.listDocument(documentId, { lang }).map((s) => [s.segmentId, s.results.map(toFinding)])),
    },
    // Approved pairs join the translation memory in the approving transaction.
    onApproved: (input) => { addApprovedToTm(store, { ...input, now: now().toISOString() }); },
  };

  /** The editor's verbs: rows, slot saves (slots.ts), alignment fixes (alignment.ts), undo and redo (undo.ts). */
  const slots = {
    listRows: (documentId: number, options: RowsQuery) => listRows(deps, documentId, options),
    /** The editor's text and status filters (filters.ts). */
    listFilteredRows: (documentId: number, query: FilteredRowsQuery) => listFilteredRows(deps, documentId, query),
    /** Find and replace in a language column (find-replace.ts): a preview, then one undo step. */
    find: (input: FindInput) => findInDocument(deps, input),
    replace: (input: ReplaceInput) => replaceInDocument(deps, input),
    editSlot: (input: EditSlotInput) => editSlot(deps, input),
    applyOperation: (input: OperationInput) => applyOperation(deps, input),
    undo: (input: UndoInput) => undo(deps, input),
    redo: (input: UndoInput) => redo(deps, input),
    history: (documentId: number, user: User) => undoHistory(deps, documentId, user),
    alignmentPreferences: (userId: number) => alignmentPreferences(deps, userId),
    saveAlignmentPreferences: (userId: number, preferences: AlignmentPreferences) => saveAlignmentPreferences(deps, userId, preferences),
    checkRealignColumn: (input: RealignColumnInput) => checkRealignColumn(deps, input),
    realignUnconfirmed: (input: RealignColumnInput, control?: JobControl) => realignUnconfirmed(deps, input, control),
  };

  /**
   * Review: decisions and the list (review.ts), comments (comments.ts), history and
   * restore (revisions.ts), assignments (assignments.ts), audit and activity (audit.ts).
   */
  const review = {
    approve: (input: ApproveInput) => approveSlot(reviewDeps, input),
    reject: (input: RejectInput) => rejectSlot(reviewDeps, input),
    /** Rejections per language and error category (document page). */
    rejectionCounts: (documentId: number) => rejectionCounts(reviewDeps, documentId),
    approveAll: (input: ApproveAllInput) => approveAll(reviewDeps, input),
    listReview: (input: ReviewListInput) => listReview(reviewDeps, input),
    /** Second review pass per language (issue #13): whether it is on, decisions per pass; admins turn it on or off. */
    reviewPasses: (documentId: number) => reviewPasses(deps, documentId),
    setSecondReview: (input: SecondReviewInput) => setSecondReview(deps, input),
    listComments: (input: SlotRef) => listComments(deps, input),
    addComment: (input: SlotRef & { body: string }) => addComment(deps, input),
    resolveComment: (input: { commentId: number; resolved: boolean; user: User }) => resolveComment(deps, input),
    history: (input: SlotHistoryInput) => slotHistory(deps, input),
    restore: (input: RestoreInput) => restoreRevision(deps, input),
    listAssignments: (documentId: number) => listAssignments(deps, documentId),
    assign: (input: AssignInput) => assign(deps, input),
    assignedDocuments: (user: User) => assignedDocuments(deps, user),
    assignableUsers: () => assignableUsers(deps),
    listAudit: (input: AuditQuery) => listAudit(deps, input),
    activity: (documentId: number) => documentActivity(deps, documentId),
  };

  const exchange = createExchangeService({ store, now, version: options.version ?? 'dev' });
  return {
    access,
    events,
    jobs: createJobRegistry(),
    accounts: createAccountService({
      store, now, ...(options.scrypt && { scrypt: options.scrypt }), ...(options.loginThrottle && { loginThrottle: options.loginThrottle }),
      // A deactivated user's (or a reset password's) live streams close with their sessions.
      onSessionsEnded: (userId) => events.disconnectUser(userId),
    }),

    /** Spelling of English and Russian (spelling.ts): the dictionaries live in a worker thread. */
    spelling: {
      check: (lang: string, texts: readonly string[]) => sharedSpeller.check(lang, texts),
      suggest: (lang: string, word: string) => sharedSpeller.suggest(lang, word),
      column: (documentId: number, lang: string) => spellColumn(deps, sharedSpeller, documentId, lang),
      /** QA findings with the spelling ones added. */
      withSpelling: (documentId: number, slots: SlotQa[], lang?: string) => withSpelling(deps, sharedSpeller, documentId, slots, lang),
    },
    /** Counts and TM match analysis of a document (analysis.ts). */
    analysis: {
      count: (documentId: number) => countDocument(deps, documentId),
      analyse: (documentId: number) => analyseDocument(deps, documentId),
      csv: (result: DocumentAnalysis) => analysisCsv(result),
    },
    /** Creating documents and reading them back (documents.ts). */
    documents: {
      importDocument: (input: ImportDocumentInput, control?: JobControl) => importDocument(deps, input, control),
      placeTranslation: (input: PlaceTranslationInput) => placeTranslation(deps, input),
      listDocuments: () => listDocuments(deps),
      getDocument: (documentId: number) => getDocument(deps, documentId),
      getDocumentGrid: (documentId: number) => getDocumentGrid(deps, documentId),
      countSegments: (documentId: number) => countDocumentSegments(deps, documentId),
      getDocumentPage: (documentId: number, options: { offset: number; limit: number }) => getDocumentPage(deps, documentId, options),
    },

    /** Importing a translation and aligning it (translations.ts). */
    translations: {
      prepare: (input: TranslationImportInput) => prepareTranslationImport(deps, input),
      run: (prepared: PreparedTranslation, control?: JobControl) => runTranslationImport(deps, prepared, control),
    },

    slots,
    review,

    tm: createTmService({ store, now }),
    glossary,
    termSuggestions: createTermSuggestionService({ store, glossary }),
    qa,
    segmentation,
    // Exports read comments from their own snapshot (services/export-run.ts).
    exchange,
    /** A large TMX import into the TM, in parts off the request thread (tm-import.ts). */
    tmImports: {
      importTmxInParts: (input: TmImportInput, control?: JobControl) => importTmxInParts({ store, exchange }, input, control),
    },
    // Returned XLIFF files and review tables are applied through the same slot and review actions.
    returns: createReturnService({
      store, now, access,
      slots, review,
    }),
  };
}

export type Services = ReturnType<typeof createServices>;

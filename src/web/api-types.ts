/**
 * Request and response shapes of the JSON API. Types only: the browser client imports
 * this file with `import type`, so HTTP stays the only runtime link between them.
 */
import type { DocumentListItem, DocumentView } from './view-models/documents.js';
import type { ErrorBody } from './errors.js';
import type { DatabaseHealth } from '../store/health.js';

export type { ErrorBody };
export interface DocumentList { documents: DocumentListItem[] }
/** One page of a document: `next` is the offset of the next page, null on the last. */
export interface DocumentDetail { document: DocumentView; page: { offset: number; limit: number; total: number; next: number | null } }
export interface DocumentCreated { documentId: number; segmentCount: number; paragraphCount: number; url: string }
export interface Health { status: 'ok' | 'degraded'; version: string; database: DatabaseHealth }

import type { HistoryState, RegionChange, RowView, SlotView } from '../services/slots.js';
import type { JobStatus } from '../services/jobs.js';
import type { ColumnRealigned } from '../services/realign-job.js';
import type { LanguageAction } from '../services/access.js';
import type { TranslationImportSummary } from '../services/translations.js';
import type { TmxDocumentResult } from '../services/tmx-document.js';
export type { HistoryState, RegionChange, RowView, SlotView, TranslationImportSummary };
export interface RowsPage { total: number; offset: number; rows: RowView[] }
export type { SlotSaved } from '../services/slots.js';
export interface JobAnswer { job: JobStatus<TranslationImportSummary> }
/** A document made from a TMX file (POST /api/tm/import with purpose=document). */
export type TmxDocumentCreated = TmxDocumentResult & { url: string };
export interface TmxDocumentJobAnswer { job: JobStatus<TmxDocumentCreated> }
export interface RealignJobAnswer { job: JobStatus<ColumnRealigned> }
export interface EditorBoot {
  documentId: number;
  title: string;
  segmentCount: number;
  langs: { lang: string; name: string }[];
  user: { id: number; name: string; roles: string[] };
  /** Per language, what this user may do there (services/access.ts); the client offers only these. */
  allowed: Record<string, LanguageAction[]>;
  /** Some language allows editing / fixing the alignment (allowed[lang] says which). */
  canEdit: boolean;
  canAlign: boolean;
  keymap: Record<string, string>;
  /** Languages reviewed in two passes (issue #13): their approved slots passed reviewer 2. */
  secondReview: string[];
  lowConfidence: number;
  /** Segments a page: the same as the document page's. */
  pageSize: number;
  /** The person's setting: re-align the unconfirmed slots below after each fix and confirm. */
  autoRealign: boolean;
}

import type { CommentView } from '../services/comments.js';
import type { ReviewItem, ReviewPage } from '../services/review.js';
import type { HistoryEntry, SlotHistory } from '../services/revisions.js';
import type { DiffPart } from '../text/diff.js';
/** A comment with whether the signed-in user may resolve it. */
export type Comment = CommentView;
export type { DiffPart, HistoryEntry, ReviewItem, ReviewPage };
export interface CommentList { comments: Comment[] }
/** Every revision of a slot, and whether the signed-in user may restore one. */
export type HistoryList = SlotHistory;
export interface ReviewBoot { documentId: number; lang: string; langName: string; title: string; keymap: Record<string, string> }

import type { LiveEvent, Presence } from '../services/events.js';
export type { LiveEvent, Presence };
export type { FindAnswer, ReplaceAnswer } from '../services/find-replace.js';

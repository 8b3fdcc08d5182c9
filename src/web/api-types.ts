/**
 * Request and response shapes of the JSON API. Types only: the browser client imports
 * this file with `import type`, so HTTP stays the only runtime link between them.
 */
import type { DocumentListItem, DocumentView } from './view-models/documents.js';
import type { ErrorBody } from './errors.js';

export type { ErrorBody };
export interface DocumentList { documents: DocumentListItem[] }
export interface DocumentDetail { document: DocumentView }
export interface DocumentCreated { documentId: number; segmentCount: number; paragraphCount: number; url: string }
export interface Health { status: 'ok' | 'degraded'; version: string; database: { ok: boolean; schemaVersion: number | null } }

import type { HistoryState, RegionChange, RowView, SlotView } from '../services/slots.js';
import type { JobStatus } from '../services/jobs.js';
import type { TranslationImportSummary } from '../services/translations.js';
export type { HistoryState, RegionChange, RowView, SlotView, TranslationImportSummary };
export interface RowsPage { total: number; offset: number; rows: RowView[] }
export interface SlotSaved { slot: SlotView; history: HistoryState }
export interface JobAnswer { job: JobStatus<TranslationImportSummary> }
export interface EditorBoot {
  documentId: number;
  title: string;
  segmentCount: number;
  langs: { lang: string; name: string }[];
  user: { id: number; name: string; roles: string[] };
  canEdit: boolean;
  canAlign: boolean;
  keymap: Record<string, string>;
  lowConfidence: number;
  /** Segments a page: the same as the document page's. */
  pageSize: number;
}

import type { HistoryEntry, ReviewItem, ReviewPage } from '../services/review.js';
import type { Comment } from '../store/review.js';
import type { DiffPart } from '../text/diff.js';
export type { Comment, DiffPart, HistoryEntry, ReviewItem, ReviewPage };
export interface CommentList { comments: Comment[] }
export interface HistoryList { revisions: HistoryEntry[] }
export interface ReviewBoot { documentId: number; lang: string; langName: string; title: string; keymap: Record<string, string> }

import type { LiveEvent, Presence } from '../services/events.js';
export type { LiveEvent, Presence };

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

/**
 * What every user action takes: its dependencies, passed in by the composition root
 * (services/index.ts). Each action is a named function `verb(deps, input)` (Outline's
 * server/commands style), so a reader follows a save from the route to the SQL by name.
 */
import type { AuditAction } from '../domain.js';
import type { Document } from '../store/documents.js';
import type { Store } from '../store/index.js';
import type { SegmentationRules } from '../text/segment.js';
import type { User } from '../store/users.js';
import type { AccessPolicy } from './access.js';
import { NotFoundError } from './errors.js';
import type { EventHub, LiveEvent } from './events.js';

export interface ServiceDeps {
  store: Store;
  now: () => Date;
  /** The one permission policy (services/access.ts). */
  access: AccessPolicy;
  /** Live updates for open editors; absent in the CLI. */
  events?: EventHub;
  /** Documents' own segmentation rules (services/segmentation.ts); absent: the built-in rules. */
  segmentation?: SegmentationLookup;
}

/** The segmentation rules a new document or a document's translation is split with. */
export interface SegmentationLookup {
  /** A rule set's rules by id (NotFoundError for an unknown one). */
  rulesOf(ruleSetId: number): SegmentationRules;
  /** The rules a document's texts are segmented with; undefined: the built-in segmenter. */
  rulesForDocument(documentId: number): SegmentationRules | undefined;
}

/** The document, or NotFoundError; with `lang`, also NotFoundError when it has no such column. */
export function requireDocument(store: Store, documentId: number, lang?: string): Document {
  const document = store.documents.findDocument(documentId);
  if (!document) throw new NotFoundError(`There is no document ${documentId}.`);
  if (lang !== undefined && !document.langs.includes(lang)) throw new NotFoundError(`This document has no ${lang} translation.`);
  return document;
}

/** Tells other open editors once the transaction has committed (at once outside one). */
export function announce(deps: Pick<ServiceDeps, 'store' | 'events'>, documentId: number, event: Exclude<LiveEvent, { type: 'presence' }>): void {
  const { events } = deps;
  if (events) deps.store.afterCommit(() => events.publish(documentId, event));
}

/** One audit log entry for a user's action on a document, in the caller's transaction. */
export function recordAudit(deps: Pick<ServiceDeps, 'store' | 'now'>, by: User | number | null, action: AuditAction, documentId: number, details: Record<string, unknown>): void {
  const userId = typeof by === 'number' || by === null ? by : by.id;
  deps.store.users.insertAuditEntry({ userId, action, documentId, details, now: deps.now().toISOString() });
}

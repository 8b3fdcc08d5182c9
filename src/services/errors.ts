import type { HeadSlot } from '../domain.js';

/**
 * Every error code an answer can carry: a closed set, stable and snake_case, since
 * clients and scripts match on them. A new code is added here (with why it exists) and
 * gets its HTTP status in web/errors.ts, where the type makes the mapping complete.
 */
export const ERROR_CODES = [
  // The request is wrong; nothing changed (400).
  'validation_failed',      // a field or parameter is invalid (details.field names it)
  'malformed_request',      // the body or address cannot be read at all (bad JSON, cut-off upload, bad %XX)
  'not_a_head',             // the segment is covered by the slot above it: act on that slot
  'empty_text',             // an import holds no text or no sentences
  'empty_file',             // no file was sent where one is required
  'invalid_file',           // a file is not what its name says (not a .docx, binary, not UTF-8)
  'not_tmx',                // an XML file whose root is not <tmx>
  'invalid_tmx',            // a TMX file that is not well-formed or breaks the standard
  'forbidden_doctype',      // a DOCTYPE declaring entities (XXE, entity bombs)
  'not_xliff',              // an XML file whose root is not <xliff>
  'invalid_xliff',          // an XLIFF file that is not well-formed or breaks the standard
  'wrong_language',         // a returned file of another language or document than the one it is imported into
  'invalid_docx',           // a .docx that cannot be read as a Word package
  'not_review_table',       // a .docx that holds no review table exported by Duizhao
  'invalid_srx',            // an SRX file that is not well-formed SRX 2.0
  'unsafe_pattern',         // a user-supplied pattern (SRX) that JavaScript cannot run safely
  'already_exists',         // a user name (or file) that is taken
  'duplicate_term',         // a glossary term that is already in the glossary
  'already_has_equivalent', // a suggested equivalent for a language the term already has one in
  'forbidden_equivalent',   // a suggested equivalent that the term lists as forbidden
  // Backups and restores (the command line).
  'corrupt_backup',         // the file fails PRAGMA integrity_check
  'not_a_backup',           // an SQLite file that is not a Duizhao database
  'unknown_schema',         // a database from a newer Duizhao
  'database_in_use',        // restore while a server holds the database open
  // Who is asking.
  'unauthenticated',        // not signed in, or the password is wrong (401)
  'forbidden',              // signed in, but the policy says no (403)
  'csrf_failed',            // a state-changing request without the session's token or from another site (403)
  'not_found',              // no such document, slot, revision, job or route (404)
  // The state does not allow it (409).
  'stale_version',          // someone saved the slot since the client saw it; details.current is the slot now
  'invalid_transition',     // a status change the workflow does not allow (or that needs confirmation)
  'cancelled',              // a background job its owner cancelled; nothing it would have written was kept
  // Limits.
  'payload_too_large',      // over the size limit (413)
  'unsupported_media_type', // a body in an encoding the server does not read (415)
  'too_many_requests',      // over the rate limit; Retry-After says when to try again (429)
  // The server failed; the error is logged (500).
  'internal_error',
  // The database cannot be used: disk full, file damaged or read-only; nothing was saved (503).
  'storage_unavailable',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** The codes a ValidationError may carry: the request was wrong and nothing changed. */
export type ValidationCode = Extract<ErrorCode,
  | 'validation_failed' | 'not_a_head' | 'empty_text' | 'empty_file' | 'invalid_file' | 'not_tmx' | 'invalid_tmx'
  | 'forbidden_doctype' | 'not_xliff' | 'invalid_xliff' | 'wrong_language' | 'invalid_docx' | 'not_review_table' | 'invalid_srx' | 'unsafe_pattern'
  | 'already_exists' | 'already_has_equivalent' | 'forbidden_equivalent' | 'duplicate_term' | 'corrupt_backup' | 'not_a_backup' | 'unknown_schema' | 'database_in_use'>;

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/** Base of every error a service throws on purpose: a stable code and a message a person can act on. */
export abstract class DomainError extends Error {
  abstract readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;
  constructor(message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = new.target.name;
    this.details = details;
  }
}

export class ValidationError extends DomainError {
  override readonly code: ValidationCode;
  constructor(message: string, options: { code?: ValidationCode; details?: Record<string, unknown> } = {}) {
    super(message, options.details);
    this.code = options.code ?? 'validation_failed';
  }
}

export class NotFoundError extends DomainError {
  readonly code = 'not_found';
}

/** Signed in, but not allowed to do this. */
export class PermissionError extends DomainError {
  readonly code = 'forbidden';
}

/** Not signed in, or the credentials are wrong. */
export class AuthenticationError extends DomainError {
  readonly code = 'unauthenticated';
}

export class TooManyRequestsError extends DomainError {
  readonly code = 'too_many_requests';
  constructor(message: string, readonly retryAfterSeconds: number) {
    super(message, { retryAfterSeconds });
  }
}

/** The owner cancelled a background job (services/jobs.ts) before it wrote anything. */
export class CancelledError extends DomainError {
  readonly code = 'cancelled';
}

export class InvalidTransitionError extends DomainError {
  readonly code = 'invalid_transition';
}

export class PayloadTooLargeError extends DomainError {
  readonly code = 'payload_too_large';
}

/** Someone else changed the slot since the client last saw it; carries the current head. */
export class StaleVersionError extends DomainError {
  readonly code = 'stale_version';
  constructor(message: string, readonly current: HeadSlot) {
    // A stale save is an answer, not a fault (a quarter to a third of saves under the load
    // bench): nothing shows or logs its stack, and capturing one was 1.5 % of the server's time
    // there (issue #15). The limit is put back at once; nothing runs in between.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message, { current });
    Error.stackTraceLimit = limit;
  }
}

import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import multer from 'multer';
import { DomainError, StaleVersionError, TooManyRequestsError, type ErrorCode } from '../services/errors.js';
import { storageProblem } from '../store/health.js';
import { sendJson } from './json.js';

/** The JSON error shape every API answer uses. */
export interface ErrorBody { error: { code: ErrorCode; message: string; details?: Record<string, unknown> } }

export function errorBody(code: ErrorCode, message: string, details?: Record<string, unknown>): ErrorBody {
  return { error: details ? { code, message, details } : { code, message } };
}

/**
 * The one table from error codes to HTTP statuses (STYLE.md "Errors"). A Record over the
 * closed set (services/errors.ts), so a new code does not compile until it has a status.
 */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  validation_failed: 400, malformed_request: 400, not_a_head: 400, empty_text: 400, empty_file: 400, invalid_file: 400,
  not_tmx: 400, invalid_tmx: 400, forbidden_doctype: 400,
  not_xliff: 400, invalid_xliff: 400, wrong_language: 400, invalid_docx: 400, not_review_table: 400, invalid_srx: 400, unsafe_pattern: 400, already_exists: 400, duplicate_term: 400, already_has_equivalent: 400, forbidden_equivalent: 400,
  corrupt_backup: 400, not_a_backup: 400, unknown_schema: 400, database_in_use: 400,
  unauthenticated: 401,
  forbidden: 403, csrf_failed: 403,
  not_found: 404,
  stale_version: 409, invalid_transition: 409, cancelled: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  too_many_requests: 429,
  internal_error: 500,
  storage_unavailable: 503,
};


export function wantsJson(req: Request): boolean {
  return req.originalUrl.startsWith('/api/') || req.originalUrl === '/api' || (req.accepts(['html', 'json']) === 'json');
}

interface HttpAnswer { code: ErrorCode; message: string; details?: Record<string, unknown>; headers?: Record<string, string> }

function answerForDomainError(error: DomainError): HttpAnswer {
  const details = error instanceof StaleVersionError ? { current: error.current } : error.details;
  const headers = error instanceof TooManyRequestsError ? { 'Retry-After': String(error.retryAfterSeconds) } : undefined;
  return { code: error.code, message: error.message, ...(details && { details }), ...(headers && { headers }) };
}

/**
 * Runs a synchronous route handler and answers a domain error it throws at once, with the
 * same table and body as errorHandler. An expected refusal (a stale save's 409 is a third of
 * the load bench's answers) thrown through Express instead walks every layer left in every
 * router for an error handler, with a setImmediate at the end of each router: about 6 % of
 * the server's CPU under the load bench (issue #15). Any other error goes on to errorHandler.
 */
export function answeringDomainErrors(handler: (req: Request, res: Response) => void): RequestHandler {
  return function answering(req, res, next) {
    try {
      handler(req, res);
    } catch (error) {
      if (error instanceof DomainError && !res.headersSent) send(req, res, answerForDomainError(error));
      else next(error);
    }
  };
}

/** Errors raised by body parsers and multer before any service ran. */
function answerForParserError(error: unknown): HttpAnswer | undefined {
  if (error instanceof multer.MulterError) {
    if (error.code === 'LIMIT_FILE_SIZE' || error.code === 'LIMIT_FIELD_VALUE') {
      return { code: 'payload_too_large', message: 'The upload is larger than 20 MB. Split the document and import the parts.' };
    }
    return { code: 'validation_failed', message: `The upload was refused: ${error.message}.` };
  }
  if (typeof error === 'object' && error !== null && 'type' in error && typeof error.type === 'string') {
    switch (error.type) {
      case 'entity.too.large':
        return { code: 'payload_too_large', message: 'The request is too large.' };
      case 'entity.parse.failed':
        return { code: 'malformed_request', message: 'The request body is not valid JSON.' };
      case 'charset.unsupported':
      case 'encoding.unsupported':
        return { code: 'unsupported_media_type', message: 'The request body uses an encoding the server does not accept; send UTF-8.' };
      default:
        return { code: 'malformed_request', message: 'The request could not be read.' };
    }
  }
  // The router decodes path parameters; "%D8%00" is not UTF-8 and throws a URIError.
  if (error instanceof URIError) {
    return { code: 'malformed_request', message: 'The address holds a malformed percent-encoding (%XX that is not UTF-8).' };
  }
  if (error instanceof Error && /Multipart: Boundary not found|Unexpected end of form|Malformed part header/i.test(error.message)) {
    return { code: 'malformed_request', message: 'The upload was cut off or malformed. Try again.' };
  }
  return undefined;
}

function send(req: Request, res: Response, answer: HttpAnswer): void {
  for (const [name, value] of Object.entries(answer.headers ?? {})) res.setHeader(name, value);
  const status = HTTP_STATUS[answer.code];
  if (wantsJson(req)) {
    sendJson(res, errorBody(answer.code, answer.message, answer.details), status);
  } else {
    res.status(status);
    // The page's layout needs a CSRF token; an error raised before the session middleware ran
    // (a body the parser refused) has none yet. Should the page itself fail, the message still
    // goes out as plain text rather than as Express's stack-trace page.
    const locals = { title: status === 404 ? 'Not found' : 'Something went wrong', status, message: answer.message, csrfToken: res.locals.csrfToken ?? '' };
    res.render('pages/error', locals, (error: Error | null, html?: string) => {
      if (error) res.type('text/plain').send(`Error ${status}: ${answer.message}`);
      else res.send(html);
    });
  }
}

/** 404 for anything no router answered, in the client's format. */
export const notFound: RequestHandler = (req, res) => {
  send(req, res, { code: 'not_found', message: `Nothing is at ${req.path}.` });
};

/**
 * The last middleware: domain errors become clear answers; a storage failure of the database
 * (disk full, file damaged or read-only) a 503 that says which, reported to `onStorageError`
 * so /healthz tells the truth; anything else a bare 500.
 */
export function errorHandler(log: (message: string, error: unknown) => void, onStorageError?: (error: unknown) => void): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    if (error instanceof DomainError) {
      send(req, res, answerForDomainError(error));
      return;
    }
    const parserAnswer = answerForParserError(error);
    if (parserAnswer) {
      send(req, res, parserAnswer);
      return;
    }
    log(`${req.method} ${req.originalUrl} failed`, error);
    const storage = storageProblem(error);
    if (storage) {
      onStorageError?.(error);
      // Nothing was saved: each action runs in one transaction, which SQLite rolled back.
      send(req, res, { code: 'storage_unavailable', message: `Nothing was saved: the server cannot use its database. ${storage.sentence} Tell an admin.` });
      return;
    }
    send(req, res, { code: 'internal_error', message: 'The server failed to answer. The error has been logged; try again, and tell an admin if it persists.' });
  };
}

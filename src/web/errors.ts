import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import multer from 'multer';
import {
  AuthenticationError, DomainError, InvalidTransitionError, NotFoundError, PayloadTooLargeError,
  PermissionError, StaleVersionError, TooManyRequestsError, ValidationError,
} from '../services/errors.js';

/** The JSON error shape every API answer uses. */
export interface ErrorBody { error: { code: string; message: string; details?: Record<string, unknown> } }

export function errorBody(code: string, message: string, details?: Record<string, unknown>): ErrorBody {
  return { error: details ? { code, message, details } : { code, message } };
}

/** The one table from domain errors to HTTP statuses (STYLE.md "Errors"). */
const STATUS_BY_ERROR: [new (...args: never[]) => DomainError, number][] = [
  [ValidationError, 400],
  [AuthenticationError, 401],
  [PermissionError, 403],
  [NotFoundError, 404],
  [StaleVersionError, 409],
  [InvalidTransitionError, 409],
  [PayloadTooLargeError, 413],
  [TooManyRequestsError, 429],
];

export function statusOf(error: DomainError): number {
  return STATUS_BY_ERROR.find(([type]) => error instanceof type)?.[1] ?? 400;
}

export function wantsJson(req: Request): boolean {
  return req.originalUrl.startsWith('/api/') || req.originalUrl === '/api' || (req.accepts(['html', 'json']) === 'json');
}

interface HttpAnswer { status: number; code: string; message: string; details?: Record<string, unknown>; headers?: Record<string, string> }

/** Errors raised by body parsers and multer before any service ran. */
function answerForParserError(error: unknown): HttpAnswer | undefined {
  if (error instanceof multer.MulterError) {
    if (error.code === 'LIMIT_FILE_SIZE' || error.code === 'LIMIT_FIELD_VALUE') {
      return { status: 413, code: 'payload_too_large', message: 'The upload is larger than 20 MB. Split the document and import the parts.' };
    }
    return { status: 400, code: 'validation_failed', message: `The upload was refused: ${error.message}.` };
  }
  if (typeof error === 'object' && error !== null && 'type' in error && typeof error.type === 'string') {
    switch (error.type) {
      case 'entity.too.large':
        return { status: 413, code: 'payload_too_large', message: 'The request is too large.' };
      case 'entity.parse.failed':
        return { status: 400, code: 'malformed_request', message: 'The request body is not valid JSON.' };
      case 'charset.unsupported':
      case 'encoding.unsupported':
        return { status: 415, code: 'unsupported_media_type', message: 'The request body uses an encoding the server does not accept; send UTF-8.' };
      default:
        return { status: 400, code: 'malformed_request', message: 'The request could not be read.' };
    }
  }
  // The router decodes path parameters; "%D8%00" is not UTF-8 and throws a URIError.
  if (error instanceof URIError) {
    return { status: 400, code: 'malformed_request', message: 'The address holds a malformed percent-encoding (%XX that is not UTF-8).' };
  }
  if (error instanceof Error && /Multipart: Boundary not found|Unexpected end of form|Malformed part header/i.test(error.message)) {
    return { status: 400, code: 'malformed_request', message: 'The upload was cut off or malformed. Try again.' };
  }
  return undefined;
}

function send(req: Request, res: Parameters<RequestHandler>[1], answer: HttpAnswer): void {
  for (const [name, value] of Object.entries(answer.headers ?? {})) res.setHeader(name, value);
  res.status(answer.status);
  if (wantsJson(req)) {
    res.json(errorBody(answer.code, answer.message, answer.details));
  } else {
    res.render('pages/error', { title: answer.status === 404 ? 'Not found' : 'Something went wrong', status: answer.status, message: answer.message });
  }
}

/** 404 for anything no router answered, in the client's format. */
export const notFound: RequestHandler = (req, res) => {
  send(req, res, { status: 404, code: 'not_found', message: `Nothing is at ${req.path}.` });
};

/** The last middleware: domain errors become clear answers; anything else a bare 500. */
export function errorHandler(log: (message: string, error: unknown) => void): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    if (error instanceof DomainError) {
      const details = error instanceof StaleVersionError ? { current: error.current } : error.details;
      const headers = error instanceof TooManyRequestsError ? { 'Retry-After': String(error.retryAfterSeconds) } : undefined;
      send(req, res, { status: statusOf(error), code: error.code, message: error.message, ...(details && { details }), ...(headers && { headers }) });
      return;
    }
    const parserAnswer = answerForParserError(error);
    if (parserAnswer) {
      send(req, res, parserAnswer);
      return;
    }
    log(`${req.method} ${req.originalUrl} failed`, error);
    send(req, res, { status: 500, code: 'internal_error', message: 'The server failed to answer. The error has been logged; try again, and tell an admin if it persists.' });
  };
}

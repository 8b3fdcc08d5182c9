import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import multer from 'multer';
import type { AccountService } from '../services/accounts.js';
import { AuthenticationError, PayloadTooLargeError } from '../services/errors.js';
import { MAX_IMPORT_BYTES } from '../services/documents.js';
import type { Session, User } from '../store/users.js';
import { errorBody, wantsJson } from './errors.js';

export const SESSION_COOKIE = 'duizhao_session';
/** Double-submit token for forms shown before sign-in (the login form itself). */
export const PRE_SESSION_CSRF_COOKIE = 'duizhao_csrf';

declare global {
  // Express's own extension point for typed res.locals.
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Locals {
      user?: User;
      session?: Session;
      sessionToken?: string;
      csrfToken: string;
      uploadedFile?: { name: string; bytes: Uint8Array };
    }
  }
}

export function parseCookies(header: string | undefined): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const index = part.indexOf('=');
    if (index < 0) continue;
    const name = part.slice(0, index).trim();
    try {
      cookies[name] = decodeURIComponent(part.slice(index + 1).trim());
    } catch {
      // A malformed cookie value is ignored like a missing one.
    }
  }
  return cookies;
}

export function cookieOptions(secure: boolean) {
  return { httpOnly: true, sameSite: 'lax' as const, secure, path: '/' };
}

/** Loads the session named by the cookie into res.locals (user, session, csrfToken). */
export function sessions(accounts: AccountService, options: { secureCookies: boolean }): RequestHandler {
  return (req, res, next) => {
    const cookies = parseCookies(req.headers.cookie);
    const token = cookies[SESSION_COOKIE];
    const resumed = token ? accounts.resumeSession(token) : undefined;
    if (resumed && token) {
      res.locals.user = resumed.user;
      res.locals.session = resumed.session;
      res.locals.sessionToken = token;
      res.locals.csrfToken = resumed.session.csrfToken;
    } else {
      let preToken = cookies[PRE_SESSION_CSRF_COOKIE];
      if (!preToken || !/^[A-Za-z0-9_-]{32}$/.test(preToken)) {
        preToken = randomBytes(24).toString('base64url');
        res.cookie(PRE_SESSION_CSRF_COOKIE, preToken, cookieOptions(options.secureCookies));
      }
      res.locals.csrfToken = preToken;
    }
    next();
  };
}

const upload = multer({
  storage: multer.memoryStorage(),
  // The pasted-text field is as large as a file may be; a few fields suffice for any form.
  limits: { fileSize: MAX_IMPORT_BYTES, files: 1, fields: 20, fieldSize: MAX_IMPORT_BYTES, parts: 25 },
});

/**
 * Parses multipart bodies for signed-in users only, so anonymous clients cannot make
 * the server buffer 20 MB uploads. The one file, if any, lands in res.locals.uploadedFile.
 */
export const multipart: RequestHandler = (req, res, next) => {
  // The prefix first: most requests are JSON or reads, and req.is parses the header (issue #15).
  const type = req.headers['content-type'];
  if (type === undefined || !/^multipart\//i.test(type) || !req.is('multipart/form-data')) {
    next();
    return;
  }
  if (!res.locals.user) {
    next(new AuthenticationError('Sign in first.'));
    return;
  }
  // busboy limits each part, not the body: 20 fields of 20 MB would all be buffered. One file
  // or pasted text of 20 MB plus a megabyte of other fields and boundaries is the most a form sends.
  if (Number(req.headers['content-length'] ?? 0) > MAX_IMPORT_BYTES + 1024 * 1024) {
    next(new PayloadTooLargeError('The upload is larger than 20 MB. Split the document and import the parts.'));
    return;
  }
  upload.any()(req, res, (error: unknown) => {
    if (error) {
      next(error);
      return;
    }
    const files = (req.files ?? []) as Express.Multer.File[];
    const file = files[0];
    if (file) {
      // Browsers send file names in UTF-8 but busboy reads them as Latin-1.
      const name = Buffer.from(file.originalname, 'latin1').toString('utf8');
      res.locals.uploadedFile = { name, bytes: new Uint8Array(file.buffer.buffer, file.buffer.byteOffset, file.buffer.byteLength) };
    }
    next();
  });
};

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Every state-changing request must carry the session's CSRF token (header
 * X-CSRF-Token or form field _csrf) and, when the browser sends one, a same-origin
 * Origin header. SameSite=Lax cookies already stop most cross-site posts; this stops the rest.
 */
export const csrf: RequestHandler = (req, res, next) => {
  if (['GET', 'HEAD', 'OPTIONS'].includes(req.method)) {
    next();
    return;
  }
  const origin = req.headers.origin;
  if (origin && origin !== 'null') {
    let host: string | undefined;
    try {
      host = new URL(origin).host;
    } catch {
      host = undefined;
    }
    if (host !== req.headers.host) {
      refuse(res, wantsJson(req), 'The request came from another site and was refused.');
      return;
    }
  }
  const body: unknown = req.body;
  const fromBody = typeof body === 'object' && body !== null && '_csrf' in body && typeof body._csrf === 'string' ? body._csrf : undefined;
  const sent = req.get('x-csrf-token') ?? fromBody;
  if (!sent || !sameToken(sent, res.locals.csrfToken)) {
    refuse(res, wantsJson(req), 'The form has expired or did not come from Duizhao. Reload the page and try again.');
    return;
  }
  next();
};

function refuse(res: Response, json: boolean, message: string): void {
  res.status(403);
  if (json) res.json(errorBody('csrf_failed', message));
  else res.render('pages/error', { title: 'Request refused', status: 403, message });
}

/** Every page but login needs a user: pages redirect to the login form, the API answers 401. */
export const requireUser: RequestHandler = (req, res, next) => {
  if (res.locals.user) {
    next();
    return;
  }
  if (wantsJson(req)) {
    res.status(401).json(errorBody('unauthenticated', 'Sign in first.'));
    return;
  }
  res.redirect(303, `/login?next=${encodeURIComponent(req.originalUrl)}`);
};

/** Where to go after login: only a local path, never another site. */
export function safeNext(value: unknown): string {
  return typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\') ? value : '/';
}

import type { RequestHandler } from 'express';
import { TooManyRequestsError } from '../services/errors.js';

/**
 * Request limits, in one place:
 * - bodies: JSON and urlencoded at most 1 MB (app.ts), multipart uploads at most 21 MB in all
 *   (Content-Length), one file or field of 20 MB, 20 fields and 25 parts, parsed only for
 *   signed-in users (session.ts);
 *   a slot's text at most 100,000 characters (schemas.ts). Larger bodies get 413.
 * - writes and reads: token buckets per user (per client address before sign-in), below.
 */
export interface WriteLimit {
  /** Tokens added per second: the sustained writes allowed. */
  perSecond: number;
  /** Bucket size: how many writes may come at once after a pause. */
  burst: number;
}

/** A person typing with autosave makes a few writes a second; a script gone wrong makes thousands. */
export const DEFAULT_WRITE_LIMIT: WriteLimit = { perSecond: 20, burst: 60 };

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Buckets idle this long are full again and can be forgotten. */
const FORGET_AFTER_MS = 60_000;

/** Token buckets per key (user or client address): how long to wait, or 0 when a token was taken. */
function buckets(limit: WriteLimit, now: () => number): (key: string) => number {
  const map = new Map<string, { tokens: number; at: number }>();
  let lastSweep = now();
  return (key) => {
    const at = now();
    if (at - lastSweep > FORGET_AFTER_MS) {
      for (const [k, bucket] of map) if (at - bucket.at > FORGET_AFTER_MS) map.delete(k);
      lastSweep = at;
    }
    const bucket = map.get(key) ?? { tokens: limit.burst, at };
    bucket.tokens = Math.min(limit.burst, bucket.tokens + ((at - bucket.at) / 1000) * limit.perSecond);
    bucket.at = at;
    map.set(key, bucket);
    if (bucket.tokens < 1) return Math.max(1, Math.ceil((1 - bucket.tokens) / limit.perSecond));
    bucket.tokens -= 1;
    return 0;
  };
}

const keyOf = (req: Parameters<RequestHandler>[0], res: Parameters<RequestHandler>[1]) =>
  (res.locals.user ? `user:${res.locals.user.id}` : `client:${req.ip ?? 'unknown'}`);

/**
 * Answers 429 with Retry-After when a user writes faster than `limit`. Reads have their own
 * limit (readRateLimit). Mounted after sessions (it needs the user) and before the body parsers
 * that buffer uploads, so a refused upload is not read into memory.
 */
export function writeRateLimit(limit: WriteLimit = DEFAULT_WRITE_LIMIT, now: () => number = () => performance.now()): RequestHandler {
  const take = buckets(limit, now);
  return (req, res, next) => {
    if (SAFE_METHODS.has(req.method)) {
      next();
      return;
    }
    const retryAfter = take(keyOf(req, res));
    if (retryAfter > 0) {
      next(new TooManyRequestsError(`Too many changes at once: at most ${limit.perSecond} a second (bursts of ${limit.burst}). Wait ${retryAfter} second(s) and try again.`, retryAfter));
      return;
    }
    next();
  };
}

/**
 * Reads a user may make (issue #12: reads were not limited at all, so one script could keep
 * the server busy reading for everyone). A person's editor reads a few times a second at
 * most (a page of rows per scroll, the assist panel once the cursor settles, a poll of a
 * running import every 400 ms); opening a document makes about a dozen at once. 50 a second
 * with bursts of 300 is ten times that, so no person ever meets it.
 */
export const DEFAULT_READ_LIMIT: WriteLimit = { perSecond: 50, burst: 300 };

/** Answers 429 with Retry-After when a user reads (GET/HEAD) faster than `limit`. */
export function readRateLimit(limit: WriteLimit = DEFAULT_READ_LIMIT, now: () => number = () => performance.now()): RequestHandler {
  const take = buckets(limit, now);
  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      next();
      return;
    }
    const retryAfter = take(keyOf(req, res));
    if (retryAfter > 0) {
      next(new TooManyRequestsError(`Too many requests at once: at most ${limit.perSecond} reads a second (bursts of ${limit.burst}). Wait ${retryAfter} second(s) and try again.`, retryAfter));
      return;
    }
    next();
  };
}

/**
 * Presence reports (where a person's cursor is) are tiny and follow the cursor: they get a
 * bucket of their own, so moving around never uses up the writes a person needs for saving,
 * and the editor sends at most about one a second anyway (client/live.ts).
 */
export const PRESENCE_LIMIT: WriteLimit = { perSecond: 10, burst: 40 };
const PRESENCE_REPORT = /^\/api\/documents\/\d+\/presence$/;

/** The write limit for everything, with presence reports counted apart. */
export function writeRateLimits(writes: WriteLimit = DEFAULT_WRITE_LIMIT, now?: () => number): RequestHandler {
  const forWrites = writeRateLimit(writes, now);
  const forPresence = writeRateLimit(PRESENCE_LIMIT, now);
  return (req, res, next) => (req.method === 'POST' && PRESENCE_REPORT.test(req.path) ? forPresence : forWrites)(req, res, next);
}

import type { RequestHandler } from 'express';
import { TooManyRequestsError } from '../services/errors.js';

/**
 * Request limits, in one place:
 * - bodies: JSON and urlencoded at most 1 MB (app.ts), multipart uploads at most 21 MB in all
 *   (Content-Length), one file or field of 20 MB, 20 fields and 25 parts, parsed only for
 *   signed-in users (session.ts);
 *   a slot's text at most 100,000 characters (schemas.ts). Larger bodies get 413.
 * - writes: a token bucket per user (per client address before sign-in), below.
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

/**
 * Answers 429 with Retry-After when a user writes faster than `limit`. Reads are never
 * limited. Mounted after sessions (it needs the user) and before the body parsers that
 * buffer uploads, so a refused upload is not read into memory.
 */
export function writeRateLimit(limit: WriteLimit = DEFAULT_WRITE_LIMIT, now: () => number = () => performance.now()): RequestHandler {
  const buckets = new Map<string, { tokens: number; at: number }>();
  let lastSweep = now();
  return (req, res, next) => {
    if (SAFE_METHODS.has(req.method)) {
      next();
      return;
    }
    const at = now();
    if (at - lastSweep > FORGET_AFTER_MS) {
      for (const [key, bucket] of buckets) if (at - bucket.at > FORGET_AFTER_MS) buckets.delete(key);
      lastSweep = at;
    }
    const key = res.locals.user ? `user:${res.locals.user.id}` : `client:${req.ip ?? 'unknown'}`;
    const bucket = buckets.get(key) ?? { tokens: limit.burst, at };
    bucket.tokens = Math.min(limit.burst, bucket.tokens + ((at - bucket.at) / 1000) * limit.perSecond);
    bucket.at = at;
    buckets.set(key, bucket);
    if (bucket.tokens < 1) {
      const retryAfter = Math.max(1, Math.ceil((1 - bucket.tokens) / limit.perSecond));
      next(new TooManyRequestsError(`Too many changes at once: at most ${limit.perSecond} a second (bursts of ${limit.burst}). Wait ${retryAfter} second(s) and try again.`, retryAfter));
      return;
    }
    bucket.tokens -= 1;
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

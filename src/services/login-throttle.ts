/**
 * Sign-in throttling (issue #12), after OWASP's authentication cheat sheet and
 * django-axes' ["username", "ip_address"] lockout: failures count per user name *and*
 * address, so a stranger's wrong passwords never lock the owner out from their own
 * address; after a few free failures each further one waits twice as long as the last.
 * A looser limit per address stops one address trying many names.
 *
 * An attempt is reserved before its password is hashed (the hash takes ~100 ms): twenty
 * parallel guesses count as twenty, not as the zero failures recorded when they started.
 * A success clears only its own name+address count, never the address's, so an attacker
 * signing in to their own account does not earn new guesses at others.
 *
 * Kept in memory: a restart forgets the counts, which gives an attacker a few more
 * guesses per restart.
 */
import { TooManyRequestsError } from './errors.js';

export interface LoginThrottleOptions {
  /** Failures of one name from one address before any delay. */
  freeFailures: number;
  /** The delay after the first failure past the free ones; each further one doubles it… */
  firstDelayMs: number;
  /** …up to this. */
  maxDelayMs: number;
  /** A name+address count is forgotten this long after its last failure. */
  forgetAfterMs: number;
  /** Failures from one address over all names within `windowMs` before it is refused. */
  perAddress: { max: number; windowMs: number };
}

export const DEFAULT_LOGIN_THROTTLE: LoginThrottleOptions = {
  freeFailures: 5,
  firstDelayMs: 60_000,
  maxDelayMs: 15 * 60_000,
  forgetAfterMs: 60 * 60_000,
  perAddress: { max: 20, windowMs: 15 * 60_000 },
};

/** One reserved attempt: report how it ended exactly once. */
export interface LoginAttempt {
  succeeded(): void;
  failed(at: number): void;
}

interface Counter { failures: number[]; pending: number }

const minutes = (ms: number) => Math.max(1, Math.ceil(ms / 60_000));

export function createLoginThrottle(options: Partial<LoginThrottleOptions> = {}) {
  const settings: LoginThrottleOptions = { ...DEFAULT_LOGIN_THROTTLE, ...options };
  const pairs = new Map<string, Counter>();
  const addresses = new Map<string, Counter>();
  let sinceSweep = 0;

  const counter = (map: Map<string, Counter>, key: string): Counter => {
    let found = map.get(key);
    if (!found) {
      found = { failures: [], pending: 0 };
      map.set(key, found);
    }
    return found;
  };

  function prune(entry: Counter, keepMs: number, at: number): void {
    while (entry.failures.length > 0 && at - entry.failures[0]! >= keepMs) entry.failures.shift();
  }

  /** Drops counters with nothing left in them, so memory stays bounded by recent failures. */
  function sweep(at: number): void {
    sinceSweep = 0;
    for (const [map, keep] of [[pairs, settings.forgetAfterMs], [addresses, settings.perAddress.windowMs]] as const) {
      for (const [key, entry] of map) {
        prune(entry, keep, at);
        if (entry.failures.length === 0 && entry.pending === 0) map.delete(key);
      }
    }
  }

  /** How long a name+address with `count` failures (the last at `last`) must still wait. */
  function waitFor(count: number, last: number, at: number): number {
    if (count < settings.freeFailures) return 0;
    const delay = Math.min(settings.maxDelayMs, settings.firstDelayMs * 2 ** (count - settings.freeFailures));
    return Math.max(0, last + delay - at);
  }

  return {
    /**
     * Reserves one attempt for `name` from `address` at time `at`, or refuses it with a
     * TooManyRequestsError saying how long to wait. In-flight attempts count as failures
     * until they report otherwise.
     */
    reserve(name: string, address: string, at: number): LoginAttempt {
      sinceSweep += 1;
      if (sinceSweep >= 1000 || pairs.size + addresses.size > 20_000) sweep(at);
      const pairKey = `${name.toLowerCase()}\u0000${address}`;
      const pair = counter(pairs, pairKey);
      const fromAddress = counter(addresses, address);
      prune(pair, settings.forgetAfterMs, at);
      prune(fromAddress, settings.perAddress.windowMs, at);

      const addressCount = fromAddress.failures.length + fromAddress.pending;
      if (addressCount >= settings.perAddress.max) {
        const oldest = fromAddress.failures[Math.max(0, fromAddress.failures.length - settings.perAddress.max)] ?? at;
        const wait = Math.max(1000, oldest + settings.perAddress.windowMs - at);
        throw new TooManyRequestsError(`Too many failed sign-ins from your address. Try again in ${minutes(wait)} minute(s).`, Math.ceil(wait / 1000));
      }
      // Attempts still being checked count as failures made now.
      const pairCount = pair.failures.length + pair.pending;
      const last = pair.pending > 0 ? at : (pair.failures[pair.failures.length - 1] ?? at);
      const wait = waitFor(pairCount, last, at);
      if (wait > 0) {
        throw new TooManyRequestsError(`Too many failed sign-ins for this name. Try again in ${minutes(wait)} minute(s).`, Math.ceil(wait / 1000));
      }

      pair.pending += 1;
      fromAddress.pending += 1;
      let settled = false;
      const settle = () => {
        if (settled) throw new Error('A sign-in attempt was reported twice.');
        settled = true;
        pair.pending -= 1;
        fromAddress.pending -= 1;
      };
      return {
        succeeded() {
          settle();
          // The owner is back: their own count starts again. The address's does not.
          pair.failures.length = 0;
        },
        failed(failedAt: number) {
          settle();
          pair.failures.push(failedAt);
          fromAddress.failures.push(failedAt);
        },
      };
    },
  };
}

export type LoginThrottle = ReturnType<typeof createLoginThrottle>;

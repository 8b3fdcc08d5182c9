import type { Session, User } from '../store/users.js';

/**
 * Signed-in sessions remembered for a few seconds (issue #15), so a request does not read its
 * session and user from the database when the same cookie came a moment ago: an editor sends
 * a save or a read every few hundred milliseconds while someone types.
 *
 * What may change a remembered answer, and what forgets it:
 * - sign-out, deactivation, a password reset or a role change in this process: the account
 *   service forgets the token or the user as soon as its transaction commits;
 * - a commit by another connection (another process, a person at the sqlite3 prompt): the
 *   database's `data_version` differs from the one an entry was read at, and everything is
 *   forgotten;
 * - expiry: checked against the clock at every use, as without the cache;
 * - anything else (a change through the store that bypasses the account service): at most
 *   `ttlMs` later, when the entry is read again.
 */
export interface SessionCache {
  /** The remembered session for `token`, if read less than `ttlMs` ago at this `dataVersion`. */
  find(token: string, nowMs: number, dataVersion: number): { session: Session; user: User } | undefined;
  remember(token: string, found: { session: Session; user: User }, nowMs: number, dataVersion: number): void;
  forgetToken(token: string): void;
  forgetUser(userId: number): void;
}

/** Entries live 5 s: long enough to spare an editor's bursts, short enough to bound a stale answer. */
export const SESSION_CACHE_TTL_MS = 5_000;
/** A bound on memory: far more open sessions than a team has; beyond it the oldest go first. */
const MAX_ENTRIES = 10_000;

export function createSessionCache(ttlMs: number = SESSION_CACHE_TTL_MS): SessionCache {
  const entries = new Map<string, { session: Session; user: User; at: number; dataVersion: number }>();
  return {
    find(token, nowMs, dataVersion) {
      const entry = entries.get(token);
      if (!entry) return undefined;
      if (entry.dataVersion !== dataVersion) {
        entries.clear();
        return undefined;
      }
      if (nowMs - entry.at >= ttlMs || nowMs < entry.at) {
        entries.delete(token);
        return undefined;
      }
      return { session: entry.session, user: entry.user };
    },
    remember(token, found, nowMs, dataVersion) {
      if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!);
      entries.set(token, { ...found, at: nowMs, dataVersion });
    },
    forgetToken(token) {
      entries.delete(token);
    },
    forgetUser(userId) {
      for (const [token, entry] of entries) if (entry.user.id === userId) entries.delete(token);
    },
  };
}

import { createHash, randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { ROLES, isRole, type Role } from '../domain.js';
import type { Store } from '../store/index.js';
import type { Session, User, UserWithHash } from '../store/users.js';
import { authorizeInWorkspace, canInWorkspace } from './access.js';
import { AuthenticationError, InvalidTransitionError, NotFoundError, ValidationError } from './errors.js';
import { createLoginThrottle, type LoginThrottleOptions } from './login-throttle.js';
import { createSessionCache, type SessionCache } from './session-cache.js';

const SESSION_DAYS = 14;
// OWASP's scrypt floor (N=2^17, r=8, p=1) needs 128 MiB per hash; maxmem must allow it.
const SCRYPT: ScryptOptions = { N: 2 ** 17, r: 8, p: 1, maxmem: 256 * 1024 * 1024 };
const KEY_LENGTH = 32;
const KEYMAP_SETTING = 'editor.keymap';
const USER_NAME = /^[a-z0-9][a-z0-9._-]{1,39}$/i;

function scryptAsync(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEY_LENGTH, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/** `scrypt$N$r$p$salt$hash` (base64): self-describing, so parameters can be raised later. */
export async function hashPassword(password: string, options: ScryptOptions = SCRYPT): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, options);
  return ['scrypt', options.N, options.r, options.p, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const key = await scryptAsync(password, Buffer.from(salt, 'base64'), {
    N: Number(n), r: Number(r), p: Number(p), maxmem: SCRYPT.maxmem,
  });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A password people can type: 4 groups of 4 from an alphabet without look-alikes (~80 bits). */
export function generatePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const bytes = randomBytes(16);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]);
  return [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join('')).join('-');
}

function sessionKey(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface AccountOptions {
  store: Store;
  now: () => Date;
  /** Sign-in throttling (login-throttle.ts); the defaults suit production. */
  loginThrottle?: Partial<LoginThrottleOptions>;
  /** Tests lower scrypt's cost; production keeps the default. */
  scrypt?: ScryptOptions;
  /** Called after a user's sessions were ended (deactivation, password reset): close their live streams. */
  onSessionsEnded?: (userId: number) => void;
  /** Sessions remembered between requests (session-cache.ts); one per service by default. */
  sessionCache?: SessionCache;
}

/** What an admin may change about a user (README "Admins"). */
export type UserChange =
  | { kind: 'deactivate' }
  | { kind: 'reactivate' }
  | { kind: 'reset-password' }
  | { kind: 'roles'; roles: readonly string[] };

/** Users, passwords, sessions and login throttling. */
export function createAccountService(options: AccountOptions) {
  const { store, now } = options;
  const scryptOptions = options.scrypt ?? SCRYPT;
  const throttle = createLoginThrottle(options.loginThrottle);
  const sessions = options.sessionCache ?? createSessionCache();

  function validRoles(roles: readonly string[]): Role[] {
    if (roles.length === 0) throw new ValidationError(`Give the user at least one role: ${ROLES.join(', ')}.`, { details: { field: 'roles' } });
    const bad = roles.filter((r) => !isRole(r));
    if (bad.length > 0) throw new ValidationError(`Unknown role "${bad.join(', ')}". Roles are ${ROLES.join(', ')}.`, { details: { field: 'roles' } });
    return [...new Set(roles.filter(isRole))];
  }

  function validateNewUser(name: string, roles: readonly string[]): Role[] {
    if (!USER_NAME.test(name)) {
      throw new ValidationError('A user name has 2–40 letters, digits, dots, dashes or underscores and starts with a letter or digit.');
    }
    const valid = validRoles(roles);
    if (store.users.findUserByName(name)) throw new ValidationError(`A user named "${name}" already exists.`, { code: 'already_exists' });
    return valid;
  }

  /**
   * Nobody locks the workspace out: an admin cannot deactivate or demote themselves (another
   * admin must), and the last active admin keeps the role.
   */
  function guardAdmins(actor: User, target: User, change: UserChange): void {
    // "Admin" as the policy sees it: who may manage users now, and after the change.
    const managesNow = !target.disabled && canInWorkspace(target, 'manage-users');
    const managesAfter = change.kind === 'deactivate' ? false
      : change.kind === 'roles' ? canInWorkspace({ ...target, roles: validRoles(change.roles) }, 'manage-users') : managesNow;
    const losesAdmin = managesNow && !managesAfter;
    if (target.id === actor.id && (change.kind === 'deactivate' || losesAdmin)) {
      throw new InvalidTransitionError(change.kind === 'deactivate'
        ? 'You cannot deactivate your own account; ask another admin.'
        : 'You cannot take the admin role from yourself; ask another admin.');
    }
    if (losesAdmin && store.users.countActiveAdmins() <= 1) {
      throw new InvalidTransitionError(`${target.name} is the last active admin; make someone else an admin first.`);
    }
  }

  return {
    /** Creates a user with a generated password and returns both; the password is shown once. */
    async createUser(input: { name: string; roles: readonly string[]; actorId?: number | null; password?: string }): Promise<{ user: User; password: string }> {
      const roles = validateNewUser(input.name, input.roles);
      const password = input.password ?? generatePassword();
      const passwordHash = await hashPassword(password, scryptOptions);
      const at = now().toISOString();
      const id = store.transaction(() => {
        validateNewUser(input.name, roles);
        const userId = store.users.insertUser({ name: input.name, passwordHash, roles, now: at });
        store.users.insertAuditEntry({ userId: input.actorId ?? null, action: 'user_create', details: { name: input.name, roles }, now: at });
        return userId;
      });
      const { passwordHash: _hash, ...user } = store.users.findUser(id)!;
      return { user, password };
    },

    /**
     * Checks a name and password and opens a session. Refuses with 429 when the name has
     * failed too often from this client (growing delays) or the client has failed too often
     * over all names; the attempt is reserved before the slow hash (login-throttle.ts).
     */
    async login(input: { name: string; password: string; client: string }): Promise<{ token: string; session: Session; user: User }> {
      const at = now().getTime();
      const attempt = throttle.reserve(input.name, input.client, at);
      let user: UserWithHash | undefined;
      let ok = false;
      let passwordOk = false;
      try {
        user = store.users.findUserByName(input.name);
        // Hash even for an unknown name so timing does not reveal which names exist.
        passwordOk = user
          ? await verifyPassword(input.password, user.passwordHash)
          : (await hashPassword(input.password, scryptOptions), false);
        ok = passwordOk && !user?.disabled;
      } finally {
        // Whatever happened (a thrown hash error too), the reservation ends here.
        if (ok) attempt.succeeded();
        else attempt.failed(now().getTime());
      }
      const iso = new Date(at).toISOString();
      if (!ok || !user) {
        const deactivated = passwordOk && !!user?.disabled;
        store.users.insertAuditEntry({ userId: user?.id ?? null, action: 'login_failed', details: { name: input.name, ...(deactivated && { deactivated: true }) }, now: iso });
        // Only someone who knows the password learns that the account exists but is deactivated.
        throw new AuthenticationError(deactivated ? 'This account has been deactivated. Ask an admin to reactivate it.' : 'The user name or password is wrong.');
      }
      const token = randomBytes(32).toString('base64url');
      const session: Session = {
        id: sessionKey(token),
        userId: user.id,
        csrfToken: randomBytes(24).toString('base64url'),
        createdAt: iso,
        lastSeenAt: iso,
        expiresAt: new Date(at + SESSION_DAYS * 86_400_000).toISOString(),
      };
      store.transaction(() => {
        store.users.deleteExpiredSessions(iso);
        store.users.insertSession(session);
        store.users.insertAuditEntry({ userId: user.id, action: 'login', now: iso });
      });
      const { passwordHash: _hash, ...publicUser } = user;
      return { token, session, user: publicUser };
    },

    /** The session and user behind a cookie token, or undefined when expired or unknown. */
    resumeSession(token: string): { session: Session; user: User } | undefined {
      const at = now();
      const atMs = at.getTime();
      const dataVersion = store.dataVersion();
      let found = sessions.find(token, atMs, dataVersion);
      if (!found) {
        const session = store.users.findSession(sessionKey(token));
        if (!session) return undefined;
        const user = store.users.findUser(session.userId);
        if (!user || user.disabled) return undefined;
        const { passwordHash: _hash, ...publicUser } = user;
        found = { session, user: publicUser };
        sessions.remember(token, found, atMs, dataVersion);
      }
      if (found.session.expiresAt <= at.toISOString()) {
        sessions.forgetToken(token);
        return undefined;
      }
      // Sliding expiry, written at most once an hour to keep reads read-only.
      if (atMs - Date.parse(found.session.lastSeenAt) > 3_600_000) {
        const session = { ...found.session, lastSeenAt: at.toISOString(), expiresAt: new Date(atMs + SESSION_DAYS * 86_400_000).toISOString() };
        store.users.updateSessionExpiry(session.id, session.lastSeenAt, session.expiresAt);
        found = { session, user: found.user };
        sessions.remember(token, found, atMs, dataVersion);
      }
      return found;
    },

    listUsers(): User[] {
      return store.users.listUsers();
    },

    /**
     * An admin's change to a user, through the policy (`manage-users`) and in the audit log.
     * Deactivating or resetting the password ends the user's sessions at once (and, through
     * `onSessionsEnded`, their live event streams); a reset password is returned to be shown
     * once. Role changes apply from the user's next request (the session cache forgets the user).
     */
    async changeUser(input: { actor: User; userId: number; change: UserChange }): Promise<{ user: User; password?: string }> {
      const { actor, change } = input;
      authorizeInWorkspace(actor, 'manage-users');
      const found = store.users.findUser(input.userId);
      if (!found) throw new NotFoundError(`There is no user ${input.userId}.`);
      const roles = change.kind === 'roles' ? validRoles(change.roles) : [];
      const password = change.kind === 'reset-password' ? generatePassword() : undefined;
      const passwordHash = password === undefined ? undefined : await hashPassword(password, scryptOptions);
      const at = now().toISOString();
      let ended = false;
      store.transaction(() => {
        // Read again inside the write lock: another admin may have changed the user meanwhile.
        const { passwordHash: _hash, ...target } = store.users.findUser(input.userId) ?? found;
        guardAdmins(actor, target, change.kind === 'roles' ? { kind: 'roles', roles } : change);
        const details: Record<string, unknown> = { name: target.name };
        switch (change.kind) {
          case 'deactivate':
            if (target.disabled) throw new InvalidTransitionError(`${target.name} is already deactivated.`);
            store.users.updateUserDisabled(target.id, true);
            details.sessionsEnded = store.users.deleteSessionsOfUser(target.id);
            ended = true;
            break;
          case 'reactivate':
            if (!target.disabled) throw new InvalidTransitionError(`${target.name} is active already.`);
            store.users.updateUserDisabled(target.id, false);
            break;
          case 'reset-password':
            store.users.updatePasswordHash(target.id, passwordHash!);
            details.sessionsEnded = store.users.deleteSessionsOfUser(target.id);
            ended = true;
            break;
          case 'roles':
            details.from = target.roles;
            details.to = roles;
            store.users.replaceRoles(target.id, roles);
            break;
        }
        const action = ({ deactivate: 'user_deactivate', reactivate: 'user_reactivate', 'reset-password': 'user_password_reset', roles: 'user_roles' } as const)[change.kind];
        store.users.insertAuditEntry({ userId: actor.id, action, details, now: at });
      });
      // Committed: the next request of this user reads the change (roles, deactivation, password).
      sessions.forgetUser(input.userId);
      if (ended) options.onSessionsEnded?.(input.userId);
      const { passwordHash: _hash, ...user } = store.users.findUser(input.userId)!;
      return password === undefined ? { user } : { user, password };
    },

    /** The user's key bindings for the editor (action → key), as saved; {} when never changed. */
    keymap(userId: number): Record<string, string> {
      const stored = store.operations.findSetting(userId, KEYMAP_SETTING);
      if (!stored) return {};
      const value: unknown = JSON.parse(stored);
      return typeof value === 'object' && value !== null
        ? Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string'))
        : {};
    },

    saveKeymap(userId: number, keymap: Record<string, string>): void {
      store.operations.updateSetting(userId, KEYMAP_SETTING, JSON.stringify(keymap));
    },

    logout(token: string, userId: number): void {
      const at = now().toISOString();
      store.transaction(() => {
        store.users.deleteSession(sessionKey(token));
        store.users.insertAuditEntry({ userId, action: 'logout', now: at });
      });
      sessions.forgetToken(token);
    },
  };
}

export type AccountService = ReturnType<typeof createAccountService>;

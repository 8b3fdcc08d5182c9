import { createHash, randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { ROLES, isRole, type Role } from '../domain.js';
import type { Store } from '../store/index.js';
import type { Session, User, UserWithHash } from '../store/users.js';
import { AuthenticationError, ValidationError } from './errors.js';
import { createLoginThrottle, type LoginThrottleOptions } from './login-throttle.js';

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
}

/** Users, passwords, sessions and login throttling. */
export function createAccountService(options: AccountOptions) {
  const { store, now } = options;
  const scryptOptions = options.scrypt ?? SCRYPT;
  const throttle = createLoginThrottle(options.loginThrottle);

  function validateNewUser(name: string, roles: readonly string[]): Role[] {
    if (!USER_NAME.test(name)) {
      throw new ValidationError('A user name has 2–40 letters, digits, dots, dashes or underscores and starts with a letter or digit.');
    }
    if (roles.length === 0) throw new ValidationError(`Give the user at least one role: ${ROLES.join(', ')}.`);
    const bad = roles.filter((r) => !isRole(r));
    if (bad.length > 0) throw new ValidationError(`Unknown role "${bad.join(', ')}". Roles are ${ROLES.join(', ')}.`);
    if (store.users.findUserByName(name)) throw new ValidationError(`A user named "${name}" already exists.`, { code: 'already_exists' });
    return roles.filter(isRole);
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
      try {
        user = store.users.findUserByName(input.name);
        // Hash even for an unknown name so timing does not reveal which names exist.
        ok = user && !user.disabled
          ? await verifyPassword(input.password, user.passwordHash)
          : (await hashPassword(input.password, scryptOptions), false);
      } finally {
        // Whatever happened (a thrown hash error too), the reservation ends here.
        if (ok) attempt.succeeded();
        else attempt.failed(now().getTime());
      }
      const iso = new Date(at).toISOString();
      if (!ok || !user) {
        store.users.insertAuditEntry({ userId: user?.id ?? null, action: 'login_failed', details: { name: input.name }, now: iso });
        throw new AuthenticationError('The user name or password is wrong.');
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
      const session = store.users.findSession(sessionKey(token));
      const at = now();
      if (!session || session.expiresAt <= at.toISOString()) return undefined;
      const user = store.users.findUser(session.userId);
      if (!user || user.disabled) return undefined;
      // Sliding expiry, written at most once an hour to keep reads read-only.
      if (at.getTime() - Date.parse(session.lastSeenAt) > 3_600_000) {
        store.users.updateSessionExpiry(session.id, at.toISOString(), new Date(at.getTime() + SESSION_DAYS * 86_400_000).toISOString());
      }
      const { passwordHash: _hash, ...publicUser } = user;
      return { session, user: publicUser };
    },

    listUsers(): User[] {
      return store.users.listUsers();
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
    },
  };
}

export type AccountService = ReturnType<typeof createAccountService>;

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAccountService, generatePassword, hashPassword, verifyPassword } from '../../../src/services/accounts.js';
import { AuthenticationError, TooManyRequestsError, ValidationError } from '../../../src/services/errors.js';
import { SESSION_CACHE_TTL_MS } from '../../../src/services/session-cache.js';
import { openDatabase } from '../../../src/store/db.js';
import { TEST_SCRYPT } from '../../helpers/factories.js';
import { tempDb } from '../../helpers/temp-db.js';

// Small numbers so each rule shows in a few attempts; production uses DEFAULT_LOGIN_THROTTLE.
const THROTTLE = { freeFailures: 3, firstDelayMs: 60_000, maxDelayMs: 8 * 60_000, forgetAfterMs: 60 * 60_000, perAddress: { max: 6, windowMs: 15 * 60_000 } };

let temp: ReturnType<typeof tempDb>;
let clock: Date;
let accounts: ReturnType<typeof createAccountService>;

beforeEach(() => {
  temp = tempDb();
  clock = new Date('2026-11-24T10:00:00Z');
  accounts = createAccountService({ store: temp.store, now: () => clock, scrypt: TEST_SCRYPT, loginThrottle: THROTTLE });
});
afterEach(() => temp.cleanup());

describe('passwords', () => {
  it('hash with scrypt and a fresh salt, and verify', async () => {
    const a = await hashPassword('秘密 пароль', TEST_SCRYPT);
    const b = await hashPassword('秘密 пароль', TEST_SCRYPT);
    expect(a).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('秘密 пароль', a)).toBe(true);
    expect(await verifyPassword('秘密 пароль ', a)).toBe(false);
    expect(await verifyPassword('x', 'md5$abc')).toBe(false);
  });

  it('generated passwords differ and look like xxxx-xxxx-xxxx-xxxx', () => {
    const a = generatePassword();
    expect(a).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    expect(generatePassword()).not.toBe(a);
  });
});

describe('users and sessions', () => {
  it('create a user with roles and refuse duplicates and bad names', async () => {
    const { user, password } = await accounts.createUser({ name: 'li.ming', roles: ['translator', 'reviewer'] });
    expect(user).toMatchObject({ name: 'li.ming', roles: ['reviewer', 'translator'].sort() });
    expect(password.length).toBeGreaterThan(10);
    await expect(accounts.createUser({ name: 'LI.MING', roles: ['admin'] })).rejects.toMatchObject({ code: 'already_exists' });
    await expect(accounts.createUser({ name: '<script>', roles: ['admin'] })).rejects.toBeInstanceOf(ValidationError);
    await expect(accounts.createUser({ name: 'ok', roles: ['boss'] })).rejects.toThrow(/Unknown role "boss"/);
    await expect(accounts.createUser({ name: 'ok', roles: [] })).rejects.toThrow(/at least one role/);
  });

  it('log in, resume the session by token, and log out', async () => {
    await accounts.createUser({ name: 'anna', roles: ['translator'], password: 'pw-anna-123' });
    const { token, user } = await accounts.login({ name: 'anna', password: 'pw-anna-123', client: 'a' });
    expect(user.name).toBe('anna');
    expect(accounts.resumeSession(token)?.user.name).toBe('anna');
    expect(accounts.resumeSession(`${token}x`)).toBeUndefined();
    // Only a hash of the token is stored.
    expect(temp.db.prepare('SELECT COUNT(*) AS n FROM sessions WHERE id = ?').get(token)).toEqual({ n: 0 });
    accounts.logout(token, user.id);
    expect(accounts.resumeSession(token)).toBeUndefined();
  });

  it('expire sessions after 14 days without use', async () => {
    await accounts.createUser({ name: 'anna', roles: ['translator'], password: 'pw-anna-123' });
    const { token } = await accounts.login({ name: 'anna', password: 'pw-anna-123', client: 'a' });
    clock = new Date(clock.getTime() + 15 * 86_400_000);
    expect(accounts.resumeSession(token)).toBeUndefined();
  });

  it('refuse wrong passwords and unknown users alike, and audit the failures', async () => {
    await accounts.createUser({ name: 'anna', roles: ['translator'], password: 'pw-anna-123' });
    await expect(accounts.login({ name: 'anna', password: 'wrong', client: 'a' })).rejects.toBeInstanceOf(AuthenticationError);
    await expect(accounts.login({ name: 'nobody', password: 'wrong', client: 'b' })).rejects.toThrow('The user name or password is wrong.');
    await expect(accounts.login({ name: 'anna', password: 'pw-anna-123', client: 'a' })).resolves.toMatchObject({ user: { name: 'anna' } });
    const actions = temp.store.users.listAudit({ limit: 100 }).map((e) => e.action);
    expect(actions.filter((a) => a === 'login_failed')).toHaveLength(2);
    expect(actions).toContain('login');
  });
});

const clockPlus = (ms: number) => { clock = new Date(clock.getTime() + ms); };
const guess = (name: string, client: string, password = 'wrong') => accounts.login({ name, password, client }).then(() => 'ok', (error: unknown) =>
  (error instanceof TooManyRequestsError ? 'throttled' : error instanceof AuthenticationError ? 'wrong' : `other: ${String(error)}`));

describe('sign-in throttling (issue #12)', () => {
  beforeEach(async () => {
    await accounts.createUser({ name: 'anna', roles: ['translator'], password: 'pw-anna-123' });
  });

  it('delays one name from one address more after each failure past the free ones', async () => {
    for (let i = 0; i < 3; i++) expect(await guess('anna', 'evil')).toBe('wrong');
    // Even the right password waits: the delay is about the address, not the guess.
    expect(await guess('anna', 'evil', 'pw-anna-123')).toBe('throttled');
    clockPlus(61_000);
    expect(await guess('anna', 'evil')).toBe('wrong');
    clockPlus(61_000);
    expect(await guess('anna', 'evil')).toBe('throttled');
    clockPlus(61_000);
    expect(await guess('anna', 'evil')).toBe('wrong');
    clockPlus(3 * 60_000);
    expect(await guess('anna', 'evil')).toBe('throttled');
    clockPlus(61_000);
    expect(await guess('anna', 'evil', 'pw-anna-123')).toBe('ok');
  });

  it('never locks the owner out from another address (no lockout as a weapon)', async () => {
    for (let i = 0; i < 3; i++) expect(await guess('anna', 'evil')).toBe('wrong');
    expect(await guess('anna', 'evil')).toBe('throttled');
    expect(await guess('anna', 'home', 'pw-anna-123')).toBe('ok');
    expect(await guess('anna', 'evil')).toBe('throttled');
  });

  it('counts attempts still being checked: parallel guesses are refused before hashing', async () => {
    // 19 wrong passwords and the right one at once: before, every one was hashed and checked.
    const answers = await Promise.all([
      ...Array.from({ length: 19 }, () => guess('anna', 'evil')),
      guess('anna', 'evil', 'pw-anna-123'),
    ]);
    expect(answers.filter((a) => a === 'wrong')).toHaveLength(3);
    expect(answers.filter((a) => a === 'throttled')).toHaveLength(17);
    expect(answers.at(-1)).toBe('throttled');
  });

  it('limits one address over all names, and its own success does not reset that', async () => {
    await accounts.createUser({ name: 'mallory', roles: ['translator'], password: 'pw-mallory-1' });
    for (const name of ['a1', 'a2', 'a3', 'a1', 'a2']) expect(await guess(name, 'evil')).toBe('wrong');
    expect(await guess('mallory', 'evil', 'pw-mallory-1')).toBe('ok');
    expect(await guess('a4', 'evil')).toBe('wrong');
    expect(await guess('a5', 'evil')).toBe('throttled');
    expect(await guess('mallory', 'evil', 'pw-mallory-1')).toBe('throttled');
    // Another address is not affected, and the window passes.
    expect(await guess('anna', 'home', 'pw-anna-123')).toBe('ok');
    clockPlus(15 * 60_000 + 1000);
    expect(await guess('a5', 'evil')).toBe('wrong');
  });

  it('starts a name+address count again after a success there', async () => {
    for (let i = 0; i < 2; i++) expect(await guess('anna', 'home')).toBe('wrong');
    expect(await guess('anna', 'home', 'pw-anna-123')).toBe('ok');
    for (let i = 0; i < 3; i++) expect(await guess('anna', 'home')).toBe('wrong');
    expect(await guess('anna', 'home')).toBe('throttled');
  });

  it('forgets a count an hour after its last failure', async () => {
    for (let i = 0; i < 3; i++) expect(await guess('anna', 'evil')).toBe('wrong');
    clockPlus(60 * 60_000);
    for (let i = 0; i < 3; i++) expect(await guess('anna', 'evil')).toBe('wrong');
    expect(await guess('anna', 'evil')).toBe('throttled');
  });
});

describe('sessions remembered between requests (issue #15)', () => {
  async function signedIn(name: string, roles: string[]) {
    await accounts.createUser({ name, roles, password: `pw-${name}-123` });
    return accounts.login({ name, password: `pw-${name}-123`, client: name });
  }

  it('end a remembered session at once on deactivation and apply role changes at the next request', async () => {
    const admin = await signedIn('admin1', ['admin']);
    const anna = await signedIn('anna', ['translator']);
    expect(accounts.resumeSession(anna.token)?.user.roles).toEqual(['translator']);
    await accounts.changeUser({ actor: admin.user, userId: anna.user.id, change: { kind: 'roles', roles: ['reviewer'] } });
    expect(accounts.resumeSession(anna.token)?.user.roles).toEqual(['reviewer']);
    await accounts.changeUser({ actor: admin.user, userId: anna.user.id, change: { kind: 'deactivate' } });
    expect(accounts.resumeSession(anna.token)).toBeUndefined();
    expect(accounts.resumeSession(admin.token)?.user.name).toBe('admin1');
  });

  it('end a remembered session at once after a password reset', async () => {
    const admin = await signedIn('admin1', ['admin']);
    const anna = await signedIn('anna', ['translator']);
    expect(accounts.resumeSession(anna.token)).toBeDefined();
    await accounts.changeUser({ actor: admin.user, userId: anna.user.id, change: { kind: 'reset-password' } });
    expect(accounts.resumeSession(anna.token)).toBeUndefined();
  });

  it('see a change committed by another connection at the next request', async () => {
    const anna = await signedIn('anna', ['translator']);
    expect(accounts.resumeSession(anna.token)).toBeDefined();
    const other = openDatabase(temp.path).db;
    try {
      other.prepare('UPDATE users SET disabled = 1 WHERE id = ?').run(anna.user.id);
    } finally {
      other.close();
    }
    expect(accounts.resumeSession(anna.token)).toBeUndefined();
  });

  it('expire a remembered session by the clock, and read the database again after a few seconds', async () => {
    const anna = await signedIn('anna', ['translator']);
    expect(accounts.resumeSession(anna.token)).toBeDefined();
    // Bypassing the account service on this connection: only the cache's time limit sees it.
    temp.store.users.updateUserDisabled(anna.user.id, true);
    clock = new Date(clock.getTime() + SESSION_CACHE_TTL_MS);
    expect(accounts.resumeSession(anna.token)).toBeUndefined();
    temp.store.users.updateUserDisabled(anna.user.id, false);
    expect(accounts.resumeSession(anna.token)).toBeDefined();
    clock = new Date(clock.getTime() + 15 * 86_400_000);
    expect(accounts.resumeSession(anna.token)).toBeUndefined();
  });

  it('keep the sliding expiry: a session used every day stays open past 14 days', async () => {
    const anna = await signedIn('anna', ['translator']);
    for (let day = 1; day <= 20; day++) {
      clock = new Date(clock.getTime() + 86_400_000);
      expect(accounts.resumeSession(anna.token)?.user.name).toBe('anna');
    }
  });
});

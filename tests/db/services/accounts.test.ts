import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAccountService, generatePassword, hashPassword, verifyPassword } from '../../../src/services/accounts.js';
import { AuthenticationError, TooManyRequestsError, ValidationError } from '../../../src/services/errors.js';
import { TEST_SCRYPT } from '../../helpers/factories.js';
import { tempDb } from '../../helpers/temp-db.js';

let temp: ReturnType<typeof tempDb>;
let clock: Date;
let accounts: ReturnType<typeof createAccountService>;

beforeEach(() => {
  temp = tempDb();
  clock = new Date('2026-11-24T10:00:00Z');
  accounts = createAccountService({ store: temp.store, now: () => clock, scrypt: TEST_SCRYPT, loginAttempts: { max: 3, windowMs: 60_000 } });
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

  it('refuse wrong passwords and unknown users alike, then throttle', async () => {
    await accounts.createUser({ name: 'anna', roles: ['translator'], password: 'pw-anna-123' });
    await expect(accounts.login({ name: 'anna', password: 'wrong', client: 'a' })).rejects.toBeInstanceOf(AuthenticationError);
    await expect(accounts.login({ name: 'nobody', password: 'wrong', client: 'b' })).rejects.toThrow('The user name or password is wrong.');
    await expect(accounts.login({ name: 'anna', password: 'wrong', client: 'c' })).rejects.toBeInstanceOf(AuthenticationError);
    await expect(accounts.login({ name: 'anna', password: 'wrong', client: 'd' })).rejects.toBeInstanceOf(AuthenticationError);
    // Three failures for "anna": even the right password is refused until the window passes.
    await expect(accounts.login({ name: 'anna', password: 'pw-anna-123', client: 'e' })).rejects.toBeInstanceOf(TooManyRequestsError);
    clock = new Date(clock.getTime() + 61_000);
    await expect(accounts.login({ name: 'anna', password: 'pw-anna-123', client: 'e' })).resolves.toMatchObject({ user: { name: 'anna' } });
    const actions = temp.store.users.listAudit({ limit: 100 }).map((e) => e.action);
    expect(actions.filter((a) => a === 'login_failed')).toHaveLength(4);
    expect(actions).toContain('login');
  });

  it('throttle one client guessing many names', async () => {
    for (const name of ['a1', 'a2', 'a3']) {
      await expect(accounts.login({ name, password: 'x', client: 'evil' })).rejects.toBeInstanceOf(AuthenticationError);
    }
    await expect(accounts.login({ name: 'a4', password: 'x', client: 'evil' })).rejects.toBeInstanceOf(TooManyRequestsError);
  });
});

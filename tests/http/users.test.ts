/**
 * User administration (issue #13): deactivate and reactivate, reset a password, change roles.
 * Every action goes through the policy (`manage-users`), is audited, and is refused with a
 * reason where it would lock the workspace out.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type Login, type TestApp } from '../helpers/test-app.js';

let app: TestApp;
let admin: Login;
let tina: Login;
let documentId: number;

beforeEach(async () => {
  app = await startTestApp();
  admin = await app.login(['admin'], 'ada');
  tina = await app.login(['translator'], 'tina');
  ({ documentId } = await app.services.documents.importDocument({ title: 't', text: '一。二。', langs: ['en'], user: null }));
});
afterEach(() => app.close());

function post(path: string, as: Login, body?: unknown, method = 'POST') {
  return app.request(path, { method, as, headers: { 'content-type': 'application/json' }, ...(body !== undefined && { body: JSON.stringify(body) }) });
}

function form(path: string, as: Login, fields: [string, string][]) {
  return app.request(path, {
    method: 'POST', as, headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams([['_csrf', as.csrfToken], ...fields]),
  });
}

function auditActions(): string[] {
  return app.store.users.listAudit({ limit: 100 }).map((e) => e.action);
}

async function signIn(name: string, password: string) {
  return app.services.accounts.login({ name, password, client: 'test' });
}

describe('deactivating and reactivating', () => {
  it('ends the user\'s sessions at once, refuses their sign-in, and lets them back after reactivation', async () => {
    expect((await app.request('/api/documents', { as: tina })).status).toBe(200);
    const res = await post(`/api/users/${tina.userId}/deactivate`, admin);
    expect(res.status).toBe(200);
    expect((await res.json() as { user: { disabled: boolean } }).user.disabled).toBe(true);
    // The cookie she holds no longer opens anything.
    expect((await app.request('/api/documents', { as: tina })).status).toBe(401);
    await expect(signIn('tina', tina.password)).rejects.toThrow(/deactivated/);
    // A wrong password says nothing about the account.
    await expect(signIn('tina', 'wrong')).rejects.toThrow(/name or password is wrong/);
    expect(auditActions()).toContain('user_deactivate');

    expect((await post(`/api/users/${tina.userId}/reactivate`, admin)).status).toBe(200);
    const again = await signIn('tina', tina.password);
    expect(again.user.name).toBe('tina');
    expect(auditActions()).toContain('user_reactivate');
  });

  it('closes the live event streams of a deactivated user', async () => {
    const stream = await app.request(`/api/documents/${documentId}/events`, { as: tina });
    expect(stream.status).toBe(200);
    const reader = stream.body!.getReader();
    await reader.read(); // the first bytes (retry:) arrived: the stream is open
    expect((await post(`/api/users/${tina.userId}/deactivate`, admin)).status).toBe(200);
    let done = false;
    const deadline = Date.now() + 5000;
    while (!done && Date.now() < deadline) ({ done } = await reader.read());
    expect(done).toBe(true);
    // Reconnecting is refused.
    expect((await app.request(`/api/documents/${documentId}/events`, { as: tina })).status).toBe(401);
  });

  it('keeps other users\' sessions and streams', async () => {
    const rita = await app.login(['reviewer'], 'rita');
    await post(`/api/users/${tina.userId}/deactivate`, admin);
    expect((await app.request('/api/documents', { as: rita })).status).toBe(200);
  });

  it('refuses to deactivate oneself, an already deactivated user or a user that does not exist', async () => {
    const self = await post(`/api/users/${admin.userId}/deactivate`, admin);
    expect(self.status).toBe(409);
    expect((await self.json() as { error: { message: string } }).error.message).toMatch(/your own account/);
    await post(`/api/users/${tina.userId}/deactivate`, admin);
    expect((await post(`/api/users/${tina.userId}/deactivate`, admin)).status).toBe(409);
    expect((await post(`/api/users/${tina.userId + 1000}/deactivate`, admin)).status).toBe(404);
    expect((await post('/api/users/abc/deactivate', admin)).status).toBe(400);
    expect((await post(`/api/users/${tina.userId}/reactivate`, admin)).status).toBe(200);
    expect((await post(`/api/users/${tina.userId}/reactivate`, admin)).status).toBe(409);
  });

  it('leaves a deactivated user out of the people who can be assigned', async () => {
    expect(app.services.review.assignableUsers()).toContain('tina');
    await post(`/api/users/${tina.userId}/deactivate`, admin);
    expect(app.services.review.assignableUsers()).not.toContain('tina');
  });
});

describe('resetting a password', () => {
  it('answers a new password once, ends the old sessions and the old password', async () => {
    const res = await post(`/api/users/${tina.userId}/password`, admin);
    expect(res.status).toBe(200);
    const { password } = await res.json() as { password: string };
    expect(password).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    expect((await app.request('/api/documents', { as: tina })).status).toBe(401);
    await expect(signIn('tina', tina.password)).rejects.toThrow(/name or password is wrong/);
    expect((await signIn('tina', password)).user.name).toBe('tina');
    expect(auditActions()).toContain('user_password_reset');
    // The audit log never holds the password.
    expect(JSON.stringify(app.store.users.listAudit({ limit: 100 }))).not.toContain(password);
  });

  it('shows the new password on the users page after the form', async () => {
    const res = await form(`/admin/users/${tina.userId}`, admin, [['change', 'reset-password']]);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/Reset the password of tina; their sessions have ended\. Their password is <code class="password">[a-z2-9-]{19}<\/code>/);
  });
});

describe('changing roles', () => {
  it('applies new roles from the user\'s next request', async () => {
    const slot = app.store.slots.listSlots(documentId, 'en')[0]!;
    const approvePath = `/api/documents/${documentId}/slots/${slot.segmentId}/en/approve`;
    expect((await post(approvePath, tina, { version: 1 })).status).toBe(403);
    const res = await post(`/api/users/${tina.userId}/roles`, admin, { roles: ['translator', 'reviewer'] }, 'PUT');
    expect(res.status).toBe(200);
    expect((await res.json() as { user: { roles: string[] } }).user.roles.sort()).toEqual(['reviewer', 'translator']);
    // Now the policy lets her review (the slot is empty, so the workflow, not the policy, says no).
    expect((await post(approvePath, tina, { version: 1 })).status).toBe(409);
    const entry = app.store.users.listAudit({ action: 'user_roles', limit: 1 })[0]!;
    expect(JSON.parse(entry.details)).toEqual({ name: 'tina', from: ['translator'], to: ['translator', 'reviewer'] });
  });

  it('refuses no roles, unknown roles, and an admin taking the admin role from themselves', async () => {
    const none = await post(`/api/users/${tina.userId}/roles`, admin, { roles: [] }, 'PUT');
    expect(none.status).toBe(400);
    expect((await post(`/api/users/${tina.userId}/roles`, admin, { roles: ['boss'] }, 'PUT')).status).toBe(400);
    expect((await post(`/api/users/${tina.userId}/roles`, admin, {}, 'PUT')).status).toBe(400);
    const self = await post(`/api/users/${admin.userId}/roles`, admin, { roles: ['translator'] }, 'PUT');
    expect(self.status).toBe(409);
    expect(app.store.users.findUser(admin.userId)?.roles).toEqual(['admin']);
    expect(app.store.users.findUser(tina.userId)?.roles).toEqual(['translator']);
  });

  it('keeps the last active admin an admin, but lets another admin take the role', async () => {
    const bob = await app.login(['admin'], 'bob');
    // Two admins: ada may take bob's admin role.
    expect((await post(`/api/users/${bob.userId}/roles`, admin, { roles: ['reviewer'] }, 'PUT')).status).toBe(200);
    // Ada is the last admin now; a deactivated admin does not count.
    const carl = await app.login(['admin'], 'carl');
    expect((await post(`/api/users/${carl.userId}/deactivate`, admin)).status).toBe(200);
    expect(app.store.users.countActiveAdmins()).toBe(1);
  });

  it('changes roles through the users page form and says so', async () => {
    const res = await form(`/admin/users/${tina.userId}`, admin, [['change', 'roles'], ['roles', 'reviewer']]);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('tina is now reviewer.');
    expect(app.store.users.findUser(tina.userId)?.roles).toEqual(['reviewer']);
  });

  it('says a refusal on the page, changing nothing', async () => {
    const res = await form(`/admin/users/${admin.userId}`, admin, [['change', 'deactivate']]);
    expect(res.status).toBe(409);
    expect(await res.text()).toContain('You cannot deactivate your own account; ask another admin.');
    expect(app.store.users.findUser(admin.userId)?.disabled).toBe(false);
    expect((await form(`/admin/users/${tina.userId}`, admin, [['change', 'promote']])).status).toBe(400);
  });
});

describe('only admins administer users', () => {
  it.each([
    ['GET', '/api/users', undefined],
    ['POST', '/api/users/ID/deactivate', undefined],
    ['POST', '/api/users/ID/reactivate', undefined],
    ['POST', '/api/users/ID/password', undefined],
    ['PUT', '/api/users/ID/roles', { roles: ['admin'] }],
  ])('refuses %s %s to a translator and a reviewer', async (method, path, body) => {
    const rita = await app.login(['reviewer'], 'rita');
    for (const who of [tina, rita]) {
      const res = await post(path.replace('ID', String(rita.userId)), who, body, method);
      expect(res.status).toBe(403);
      expect((await res.json() as { error: { code: string } }).error.code).toBe('forbidden');
    }
    expect(app.store.users.findUser(rita.userId)).toMatchObject({ disabled: false, roles: ['reviewer'] });
  });

  it('refuses the page form to a translator and without the CSRF token', async () => {
    expect((await form(`/admin/users/${admin.userId}`, tina, [['change', 'reset-password']])).status).toBe(403);
    const forged = await app.request(`/admin/users/${tina.userId}`, {
      method: 'POST', headers: { cookie: admin.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams([['change', 'deactivate']]),
    });
    expect(forged.status).toBe(403);
    expect(app.store.users.findUser(tina.userId)?.disabled).toBe(false);
  });

  it('lists users with their status for admins', async () => {
    await post(`/api/users/${tina.userId}/deactivate`, admin);
    const { users } = await (await app.request('/api/users', { as: admin })).json() as { users: { name: string; disabled: boolean; passwordHash?: string }[] };
    expect(users.find((u) => u.name === 'tina')).toMatchObject({ disabled: true });
    expect(users.every((u) => u.passwordHash === undefined)).toBe(true);
    const html = await (await app.request('/admin/users', { as: admin })).text();
    expect(html).toMatch(/tina[\s\S]*?Deactivated[\s\S]*?Reactivate tina/);
  });
});

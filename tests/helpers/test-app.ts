import { createApp } from '../../src/web/app.js';
import type { WriteLimit } from '../../src/web/limits.js';
import type { Role } from '../../src/domain.js';
import type { Services } from '../../src/services/index.js';
import type { Store } from '../../src/store/index.js';
import { makeUser, testServices } from './factories.js';
import { close, listen } from './http-server.js';
import { tempDb } from './temp-db.js';

export interface Login { cookie: string; csrfToken: string; userId: number; name: string; password: string }

export interface TestApp {
  baseUrl: string;
  store: Store;
  services: Services;
  /** Creates a user with the given roles and signs them in. */
  login(roles?: Role[], name?: string): Promise<Login>;
  /** fetch against the app, with a signed-in user's cookie and CSRF token when given. */
  request(path: string, init?: RequestInit & { as?: Login }): Promise<Response>;
  errors: unknown[];
  close(): Promise<void>;
}

/** createApp on port 0 with a temporary database (STYLE.md "Tests"). */
export async function startTestApp(options: { now?: () => Date; writeLimit?: WriteLimit; readLimit?: WriteLimit } = {}): Promise<TestApp> {
  const temp = tempDb();
  const services = testServices(temp.store, options.now);
  const errors: unknown[] = [];
  const app = createApp({
    store: temp.store, services, version: 'test', secureCookies: false,
    log: (_message, error) => errors.push(error),
    ...(options.writeLimit && { writeLimit: options.writeLimit }),
    ...(options.readLimit && { readLimit: options.readLimit }),
  });
  const { server, baseUrl } = await listen(app);
  return {
    baseUrl,
    store: temp.store,
    services,
    errors,
    async login(roles = ['translator'], name) {
      const password = 'correct horse battery staple';
      const { user } = await makeUser(services, { roles, password, ...(name && { name }) });
      const { token, session } = await services.accounts.login({ name: user.name, password, client: 'test' });
      return { cookie: `duizhao_session=${token}`, csrfToken: session.csrfToken, userId: user.id, name: user.name, password };
    },
    request(path, init = {}) {
      const { as, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (as) {
        headers.set('cookie', as.cookie);
        if (!headers.has('x-csrf-token')) headers.set('x-csrf-token', as.csrfToken);
      }
      return fetch(baseUrl + path, { redirect: 'manual', ...rest, headers });
    },
    async close() {
      await close(server);
      temp.cleanup();
    },
  };
}

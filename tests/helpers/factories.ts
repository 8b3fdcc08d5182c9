import type { Role } from '../../src/domain.js';
import { createServices, type Services } from '../../src/services/index.js';
import type { Store } from '../../src/store/index.js';

/** Cheap scrypt for tests only: production uses N=2^17. */
export const TEST_SCRYPT = { N: 1024, r: 8, p: 1 };

export function testServices(store: Store, now?: () => Date): Services {
  return createServices({ store, scrypt: TEST_SCRYPT, version: 'test', ...(now && { now }) });
}

let counter = 0;

export async function makeUser(services: Services, overrides: { name?: string; roles?: Role[]; password?: string } = {}) {
  counter += 1;
  return services.accounts.createUser({
    name: overrides.name ?? `user${counter}`,
    roles: overrides.roles ?? ['translator'],
    password: overrides.password ?? 'correct horse battery staple',
  });
}

export const SAMPLE_CHINESE = '第一段第一句。第一段第二句！\n第二段只有一句？';

export async function makeDocument(services: Services, overrides: { title?: string; text?: string; langs?: string[] } = {}) {
  return services.documents.importDocument({
    title: overrides.title ?? '测试文件',
    text: overrides.text ?? SAMPLE_CHINESE,
    langs: overrides.langs ?? ['en', 'ru'],
    user: null,
  });
}

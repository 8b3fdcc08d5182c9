import { afterEach, beforeEach } from 'vitest';
import type { Services } from '../../src/services/index.js';
import type { Store } from '../../src/store/index.js';
import { testServices } from './factories.js';
import { tempDb } from './temp-db.js';

export interface ServiceEnv { store: Store; services: Services }

/**
 * A fresh temporary database and services for each test of the file (registers the
 * hooks); read `env.store` and `env.services` inside tests.
 */
export function serviceEnv(now?: () => Date): ServiceEnv {
  const env = {} as ServiceEnv;
  let cleanup: (() => void) | undefined;
  beforeEach(() => {
    const temp = tempDb();
    env.store = temp.store;
    env.services = testServices(temp.store, now);
    cleanup = temp.cleanup;
  });
  afterEach(() => cleanup?.());
  return env;
}

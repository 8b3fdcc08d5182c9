import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { NotFoundError, TooManyRequestsError, ValidationError } from '../../../src/services/errors.js';
import { answeringDomainErrors, errorHandler } from '../../../src/web/errors.js';
import { close, listen } from '../../helpers/http-server.js';

const servers: Parameters<typeof close>[0][] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await close(server);
});

/** The same throwing handler mounted twice: answered directly, and thrown through Express to errorHandler. */
async function both(fail: () => never): Promise<{ direct: Response; thrown: Response; logged: unknown[] }> {
  const logged: unknown[] = [];
  const app = express();
  const later: string[] = [];
  app.get('/api/direct', answeringDomainErrors(() => fail()));
  app.get('/api/thrown', () => fail());
  // Were the direct answer to fall through, this layer would see the request.
  app.use((_req, _res, next) => { later.push('reached'); next(); });
  app.use(errorHandler((_message, error) => logged.push(error)));
  const { server, baseUrl } = await listen(app);
  servers.push(server);
  const direct = await fetch(`${baseUrl}/api/direct`);
  const thrown = await fetch(`${baseUrl}/api/thrown`);
  expect(later).toEqual([]);
  return { direct, thrown, logged };
}

describe('answeringDomainErrors', () => {
  it('answers a domain error with the status, headers and body errorHandler gives it', async () => {
    for (const error of [
      new NotFoundError('No such slot.'),
      new ValidationError('text: too long', { details: { field: 'text' } }),
      new TooManyRequestsError('Slow down.', 3),
    ]) {
      const { direct, thrown, logged } = await both(() => { throw error; });
      expect(direct.status).toBe(thrown.status);
      expect(direct.status).toBeGreaterThanOrEqual(400);
      expect(direct.headers.get('retry-after')).toBe(thrown.headers.get('retry-after'));
      expect(direct.headers.get('content-type')).toBe('application/json; charset=utf-8');
      const body = await direct.json() as { error: { code: string } };
      expect(body).toEqual(await thrown.json());
      expect(body.error.code).toBe(error.code);
      expect(logged).toEqual([]);
    }
  });

  it('passes any other error on to errorHandler, which logs it and answers 500', async () => {
    const fault = new Error('disk on fire');
    const { direct, logged } = await both(() => { throw fault; });
    expect(direct.status).toBe(500);
    expect(((await direct.json()) as { error: { code: string } }).error.code).toBe('internal_error');
    expect(logged[0]).toBe(fault);
  });
});

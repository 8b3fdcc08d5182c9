import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JobAnswer, RowsPage, SlotSaved } from '../../src/web/api-types.js';
import { startTestApp, type Login, type TestApp } from '../helpers/test-app.js';

const DEMO = new URL('../../demo/joint-statement-2022/', import.meta.url);
let app: TestApp;
let translator: Login;

beforeEach(async () => {
  app = await startTestApp();
  translator = await app.login(['translator']);
});
afterEach(() => app.close());

async function json<T>(res: Response): Promise<T> {
  return res.json() as Promise<T>;
}

function send(path: string, body: unknown, method = 'POST') {
  return app.request(path, { method, as: translator, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

async function importAs(documentId: number, lang: string, file: string): Promise<NonNullable<JobAnswer['job']['result']>> {
  const res = await send(`/api/documents/${documentId}/translations`, { lang, text: readFileSync(new URL(file, DEMO), 'utf8') });
  expect(res.status).toBe(202);
  const { url } = await json<{ url: string }>(res);
  for (let i = 0; i < 600; i++) {
    const { job } = await json<JobAnswer>(await app.request(url, { as: translator }));
    if (job.state !== 'running') {
      expect(job.state).toBe('done');
      return job.result!;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('job did not finish');
}

async function newDocument(langs: string[]): Promise<number> {
  const { documentId } = await app.services.documents.importDocument({ title: '声明', text: readFileSync(new URL('zh.txt', DEMO), 'utf8'), langs, user: null });
  return documentId;
}

async function allRows(documentId: number): Promise<RowsPage['rows']> {
  return (await json<RowsPage>(await app.request(`/api/documents/${documentId}/rows?offset=0&limit=200`, { as: translator }))).rows;
}

describe('translation import with a pivot', () => {
  it('aligns the Russian with the English already aligned as pivot, and says so', async () => {
    const documentId = await newDocument(['en', 'ru']);
    const english = await importAs(documentId, 'en', 'en.txt');
    expect(english.pivot).toBeNull();
    const russian = await importAs(documentId, 'ru', 'ru.txt');
    expect(russian.pivot).toMatchObject({ lang: 'en', name: 'English', confirmed: 0 });
    expect(russian.pivot!.slots).toBe(english.beads);
    // The aligner weighed it: the Russian slots' reasons cite the English.
    const reasons = (await allRows(documentId)).flatMap((r) => (r.slots.ru?.kind === 'head' ? r.slots.ru.reasons : []));
    expect(reasons.some((r) => r.startsWith('+ pivot (en) agrees'))).toBe(true);
    expect(app.store.slots.checkTiling(documentId, 'ru')).toEqual([]);
  });

  it('prefers the column with slots a person confirmed', async () => {
    const documentId = await newDocument(['en', 'en-GB', 'ru']);
    await importAs(documentId, 'en', 'en.txt');
    const british = await importAs(documentId, 'en-GB', 'en.txt');
    // The en-GB column was aligned with en as its pivot; now a person confirms one en-GB slot.
    expect(british.pivot).toMatchObject({ lang: 'en' });
    const first = (await allRows(documentId))[0]!.slots['en-GB']!;
    if (first.kind !== 'head') throw new Error('expected a head');
    const saved = await send(`/api/documents/${documentId}/slots/${first.segmentId}/en-GB`, { text: first.text, version: first.version, confirm: true }, 'PUT');
    expect((await json<SlotSaved>(saved)).slot).toMatchObject({ status: 'translated' });
    const russian = await importAs(documentId, 'ru', 'ru.txt');
    expect(russian.pivot).toMatchObject({ lang: 'en-GB', confirmed: 1 });
  });

  it('uses no pivot when the other column is mostly empty', async () => {
    const documentId = await newDocument(['en', 'ru']);
    const russian = await importAs(documentId, 'ru', 'ru.txt');
    expect(russian.pivot).toBeNull();
    expect(russian.beads).toBeGreaterThan(0);
  });
});

/**
 * The main menu offers the workspace actions the policy allows the signed-in user, on every
 * page, error pages included; they are worked out when a page renders (issue #15).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

let app: TestApp;
beforeEach(async () => {
  app = await startTestApp();
});
afterEach(() => app.close());

const MENU = ['Import', 'Segmentation', 'Users', 'Audit log'];

async function menuOn(path: string, roles: Parameters<TestApp['login']>[0]): Promise<string[]> {
  const as = await app.login(roles, `u${roles?.join('') ?? ''}${Math.random().toString(36).slice(2, 6)}`);
  const html = await (await app.request(path, { as })).text();
  const nav = /<nav aria-label="Main">([\s\S]*?)<\/nav>/.exec(html)?.[1] ?? '';
  return MENU.filter((label) => nav.includes(`>${label}</a>`));
}

describe('the main menu', () => {
  it.each([
    [['admin'], MENU],
    [['translator'], ['Import', 'Segmentation']],
    [['reviewer'], []],
  ] as const)('offers %j what the policy allows, on pages and on error pages', async (roles, expected) => {
    expect(await menuOn('/', [...roles])).toEqual(expected);
    expect(await menuOn('/glossary', [...roles])).toEqual(expected);
    expect(await menuOn('/no/such/page', [...roles])).toEqual(expected);
  });
});

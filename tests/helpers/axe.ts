import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface A11yProblem { id: string; impact: string | null; help: string; nodes: string[] }

/**
 * Runs axe-core inside the page (or inside `selector`, e.g. an open dialog) and returns the
 * serious and critical violations. page.evaluate runs outside the page's CSP, so the
 * page's rules stay as strict as in production.
 */
export async function seriousA11yProblems(page: Page, selector?: string): Promise<A11yProblem[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async (within) => {
    const axe = (window as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: string[]; failureSummary?: string }[] }[] }> } }).axe;
    const context = within ? document.querySelector(within) : document;
    const result = await axe.run(context, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')} — ${n.failureSummary ?? ''}`) }));
  }, selector ?? null);
}

/** Fails the test with every serious or critical axe violation of the page (or of `selector`), named by `where`. */
export async function expectAccessible(page: Page, where: string, selector?: string): Promise<void> {
  const problems = await seriousA11yProblems(page, selector);
  expect(problems, `axe found serious or critical problems on ${where}`).toEqual([]);
}

import { describe, expect, it } from 'vitest';
import { parse, slotParams, slotSave } from '../../../src/web/schemas.js';
import { parseSlotParams, parseSlotSaveBody } from '../../../src/web/slot-save-input.js';
import { seeded } from '../../helpers/random.js';

/** What a parser answers: its value, or its refusal's code, message and details. */
function outcome(run: () => unknown): unknown {
  try {
    return { value: run() };
  } catch (error) {
    const e = error as { code?: string; message: string; details?: unknown };
    return { refused: { code: e.code, message: e.message, details: e.details } };
  }
}

const TEXT_LIMIT = 100_000;
const bodies: unknown[] = [
  { text: 'Hello.', version: 1 }, { text: '', version: 3 }, { text: 'x', version: 2, confirm: true }, { text: 'x', version: 2, confirm: false },
  { text: 'a'.repeat(TEXT_LIMIT), version: 1 }, { text: 'a'.repeat(TEXT_LIMIT + 1), version: 1 }, { text: '𝒳'.repeat(TEXT_LIMIT / 2), version: 1 },
  { text: 'x', version: 0 }, { text: 'x', version: -1 }, { text: 'x', version: 1.5 }, { text: 'x', version: '1' }, { text: 'x', version: 2 ** 53 },
  { text: 'x', version: Number.MAX_SAFE_INTEGER }, { text: 'x', version: Infinity }, { text: 'x', version: NaN }, { text: 'x', version: null },
  { text: 'x', version: 1, confirm: 'true' }, { text: 'x', version: 1, confirm: null }, { text: 'x', version: 1, confirm: undefined },
  { text: 1, version: 1 }, { text: null, version: 1 }, { version: 1 }, { text: 'x' }, {}, [], ['x', 1], 'text', 7, null, undefined,
  { text: 'x', version: 1, extra: 'ignored' }, { text: ['x'], version: 1 }, Object.assign(Object.create(null) as object, { text: 'x', version: 4 }),
];
const params: unknown[] = [
  { id: '1', segmentId: '2', lang: 'en' }, { id: '12', segmentId: '345', lang: 'pt-BR' }, { id: '0', segmentId: '2', lang: 'en' },
  { id: '007', segmentId: '2', lang: 'en' }, { id: ' 7', segmentId: '2', lang: 'en' }, { id: '1e3', segmentId: '2', lang: 'en' },
  { id: '1.0', segmentId: '2', lang: 'en' }, { id: '-1', segmentId: '2', lang: 'en' }, { id: 'x', segmentId: '2', lang: 'en' },
  { id: '1', segmentId: '9'.repeat(15), lang: 'en' }, { id: '1', segmentId: '9'.repeat(16), lang: 'en' }, { id: '1', segmentId: '9'.repeat(30), lang: 'en' },
  { id: '1', segmentId: '2', lang: 'EN' }, { id: '1', segmentId: '2', lang: 'e' }, { id: '1', segmentId: '2', lang: 'en-' }, { id: '1', segmentId: '2', lang: 'zh-Hans-CN' },
  { id: '1', segmentId: '2' }, {}, undefined, { id: 1, segmentId: 2, lang: 'en' },
];

describe('the slot save input checked by hand', () => {
  it.each(bodies.map((b) => [b]))('answers the body %j exactly as the schema does', (body) => {
    expect(outcome(() => parseSlotSaveBody(body))).toEqual(outcome(() => parse(slotSave, body)));
  });

  it.each(params.map((p) => [p]))('answers the route parameters %j exactly as the schema does', (p) => {
    expect(outcome(() => parseSlotParams(p))).toEqual(outcome(() => parse(slotParams, p)));
  });

  it('agrees with the schema on generated bodies and parameters', () => {
    const rand = seeded(15);
    const pick = <T>(values: readonly T[]): T => values[Math.floor(rand() * values.length)]!;
    const numbers = [0, 1, 2, 7, -3, 0.5, 1e21, 2 ** 53 - 1, 2 ** 53, NaN, Infinity];
    const strings = ['', '0', '1', '01', '12', '1.5', '-2', 'abc', 'en', 'ru', 'ru-RU', 'xx-', '١٢'];
    for (let i = 0; i < 2000; i++) {
      const body: Record<string, unknown> = {};
      if (rand() < 0.9) body.text = rand() < 0.8 ? pick(strings) : pick(numbers);
      if (rand() < 0.9) body.version = rand() < 0.8 ? pick(numbers) : pick(strings);
      if (rand() < 0.3) body.confirm = pick([true, false, 'true', 1, null]);
      expect(outcome(() => parseSlotSaveBody(body))).toEqual(outcome(() => parse(slotSave, body)));
      const p = { id: pick(strings), segmentId: pick(strings), lang: pick(strings) };
      expect(outcome(() => parseSlotParams(p))).toEqual(outcome(() => parse(slotParams, p)));
    }
  });
});

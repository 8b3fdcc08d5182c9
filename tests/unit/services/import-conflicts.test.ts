import { describe, expect, it } from 'vitest';
import type { RegionHead, RegionSegment } from '../../../src/domain.js';
import { headVersions, keepChanged } from '../../../src/services/import-conflicts.js';

const segments: RegionSegment[] = [10, 11, 12, 13, 14].map((id) => ({ id, paragraph: 0, text: `句${id}。` }));
/** `A@0x1v3` → a head at 0 spanning 1 holding "A" at version 3. */
const heads = (...specs: string[]): RegionHead[] => specs.map((spec) => {
  const [, text, start, span, version] = /^(\w*)@(\d)x(\d)v(\d)$/.exec(spec)!;
  return { start: Number(start), span: Number(span), text: text!, status: text ? 'aligned' : 'empty', confidence: null, reasons: [], version: Number(version) };
});
const show = (list: RegionHead[]) => list.map((h) => `${h.text}@${h.start}x${h.span}`).join(' ');

describe('keepChanged', () => {
  const current = heads('a@0x1v1', 'b@1x1v1', 'c@2x1v1', 'd@3x1v1', 'e@4x1v1');
  const since = headVersions(segments, current);

  it.each([
    ['nothing changed: the import whole', current, heads('A@0x1v0', 'B@1x1v0', 'C@2x1v0', 'D@3x1v0', 'E@4x1v0'), 'A@0x1 B@1x1 C@2x1 D@3x1 E@4x1', []],
    ['one slot saved', heads('a@0x1v1', 'b@1x1v2', 'c@2x1v1', 'd@3x1v1', 'e@4x1v1'), heads('A@0x1v0', 'B@1x1v0', 'C@2x1v0', 'D@3x1v0', 'E@4x1v0'), 'A@0x1 b@1x1 C@2x1 D@3x1 E@4x1', ['2+1']],
    ['the import spans the saved slot and its neighbour', heads('a@0x1v1', 'b@1x1v2', 'c@2x1v1', 'd@3x1v1', 'e@4x1v1'), heads('A@0x1v0', 'BC@1x2v0', 'D@3x1v0', 'E@4x1v0'), 'A@0x1 b@1x1 c@2x1 D@3x1 E@4x1', ['2+2']],
    ['a merge made meanwhile', heads('a@0x1v1', 'bc@1x2v2', 'd@3x1v1', 'e@4x1v1'), heads('A@0x1v0', 'B@1x1v0', 'C@2x1v0', 'D@3x1v0', 'E@4x1v0'), 'A@0x1 bc@1x2 D@3x1 E@4x1', ['2+2']],
    ['two saves apart', heads('a@0x1v2', 'b@1x1v1', 'c@2x1v1', 'd@3x1v1', 'e@4x1v5'), heads('A@0x1v0', 'B@1x1v0', 'C@2x1v0', 'D@3x1v0', 'E@4x1v0'), 'a@0x1 B@1x1 C@2x1 D@3x1 e@4x1', ['1+1', '5+1']],
    ['overlapping stretches join', heads('a@0x1v1', 'b@1x1v2', 'c@2x1v2', 'd@3x1v1', 'e@4x1v1'), heads('A@0x1v0', 'BC@1x2v0', 'D@3x1v0', 'E@4x1v0'), 'A@0x1 b@1x1 c@2x1 D@3x1 E@4x1', ['2+2']],
  ] as const)('%s', (_label, now, planned, expected, conflicts) => {
    const result = keepChanged(segments, now, planned, since);
    expect(show(result.heads)).toBe(expected);
    expect(result.conflicts.map((c) => `${c.position}+${c.segments}`)).toEqual(conflicts);
  });

  it('says what was kept and what the import would have written', () => {
    const now = heads('a@0x1v1', 'mine@1x1v2', 'c@2x1v1', 'd@3x1v1', 'e@4x1v1');
    const { conflicts } = keepChanged(segments, now, heads('A@0x1v0', 'BC@1x2v0', 'D@3x1v0', 'E@4x1v0'), since);
    expect(conflicts).toEqual([{ position: 2, segments: 2, segmentId: 11, kept: 'mine\nc', imported: 'BC' }]);
  });
});

/**
 * A TMX import of any size keeps memory flat (issue #14 §4: a 1 GB file streams). A file
 * of ~30 MB is generated lazily, chunk by chunk, so the test runs in seconds; what it
 * asserts holds for any size: the reader never runs more than a chunk ahead of the unit
 * it yields, and the heap grows far less than the file.
 */
import { describe, expect, it } from 'vitest';
import { readTmx } from '../../../src/formats/tmx-reader.js';

const CHUNK = 64 * 1024;

/** A TMX file of `units` units, as 64 KB chunks made on demand; `produced()` says how many bytes so far. */
export function generated(units: number, longEvery = 0) {
  const encoder = new TextEncoder();
  let produced = 0;
  const endOf: number[] = [];
  function* chunks(): Generator<Uint8Array> {
    let pending = '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="zh-CN" creationtool="test" segtype="sentence" o-tmf="x" adminlang="en" datatype="plaintext" creationtoolversion="1"/><body>\n';
    let bytes = encoder.encode(pending).byteLength;
    for (let i = 0; i < units; i++) {
      const zh = longEvery > 0 && i % longEvery === 0 ? '上海合作组织成员国元首理事会会议。'.repeat(150) : `第${i}句：两国元首就双边关系深入交换意见。`;
      const tu = `<tu tuid="${i}"><tuv xml:lang="zh-CN"><seg>${zh}</seg></tuv><tuv xml:lang="en-US"><seg>Sentence ${i}: the two heads of state exchanged views &amp; more.</seg></tuv></tu>\n`;
      pending += tu;
      bytes += encoder.encode(tu).byteLength;
      endOf.push(bytes);
      if (pending.length >= CHUNK) {
        const out = encoder.encode(pending);
        produced += out.byteLength;
        pending = '';
        yield out;
      }
    }
    const out = encoder.encode(`${pending}</body></tmx>\n`);
    produced += out.byteLength;
    yield out;
  }
  return { chunks: chunks(), produced: () => produced, endOf };
}

describe('reading a large TMX file', () => {
  it('yields each unit before reading past the chunk that holds it, with a heap that does not grow with the file', () => {
    const file = generated(200_000);
    globalThis.gc?.();
    const heapStart = process.memoryUsage().heapUsed;
    let maxHeap = heapStart;
    let count = 0;
    let maxAhead = 0;
    for (const event of readTmx(file.chunks)) {
      if (event.kind !== 'unit') continue;
      count += 1;
      // Bytes read beyond the end of this unit: never more than one chunk (at most 3 bytes a UTF-16 unit).
      maxAhead = Math.max(maxAhead, file.produced() - file.endOf[count - 1]!);
      if (count % 5_000 === 0) maxHeap = Math.max(maxHeap, process.memoryUsage().heapUsed);
    }
    expect(count).toBe(200_000);
    const fileMb = file.produced() / 1024 / 1024;
    expect(fileMb).toBeGreaterThan(25);
    expect(maxAhead).toBeLessThanOrEqual(3 * CHUNK + 1024);
    // Kept in memory, the units would take twice the file's size as strings, and more as
    // objects; a streaming reader stays well under the file's size, whatever that is.
    expect((maxHeap - heapStart) / 1024 / 1024).toBeLessThan(fileMb);
  }, 60_000);
});

describe('long units', () => {
  it('are read whole, whatever their length', () => {
    const file = generated(30, 10);
    const long = [...readTmx(file.chunks)].flatMap((e) => (e.kind === 'unit' && e.unit.variants[0]!.text.length > 2000 ? [e.unit] : []));
    expect(long).toHaveLength(3);
    expect(long[0]!.variants[0]!.text).toBe('上海合作组织成员国元首理事会会议。'.repeat(150));
  });
});

/**
 * mulberry32: a small seeded pseudo-random generator, so property tests, fuzzing and load
 * runs send the same inputs every time and a failure can be replayed.
 * seeded(1)() → 0.6270739405881613
 */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

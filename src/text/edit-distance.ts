/**
 * Levenshtein distance over code points, bit-parallel: Myers' algorithm (J. ACM 46(3),
 * 1999) with Hyyrö's blocks of 32 pattern characters for longer patterns (as in the
 * fastest-levenshtein package, which works on UTF-16 units instead). The pattern is
 * prepared once, so scoring one segment against hundreds of TM sources costs about
 * ⌈m/32⌉ word operations per character of each source instead of m.
 */

const WORD = 32;

/** The code points of a string (an astral character is one, not two UTF-16 units). */
function codePoints(text: string): number[] {
  const out: number[] = [];
  for (const ch of text) out.push(ch.codePointAt(0)!);
  return out;
}

/**
 * Prepares `pattern` and returns a function giving its edit distance to any text.
 * @example createEditDistance('kitten')('sitting') → 3
 */
export function createEditDistance(pattern: string): (text: string) => number {
  const a = codePoints(pattern);
  const m = a.length;
  const blocks = Math.max(1, Math.ceil(m / WORD));
  // peq[block].get(c): the bits of the block's positions holding character c.
  const peq: Map<number, number>[] = Array.from({ length: blocks }, () => new Map());
  for (let i = 0; i < m; i++) {
    const block = peq[(i / WORD) | 0]!;
    block.set(a[i]!, (block.get(a[i]!) ?? 0) | (1 << (i % WORD)));
  }
  const lastBit = 1 << ((m - 1) % WORD);
  const lastBlock = blocks - 1;
  // Horizontal deltas at each block's lower edge, one bit per text column (+1 and −1).
  let phc = new Int32Array(0);
  let mhc = new Int32Array(0);

  return (text: string): number => {
    const b = codePoints(text);
    const n = b.length;
    if (m === 0) return n;
    if (n === 0) return m;
    const words = Math.ceil(n / WORD);
    if (phc.length < words) {
      phc = new Int32Array(words);
      mhc = new Int32Array(words);
    }
    // The top row of the table is 0, 1, 2, …: every horizontal delta is +1.
    phc.fill(-1, 0, words);
    mhc.fill(0, 0, words);
    let score = m;
    for (let block = 0; block < blocks; block++) {
      const eqOf = peq[block]!;
      let pv = -1;
      let mv = 0;
      const last = block === lastBlock;
      for (let j = 0; j < n; j++) {
        const w = (j / WORD) | 0;
        const bit = 1 << (j % WORD);
        const pb = (phc[w]! & bit) !== 0 ? 1 : 0;
        const mb = (mhc[w]! & bit) !== 0 ? 1 : 0;
        const eq = eqOf.get(b[j]!) ?? 0;
        const xv = eq | mv;
        const xh = ((((eq | mb) & pv) + pv) ^ pv) | eq | mb;
        let ph = mv | ~(xh | pv);
        let mh = pv & xh;
        if (last) {
          if (ph & lastBit) score += 1;
          if (mh & lastBit) score -= 1;
        } else {
          // The delta leaving this block's last row is the next block's input.
          if (((ph >>> 31) & 1) !== pb) phc[w] = phc[w]! ^ bit;
          if (((mh >>> 31) & 1) !== mb) mhc[w] = mhc[w]! ^ bit;
        }
        ph = (ph << 1) | pb;
        mh = (mh << 1) | mb;
        pv = mh | ~(xv | ph);
        mv = ph & xv;
      }
      if (last) break;
    }
    return score;
  };
}

/**
 * Levenshtein distance between two strings, counted in code points.
 * @example editDistance('两国元首举行会谈', '两国元首举行了会谈') → 1
 */
export function editDistance(a: string, b: string): number {
  return createEditDistance(a)(b);
}

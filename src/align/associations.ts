/**
 * Word associations learned from aligned sentence pairs (Moore 2002; hunalign's realign):
 * units that keep turning up together in confident beads are taken as translations.
 * This is the only lexical signal for Chinese–Russian and adds to the dictionary for English.
 */

/** One aligned pair as lexical units (Chinese words, target stems). */
export interface UnitPair {
  source: readonly string[];
  target: readonly string[];
  /** How much this pair counts; confirmed pairs from the product may weigh more than guesses. */
  weight?: number;
}

/** Options for `learnAssociations`. */
export interface AssociationOptions {
  /** Minimum weighted co-occurrence count. */
  minCount?: number;
  /** Minimum Dice coefficient 2·c(s,t) / (c(s) + c(t)). */
  minDice?: number;
  /** At most this many target units per source unit. */
  maxPerUnit?: number;
}

/**
 * Source unit → its associated target units, best first.
 * Dice rather than raw counts so that frequent words do not associate with everything.
 * @example learnAssociations([{ source: ['会谈'], target: ['talk'] }, { source: ['会谈'], target: ['talk', 'held'] }]).get('会谈') // → ['talk']
 */
export function learnAssociations(pairs: readonly UnitPair[], options: AssociationOptions = {}): Map<string, string[]> {
  const minCount = options.minCount ?? 2;
  const minDice = options.minDice ?? 0.3;
  const maxPerUnit = options.maxPerUnit ?? 3;
  const srcId = new Map<string, number>();
  const tgtId = new Map<string, number>();
  const srcNames: string[] = [];
  const tgtNames: string[] = [];
  const cs: number[] = [];
  const ct: number[] = [];
  const joint = new Map<number, number>();
  const idOf = (map: Map<string, number>, names: string[], counts: number[], u: string): number => {
    let id = map.get(u);
    if (id === undefined) {
      id = names.length;
      map.set(u, id);
      names.push(u);
      counts.push(0);
    }
    return id;
  };
  // Pair keys pack two ids in one number; 2^26 target units is far beyond any document.
  const STRIDE = 2 ** 26;
  for (const p of pairs) {
    const w = p.weight ?? 1;
    const s = [...new Set(p.source)].map((u) => idOf(srcId, srcNames, cs, u));
    const t = [...new Set(p.target)].map((u) => idOf(tgtId, tgtNames, ct, u));
    for (const a of s) cs[a] = (cs[a] ?? 0) + w;
    for (const b of t) ct[b] = (ct[b] ?? 0) + w;
    for (const a of s) {
      for (const b of t) {
        const k = a * STRIDE + b;
        joint.set(k, (joint.get(k) ?? 0) + w);
      }
    }
  }
  const best = new Map<number, { t: number; dice: number }[]>();
  for (const [k, c] of joint) {
    if (c < minCount) continue;
    const a = Math.floor(k / STRIDE);
    const b = k - a * STRIDE;
    const dice = (2 * c) / ((cs[a] ?? 0) + (ct[b] ?? 0));
    if (dice < minDice) continue;
    const list = best.get(a) ?? [];
    list.push({ t: b, dice });
    best.set(a, list);
  }
  const out = new Map<string, string[]>();
  for (const [a, list] of best) {
    list.sort((x, y) => y.dice - x.dice);
    out.set(srcNames[a] ?? '', list.slice(0, maxPerUnit).map((x) => tgtNames[x.t] ?? ''));
  }
  return out;
}

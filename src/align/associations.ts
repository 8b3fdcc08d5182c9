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
  // Each pair's distinct target units, and for each source unit the pairs it occurs in.
  const pairTgt: number[][] = [];
  const weights: number[] = [];
  const occurs: number[][] = [];
  for (const p of pairs) {
    const w = p.weight ?? 1;
    const s = [...new Set(p.source)].map((u) => idOf(srcId, srcNames, cs, u));
    const t = [...new Set(p.target)].map((u) => idOf(tgtId, tgtNames, ct, u));
    for (const a of s) cs[a] = (cs[a] ?? 0) + w;
    for (const b of t) ct[b] = (ct[b] ?? 0) + w;
    for (const a of s) (occurs[a] ??= []).push(pairTgt.length);
    pairTgt.push(t);
    weights.push(w);
  }
  // Joint counts one source unit at a time, in a dense array over target units: the same sums
  // as a map over all (source, target) pairs, without millions of map entries.
  const joint = new Float64Array(tgtNames.length);
  const stamp = new Int32Array(tgtNames.length).fill(-1);
  const touched: number[] = [];
  const best = new Map<number, { t: number; dice: number }[]>();
  for (let a = 0; a < srcNames.length; a++) {
    touched.length = 0;
    for (const k of occurs[a] ?? []) {
      const w = weights[k] ?? 1;
      for (const b of pairTgt[k] ?? []) {
        if (stamp[b] !== a) {
          stamp[b] = a;
          touched.push(b);
        }
        joint[b] = (joint[b] ?? 0) + w;
      }
    }
    for (const b of touched) {
      const c = joint[b] ?? 0;
      joint[b] = 0;
      if (c < minCount) continue;
      const dice = (2 * c) / ((cs[a] ?? 0) + (ct[b] ?? 0));
      if (dice < minDice) continue;
      const list = best.get(a) ?? [];
      list.push({ t: b, dice });
      best.set(a, list);
    }
  }
  const out = new Map<string, string[]>();
  for (const [a, list] of best) {
    list.sort((x, y) => y.dice - x.dice);
    out.set(srcNames[a] ?? '', list.slice(0, maxPerUnit).map((x) => tgtNames[x.t] ?? ''));
  }
  return out;
}

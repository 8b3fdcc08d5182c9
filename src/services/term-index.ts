/**
 * The glossary's look-up index: every term's Chinese in one Aho–Corasick automaton, built
 * on first use and again only when the glossary's stamp moves (a trigger moves it on any
 * change, from this process or another). The editor asks for the terms of the focused
 * segment at every move and QA for those of every slot it checks; with 70,792 terms each
 * call read and scanned the whole glossary (5.7 s, issue #12).
 */
import type { Store } from '../store/index.js';
import type { Term } from '../store/terms.js';
import { buildTermMatcher, type TermMatcher } from '../text/term-matcher.js';

/** A term found in a segment: where it stands in the Chinese and its equivalents in one language. */
export interface TermHit {
  termId: number;
  source: string;
  /** [start, end) code-unit offsets of each occurrence in the Chinese text. */
  ranges: [number, number][];
  preferred: string | null;
  allowed: string[];
  forbidden: string[];
  note: string;
  caseSensitive: boolean;
}

/**
 * Occurrences read from one text at most: more than any real segment holds, few enough
 * that a hostile glossary (中, 中中, 中中中 … over a 100,000-character slot) stays bounded.
 */
const MAX_OCCURRENCES = 200_000;

interface Built { stamp: number; terms: Term[]; matcher: TermMatcher; rank: Int32Array }

function build(stamp: number, terms: Term[]): Built {
  // Longer terms win (全面战略伙伴关系 over 战略伙伴关系); equal lengths keep the list's order.
  const order = terms.map((_, index) => index).sort((a, b) => terms[b]!.source.length - terms[a]!.source.length || a - b);
  const rank = new Int32Array(terms.length);
  order.forEach((term, position) => { rank[term] = position; });
  return { stamp, terms, matcher: buildTermMatcher(terms.map((t) => t.source)), rank };
}

/**
 * Where each term occurs in `text`: each term's occurrences from the left without
 * overlapping each other, and none overlapping a longer term's. Sorted by first occurrence.
 */
export function findTermHits(index: { terms: readonly Term[]; matcher: TermMatcher; rank: Int32Array }, text: string, lang: string): TermHit[] {
  const primary = lang.split('-')[0] ?? lang;
  const starts = new Map<number, number[]>();
  for (const occurrence of index.matcher.findAll(text, MAX_OCCURRENCES)) {
    const list = starts.get(occurrence.term);
    if (list) list.push(occurrence.start);
    else starts.set(occurrence.term, [occurrence.start]);
  }
  const taken = new Uint8Array(text.length);
  const hits: TermHit[] = [];
  for (const termIndex of [...starts.keys()].sort((a, b) => index.rank[a]! - index.rank[b]!)) {
    const term = index.terms[termIndex]!;
    const length = term.source.length;
    const ranges: [number, number][] = [];
    let chainEnd = 0;
    for (const start of starts.get(termIndex)!) {
      if (start < chainEnd) continue;
      chainEnd = start + length;
      if (taken.subarray(start, start + length).includes(1)) continue;
      taken.fill(1, start, start + length);
      ranges.push([start, start + length]);
    }
    if (ranges.length === 0) continue;
    const mine = term.equivalents.filter((e) => e.lang === lang || e.lang === primary);
    hits.push({
      termId: term.id, source: term.source, ranges,
      preferred: mine.find((e) => e.kind === 'preferred')?.text ?? null,
      allowed: mine.filter((e) => e.kind === 'allowed').map((e) => e.text),
      forbidden: mine.filter((e) => e.kind === 'forbidden').map((e) => e.text),
      note: term.note, caseSensitive: term.caseSensitive,
    });
  }
  return hits.sort((a, b) => a.ranges[0]![0] - b.ranges[0]![0]);
}

export function createTermIndex(store: Store) {
  let built: Built | undefined;
  function current(): Built {
    const stamp = store.terms.glossaryStamp();
    if (built === undefined || built.stamp !== stamp) built = build(stamp, store.terms.listTerms());
    return built;
  }
  return {
    /** Terms occurring in a Chinese text, with their equivalents in `lang`. */
    termsIn(text: string, lang: string): TermHit[] {
      return findTermHits(current(), text, lang);
    },
  };
}

export type TermIndex = ReturnType<typeof createTermIndex>;

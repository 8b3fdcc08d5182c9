import type { Db } from './db.js';

/** How an equivalent relates to its term: one preferred per language, others allowed, some forbidden. */
export const EQUIVALENT_KINDS = ['preferred', 'allowed', 'forbidden'] as const;
export type EquivalentKind = (typeof EQUIVALENT_KINDS)[number];

export interface TermEquivalent { lang: string; text: string; kind: EquivalentKind }

/** A glossary entry (DESIGN.md "term"): a Chinese term and its equivalents per language. */
export interface Term {
  id: number;
  source: string;
  caseSensitive: boolean;
  note: string;
  equivalents: TermEquivalent[];
  createdBy: number | null;
  createdAt: string;
  updatedAt: string;
}

export interface NewTerm {
  source: string;
  caseSensitive: boolean;
  note: string;
  equivalents: readonly TermEquivalent[];
}

interface TermRow { id: number; source_text: string; case_sensitive: number; note: string; created_by: number | null; created_at: string; updated_at: string }
interface EquivalentRow { term_id: number; lang: string; text: string; kind: EquivalentKind }

const KIND_ORDER: Record<EquivalentKind, number> = { preferred: 0, allowed: 1, forbidden: 2 };

export function createTermStore(db: Db) {
  const list = db.prepare('SELECT * FROM terms ORDER BY source_text');
  const find = db.prepare('SELECT * FROM terms WHERE id = @id');
  const findBySource = db.prepare('SELECT * FROM terms WHERE source_text = @source');
  const equivalentsAll = db.prepare('SELECT term_id, lang, text, kind FROM term_equivalents ORDER BY term_id, id');
  const equivalentsOf = db.prepare('SELECT term_id, lang, text, kind FROM term_equivalents WHERE term_id = @id ORDER BY id');
  const insert = db.prepare(`INSERT INTO terms (source_text, case_sensitive, note, created_by, created_at, updated_at)
    VALUES (@source, @caseSensitive, @note, @createdBy, @now, @now)`);
  const update = db.prepare('UPDATE terms SET source_text = @source, case_sensitive = @caseSensitive, note = @note, updated_at = @now WHERE id = @id');
  const remove = db.prepare('DELETE FROM terms WHERE id = @id');
  const insertEquivalent = db.prepare('INSERT INTO term_equivalents (term_id, lang, text, kind) VALUES (@termId, @lang, @text, @kind)');
  const clearEquivalents = db.prepare('DELETE FROM term_equivalents WHERE term_id = @id');
  const count = db.prepare('SELECT COUNT(*) AS n FROM terms');
  const stamp = db.prepare("SELECT value FROM stamps WHERE name = 'glossary'");
  // A page of the glossary, optionally only terms whose Chinese, note or an equivalent
  // contains `q` (instr, not LIKE: no wildcard in the search text means anything).
  const matching = `FROM terms t WHERE @q = '' OR instr(t.source_text, @q) > 0 OR instr(lower(t.note), lower(@q)) > 0
    OR EXISTS (SELECT 1 FROM term_equivalents e WHERE e.term_id = t.id AND instr(lower(e.text), lower(@q)) > 0)`;
  const page = db.prepare(`SELECT t.* ${matching} ORDER BY t.source_text LIMIT @limit OFFSET @offset`);
  const countMatching = db.prepare(`SELECT COUNT(*) AS n ${matching}`);
  const equivalentsIn = db.prepare('SELECT term_id, lang, text, kind FROM term_equivalents WHERE term_id IN (SELECT value FROM json_each(@ids)) ORDER BY term_id, id');

  // Language tags are lower-case ASCII: a plain comparison orders them as localeCompare did,
  // at a fraction of its cost (listing 70,000 terms spent most of its second in ICU).
  const byLang = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const sortEquivalents = (list: TermEquivalent[]) => list.sort((a, b) => byLang(a.lang, b.lang) || KIND_ORDER[a.kind] - KIND_ORDER[b.kind]);

  function toTerm(row: TermRow, equivalents: TermEquivalent[]): Term {
    return {
      id: row.id, source: row.source_text, caseSensitive: row.case_sensitive === 1, note: row.note,
      equivalents: sortEquivalents(equivalents), createdBy: row.created_by, createdAt: row.created_at, updatedAt: row.updated_at,
    };
  }

  function writeEquivalents(termId: number, equivalents: readonly TermEquivalent[]): void {
    for (const e of equivalents) insertEquivalent.run({ termId, lang: e.lang, text: e.text, kind: e.kind });
  }

  return {
    /** Every term with its equivalents, by Chinese text. */
    listTerms(): Term[] {
      const byTerm = new Map<number, TermEquivalent[]>();
      for (const row of equivalentsAll.all() as EquivalentRow[]) {
        const list = byTerm.get(row.term_id) ?? [];
        list.push({ lang: row.lang, text: row.text, kind: row.kind });
        byTerm.set(row.term_id, list);
      }
      return (list.all() as TermRow[]).map((row) => toTerm(row, byTerm.get(row.id) ?? []));
    },
    findTerm(id: number): Term | undefined {
      const row = find.get({ id }) as TermRow | undefined;
      return row ? toTerm(row, (equivalentsOf.all({ id }) as EquivalentRow[]).map(({ lang, text, kind }) => ({ lang, text, kind }))) : undefined;
    },
    findTermBySource(source: string): Term | undefined {
      const row = findBySource.get({ source }) as TermRow | undefined;
      return row ? this.findTerm(row.id) : undefined;
    },
    /** Adds a term with its equivalents; the caller runs it in a transaction and has validated it. */
    insertTerm(term: NewTerm & { createdBy: number | null; now: string }): number {
      const id = Number(insert.run({ source: term.source, caseSensitive: term.caseSensitive ? 1 : 0, note: term.note, createdBy: term.createdBy, now: term.now }).lastInsertRowid);
      writeEquivalents(id, term.equivalents);
      return id;
    },
    /** Replaces a term's fields and all its equivalents. */
    updateTerm(id: number, term: NewTerm & { now: string }): boolean {
      const changed = update.run({ id, source: term.source, caseSensitive: term.caseSensitive ? 1 : 0, note: term.note, now: term.now }).changes > 0;
      if (!changed) return false;
      clearEquivalents.run({ id });
      writeEquivalents(id, term.equivalents);
      return true;
    },
    deleteTerm(id: number): boolean {
      return remove.run({ id }).changes > 0;
    },
    countTerms(): number {
      return (count.get() as { n: number }).n;
    },
    /** Moves on every change to any term or equivalent (a trigger keeps it), by any connection. */
    glossaryStamp(): number {
      return (stamp.get() as { value: number }).value;
    },
    /** One page of terms by Chinese text, with how many match `q` ('' matches all). */
    listTermsPage(input: { q: string; offset: number; limit: number }): { terms: Term[]; total: number } {
      const rows = page.all(input) as TermRow[];
      const byTerm = new Map<number, TermEquivalent[]>();
      for (const row of equivalentsIn.all({ ids: JSON.stringify(rows.map((r) => r.id)) }) as EquivalentRow[]) {
        const list = byTerm.get(row.term_id) ?? [];
        list.push({ lang: row.lang, text: row.text, kind: row.kind });
        byTerm.set(row.term_id, list);
      }
      return { terms: rows.map((row) => toTerm(row, byTerm.get(row.id) ?? [])), total: (countMatching.get({ q: input.q }) as { n: number }).n };
    },
  };
}

export type TermStore = ReturnType<typeof createTermStore>;

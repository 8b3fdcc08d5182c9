import { GlossaryReadError, readGlossaryCsv, readTbx, writeGlossaryCsv, writeTbx, type GlossaryRecord } from '../formats/glossary.js';
import type { QaTerm } from '../qa/checks.js';
import type { Store } from '../store/index.js';
import type { NewTerm, Term, TermEquivalent } from '../store/terms.js';
import type { TermHit, TermIndex } from './term-index.js';
import type { User } from '../store/users.js';
import { authorizeInWorkspace } from './access.js';
import { NotFoundError, PayloadTooLargeError, ValidationError } from './errors.js';

export const MAX_GLOSSARY_BYTES = 5 * 1024 * 1024;
const LANG = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
// C0 and C1 controls (tab, LF and CR are spaces to the clean-up), U+FFFE/U+FFFF, lone surrogates.
const INVISIBLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export type { TermHit } from './term-index.js';

export interface GlossaryImportReport { format: 'csv' | 'tbx'; read: number; added: number; updated: number; skipped: { source: string; reason: string }[] }

function requireManager(user: User): void {
  authorizeInWorkspace(user, 'edit-glossary');
}

/**
 * Checks a term and returns it cleaned (NFC, trimmed, duplicates dropped), or throws a
 * ValidationError naming the problem. Shared by the form, the API and both importers.
 */
export function validateTerm(input: NewTerm): NewTerm {
  // Control characters are invisible on the page and made the TBX export malformed
  // (issue #12): they are dropped on the way in, and spaces collapsed.
  const clean = (s: string) => s.normalize('NFC').replace(INVISIBLE, '').replace(/\s+/g, ' ').trim();
  const source = clean(input.source);
  if (!source) throw new ValidationError('Give the Chinese term.', { details: { field: 'source' } });
  if (source.length > 200) throw new ValidationError('A Chinese term has at most 200 characters.', { details: { field: 'source' } });
  const seen = new Set<string>();
  const equivalents: TermEquivalent[] = [];
  for (const e of input.equivalents) {
    const text = clean(e.text);
    if (!text) continue;
    if (!LANG.test(e.lang)) throw new ValidationError(`"${e.lang}" is not a language tag like en or ru.`, { details: { field: 'equivalents' } });
    if (text.length > 300) throw new ValidationError(`The equivalent "${text.slice(0, 40)}…" is longer than 300 characters.`, { details: { field: 'equivalents' } });
    const key = `${e.lang}\u0000${text}`;
    if (seen.has(key)) continue;
    seen.add(key);
    equivalents.push({ lang: e.lang, text, kind: e.kind });
  }
  for (const lang of new Set(equivalents.map((e) => e.lang))) {
    const mine = equivalents.filter((e) => e.lang === lang);
    if (mine.filter((e) => e.kind === 'preferred').length > 1) throw new ValidationError(`“${source}” has more than one preferred ${lang} equivalent; mark the others as allowed.`, { details: { field: 'equivalents' } });
    // A variant cannot be both allowed and forbidden: the same text appears with two kinds.
    const texts = mine.map((e) => (input.caseSensitive ? e.text : e.text.toLowerCase()));
    if (new Set(texts).size !== texts.length) throw new ValidationError(`“${source}”: the same ${lang} text is listed as both allowed and forbidden.`, { details: { field: 'equivalents' } });
    // The first allowed one is promoted when none is marked preferred, so QA always has one to suggest.
    if (!mine.some((e) => e.kind === 'preferred')) {
      const first = mine.find((e) => e.kind === 'allowed');
      if (first) first.kind = 'preferred';
    }
  }
  return { source, caseSensitive: input.caseSensitive, note: clean(input.note).slice(0, 2000), equivalents };
}

function toRecord(term: Term): GlossaryRecord {
  return { source: term.source, caseSensitive: term.caseSensitive, note: term.note, equivalents: term.equivalents.map((e) => ({ ...e })) };
}

/** The terms QA checks in one language, from hits. */
export function qaTermsOf(hits: readonly TermHit[]): QaTerm[] {
  return hits.map((h) => ({
    source: h.source, caseSensitive: h.caseSensitive,
    equivalents: [...(h.preferred ? [h.preferred] : []), ...h.allowed], forbidden: h.forbidden,
  }));
}

export interface GlossaryServiceOptions { store: Store; now: () => Date; terms: TermIndex }

/** Terms on one page of the glossary. */
export const GLOSSARY_PAGE_SIZE = 100;

/** The glossary: terms CRUD, look-up in a segment, CSV and TBX import and export. */
export function createGlossaryService({ store, now, terms }: GlossaryServiceOptions) {
  function find(id: number): Term {
    const term = store.terms.findTerm(id);
    if (!term) throw new NotFoundError(`There is no term ${id}.`);
    return term;
  }

  function importRecords(records: readonly GlossaryRecord[], format: 'csv' | 'tbx', user: User | null): GlossaryImportReport {
    const report: GlossaryImportReport = { format, read: records.length, added: 0, updated: 0, skipped: [] };
    const at = now().toISOString();
    // One transaction: a refused file (or a crash half-way) leaves the glossary as it was.
    store.transaction(() => {
      for (const record of records) {
        let term: NewTerm;
        try {
          term = validateTerm(record);
        } catch (error) {
          if (!(error instanceof ValidationError)) throw error;
          report.skipped.push({ source: record.source || '(no Chinese term)', reason: error.message });
          continue;
        }
        const existing = store.terms.findTermBySource(term.source);
        if (existing) {
          // Equivalents are merged, not replaced: an import never drops what the glossary already had.
          const merged = validateTerm({
            ...term, note: term.note || existing.note, caseSensitive: term.caseSensitive || existing.caseSensitive,
            equivalents: [...term.equivalents, ...existing.equivalents.filter((e) => !term.equivalents.some((n) => n.lang === e.lang && n.text === e.text))
              .map((e) => (e.kind === 'preferred' && term.equivalents.some((n) => n.lang === e.lang && n.kind === 'preferred') ? { ...e, kind: 'allowed' as const } : e))],
          });
          store.terms.updateTerm(existing.id, { ...merged, now: at });
          report.updated += 1;
        } else {
          store.terms.insertTerm({ ...term, createdBy: user?.id ?? null, now: at });
          report.added += 1;
        }
      }
    });
    return report;
  }

  return {
    listTerms(): Term[] {
      return store.terms.listTerms();
    },
    getTerm(id: number): Term {
      return find(id);
    },
    createTerm(input: NewTerm, user: User): Term {
      requireManager(user);
      const term = validateTerm(input);
      const at = now().toISOString();
      const id = store.transaction(() => {
        if (store.terms.findTermBySource(term.source)) throw new ValidationError(`“${term.source}” is already in the glossary; edit that term instead.`, { code: 'duplicate_term', details: { field: 'source' } });
        return store.terms.insertTerm({ ...term, createdBy: user.id, now: at });
      });
      return find(id);
    },
    updateTerm(id: number, input: NewTerm, user: User): Term {
      requireManager(user);
      const term = validateTerm(input);
      const at = now().toISOString();
      store.transaction(() => {
        find(id);
        const clash = store.terms.findTermBySource(term.source);
        if (clash && clash.id !== id) throw new ValidationError(`“${term.source}” is already in the glossary as another term.`, { code: 'duplicate_term', details: { field: 'source' } });
        store.terms.updateTerm(id, { ...term, now: at });
      });
      return find(id);
    },
    deleteTerm(id: number, user: User): void {
      requireManager(user);
      store.transaction(() => {
        if (!store.terms.deleteTerm(id)) throw new NotFoundError(`There is no term ${id}.`);
      });
    },
    /**
     * One page of the glossary (by Chinese text), only terms whose Chinese, note or an
     * equivalent contains `q` when it is given; 1-based `page`, clamped to the last one.
     */
    listTermsPage(input: { q?: string; page?: number; pageSize?: number }): { terms: Term[]; total: number; page: number; pages: number; q: string } {
      const q = (input.q ?? '').normalize('NFC').trim().slice(0, 200);
      const pageSize = input.pageSize ?? GLOSSARY_PAGE_SIZE;
      const first = store.terms.listTermsPage({ q, offset: 0, limit: 0 });
      const pages = Math.max(1, Math.ceil(first.total / pageSize));
      const page = Math.min(Math.max(1, Math.floor(input.page ?? 1)), pages);
      const { terms: list, total } = store.terms.listTermsPage({ q, offset: (page - 1) * pageSize, limit: pageSize });
      return { terms: list, total, page, pages, q };
    },
    /** Terms occurring in a Chinese text, with their equivalents in `lang` (through the index). */
    termsIn(text: string, lang: string): TermHit[] {
      return terms.termsIn(text, lang);
    },
    /** Imports a CSV or TBX file (chosen by name, or by content when the name says neither). */
    importFile(file: { name: string; bytes: Uint8Array }, user: User | null): GlossaryImportReport {
      if (user) requireManager(user);
      if (file.bytes.byteLength === 0) throw new ValidationError('Choose a CSV or TBX file to import.', { code: 'empty_file' });
      if (file.bytes.byteLength > MAX_GLOSSARY_BYTES) throw new PayloadTooLargeError(`A glossary file has at most ${MAX_GLOSSARY_BYTES / 1024 / 1024} MB.`);
      let text: string;
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(file.bytes);
      } catch {
        throw new ValidationError(`"${file.name}" is not UTF-8 text. Save it again as UTF-8.`, { code: 'invalid_file' });
      }
      const isXml = /\.(tbx|xml)$/i.test(file.name) || (!/\.csv$/i.test(file.name) && text.trimStart().startsWith('<'));
      try {
        if (isXml) return importRecords(readTbx(text), 'tbx', user);
        return importRecords(readGlossaryCsv(text).records, 'csv', user);
      } catch (error) {
        if (error instanceof GlossaryReadError) throw new ValidationError(error.message, { code: 'invalid_file' });
        throw error;
      }
    },
    /** The whole glossary as CSV (columns for every language in use) or TBX. */
    exportFile(format: 'csv' | 'tbx'): { body: string; contentType: string; filename: string } {
      const records = store.terms.listTerms().map(toRecord);
      if (format === 'tbx') return { body: writeTbx(records), contentType: 'application/x-tbx+xml; charset=utf-8', filename: 'glossary.tbx' };
      const langs = [...new Set(records.flatMap((r) => r.equivalents.map((e) => e.lang)))].sort();
      return { body: `\uFEFF${writeGlossaryCsv(records, langs.length > 0 ? langs : ['en', 'ru'])}`, contentType: 'text/csv; charset=utf-8', filename: 'glossary.csv' };
    },
  };
}

export type GlossaryService = ReturnType<typeof createGlossaryService>;

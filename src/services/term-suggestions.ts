import { containsTerm } from '../qa/checks.js';
import { termCandidates, type TermCandidate } from '../qa/term-candidates.js';
import { triangulationGroups, type TriangulationGroup } from '../qa/triangulation.js';
import type { Store } from '../store/index.js';
import type { Term, TermEquivalent } from '../store/terms.js';
import type { User } from '../store/users.js';
import { ValidationError } from './errors.js';
import type { GlossaryService } from './glossary.js';

const LANG = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
/** How many documents' groups one suggestion reads at most (the evidence of a common term is ample by then). */
const MAX_DOCUMENTS = 200;

/** Where a candidate was seen: a document and the 1-based segment numbers of the group. */
export interface CandidateExample { documentId: number; title: string; first: number; last: number; text: string }

export interface SuggestedCandidate extends TermCandidate { examples: CandidateExample[] }

/** Candidates for one term's missing equivalent, with what they were read from. */
export interface TermSuggestion {
  termId: number;
  source: string;
  lang: string;
  pivot: string;
  /** The term's equivalents in the pivot language (preferred first). */
  pivotEquivalents: string[];
  /** Groups where the Chinese term and a pivot equivalent co-occur and `lang` has a translation. */
  evidence: number;
  candidates: SuggestedCandidate[];
}

const equivalentsOf = (term: Term, lang: string, kinds: readonly TermEquivalent['kind'][]) =>
  term.equivalents.filter((e) => (e.lang === lang || e.lang.split('-')[0] === lang) && kinds.includes(e.kind)).map((e) => e.text);

/** Whether a term has an equivalent to use in `lang` (a preferred or allowed one). */
export function hasEquivalent(term: Term, lang: string): boolean {
  return equivalentsOf(term, lang, ['preferred', 'allowed']).length > 0;
}

/** Whether any of the Chinese texts has `term` inside quotation marks (“一带一路”). */
function quotedIn(term: string, sources: readonly string[]): boolean {
  return sources.some((text) => ['“”', '「」', '『』', '""'].some(([open, close]) => text.includes(`${open}${term}${close}`)));
}

export interface TermSuggestionServiceOptions { store: Store; glossary: GlossaryService }

/**
 * Cross-lingual term suggestions (issue #16): for a term with an equivalent in one language
 * (the pivot, English) but none in another (Russian), candidates read off that language's
 * slots in the groups where the Chinese term and the pivot equivalent co-occur.
 */
export function createTermSuggestionService({ store, glossary }: TermSuggestionServiceOptions) {
  function requireLang(lang: string, field: string): void {
    if (!LANG.test(lang)) throw new ValidationError(`"${lang}" is not a language tag like en or ru.`, { details: { field } });
  }

  /** The groups of one document over `pivot` and `lang` (DESIGN.md "TMX grouping"). */
  function groupsOf(documentId: number, pivot: string, lang: string): TriangulationGroup[] {
    const segments = store.segments.listSegments(documentId);
    const heads = (l: string) => store.slots.listSlots(documentId, l).flatMap((slot, start) => (slot.kind === 'head' ? [{ start, span: slot.span, text: slot.text }] : []));
    return triangulationGroups({ segments: segments.map((s) => s.text), langs: [pivot, lang], slots: { [pivot]: heads(pivot), [lang]: heads(lang) } });
  }

  function suggestFor(term: Term, lang: string, pivot: string, limit: number): TermSuggestion {
    const pivotEquivalents = equivalentsOf(term, pivot, ['preferred', 'allowed']);
    const evidence: { text: string; source: string; example: Omit<CandidateExample, 'text'> }[] = [];
    const background: string[] = [];
    if (pivotEquivalents.length > 0) {
      for (const documentId of store.segments.listDocumentIdsWithText(term.source).slice(0, MAX_DOCUMENTS)) {
        const document = store.documents.findDocument(documentId);
        if (!document || !document.langs.includes(pivot) || !document.langs.includes(lang)) continue;
        for (const group of groupsOf(documentId, pivot, lang)) {
          const [pivotSide, side] = group.sides;
          if (side.text.trim().length === 0) continue;
          if (!group.source.join('').includes(term.source)) {
            background.push(side.text);
          } else if (pivotEquivalents.some((e) => containsTerm(pivotSide.text, e, term.caseSensitive))) {
            evidence.push({ text: side.text, source: group.source.join(''), example: { documentId, title: document.title, first: group.first + 1, last: group.last + 1 } });
          }
        }
      }
    }
    const sourceQuoted = evidence.length > 0 && quotedIn(term.source, evidence.map((e) => e.source));
    const candidates = termCandidates({ lang, pivot: pivotEquivalents, evidence: evidence.map((e) => e.text), background, sourceQuoted, limit }).map((candidate) => ({
      ...candidate,
      examples: evidence.filter((e) => candidate.forms.some((f) => e.text.includes(f.text))).slice(0, 3).map((e) => ({ ...e.example, text: e.text })),
    }));
    return { termId: term.id, source: term.source, lang, pivot, pivotEquivalents, evidence: evidence.length, candidates };
  }

  return {
    /** Ranked candidates for `termId`'s equivalent in `lang`, read through `pivot` (default English). */
    suggest(input: { termId: number; lang: string; pivot?: string; limit?: number }): TermSuggestion {
      const pivot = input.pivot ?? 'en';
      requireLang(input.lang, 'lang');
      requireLang(pivot, 'pivot');
      if (pivot === input.lang) throw new ValidationError('Suggest through another language than the one you are looking for.', { details: { field: 'pivot' } });
      const term = glossary.getTerm(input.termId);
      return suggestFor(term, input.lang, pivot, input.limit ?? 5);
    },

    /**
     * The terms that have a `pivot` equivalent and none in `lang`, in glossary order, one page of
     * them with their candidates.
     */
    listOpen(input: { lang: string; pivot?: string; offset: number; limit: number }): { total: number; offset: number; suggestions: TermSuggestion[] } {
      const pivot = input.pivot ?? 'en';
      requireLang(input.lang, 'lang');
      const open = glossary.listTerms().filter((t) => !hasEquivalent(t, input.lang) && hasEquivalent(t, pivot));
      return {
        total: open.length, offset: input.offset,
        suggestions: open.slice(input.offset, input.offset + input.limit).map((t) => suggestFor(t, input.lang, pivot, 5)),
      };
    },

    /**
     * Makes `text` the term's preferred equivalent in `lang`; when it is one of the current
     * candidates, the other inflected forms the documents show for it become allowed ones (QA's
     * term check then accepts them). Only reviewers and admins (the glossary's rule); a term that
     * has an equivalent in `lang` already is left alone: change it on the glossary page.
     */
    accept(input: { termId: number; lang: string; text: string; pivot?: string; user: User }): Term {
      requireLang(input.lang, 'lang');
      const pivot = input.pivot ?? 'en';
      requireLang(pivot, 'pivot');
      const clean = (t: string) => t.normalize('NFC').replace(/\s+/g, ' ').trim();
      const text = clean(input.text);
      if (!text) throw new ValidationError('Choose the equivalent to accept.', { details: { field: 'text' } });
      if (text.length > 300) throw new ValidationError('An equivalent has at most 300 characters.', { details: { field: 'text' } });
      const term = glossary.getTerm(input.termId);
      if (hasEquivalent(term, input.lang)) {
        throw new ValidationError(`“${term.source}” already has a ${input.lang} equivalent (${equivalentsOf(term, input.lang, ['preferred', 'allowed'])[0]}); change it on the glossary page.`, { code: 'already_has_equivalent', details: { field: 'lang' } });
      }
      const fold = (t: string) => (term.caseSensitive ? t : t.toLowerCase());
      const forbidden = equivalentsOf(term, input.lang, ['forbidden']).map(fold);
      if (forbidden.includes(fold(text))) throw new ValidationError(`“${text}” is a forbidden variant of “${term.source}”.`, { code: 'forbidden_equivalent', details: { field: 'text' } });
      const chosen = suggestFor(term, input.lang, pivot, 10).candidates.find((c) => c.forms.some((f) => clean(f.text) === text));
      const allowed = (chosen?.forms ?? []).map((f) => clean(f.text)).filter((f) => f !== text && !forbidden.includes(fold(f)));
      return glossary.updateTerm(term.id, {
        source: term.source, caseSensitive: term.caseSensitive, note: term.note,
        equivalents: [...term.equivalents, { lang: input.lang, text, kind: 'preferred' }, ...allowed.map((f) => ({ lang: input.lang, text: f, kind: 'allowed' as const }))],
      }, input.user);
    },
  };
}

export type TermSuggestionService = ReturnType<typeof createTermSuggestionService>;

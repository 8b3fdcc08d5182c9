import type { Lexicon } from '../align/lexicon.js';
import type { SlotStatus } from '../domain.js';
import { lengthNorm, runChecks, type LengthNorm, type QaResult as CheckResult } from '../qa/checks.js';
import type { Store } from '../store/index.js';
import { qaTermsOf } from './glossary.js';
import type { TermIndex } from './term-index.js';
import { NotFoundError } from './errors.js';
import { languageLengthNorm } from './qa-figures.js';
import { createTriangulationReader, type TriangulationResult } from './qa-triangulation.js';

export type { TriangulationResult };
/** A slot's QA result: a check of the slot against the Chinese, or a triangulation finding (issue #16). */
export type QaResult = CheckResult | TriangulationResult;

/** One slot's QA results, for the per-document list and the review. */
export interface SlotQa {
  segmentId: number;
  /** 1-based segment number, as the editor shows it. */
  number: number;
  lang: string;
  status: SlotStatus;
  source: string;
  text: string;
  results: QaResult[];
}

interface HeadSource { segmentId: number; position: number; lang: string; status: SlotStatus; source: string; text: string }

export interface QaServiceOptions {
  store: Store;
  /** The glossary's look-up index (term-index.ts), shared with the glossary service. */
  terms: TermIndex;
  /** Chinese readings for the triangulation name check; CC-CEDICT's, loaded on first use, by default. */
  lexicon?: () => Lexicon;
}

/**
 * Runs the pure checks of src/qa on stored slots: the slot's text against the Chinese of
 * every segment it spans, the glossary terms found there, and the document's usual
 * length ratio for that language (the median over its filled slots); then, where the
 * document has both English and Russian, the triangulation checks of the slot's group.
 */
export function createQaService({ store, terms, lexicon }: QaServiceOptions) {
  const triangulation = createTriangulationReader({ store, ...(lexicon && { lexicon }) });

  function heads(documentId: number, lang: string): HeadSource[] {
    const segments = store.segments.listSegments(documentId);
    const slots = store.slots.listSlots(documentId, lang);
    const out: HeadSource[] = [];
    slots.forEach((slot, index) => {
      if (slot.kind !== 'head') return;
      const source = segments.slice(index, index + slot.span).map((s) => s.text).join('');
      out.push({ segmentId: slot.segmentId, position: index, lang, status: slot.status, source, text: slot.text });
    });
    return out;
  }

  function langsOf(documentId: number): string[] {
    const document = store.documents.findDocument(documentId);
    if (!document) throw new NotFoundError(`There is no document ${documentId}.`);
    return document.langs;
  }

  function check(head: HeadSource, norm: LengthNorm | null): CheckResult[] {
    return runChecks({ source: head.source, target: head.text, lang: head.lang, terms: qaTermsOf(terms.termsIn(head.source, head.lang)), lengthNorm: norm });
  }

  // The length norm needs every slot of the language; the editor asks for one slot at each
  // focus move. Keep the norm until the document changes (updated_at moves on every write).
  const norms = new Map<string, { updatedAt: string; norm: LengthNorm | null }>();
  function normOf(documentId: number, lang: string, updatedAt: string): LengthNorm | null {
    const key = `${documentId}:${lang}`;
    const cached = norms.get(key);
    if (cached && cached.updatedAt === updatedAt) return cached.norm;
    // From the figures kept beside the texts, not the texts (issue #12; qa-figures.ts).
    const norm = languageLengthNorm(store, documentId, lang);
    norms.set(key, { updatedAt, norm });
    return norm;
  }

  /** One slot's checks, reading only its own segments (and the cached norm). */
  function slotResults(documentId: number, segmentId: number, lang: string): QaResult[] {
    const document = store.documents.findDocument(documentId);
    if (!document) throw new NotFoundError(`There is no document ${documentId}.`);
    if (!document.langs.includes(lang)) throw new NotFoundError(`This document has no ${lang} translation column.`);
    const position = store.regions.positionOfSegment(documentId, segmentId);
    const slot = store.slots.findSlot(segmentId, lang);
    if (position === undefined || slot?.kind !== 'head') throw new NotFoundError(`There is no ${lang} slot starting at segment ${segmentId} in document ${documentId}.`);
    const segments = store.regions.readRegion(documentId, position, position + slot.span - 1, []).segments;
    const head: HeadSource = { segmentId, position, lang, status: slot.status, source: segments.map((s) => s.text).join(''), text: slot.text };
    const own = check(head, normOf(documentId, lang, document.updatedAt));
    // An empty slot only reports that it is empty; triangulation compares translations.
    if (own.some((r) => r.check === 'empty')) return own;
    return [...own, ...triangulation.forSlot(document, lang, position, slot.span)];
  }

  return {
    /** Every QA result (errors and warnings) of one slot. */
    checkSlot(documentId: number, segmentId: number, lang: string): QaResult[] {
      return slotResults(documentId, segmentId, lang);
    },
    /** Only the errors: approving a slot that has any needs an explicit, recorded override. */
    qaErrors(documentId: number, segmentId: number, lang: string): QaResult[] {
      return slotResults(documentId, segmentId, lang).filter((r) => r.severity === 'error');
    },
    /**
     * The slots of a document with at least one result, in segment order. Empty slots are
     * left out (they are listed by status, not as QA problems) unless `includeEmpty`.
     */
    listDocument(documentId: number, options: { lang?: string; includeEmpty?: boolean } = {}): SlotQa[] {
      const langs = langsOf(documentId);
      if (options.lang && !langs.includes(options.lang)) throw new NotFoundError(`This document has no ${options.lang} translation column.`);
      const triangulated = triangulation.forDocument(documentId, langs);
      const out: SlotQa[] = [];
      for (const lang of options.lang ? [options.lang] : langs) {
        const all = heads(documentId, lang);
        const norm = lengthNorm(all.map((h) => ({ source: h.source, target: h.text })));
        for (const head of all) {
          if (head.status === 'empty' && !options.includeEmpty) continue;
          const own = check(head, norm);
          const results: QaResult[] = own.some((r) => r.check === 'empty') ? own : [...own, ...(triangulated.get(`${lang}:${head.position}`) ?? [])];
          if (results.length > 0) out.push({ segmentId: head.segmentId, number: head.position + 1, lang, status: head.status, source: head.source, text: head.text, results });
        }
      }
      return out.sort((a, b) => a.number - b.number || a.lang.localeCompare(b.lang));
    },
  };
}

export type QaService = ReturnType<typeof createQaService>;

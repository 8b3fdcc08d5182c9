/**
 * Spelling (issue #13): which words of a translation the English or Russian Hunspell
 * dictionary does not know, and suggestions for one word. Each dictionary lives in a
 * long-lived worker thread of its own (spell-worker.ts), started on first use and not keeping the
 * process alive; languages without a dictionary are simply not checked.
 */
import type { Worker } from 'node:worker_threads';
import { englishLanguageName } from '../domain.js';
import { spellingLang, type WordAt } from '../text/spelling-words.js';
import { requireDocument, type ServiceDeps } from './context.js';
import { ValidationError } from './errors.js';
import type { QaResult } from '../qa/checks.js';
import type { SlotQa } from './qa.js';
import type { SpellReply, SpellRequest } from './spell-worker.js';
import { startWorker } from './worker-start.js';

type Pending = { resolve: (reply: SpellReply) => void; reject: (error: Error) => void };
type Question = { type: 'check'; texts: string[] } | { type: 'suggest'; word: string };

/** At most this many texts in one check (a page of the editor is 100 rows). */
export const MAX_SPELL_TEXTS = 500;

export function createSpeller() {
  // One worker per language, so English answers at once while the Russian dictionary loads.
  const workers = new Map<string, Worker>();
  let nextId = 1;
  const pending = new Map<number, Pending & { lang: string }>();

  function failAll(lang: string, error: Error): void {
    for (const [id, p] of pending) {
      if (p.lang !== lang) continue;
      p.reject(error);
      pending.delete(id);
    }
    workers.delete(lang);
  }

  function ask(lang: 'en' | 'ru', question: Question): Promise<SpellReply> {
    let worker = workers.get(lang);
    if (!worker) {
      const started = startWorker('spell-worker');
      started.unref();
      started.on('message', (reply: SpellReply) => {
        const waiting = pending.get(reply.id);
        pending.delete(reply.id);
        waiting?.resolve(reply);
      });
      started.once('error', (error) => failAll(lang, error));
      started.once('exit', (code) => failAll(lang, new Error(`The spelling checker stopped (exit code ${code}).`)));
      workers.set(lang, started);
      worker = started;
    }
    const id = nextId++;
    const request = { ...question, id, lang } as SpellRequest;
    const running = worker;
    return new Promise<SpellReply>((resolve, reject) => {
      pending.set(id, { resolve, reject, lang });
      running.postMessage(request);
    });
  }

  return {
    /** Per text, its misspelt words; null when the language has no dictionary. */
    async check(lang: string, texts: readonly string[]): Promise<WordAt[][] | null> {
      const dictionary = spellingLang(lang);
      if (!dictionary) return null;
      if (texts.length > MAX_SPELL_TEXTS) throw new ValidationError(`Check at most ${MAX_SPELL_TEXTS} texts at once.`, { details: { field: 'texts' } });
      if (texts.length === 0) return [];
      const reply = await ask(dictionary, { type: 'check', texts: [...texts] });
      if (reply.type === 'error') throw new Error(reply.message);
      return reply.type === 'checked' ? reply.misspelt : [];
    },
    /** Up to 8 suggestions for a word, best first; null when the language has no dictionary. */
    async suggest(lang: string, word: string): Promise<string[] | null> {
      const dictionary = spellingLang(lang);
      if (!dictionary) return null;
      const reply = await ask(dictionary, { type: 'suggest', word });
      if (reply.type === 'error') throw new Error(reply.message);
      return reply.type === 'suggested' ? reply.suggestions : [];
    },
    /** Stops the worker (tests and shutdown). */
    async close(): Promise<void> {
      const running = [...workers.values()];
      workers.clear();
      await Promise.all(running.map((w) => w.terminate()));
    },
  };
}
export type Speller = ReturnType<typeof createSpeller>;

/** One speller per process: the dictionaries are the same for every request (and each costs memory). */
export const sharedSpeller = createSpeller();

export interface SlotSpelling { segmentId: number; number: number; misspelt: WordAt[] }

/** The QA finding of a slot's misspelt words. */
export function spellingFinding(lang: string, misspelt: readonly WordAt[]): QaResult {
  const words = [...new Set(misspelt.map((w) => w.word))];
  const shown = words.slice(0, 8).map((w) => `"${w}"`).join(', ');
  return {
    check: 'spelling', severity: 'warning',
    message: `Not in the ${englishLanguageName(lang)} dictionary: ${shown}${words.length > 8 ? ` and ${words.length - 8} more` : ''}.`,
  };
}

/**
 * Adds a spelling finding to the QA list of each slot with misspelt words (in `lang`, or
 * every column with a dictionary), listing slots that had no other finding too.
 */
export async function withSpelling(deps: ServiceDeps, speller: Speller, documentId: number, slots: SlotQa[], lang?: string): Promise<SlotQa[]> {
  const document = requireDocument(deps.store, documentId, lang);
  const langs = (lang ? [lang] : document.langs).filter((l) => spellingLang(l));
  if (langs.length === 0) return slots;
  const byKey = new Map(slots.map((s) => [`${s.lang}:${s.segmentId}`, s]));
  const segments = deps.store.segments.listSegments(documentId);
  const out = [...slots];
  for (const l of langs) {
    const heads = new Map(deps.store.slots.listSlots(documentId, l).flatMap((slot) => (slot.kind === 'head' ? [[slot.segmentId, slot] as const] : [])));
    for (const found of (await spellColumn(deps, speller, documentId, l)) ?? []) {
      const finding = spellingFinding(l, found.misspelt);
      const existing = byKey.get(`${l}:${found.segmentId}`);
      if (existing) {
        existing.results = [...existing.results, finding];
        continue;
      }
      const head = heads.get(found.segmentId)!;
      const source = segments.slice(found.number - 1, found.number - 1 + head.span).map((s) => s.text).join('');
      out.push({ segmentId: found.segmentId, number: found.number, lang: l, status: head.status, source, text: head.text, results: [finding] });
    }
  }
  return out.sort((a, b) => a.number - b.number || a.lang.localeCompare(b.lang));
}

/** The misspelt words of every slot with text in a language column (QA page, QA API). */
export async function spellColumn(deps: ServiceDeps, speller: Speller, documentId: number, lang: string): Promise<SlotSpelling[] | null> {
  requireDocument(deps.store, documentId, lang);
  if (!spellingLang(lang)) return null;
  const heads = deps.store.slots.listSlots(documentId, lang)
    .map((slot, position) => ({ slot, position }))
    .flatMap(({ slot, position }) => (slot.kind === 'head' && slot.text.length > 0 ? [{ segmentId: slot.segmentId, number: position + 1, text: slot.text }] : []));
  const out: SlotSpelling[] = [];
  for (let i = 0; i < heads.length; i += MAX_SPELL_TEXTS) {
    const batch = heads.slice(i, i + MAX_SPELL_TEXTS);
    const found = (await speller.check(lang, batch.map((h) => h.text))) ?? [];
    batch.forEach((h, j) => { if (found[j]!.length > 0) out.push({ segmentId: h.segmentId, number: h.number, misspelt: found[j]! }); });
  }
  return out;
}

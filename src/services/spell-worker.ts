/**
 * Holds the Hunspell dictionaries (nspell with the dictionary-en and dictionary-ru
 * packages) in a worker thread: the Russian one takes seconds and a few hundred MB to load,
 * which must never stall the server's thread. Each dictionary is loaded on its first use,
 * from node_modules (nothing is downloaded). Started by services/spelling.ts.
 */
import { parentPort } from 'node:worker_threads';
import nspell from 'nspell';
import { wordsToCheck, type SpellingLang, type WordAt } from '../text/spelling-words.js';

export type SpellRequest =
  | { id: number; type: 'check'; lang: SpellingLang; texts: string[] }
  | { id: number; type: 'suggest'; lang: SpellingLang; word: string };
export type SpellReply =
  | { id: number; type: 'checked'; misspelt: WordAt[][] }
  | { id: number; type: 'suggested'; suggestions: string[] }
  | { id: number; type: 'error'; message: string };

type Speller = ReturnType<typeof nspell>;
const spellers = new Map<SpellingLang, Promise<Speller>>();

function speller(lang: SpellingLang): Promise<Speller> {
  let loading = spellers.get(lang);
  if (!loading) {
    // The packages read their .aff and .dic files as bytes; nspell takes them as Buffers.
    loading = (lang === 'en' ? import('dictionary-en') : import('dictionary-ru'))
      .then(({ default: dictionary }) => nspell({ aff: Buffer.from(dictionary.aff), dic: Buffer.from(dictionary.dic) }));
    spellers.set(lang, loading);
  }
  return loading;
}

/** Typographic apostrophes are written as the dictionaries' ASCII ones. */
const plain = (word: string) => word.replace(/’/g, "'");

async function answer(request: SpellRequest): Promise<SpellReply> {
  const spell = await speller(request.lang);
  if (request.type === 'suggest') return { id: request.id, type: 'suggested', suggestions: spell.suggest(plain(request.word)).slice(0, 8) };
  const cache = new Map<string, boolean>();
  const correct = (word: string) => {
    let known = cache.get(word);
    if (known === undefined) {
      known = spell.correct(plain(word));
      cache.set(word, known);
    }
    return known;
  };
  return { id: request.id, type: 'checked', misspelt: request.texts.map((text) => wordsToCheck(text, request.lang).filter((w) => !correct(w.word))) };
}

parentPort?.on('message', (request: SpellRequest) => {
  answer(request).then(
    (reply) => parentPort?.postMessage(reply),
    (error: unknown) => parentPort?.postMessage({ id: request.id, type: 'error', message: error instanceof Error ? error.message : String(error) } satisfies SpellReply),
  );
});

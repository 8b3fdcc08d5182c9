/**
 * Find and replace in slot texts: a search compiled once from what the person typed
 * (plain text or a JavaScript regular expression, with or without case), and the
 * matches and replacement of one text. User patterns are refused statically when their
 * backtracking can explode (text/java-regex.ts); what passes runs in a worker thread with a
 * time limit (services/find-runner.ts).
 * Pure: no I/O.
 */
import { checkBacktracking, RegexRefusal } from './java-regex.js';

export interface FindOptions {
  query: string;
  /** The query is a JavaScript regular expression (u flag); else plain text. */
  regex: boolean;
  caseSensitive: boolean;
}

/** A compiled search: `source` and `flags` can cross to a worker thread and be rebuilt there. */
export interface CompiledFind { source: string; flags: string; regex: boolean }

/** One match in a text: [start, end) in UTF-16 units. */
export interface FindMatch { start: number; end: number }

/** What one text becomes: its matches, and the replaced text when a replacement was given. */
export interface TextFind { matches: FindMatch[]; replaced?: string }

export const MAX_QUERY = 1000;

/** Escapes every character a regular expression would read as syntax. */
export function escapeRegex(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
}

/**
 * Compiles a search. Throws RegexRefusal with the reason for a pattern JavaScript cannot
 * read, one that matches empty text (it would "replace" between every character), or one
 * whose backtracking can explode.
 * @example compileFind({ query: 'heads of state', regex: false, caseSensitive: false }) → { source: 'heads of state', flags: 'giu', … }
 */
export function compileFind(options: FindOptions): CompiledFind {
  const query = options.query.normalize('NFC');
  if (query.length === 0) throw new RegexRefusal(query, 'type something to find.');
  if (query.length > MAX_QUERY) throw new RegexRefusal(query.slice(0, 40), `a search has at most ${MAX_QUERY} characters.`);
  const flags = options.caseSensitive ? 'gu' : 'giu';
  if (!options.regex) return { source: escapeRegex(query), flags, regex: false };
  checkBacktracking(query, query);
  let compiled: RegExp;
  try {
    compiled = new RegExp(query, flags);
  } catch (error) {
    throw new RegexRefusal(query, `it is not a valid regular expression (${error instanceof Error ? error.message.replace(/^Invalid regular expression: /, '') : String(error)}).`);
  }
  if (new RegExp(query, flags.replace('g', '')).test('')) throw new RegexRefusal(query, 'it matches empty text; find at least one character.');
  // No probe here: beyond the empty text, a person's pattern runs only in the time-limited
  // find worker (services/find-runner.ts), never on the server's thread.
  return { source: compiled.source, flags, regex: true };
}

/**
 * The matches of a search in one text and, with `replacement`, the text after replacing
 * each of them. A plain search replaces literally; a regular expression understands `$1`,
 * `$<name>` and `$&` in the replacement, as String.replace does.
 * @example findInText(compileFind({ query: 'a', regex: false, caseSensitive: true }), 'banana', 'o') → { matches: [{1,2},{3,4},{5,6}], replaced: 'bonono' }
 */
export function findInText(find: CompiledFind, text: string, replacement?: string): TextFind {
  const regex = new RegExp(find.source, find.flags);
  const matches: FindMatch[] = [];
  for (const match of text.matchAll(regex)) matches.push({ start: match.index, end: match.index + match[0].length });
  if (replacement === undefined || matches.length === 0) return { matches };
  // A plain replacement is literal: "$1" stays "$1".
  const replaced = find.regex ? text.replace(regex, replacement) : text.replace(regex, () => replacement);
  return { matches, replaced };
}

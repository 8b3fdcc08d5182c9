/**
 * SRX 2.0 segmentation (LISA, "Segmentation Rules eXchange"): ordered break / no-break
 * rules, each a `beforebreak` pattern that must match the text ending at a position and
 * an `afterbreak` pattern that must match the text starting there. At each position the
 * first rule that matches decides; no rule, no break. With `cascade`, the rules of every
 * language map that matches the language are used, in map order; otherwise only the
 * first map's. Pure: the parsed file comes from formats/srx.ts.
 */
import { compileJavaRegex, RegexRefusal } from './java-regex.js';

export interface SrxRuleSource { break: boolean; before: string; after: string }
export interface SrxSource {
  cascade: boolean;
  rules: Record<string, SrxRuleSource[]>;
  maps: { pattern: string; rule: string }[];
}

interface CompiledRule { break: boolean; before: RegExp; after: RegExp }
export interface CompiledSrx { source: SrxSource; rulesFor(lang: string): CompiledRule[] }

/** Text a probe runs every pattern over at import: long runs of what patterns usually repeat. */
const PROBES = ['a', ' ', '1', '.', 'A', 'я', '。', 'a ', '. ', 'a.', '1.', 'Aa ', '\u00A0'].map((unit) => unit.repeat(Math.ceil(1000 / unit.length)));
/**
 * A pattern slower than this on one probe is refused. Real rules take well under a
 * millisecond; exponential ones take years on 1,000 characters and cubic ones seconds, so
 * a generous budget still catches them on a busy machine.
 */
const PROBE_BUDGET_MS = 250;

function probe(pattern: string, regex: RegExp): void {
  // One search from the start of each probe text: a runaway pattern explodes inside it.
  const search = new RegExp(regex.source, regex.flags.replace(/[gy]/g, ''));
  for (const text of [...PROBES, `${PROBES[0]}!`, `${PROBES[1]}x`]) {
    const started = performance.now();
    search.exec(text);
    if (performance.now() - started > PROBE_BUDGET_MS) {
      throw new RegexRefusal(pattern, `it took over ${PROBE_BUDGET_MS} ms on a 1,000-character test text (catastrophic backtracking); simplify it.`);
    }
  }
}

/**
 * Compiles an SRX rule set: every pattern is translated from Java and checked for runaway
 * backtracking, and (when a person imports the file; `probe: false` for rules already
 * accepted so) run over probe texts. Throws RegexRefusal naming the rule.
 */
export function compileSrx(source: SrxSource, options: { probe?: boolean } = {}): CompiledSrx {
  const probing = options.probe !== false;
  const compiled: Record<string, CompiledRule[]> = {};
  for (const [name, rules] of Object.entries(source.rules)) {
    compiled[name] = rules.map((rule, index) => {
      try {
        // before: matched by scanning for match ends; after: tried at one position (sticky).
        const before = compileJavaRegex(rule.before === '' ? '(?:)' : rule.before, 'g');
        const after = compileJavaRegex(rule.after === '' ? '(?:)' : rule.after, 'y');
        if (probing) {
          probe(rule.before, before);
          probe(rule.after, after);
        }
        return { break: rule.break, before, after };
      } catch (error) {
        if (error instanceof RegexRefusal) throw new RegexRefusal(error.pattern, `${error.message.replace(/^The pattern .*? cannot be used: /, '')} (rule ${index + 1} of "${name}")`);
        throw error;
      }
    });
  }
  const maps = source.maps.map((m) => {
    // Language patterns are matched whole and case-insensitively: OmegaT's ZH.* must take zh-CN.
    const regex = compileJavaRegex(`^(?:${m.pattern})$`, 'i');
    if (!(m.rule in compiled)) throw new RegexRefusal(m.pattern, `its language map names the rule set "${m.rule}", which the file does not define.`);
    return { regex, rule: m.rule };
  });
  const cache = new Map<string, CompiledRule[]>();
  return {
    source,
    rulesFor(lang) {
      const hit = cache.get(lang);
      if (hit) return hit;
      const matching = maps.filter((m) => m.regex.test(lang));
      const chosen = source.cascade ? matching : matching.slice(0, 1);
      const rules = chosen.flatMap((m) => compiled[m.rule] ?? []);
      cache.set(lang, rules);
      return rules;
    },
  };
}

/**
 * Break decisions for `text` under `rules`: position → break or not, decided by the first
 * rule (in order) that matches there. Each rule's beforebreak is scanned once over the
 * text (as OmegaT does, a match resumes the scan at its end).
 */
function decisions(text: string, rules: readonly CompiledRule[]): Map<number, boolean> {
  const decided = new Map<number, boolean>();
  for (const rule of rules) {
    const before = rule.before;
    before.lastIndex = 0;
    for (let match = before.exec(text); match; match = before.exec(text)) {
      const end = match.index + match[0].length;
      if (match[0].length === 0) before.lastIndex += 1;
      if (end === 0 || end >= text.length || decided.has(end)) continue;
      rule.after.lastIndex = end;
      if (rule.after.test(text)) decided.set(end, rule.break);
    }
  }
  return decided;
}

/**
 * Splits one paragraph by SRX rules; trimmed, empties dropped.
 * @example splitSentencesSrx('甲。乙。', rulesFor('zh-CN')) → ['甲。', '乙。']
 */
export function splitSentencesSrx(paragraph: string, rules: readonly CompiledRule[], noBreakWords: readonly RegExp[] = []): string[] {
  const decided = decisions(paragraph, rules);
  const sentences: string[] = [];
  let start = 0;
  for (const position of [...decided.keys()].sort((a, b) => a - b)) {
    if (!decided.get(position)) continue;
    const piece = paragraph.slice(start, position);
    // A per-document abbreviation just before the break (`approx. `) keeps the sentence together.
    if (noBreakWords.some((re) => re.test(piece))) continue;
    sentences.push(piece);
    start = position;
  }
  sentences.push(paragraph.slice(start));
  return sentences.map((s) => s.trim()).filter((s) => s.length > 0);
}

/**
 * A per-document abbreviation as a test on the text before a break: the word, its full
 * stop and the space after it, not inside a longer word.
 * @example abbreviationTest('approx')('It is approx. ') → true
 */
export function abbreviationTest(abbreviation: string): RegExp {
  const word = abbreviation.trim().replace(/\.$/, '').replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
  return new RegExp(`(?<![\\p{L}\\p{N}])${word}\\.[\\s\\u00A0]*$`, 'iu');
}

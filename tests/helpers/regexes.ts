import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

/** One regular expression written in a source file: a literal, or a RegExp() call. */
export interface SourceRegex {
  file: string;
  line: number;
  /** The pattern and flags when they are known from the source alone. */
  source?: string;
  flags?: string;
  /** For a RegExp() built at run time: the code of its arguments, which a reviewer must vouch for. */
  dynamic?: string;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : /\.(ts|mts|js|mjs)$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The text of a string literal or a template without substitutions, else undefined. */
function literalText(node: ts.Node | undefined): string | undefined {
  if (node === undefined) return undefined;
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  return undefined;
}

/**
 * Every regular expression in the files under `root`, found with the TypeScript parser
 * (not a regex over the code, which would miss or invent some): `/…/flags` literals and
 * `new RegExp(…)` / `RegExp(…)` calls. A call whose pattern is not a literal is reported
 * with its argument code so a test can require a reason for it.
 */
export function collectRegexes(root: string): SourceRegex[] {
  const found: SourceRegex[] = [];
  for (const path of filesUnder(root)) {
    const text = readFileSync(path, 'utf8');
    const file = relative(root, path);
    const sourceFile = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
    const lineOf = (node: ts.Node) => sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1;
    const visit = (node: ts.Node): void => {
      if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const literal = node.getText(sourceFile);
        const end = literal.lastIndexOf('/');
        found.push({ file, line: lineOf(node), source: literal.slice(1, end), flags: literal.slice(end + 1) });
      } else if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && ts.isIdentifier(node.expression) && node.expression.text === 'RegExp') {
        const [pattern, flags] = node.arguments ?? [];
        const source = literalText(pattern);
        const flagText = flags === undefined ? '' : literalText(flags);
        if (source !== undefined && flagText !== undefined) found.push({ file, line: lineOf(node), source, flags: flagText });
        else found.push({ file, line: lineOf(node), dynamic: (node.arguments ?? []).map((a) => a.getText(sourceFile)).join(', ') });
      }
      ts.forEachChild(node, visit);
    };
    visit(sourceFile);
  }
  return found;
}

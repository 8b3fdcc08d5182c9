#!/usr/bin/env node
/**
 * The `duizhao` command: serve, import, segment, align, user. Opens the database,
 * builds the store and services, and hands them to the web app or runs one action.
 */
import { closeSync, constants, createWriteStream, openSync, readFileSync, readSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { isSlotStatus, type SlotStatus } from './domain.js';
import type { ExportFormat } from './services/exchange.js';
import { access, readFile, rename, stat, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

// Commands load their modules on demand, so `align` or `segment` start without the
// web app, the database driver or the dictionary of commands they never use; the error
// classes too (migrate.ts alone loads node:crypto, ~10 ms of every `align` run).

const ROOT = fileURLToPath(new URL('../', import.meta.url));
export const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

const USAGE = `Usage: duizhao <command> [options]

Commands:
  serve                          start the web server (PORT, HOST, DUIZHAO_DB, DUIZHAO_SYNC)
  import FILE --title T [--langs en,ru]
                                 create a document from a Chinese .txt/.docx file; prints its id
  import-translation --document ID --lang en [--replace] FILE
                                 align a translation to a document and fill its column;
                                 prints a summary (sentences, beads by type, low confidence)
  segment --lang zh|en|ru [--paragraphs] [--srx RULES.srx] [--abbreviations approx,т.н] FILE|-
                                 print one sentence per line (with SRX 2.0 rules and
                                 extra abbreviations instead of the built-in rules)
  align --src-lang zh --tgt-lang en [--presplit] [--format beads|json|tsv] [--anchors FILE] SRC TGT
                                 align two texts; prints beads (FILE: beads to keep, one a line)
  align --src-lang zh --tgt-lang en [--presplit] [--format …] [--jobs N] --batch LIST
                                 align many pairs in one process (LIST: SRC<TAB>TGT<TAB>OUT a line)
                                 on N threads (default: one a core but one; 1: the process's own)
  export (--document ID ... | --all) [--format tmx|tsv|csv|docx|xliff12|xliff20] [--langs en,ru]
         [--status approved|all|translated,approved] [--aligned-above 0.9] [--notes]
         [--copy-source] [--lang-codes en=en-GB] -o FILE|-
                                 export translations (TMX 1.4b by default; XLIFF with
                                 several languages: a ZIP of one file per language)
  import-xliff --document ID --user NAME FILE
                                 import a returned XLIFF 1.2/2.0 (or review table .docx) into
                                 the document as NAME's edits; prints the report (JSON)
  import-tmx FILE [--document [--title T]]
                                 add a TMX file's units to the translation memory,
                                 or create a document from it; prints a report
  user add NAME --role ROLE [--role ROLE]
                                 create a user; prints the generated password
  backup FILE [--force]          copy the database (DUIZHAO_DB) to FILE while the server runs
  restore FILE [--force]         replace DUIZHAO_DB with a checked backup; the server must be stopped
`;

interface Io { out(s: string): void; err(s: string): void }
const io: Io = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) };

class UsageError extends Error {}
/** The server cannot start; the message is one sentence for an admin. */
class StartupError extends Error {}

/** DUIZHAO_DB, else store/db.ts DEFAULT_DB_PATH (repeated, not imported, so align and segment start without the SQLite driver). */
function dbPath(): string {
  return process.env.DUIZHAO_DB || 'db/duizhao.sqlite';
}

async function openServices() {
  const [{ isSyncMode, openDatabase, syncModeOf }, { createStore }, { createServices }] = await Promise.all([
    import('./store/db.js'), import('./store/index.js'), import('./services/index.js'),
  ]);
  // DUIZHAO_SYNC: how durable each commit is (store/db.ts SYNC_MODES); refused before the database is touched.
  const sync = (process.env.DUIZHAO_SYNC ?? '').trim().toLowerCase() || 'normal';
  if (!isSyncMode(sync)) throw new UsageError(`DUIZHAO_SYNC must be "normal" or "full", not "${process.env.DUIZHAO_SYNC}".`);
  const { db } = openDatabase(dbPath(), { sync });
  const store = createStore(db);
  return { db, store, sync: syncModeOf(db), services: createServices({ store, version: VERSION }) };
}

async function readInput(path: string): Promise<Uint8Array> {
  if (path === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }
  return readFile(path);
}

/** Writes a file whole: a temporary file beside it, renamed into place, so no reader sees half. */
async function writeFileAtomically(path: string, text: string): Promise<void> {
  const temporary = `${path}.tmp-${process.pid}`;
  await writeFile(temporary, text);
  await rename(temporary, path);
}

async function isWritableDirectory(path: string): Promise<boolean> {
  try {
    if (!(await stat(path)).isDirectory()) return false;
    await access(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function parsePort(value: string | undefined): number {
  if (value === undefined || value === '') return 3000;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`PORT must be a number from 0 to 65535, not "${value}".`);
  return port;
}

async function serve(): Promise<number> {
  const port = parsePort(process.env.PORT);
  const host = process.env.HOST || '127.0.0.1';
  const { db, store, services, sync } = await openServices();
  const { quickCheck } = await import('./store/health.js');
  // A damaged file would answer some requests and fail others: refuse it at the door (issue #12).
  const damage = quickCheck(db);
  if (damage !== null) {
    db.close();
    throw new StartupError(`The database ${dbPath()} is damaged (integrity check: ${damage}): restore a backup with "duizhao restore FILE", or move the file away to start with a new one.`);
  }
  const [{ loadDemo, readDemoContent }, { createApp }, { discardUnfinishedImports }, { discardUnfinishedTmImports }, { loadNamesLexicon }, { startCheckpointer }] = await Promise.all([
    import('./services/demo.js'), import('./web/app.js'), import('./services/document-import.js'), import('./services/tm-import.js'),
    import('./services/qa-triangulation.js'), import('./store/checkpointer.js'),
  ]);
  // A large import the last run did not finish is hidden and half written: drop it.
  const discarded = discardUnfinishedImports(store);
  if (discarded > 0) io.err(`Discarded ${discarded} document import(s) the last run did not finish.\n`);
  const discardedTm = discardUnfinishedTmImports(store);
  if (discardedTm > 0) io.err(`Discarded the units of ${discardedTm} TMX import(s) the last run did not finish.\n`);
  const demo = await loadDemo({ store, ...services }, readDemoContent());
  if (demo) {
    io.out('\nA new database was created with the demo document and these accounts.\n');
    io.out('Their passwords are shown only this once — note them now:\n\n');
    for (const { name, password } of demo.passwords) io.out(`  ${name.padEnd(12)} ${password}\n`);
    io.out('\n');
  }
  const app = createApp({ store, services, version: VERSION, secureCookies: process.env.DUIZHAO_SECURE_COOKIES === '1' });
  loadNamesLexicon();
  const server = app.listen(port, host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  // WAL checkpoints run on a thread of their own, never inside a request's commit (issue #15).
  // Started once listening (nothing before can fail with the thread keeping the process alive),
  // and before the first request: no await in between.
  // An in-memory database (DUIZHAO_DB=:memory:, throwaway use) has no WAL.
  const checkpointer = db.memory ? null : startCheckpointer(db, {
    onError: (error) => io.err(`The WAL checkpoint thread stopped (${String(error)}); the server checkpoints by itself from now on.\n`),
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  io.out(`Duizhao ${VERSION} is running at http://${shownHost}:${address.port}/ (database: ${dbPath()}, durability: ${sync})\n`);
  // Graceful stop: refuse new connections, let requests in flight finish, then close the
  // database so its WAL is checkpointed into the main file and removed.
  const stop = () => {
    io.out('Stopping: finishing requests and imports in flight…\n');
    server.close(() => {
      // A translation import commits at its end; give running ones time to finish.
      const jobsDone = services.jobs.whenIdle();
      const patience = new Promise((resolve) => setTimeout(resolve, 60_000).unref());
      // The thread's last checkpoint first; then the server's connection, the last one, removes the -wal.
      void Promise.race([jobsDone, patience]).then(() => checkpointer?.close()).then(() => {
        db.close();
        process.exit(0);
      });
    });
    // Live-update streams never finish by themselves: end them so clients reconnect elsewhere.
    services.events.shutdown();
    // A keep-alive connection turns idle after its last answer; close those as they appear,
    // and after a grace period close the rest (a client that never finishes its request).
    setInterval(() => server.closeIdleConnections(), 50).unref();
    setTimeout(() => server.closeAllConnections(), 10_000).unref();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return new Promise(() => undefined);
}

async function importCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { title: { type: 'string' }, langs: { type: 'string' } } });
  const file = positionals[0];
  if (!file || positionals.length > 1) throw new UsageError('import needs exactly one FILE.');
  const bytes = await readInput(file);
  const { db, services } = await openServices();
  try {
    const result = await services.documents.importDocument({
      ...(values.title !== undefined && { title: values.title }),
      file: { name: file === '-' ? 'stdin.txt' : basename(file), bytes },
      ...(values.langs !== undefined && { langs: values.langs.split(',') }),
      user: null,
    });
    io.out(`${result.documentId}\n`);
    io.err(`Imported ${result.segmentCount} segments in ${result.paragraphCount} paragraphs.\n`);
    return 0;
  } finally {
    db.close();
  }
}

async function importTranslationCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args, allowPositionals: true,
    options: { document: { type: 'string' }, lang: { type: 'string' }, replace: { type: 'boolean', default: false } },
  });
  const documentId = Number(values.document);
  if (!Number.isInteger(documentId) || documentId <= 0) throw new UsageError('import-translation needs --document ID (a number).');
  if (!values.lang) throw new UsageError('import-translation needs --lang, e.g. --lang en.');
  const file = positionals[0];
  if (!file || positionals.length > 1) throw new UsageError('import-translation needs exactly one FILE (or - for standard input).');
  const bytes = await readInput(file);
  const { db, services } = await openServices();
  try {
    const prepared = await services.translations.prepare({
      documentId, lang: values.lang, replace: values.replace, user: null,
      file: { name: file === '-' ? 'stdin.txt' : basename(file), bytes },
    });
    let shown = -1;
    const summary = await services.translations.run(prepared, {
      phase(name, percent) {
        const rounded = percent === null || percent === undefined ? null : Math.floor(percent / 10) * 10;
        if (process.stderr.isTTY && rounded !== null && rounded !== shown) {
          shown = rounded;
          io.err(`\r${name}… ${rounded}%   `);
        }
      },
    });
    if (process.stderr.isTTY) io.err('\r');
    const types = Object.entries(summary.beadTypes).sort((a, b) => b[1] - a[1]).map(([shape, n]) => `${shape} ${n}`).join(', ');
    const pivot = summary.pivot ? `${summary.pivot.lang} (${summary.pivot.slots} slots, ${summary.pivot.confirmed} confirmed)` : 'none';
    io.out(`sentences: ${summary.sentences}\nbeads: ${summary.beads} (${types})\nlow confidence: ${summary.lowConfidence}\npivot: ${pivot}\n`);
    for (const c of summary.conflicts) io.out(`kept (changed during the import): segment ${c.position}${c.segments > 1 ? `–${c.position + c.segments - 1}` : ''}\n`);
    return 0;
  } finally {
    db.close();
  }
}

async function segmentCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: {
    lang: { type: 'string' }, paragraphs: { type: 'boolean', default: false }, srx: { type: 'string' }, abbreviations: { type: 'string' },
  } });
  const lang = values.lang;
  if (!lang || !/^[a-z]{2,3}(-[A-Za-z0-9]+)*$/.test(lang)) throw new UsageError('segment needs --lang, e.g. --lang zh.');
  const file = positionals[0];
  if (!file || positionals.length > 1) throw new UsageError('segment needs exactly one FILE (or - for standard input).');
  const [{ decodeText }, { segment }] = await Promise.all([import('./text/decode.js'), import('./text/segment.js')]);
  const decoded = decodeText(await readInput(file));
  if (!decoded.ok) throw new UsageError(decoded.message);
  const rules = values.srx === undefined && values.abbreviations === undefined ? undefined : {
    ...(values.srx !== undefined && { srx: (await import('./services/segmentation.js')).compileSrxFile(await readFile(values.srx, 'utf8')) }),
    ...(values.abbreviations !== undefined && { abbreviations: (await import('./services/segmentation.js')).parseAbbreviations(values.abbreviations) }),
  };
  let previous: number | undefined;
  const lines: string[] = [];
  for (const sentence of segment(decoded.text, lang, rules)) {
    if (values.paragraphs && previous !== undefined && sentence.paragraph !== previous) lines.push('');
    lines.push(sentence.text);
    previous = sentence.paragraph;
  }
  io.out(lines.map((l) => `${l}\n`).join(''));
  return 0;
}

async function userCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'add') throw new UsageError('Use: user add NAME --role admin|translator|reviewer');
  const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { role: { type: 'string', multiple: true } } });
  const name = positionals[0];
  if (!name || positionals.length > 1) throw new UsageError('user add needs one NAME.');
  const { db, services } = await openServices();
  try {
    const { user, password } = await services.accounts.createUser({ name, roles: (values.role ?? []).flatMap((r) => r.split(',')) });
    io.out(`${password}\n`);
    io.err(`Created user ${user.name} (${user.roles.join(', ')}). The password above is shown only once.\n`);
    return 0;
  } finally {
    db.close();
  }
}

async function exportCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: {
    document: { type: 'string', multiple: true }, all: { type: 'boolean', default: false }, format: { type: 'string', default: 'tmx' },
    langs: { type: 'string' }, status: { type: 'string' }, notes: { type: 'boolean', default: false },
    'lang-codes': { type: 'string' }, output: { type: 'string', short: 'o' },
    'aligned-above': { type: 'string' }, 'copy-source': { type: 'boolean', default: false },
  } });
  const { EXPORT_FORMATS, NON_EMPTY_STATUSES } = await import('./services/exchange.js');
  const format = values.format as ExportFormat;
  if (!EXPORT_FORMATS.includes(format)) throw new UsageError(`--format is one of ${EXPORT_FORMATS.join(', ')}.`);
  if (!values.output) throw new UsageError('export needs -o FILE (or -o - for standard output).');
  const ids = (values.document ?? []).flatMap((d) => d.split(',')).map(Number);
  if (!values.all && (ids.length === 0 || ids.some((n) => !Number.isInteger(n) || n <= 0))) throw new UsageError('export needs --document ID (repeatable) or --all.');
  const statusList = (values.status ?? 'approved').split(',').map((s) => s.trim());
  const statuses: SlotStatus[] = statusList.includes('all') ? [...NON_EMPTY_STATUSES] : statusList.filter(isSlotStatus);
  if (statuses.length !== statusList.length && !statusList.includes('all')) throw new UsageError(`--status takes approved, translated, … or all, not "${values.status}".`);
  const langCodes: Record<string, string> = {};
  for (const pair of (values['lang-codes'] ?? '').split(',').filter((p) => p.length > 0)) {
    const [lang, code] = pair.split('=');
    if (!lang || !code) throw new UsageError(`--lang-codes takes lang=code pairs like en=en-GB, not "${pair}".`);
    langCodes[lang.trim()] = code.trim();
  }
  const alignedAbove = values['aligned-above'] === undefined ? null : Number(values['aligned-above']);
  if (alignedAbove !== null && !(alignedAbove >= 0 && alignedAbove <= 1)) throw new UsageError('--aligned-above takes a confidence from 0 to 1, e.g. 0.9.');
  const { db, services } = await openServices();
  try {
    const result = services.exchange.exportDocuments({
      documents: values.all ? 'all' : ids, format, statuses, includeNotes: values.notes, langCodes, user: null,
      alignedAbove, copySourceToEmptyTargets: values['copy-source'],
      ...(values.langs && { langs: values.langs.split(',').map((l) => l.trim()) }),
    });
    const target = values.output === '-' ? process.stdout : createWriteStream(values.output);
    await pipeline(Readable.from(result.body), target, { end: values.output !== '-' });
    for (const warning of result.warnings) io.err(`duizhao: warning: ${warning}\n`);
    if (result.stats.removedChars > 0) io.err(`duizhao: warning: removed ${result.stats.removedChars} character(s) that XML 1.0 does not allow.\n`);
    io.err(`Exported ${result.stats.units} unit(s) from ${result.stats.groups} group(s); ${result.stats.skippedGroups} group(s) had no translation to export.\n`);
    return 0;
  } finally {
    db.close();
  }
}

/** Reads a file in 1 MB chunks on demand, so a 200 MB TMX never sits in memory whole. */
function* fileChunks(path: string): Generator<Uint8Array> {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(1024 * 1024);
    for (;;) {
      const n = readSync(fd, buffer, 0, buffer.length, null);
      if (n === 0) return;
      yield Uint8Array.prototype.slice.call(buffer, 0, n);
    }
  } finally {
    closeSync(fd);
  }
}

async function importTmxCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { document: { type: 'boolean', default: false }, title: { type: 'string' } } });
  const file = positionals[0];
  if (!file || positionals.length > 1 || file === '-') throw new UsageError('import-tmx needs exactly one FILE.');
  const { db, services } = await openServices();
  try {
    if (values.document) {
      const created = services.exchange.createDocumentFromTmx({ file: { name: basename(file), bytes: await readFile(file) }, ...(values.title !== undefined && { title: values.title }), user: null });
      io.out(`${created.documentId}\n`);
      io.err(`Created a document with ${created.segmentCount} segments (${created.langs.join(', ')}) from ${created.unitsRead} units; ${created.unitsSkipped} skipped.\n`);
      return 0;
    }
    const report = services.exchange.importTmx({ file: { name: basename(file), chunks: fileChunks(file) }, user: null });
    io.out(`${JSON.stringify(report, null, 2)}\n`);
    io.err(`Read ${report.unitsRead} units; imported ${report.unitsImported} (${report.pairsImported} TM units); skipped ${report.skipped.map((s) => `${s.count} ${s.reason}`).join(', ') || 'none'}.\n`);
    return 0;
  } finally {
    db.close();
  }
}

async function importXliffCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { document: { type: 'string' }, user: { type: 'string' } } });
  const documentId = Number(values.document);
  if (!Number.isInteger(documentId) || documentId <= 0) throw new UsageError('import-xliff needs --document ID (a number).');
  if (!values.user) throw new UsageError('import-xliff needs --user NAME: the person the edits are recorded for.');
  const file = positionals[0];
  if (!file || positionals.length > 1) throw new UsageError('import-xliff needs exactly one FILE (or - for standard input).');
  const bytes = await readInput(file);
  const { db, services } = await openServices();
  try {
    const user = services.accounts.listUsers().find((u) => u.name === values.user);
    if (!user) throw new UsageError(`There is no user named "${values.user}" (create one with: user add NAME --role translator).`);
    const report = await services.returns.importReturnedFile({ documentId, file: { name: file === '-' ? 'stdin.xlf' : basename(file), bytes }, user });
    io.out(`${JSON.stringify(report, null, 2)}\n`);
    io.err(`Updated ${report.updated.length} slot(s); ${report.unchanged.length} unchanged, ${report.conflicts.length} conflict(s), ${report.refused.length} refused, ${report.commentsAdded} comment(s) added.\n`);
    return report.conflicts.length > 0 || report.refused.length > 0 ? 3 : 0;
  } finally {
    db.close();
  }
}

async function backupCommand(command: 'backup' | 'restore', args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { force: { type: 'boolean', default: false } } });
  const file = positionals[0];
  if (!file || positionals.length > 1) throw new UsageError(`${command} needs exactly one FILE.`);
  const { backupDatabase, restoreDatabase } = await import('./services/backup.js');
  const report = command === 'backup'
    ? await backupDatabase({ dbPath: dbPath(), target: file, force: values.force })
    : await restoreDatabase({ dbPath: dbPath(), source: file, force: values.force });
  const mb = (report.bytes / 1024 / 1024).toFixed(1);
  io.err(command === 'backup'
    ? `Backed up ${dbPath()} to ${file}: ${mb} MB, schema version ${report.schemaVersion}, integrity ok, ${Math.round(report.ms)} ms.\n`
    : `Restored ${file} into ${dbPath()}: ${mb} MB, schema version ${report.schemaVersion}, integrity ok. Start the server to apply any newer migrations.\n`);
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  try {
    switch (command) {
      case 'serve': return await serve();
      case 'import': return await importCommand(args);
      case 'segment': return await segmentCommand(args);
      case 'align': return await (await import('./cli-align.js')).alignCommand(args, {
        readFile: (path) => readFile(path),
        readStdin: () => readInput('-'),
        writeFile: writeFileAtomically,
        isWritableDirectory,
        out: io.out,
        err: io.err,
        onInterrupt: (stop) => {
          // Once: a second Ctrl-C ends the process as usual.
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
          return () => {
            process.off('SIGINT', stop);
            process.off('SIGTERM', stop);
          };
        },
      });
      case 'import-translation': return await importTranslationCommand(args);
      case 'user': return await userCommand(args);
      case 'export': return await exportCommand(args);
      case 'import-tmx': return await importTmxCommand(args);
      case 'import-xliff': return await importXliffCommand(args);
      case 'backup': case 'restore': return await backupCommand(command, args);
      case undefined: case 'help': case '--help': case '-h':
        io.out(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`Unknown command "${command}".`);
    }
  } catch (error) {
    const [{ storageProblem }, { DomainError }, { MigrationError }] = await Promise.all([
      import('./store/health.js'), import('./services/errors.js'), import('./store/migrate.js'),
    ]);
    // A database that cannot be used is one sentence for an admin, not a stack trace (issue #12).
    const storage = storageProblem(error);
    if (storage) {
      io.err(`duizhao: cannot use the database ${dbPath()}: ${storage.sentence} (${storage.code})\n`);
      return 1;
    }
    if (error instanceof StartupError) {
      io.err(`duizhao: ${error.message}\n`);
      return 1;
    }
    if (error instanceof UsageError || error instanceof DomainError || error instanceof MigrationError) {
      io.err(`duizhao: ${error.message}\n`);
      if (error instanceof UsageError) io.err(`Run "duizhao help" for usage.\n`);
      return error instanceof UsageError ? 2 : 1;
    }
    if (error instanceof Error && 'code' in error && (error.code === 'ENOENT' || error.code === 'EISDIR' || error.code === 'EACCES')) {
      io.err(`duizhao: ${error.message}\n`);
      return 1;
    }
    if (error instanceof TypeError && 'code' in error && typeof error.code === 'string' && error.code.startsWith('ERR_PARSE_ARGS')) {
      io.err(`duizhao: ${error.message}\nRun "duizhao help" for usage.\n`);
      return 2;
    }
    throw error;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  }, (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}

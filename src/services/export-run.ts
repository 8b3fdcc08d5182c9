/**
 * One export from request to last byte: options checked before anything is produced,
 * the body read from one consistent snapshot while others keep editing, and the audit
 * entry written when the body has finished (or was abandoned), with what it delivered.
 */
import { SLOT_STATUSES, type SlotStatus } from '../domain.js';
import type { Store } from '../store/index.js';
import type { Document } from '../store/documents.js';
import type { ExportComment, ExportSegment } from '../store/exports.js';
import { openReadSnapshot, type ReadSnapshot } from '../store/snapshot.js';
import type { User } from '../store/users.js';
import type { TmxWriteStats } from '../formats/tmx-writer.js';
import { documentGroups, type ExportFilter, type ExportGroup, type GroupRange } from './export-groups.js';
import { NotFoundError, ValidationError } from './errors.js';

export const EXPORT_FORMATS = ['tmx', 'tsv', 'csv', 'docx', 'xliff12', 'xliff20'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** What `statuses` means when a person picks "all": every status but `empty`. */
export const NON_EMPTY_STATUSES: readonly SlotStatus[] = SLOT_STATUSES.filter((s) => s !== 'empty');
export const DEFAULT_EXPORT_STATUSES: readonly SlotStatus[] = ['approved'];

/** Document language → exported language code (shared/standards/TMX.md §3). */
export const DEFAULT_LANG_CODES: Readonly<Record<string, string>> = { zh: 'zh-CN', en: 'en-US', ru: 'ru-RU' };

/**
 * Comments to write as notes. Without one, the export reads the open comments of the
 * exported segments from its own snapshot.
 */
export interface CommentSource {
  listComments(documentId: number, segmentIds: readonly number[]): { lang: string | null; author: string | null; text: string }[];
}

export interface ExportOptions {
  /** Document ids, or 'all'. */
  documents: readonly number[] | 'all';
  /** Target languages as documents name them (`en`, `ru`); default: every language of the chosen documents. */
  langs?: readonly string[];
  statuses?: readonly SlotStatus[];
  /** Also write aligned slots whose confidence is at least this (0..1). */
  alignedAbove?: number | null;
  includeNotes?: boolean;
  format: ExportFormat;
  /** Overrides of DEFAULT_LANG_CODES, e.g. `{ en: 'en-GB' }`. */
  langCodes?: Readonly<Record<string, string>>;
  /** XLIFF: write the Chinese into targets that have no exported translation (what OmegaT translates). */
  copySourceToEmptyTargets?: boolean;
  user: User | null;
}

export interface ExportStats extends TmxWriteStats {
  groups: number;
  /** Groups with no translation passing the status filter: not written. */
  skippedGroups: number;
}

export interface ExportResult {
  filename: string;
  contentType: string;
  /** The file, produced lazily as it is read. */
  body: AsyncIterable<string | Uint8Array>;
  /** Filled in while `body` is read; final once it is exhausted. */
  stats: ExportStats;
  warnings: string[];
}

/**
 * What the groups of an export are read through: the chosen documents and languages, the
 * filter, and the snapshot. The export run has one; a worker producing part of a TMX body
 * (tmx-export-worker.ts) builds its own from an ExportSpec over its own snapshot.
 */
export interface ExportReader {
  documents: Document[];
  langs: string[];
  filter: ExportFilter;
  codeOf(lang: string): string;
  wantNotes: boolean;
  stats: ExportStats;
  /** Valid while the body runs: the snapshot every read goes through. */
  read(): ReadSnapshot;
  /** Every group of the chosen documents, counted in stats; `all` also yields groups with nothing to write. */
  groups(all?: boolean): Generator<ExportGroup>;
  /**
   * The groups of one of the chosen documents, as `groups` yields them; `langs` groups by
   * those alone; `range` only those beginning there (export-groups.ts documentGroups).
   */
  groupsOf(document: Document, all?: boolean, langs?: readonly string[], range?: GroupRange): Generator<ExportGroup>;
  /** The open comments of a group, as note texts (author and language first). */
  notesOf(group: ExportGroup, langs?: readonly string[]): string[];
  creatorName(id: number | null): string | null;
}

/** Everything a format writer needs for one export. */
export interface ExportRun extends ExportReader {
  options: ExportOptions;
  warnings: string[];
  /** The run's choices as plain data, for a worker to build its own ExportReader from (export-tmx-workers.ts). */
  spec: ExportSpec;
  baseName(extension: string): string;
  /**
   * The file's bytes: `produce` runs inside the run's snapshot, opened at its first read
   * (a produce whose units workers write, through snapshots of their own, opens none);
   * the audit entry follows the last byte, or the body's abandonment or failure.
   */
  body(produce: () => AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>): AsyncIterable<string | Uint8Array>;
}

/** An export's choices as plain data, which a worker thread can be sent. */
export interface ExportSpec {
  documents: Document[];
  langs: string[];
  statuses: SlotStatus[];
  alignedAbove: number | null;
  /** Language codes, the defaults with the options' overrides. */
  codes: Record<string, string>;
  wantNotes: boolean;
  /** Notes come from the snapshot (no CommentSource was given). */
  notesFromSnapshot: boolean;
}

const primaryOf = (lang: string) => (lang.split('-')[0] ?? lang).toLowerCase();

export interface ExportRunDeps { store: Store; now: () => Date; comments: CommentSource | undefined }

/** Checks the options against the store and builds the run; throws a ValidationError/NotFoundError before any byte. */
export function prepareExport({ store, now, comments }: ExportRunDeps, options: ExportOptions): ExportRun {
  const documents = chosenDocuments(store, options.documents);
  const available = [...new Set(documents.flatMap((d) => d.langs))];
  const langs = options.langs && options.langs.length > 0 ? [...new Set(options.langs)] : available;
  for (const lang of langs) {
    if (!available.includes(lang)) throw new ValidationError(`None of the chosen documents has the language "${lang}".`, { details: { field: 'langs' } });
  }
  if (langs.length === 0) throw new ValidationError('The chosen documents have no target language to export.', { details: { field: 'langs' } });
  const statuses = new Set(options.statuses && options.statuses.length > 0 ? options.statuses : DEFAULT_EXPORT_STATUSES);
  if (statuses.has('empty')) throw new ValidationError('Empty slots have nothing to export; choose other statuses.', { details: { field: 'statuses' } });
  const alignedAbove = options.alignedAbove ?? null;
  if (alignedAbove !== null && !(alignedAbove >= 0 && alignedAbove <= 1)) {
    throw new ValidationError('The confidence threshold for aligned slots is a number from 0 to 1 (e.g. 0.9).', { details: { field: 'alignedAbove' } });
  }
  const codes: Record<string, string> = { ...DEFAULT_LANG_CODES, ...options.langCodes };
  const codeOf = (lang: string) => codeOfLang(codes, lang);
  for (const lang of ['zh', ...langs]) {
    if (!/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(codeOf(lang))) throw new ValidationError(`"${codeOf(lang)}" is not a language code.`, { details: { field: 'langCodes' } });
  }
  const wantNotes = options.includeNotes === true;
  const spec: ExportSpec = {
    documents, langs, statuses: [...statuses], alignedAbove, codes, wantNotes, notesFromSnapshot: !comments,
  };
  let running = false;
  let snapshot: ReadSnapshot | undefined;
  // Opened at the body's first read (so a body produced by workers opens none here).
  const reader = exportReader(spec, () => {
    if (!running) throw new Error('The export body is not running: there is no snapshot to read.');
    return (snapshot ??= openReadSnapshot(store.db));
  }, comments);
  const { stats } = reader;
  const body: ExportRun['body'] = (produce) => (async function* () {
    running = true;
    let finished = false;
    let failure: string | undefined;
    try {
      yield* produce();
      finished = true;
    } catch (error) {
      failure = error instanceof Error ? error.message : String(error);
      throw error;
    } finally {
      running = false;
      snapshot?.close();
      snapshot = undefined;
      store.transaction(() => store.users.insertAuditEntry({
        userId: options.user?.id ?? null, action: 'export', documentId: documents.length === 1 ? documents[0]!.id : null,
        details: {
          format: options.format, documents: documents.map((d) => d.id), langs, statuses: [...statuses],
          ...(alignedAbove !== null && { alignedAbove }),
          units: stats.units, bytes: stats.bytes, completed: finished, ...(failure && { error: failure }),
        },
        now: now().toISOString(),
      }));
    }
  })();
  return {
    ...reader, body, options, spec, warnings: [],
    baseName(extension) {
      const date = now().toISOString().slice(0, 10).replace(/-/g, '');
      const which = documents.length === 1 ? `doc${documents[0]!.id}` : `${documents.length}-documents`;
      return `duizhao-${which}-${langs.join('-')}-${date}.${extension}`.replace(/[^A-Za-z0-9._-]/g, '_');
    },
  };
}

/** The code an export writes for a document language (`en` → `en-US`, `en-GB` as it is). */
export function codeOfLang(codes: Readonly<Record<string, string>>, lang: string): string {
  return codes[lang] ?? (lang.includes('-') ? lang : codes[primaryOf(lang)] ?? lang);
}

/** The reads of an export described by `spec`, through the snapshot `read` gives. */
export function exportReader(spec: ExportSpec, read: () => ReadSnapshot, comments?: CommentSource): ExportReader {
  const { documents, langs, wantNotes, codes } = spec;
  const codeOf = (lang: string) => codeOfLang(codes, lang);
  const filter: ExportFilter = { statuses: new Set(spec.statuses), alignedAbove: spec.alignedAbove };
  const stats: ExportStats = { removedChars: 0, units: 0, bytes: 0, groups: 0, skippedGroups: 0 };
  const creators = new Map<number, string | null>();
  const reader: ExportReader = {
    documents, langs, filter, codeOf, wantNotes, stats, read,
    *groups(all = false) {
      for (const document of documents) yield* reader.groupsOf(document, all);
    },
    *groupsOf(document, all = false, only = langs, range) {
      // Notes from the snapshot come with the segments, one statement per batch.
      const withComments = wantNotes && !comments;
      for (const group of documentGroups(read().exports, document, only.filter((l) => document.langs.includes(l)), filter, withComments, range)) {
        stats.groups += 1;
        if (!group.variants.some((v) => v.included)) {
          stats.skippedGroups += 1;
          if (!all) continue;
        }
        yield group;
      }
    },
    notesOf(group, shownLangs) {
      if (!wantNotes) return [];
      const shown = new Set(shownLangs ?? group.variants.filter((v) => v.included).map((v) => v.lang));
      const list = comments
        ? comments.listComments(group.document.id, group.segments.map((s) => s.id))
        : commentsOf(group.segments).map((c) => ({ lang: c.lang, author: c.authorName, text: c.body }));
      return list
        .filter((c) => c.lang === null || shown.has(c.lang))
        .map((c) => `${c.author ?? 'unknown'}${c.lang ? ` (${codeOf(c.lang)})` : ''}: ${c.text}`);
    },
    creatorName(id) {
      if (id === null) return null;
      if (!creators.has(id)) creators.set(id, read().users.findUser(id)?.name ?? null);
      return creators.get(id) ?? null;
    },
  };
  return reader;
}

/** The open comments of a group's segments, oldest first (as they were written). */
function commentsOf(segments: readonly ExportSegment[]): ExportComment[] {
  let list: ExportComment[] | undefined;
  let several = false;
  for (const segment of segments) {
    if (!segment.comments) continue;
    if (list) several = true;
    list = list ? list.concat(segment.comments) : segment.comments;
  }
  if (!list) return [];
  return several ? [...list].sort((a, b) => a.id - b.id) : list;
}

function chosenDocuments(store: Store, ids: readonly number[] | 'all'): Document[] {
  if (ids === 'all') return store.documents.listDocuments().sort((a, b) => a.id - b.id);
  if (ids.length === 0) throw new ValidationError('Choose at least one document to export.', { details: { field: 'documents' } });
  return [...new Set(ids)].map((id) => {
    const document = store.documents.findDocument(id);
    if (!document) throw new NotFoundError(`There is no document ${id}.`);
    return document;
  });
}

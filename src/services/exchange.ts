/**
 * Exchange: exporting documents as TMX, TSV/CSV or a review table, importing TMX into the
 * translation memory, and creating a document from a TMX file (issue #6).
 */
import { LANG_TAG, LANGUAGE_NAMES, SLOT_STATUSES, SLOT_STATUS_LABELS, type SlotStatus } from '../domain.js';
import { reviewTableDocx } from '../formats/review-table.js';
import { readTmx, TmxReadError, type TmxReadHeader, type TmxReadUnit } from '../formats/tmx-reader.js';
import { newTmxStats, writeTmx, type TmxUnitInput, type TmxVariant, type TmxWriteStats } from '../formats/tmx-writer.js';
import { writeTable } from '../formats/tsv.js';
import type { Store } from '../store/index.js';
import type { Document } from '../store/documents.js';
import type { ExportSegment, NewTmUnit } from '../store/tm.js';
import type { User } from '../store/users.js';
import { segment } from '../text/segment.js';
import { joinSentences, parseTargetLangs } from './documents.js';
import { NotFoundError, PermissionError, ValidationError } from './errors.js';

export const EXPORT_FORMATS = ['tmx', 'tsv', 'csv', 'docx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** What `statuses` means when a person picks "all": every status but `empty`. */
export const NON_EMPTY_STATUSES: readonly SlotStatus[] = SLOT_STATUSES.filter((s) => s !== 'empty');
export const DEFAULT_EXPORT_STATUSES: readonly SlotStatus[] = ['approved'];

/** Document language → TMX language code (shared/standards/TMX.md §3). */
export const DEFAULT_LANG_CODES: Readonly<Record<string, string>> = { zh: 'zh-CN', en: 'en-US', ru: 'ru-RU' };

/** A .docx review table is built in memory; above this many groups use TSV/CSV. */
export const MAX_REVIEW_TABLE_GROUPS = 20_000;
/** A TMX unit side longer than this is "long" in the import report (tools such as Trados cap segments near here). */
export const LONG_UNIT_CHARS = 2_000;
/** TM units handed to the store at once by a TMX import (one batch of rows and index tokens in memory). */
const IMPORT_BATCH = 5_000;
/** Positions read per store call: bounds memory whatever the document's size. */
const BATCH = 500;

/**
 * Comments to write as `<note>`s (services/review.ts exportCommentSource gives the open
 * comments of the exported segments).
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
  includeNotes?: boolean;
  format: ExportFormat;
  /** Overrides of DEFAULT_LANG_CODES, e.g. `{ en: 'en-GB' }`. */
  langCodes?: Readonly<Record<string, string>>;
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

/** One `<tu>`'s worth of a document: consecutive segments no exported slot crosses. */
export interface ExportGroup {
  document: Document;
  segments: ExportSegment[];
  sourceText: string;
  variants: { lang: string; text: string; status: SlotStatus; changedAt: string; changedBy: string | null; included: boolean }[];
}

export interface TmImportSkip { reason: TmSkipReason; count: number; examples: string[] }
export const TM_SKIP_REASONS = {
  no_source: 'no text in the source language',
  no_target: 'no translation beside the source text',
  duplicate: 'already in the translation memory',
  bad_lang: 'a language code that is not a valid tag',
} as const;
export type TmSkipReason = keyof typeof TM_SKIP_REASONS;

export interface TmImportReport {
  file: string;
  /** `<tu>` elements read. */
  unitsRead: number;
  /** `<tu>`s that added at least one TM unit. */
  unitsImported: number;
  /** TM units (source/target pairs) added. */
  pairsImported: number;
  /** Units read with a side over LONG_UNIT_CHARS characters (imported like any other, counted to show they were not dropped). */
  longUnits: number;
  skipped: TmImportSkip[];
  droppedCodes: number;
  sourceLang: string | null;
}

export interface TmxFileInput { name: string; bytes: Uint8Array }

/** `en_us` → `en-US`, `ZH-cn` → `zh-CN`, `*all*` stays. */
export function normalizeLangCode(code: string): string {
  const parts = code.trim().replace(/_/g, '-').split('-').filter((p) => p.length > 0);
  return parts.map((p, i) => (i === 0 ? p.toLowerCase() : p.length === 2 ? p.toUpperCase() : p.length === 4 ? p[0]!.toUpperCase() + p.slice(1).toLowerCase() : p)).join('-');
}

/** A TMX language as a document language: `en-US` → `en`, `ru-RU` → `ru`, `pt-BR` stays. */
export function documentLang(code: string): string {
  const normalized = normalizeLangCode(code);
  const primary = normalized.split('-')[0] ?? normalized;
  return primary in LANGUAGE_NAMES ? primary : normalized;
}

const primaryOf = (lang: string) => (lang.split('-')[0] ?? lang).toLowerCase();

function lowestStatus(statuses: readonly SlotStatus[]): SlotStatus {
  return statuses.reduce((low, s) => (SLOT_STATUSES.indexOf(s) < SLOT_STATUSES.indexOf(low) ? s : low), statuses[0] ?? 'empty');
}

function chunksOf(bytes: Uint8Array, size = 64 * 1024): Iterable<Uint8Array> {
  return {
    *[Symbol.iterator]() {
      for (let i = 0; i < bytes.byteLength; i += size) yield bytes.subarray(i, i + size);
    },
  };
}

function asTmxError(error: unknown): never {
  if (error instanceof TmxReadError) {
    throw new ValidationError(error.message, { code: error.code === 'not_tmx' ? 'not_tmx' : error.code === 'forbidden_doctype' ? 'forbidden_doctype' : 'invalid_tmx', details: { reason: error.code } });
  }
  throw error;
}

export interface ExchangeServiceOptions {
  store: Store;
  now: () => Date;
  /** The app's version, written as creationtoolversion. */
  version: string;
  comments?: CommentSource;
}

export function createExchangeService({ store, now, version, comments }: ExchangeServiceOptions) {
  function chosenDocuments(ids: readonly number[] | 'all'): Document[] {
    if (ids === 'all') return store.documents.listDocuments().sort((a, b) => a.id - b.id);
    if (ids.length === 0) throw new ValidationError('Choose at least one document to export.', { details: { field: 'documents' } });
    return [...new Set(ids)].map((id) => {
      const document = store.documents.findDocument(id);
      if (!document) throw new NotFoundError(`There is no document ${id}.`);
      return document;
    });
  }

  /**
   * The groups of one document (DESIGN.md "TMX grouping"): consecutive segments are
   * gathered until no head slot of any exported language reaches past the last of them.
   */
  function* documentGroups(document: Document, langs: readonly string[], statuses: ReadonlySet<SlotStatus>): Generator<ExportGroup> {
    let pending: ExportSegment[] = [];
    let openUntil = -1;
    const close = (): ExportGroup => {
      const group = pending;
      pending = [];
      const variants = langs.map((lang) => {
        const heads = group.map((s) => s.slots[lang]).filter((slot) => slot?.kind === 'head');
        const status = heads.length > 0 ? lowestStatus(heads.map((h) => h.status)) : 'empty';
        const latest = heads.reduce<(typeof heads)[number] | undefined>((l, h) => (!l || h.updatedAt > l.updatedAt ? h : l), undefined);
        return {
          lang,
          text: joinSentences(lang, heads.map((h) => h.text)),
          status,
          changedAt: latest?.updatedAt ?? '',
          changedBy: latest?.updatedBy ?? null,
          // A language is exported only when every slot in the group passes the filter:
          // half of a merged translation is not a translation.
          included: heads.length > 0 && heads.every((h) => statuses.has(h.status) && h.text.length > 0),
        };
      });
      return { document, segments: group, sourceText: joinSentences('zh', group.map((s) => s.text)), variants };
    };
    for (let from = 0; ; from += BATCH) {
      const batch = store.tm.listExportSegments(document.id, from, BATCH);
      for (const seg of batch) {
        pending.push(seg);
        for (const lang of langs) {
          const slot = seg.slots[lang];
          if (slot?.kind === 'head') openUntil = Math.max(openUntil, seg.position + slot.span - 1);
        }
        if (seg.position >= openUntil) yield close();
      }
      if (batch.length < BATCH) break;
    }
    if (pending.length > 0) yield close();
  }

  function validateOptions(options: ExportOptions) {
    const documents = chosenDocuments(options.documents);
    const available = [...new Set(documents.flatMap((d) => d.langs))];
    const langs = options.langs && options.langs.length > 0 ? [...new Set(options.langs)] : available;
    for (const lang of langs) {
      if (!available.includes(lang)) throw new ValidationError(`None of the chosen documents has the language "${lang}".`, { details: { field: 'langs' } });
    }
    if (langs.length === 0) throw new ValidationError('The chosen documents have no target language to export.', { details: { field: 'langs' } });
    const statuses = new Set(options.statuses && options.statuses.length > 0 ? options.statuses : DEFAULT_EXPORT_STATUSES);
    if (statuses.has('empty')) throw new ValidationError('Empty slots have nothing to export; choose other statuses.', { details: { field: 'statuses' } });
    const codes = { ...DEFAULT_LANG_CODES, ...options.langCodes };
    const codeOf = (lang: string) => codes[lang] ?? (lang.includes('-') ? lang : codes[primaryOf(lang)] ?? lang);
    for (const lang of ['zh', ...langs]) {
      if (!/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(codeOf(lang))) throw new ValidationError(`"${codeOf(lang)}" is not a language code.`, { details: { field: 'langCodes' } });
    }
    return { documents, langs, statuses, codeOf };
  }

  function baseName(documents: Document[], langs: readonly string[], extension: string): string {
    const date = now().toISOString().slice(0, 10).replace(/-/g, '');
    const which = documents.length === 1 ? `doc${documents[0]!.id}` : `${documents.length}-documents`;
    return `duizhao-${which}-${langs.join('-')}-${date}.${extension}`.replace(/[^A-Za-z0-9._-]/g, '_');
  }

  return {
    /**
     * Exports documents. Options are checked before anything is produced, so a bad request
     * fails with a clear error; the body then reads the store in batches while it is consumed.
     */
    exportDocuments(options: ExportOptions): ExportResult {
      const { documents, langs, statuses, codeOf } = validateOptions(options);
      const stats: ExportStats = { ...newTmxStats(), groups: 0, skippedGroups: 0 };
      const warnings: string[] = [];
      const wantNotes = options.includeNotes === true;
      if (wantNotes && !comments) warnings.push('No comment source was given; the export has no notes.');
      const creators = new Map<number, string | null>();
      const creatorName = (id: number | null) => {
        if (id === null) return null;
        if (!creators.has(id)) creators.set(id, store.users.findUser(id)?.name ?? null);
        return creators.get(id) ?? null;
      };

      function* includedGroups(): Generator<ExportGroup> {
        for (const document of documents) {
          for (const group of documentGroups(document, langs.filter((l) => document.langs.includes(l)), statuses)) {
            stats.groups += 1;
            if (!group.variants.some((v) => v.included)) {
              stats.skippedGroups += 1;
              continue;
            }
            yield group;
          }
        }
      }
      const notesOf = (group: ExportGroup): string[] => {
        if (!wantNotes || !comments) return [];
        const shown = new Set(group.variants.filter((v) => v.included).map((v) => v.lang));
        return comments.listComments(group.document.id, group.segments.map((s) => s.id))
          .filter((c) => c.lang === null || shown.has(c.lang))
          .map((c) => `${c.author ?? 'unknown'}${c.lang ? ` (${codeOf(c.lang)})` : ''}: ${c.text}`);
      };
      const range = (group: ExportGroup) => {
        const first = group.segments[0]!.position + 1;
        const last = group.segments[group.segments.length - 1]!.position + 1;
        return first === last ? String(first) : `${first}-${last}`;
      };
      function* units(): Generator<TmxUnitInput> {
        for (const group of includedGroups()) {
          const included = group.variants.filter((v) => v.included);
          const latest = included.reduce((l, v) => (v.changedAt > l.changedAt ? v : l), included[0]!);
          const variants: TmxVariant[] = [
            { lang: codeOf('zh'), text: group.sourceText },
            ...included.map((v) => ({
              lang: codeOf(v.lang), text: v.text, changedate: v.changedAt || null, changeid: v.changedBy,
              props: [{ type: 'x-status', value: v.status }],
            })),
          ];
          yield {
            tuid: `doc${group.document.id}-seg${group.segments[0]!.id}`,
            creationdate: group.document.createdAt,
            creationid: creatorName(group.document.createdBy),
            changedate: latest.changedAt || null,
            changeid: latest.changedBy,
            props: [
              { type: 'x-document', value: group.document.title },
              { type: 'x-document-id', value: String(group.document.id) },
              { type: 'x-segments', value: range(group) },
            ],
            notes: notesOf(group),
            variants,
          };
        }
      }
      const tableHeader = ['document', 'segments', codeOf('zh'), ...langs.flatMap((l) => [codeOf(l), `${codeOf(l)} status`]), ...(wantNotes ? ['notes'] : [])];
      function* tableRows(): Generator<string[]> {
        for (const group of includedGroups()) {
          yield [
            group.document.title, range(group), group.sourceText,
            ...langs.flatMap((lang) => {
              const v = group.variants.find((x) => x.lang === lang);
              return v ? [v.included ? v.text : '', v.status] : ['', ''];
            }),
            ...(wantNotes ? [notesOf(group).join('\n')] : []),
          ];
        }
      }

      const audit = () => store.users.insertAuditEntry({
        userId: options.user?.id ?? null, action: 'export', documentId: documents.length === 1 ? documents[0]!.id : null,
        details: { format: options.format, documents: documents.map((d) => d.id), langs, statuses: [...statuses] }, now: now().toISOString(),
      });
      audit();

      const format = options.format;
      if (format === 'tmx') {
        return {
          filename: baseName(documents, langs, 'tmx'), contentType: 'application/x-tmx+xml; charset=utf-8', stats, warnings,
          body: (async function* () {
            const header = {
              creationtoolversion: version, srclang: codeOf('zh'), creationdate: now().toISOString(),
              ...(documents.length === 1 && { props: [{ type: 'x-document', value: documents[0]!.title }] }),
            };
            yield* writeTmx(header, units(), stats);
          })(),
        };
      }
      if (format === 'tsv' || format === 'csv') {
        return {
          filename: baseName(documents, langs, format), stats, warnings,
          contentType: format === 'csv' ? 'text/csv; charset=utf-8' : 'text/tab-separated-values; charset=utf-8',
          body: (async function* () {
            for (const chunk of writeTable(tableHeader, (function* () {
              for (const row of tableRows()) {
                stats.units += 1;
                yield row;
              }
            })(), format, stats)) {
              stats.bytes += Buffer.byteLength(chunk);
              yield chunk;
            }
          })(),
        };
      }
      return {
        filename: baseName(documents, langs, 'docx'), stats, warnings,
        contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        body: (async function* () {
          const rows: string[][] = [];
          for (const row of tableRows()) {
            rows.push(row);
            if (rows.length > MAX_REVIEW_TABLE_GROUPS) {
              throw new ValidationError(`A review table holds at most ${MAX_REVIEW_TABLE_GROUPS} rows; export TSV or CSV instead.`);
            }
          }
          stats.units = rows.length;
          const title = documents.length === 1 ? documents[0]!.title : `${documents.length} documents`;
          const shown = [...statuses].map((s) => SLOT_STATUS_LABELS[s].toLowerCase()).join(', ');
          const bytes = await reviewTableDocx({
            title,
            subtitle: `Exported from Duizhao ${version} on ${now().toISOString().slice(0, 16).replace('T', ' ')} UTC; translations shown: ${shown}.`,
            columns: tableHeader.map((t) => ({ title: t, ...(t === codeOf('zh') && { lang: t }) })),
            rows,
          }, stats);
          stats.bytes = bytes.byteLength;
          yield bytes;
        })(),
      };
    },

    /**
     * Imports a TMX file into the translation memory: every target language of a `<tu>`
     * becomes one TM unit paired with the source text. The whole file is read inside one
     * transaction, so a file refused anywhere (malformed, wrong root, DOCTYPE with
     * entities) leaves the TM exactly as it was.
     */
    importTmx(input: { file: TmxFileInput | { name: string; chunks: Iterable<Uint8Array> }; user: User | null }): TmImportReport {
      if (input.user && !input.user.roles.some((r) => r === 'admin' || r === 'translator')) {
        throw new PermissionError('Only translators and admins can import into the translation memory.');
      }
      const chunks = 'bytes' in input.file ? chunksOf(input.file.bytes) : input.file.chunks;
      const at = now().toISOString();
      const report: TmImportReport = { file: input.file.name, unitsRead: 0, unitsImported: 0, pairsImported: 0, longUnits: 0, skipped: [], droppedCodes: 0, sourceLang: null };
      const skip = (reason: TmSkipReason, unit: TmxReadUnit) => {
        let entry = report.skipped.find((s) => s.reason === reason);
        if (!entry) report.skipped.push(entry = { reason, count: 0, examples: [] });
        entry.count += 1;
        if (entry.examples.length < 5) entry.examples.push(unit.tuid ?? `#${unit.index}`);
      };
      // perf (issue #15): pairs go to the store in batches inside the one transaction, so
      // a refused file still leaves the TM as it was, and memory holds one batch at a time.
      type Pending = { unit: TmxReadUnit; pairs: number };
      let batch: NewTmUnit[] = [];
      let owners: Pending[] = [];
      const flush = () => {
        const added = store.tm.insertTmUnits(batch);
        let offset = 0;
        for (const owner of owners) {
          const n = added.slice(offset, offset + owner.pairs).filter(Boolean).length;
          offset += owner.pairs;
          if (n === 0) skip('duplicate', owner.unit);
          else {
            report.unitsImported += 1;
            report.pairsImported += n;
          }
        }
        batch = [];
        owners = [];
      };
      try {
        store.transaction(() => {
          let header: TmxReadHeader = {};
          for (const event of readTmx(chunks)) {
            if (event.kind === 'header') {
              header = event.header;
              continue;
            }
            const unit = event.unit;
            report.unitsRead += 1;
            report.droppedCodes += unit.droppedCodes;
            const pick = pickSource(unit, header);
            if (pick.kind === 'skip') {
              skip(pick.reason, unit);
              continue;
            }
            report.sourceLang ??= pick.source.lang;
            if ([pick.source, ...pick.targets].some((v) => v.text.length > LONG_UNIT_CHARS)) report.longUnits += 1;
            for (const target of pick.targets) {
              batch.push({
                sourceLang: pick.source.lang, sourceText: pick.source.text, targetLang: target.lang, targetText: target.text,
                origin: 'tmx', originName: input.file.name, tuid: unit.tuid ?? null, documentId: null,
                author: target.changeid ?? unit.changeid ?? unit.creationid ?? null,
                changedAt: target.changedate ?? unit.changedate ?? null, createdBy: input.user?.id ?? null, createdAt: at,
              });
            }
            owners.push({ unit, pairs: pick.targets.length });
            if (batch.length >= IMPORT_BATCH) flush();
          }
          flush();
          // A bulk import leaves the token indexes in many segments, which every look-up
          // then seeks; merging them costs time in proportion to the whole TM, so only an
          // import that grew the TM by a tenth (and 10,000 pairs) pays for it.
          if (report.pairsImported >= Math.max(10_000, store.tm.countTmUnits() / 10)) store.tm.optimizeTmIndex();
          store.users.insertAuditEntry({
            userId: input.user?.id ?? null, action: 'tm_import',
            details: { file: input.file.name, unitsRead: report.unitsRead, pairsImported: report.pairsImported }, now: at,
          });
        });
      } catch (error) {
        asTmxError(error);
      }
      return report;
    },

    /**
     * Creates a document from a TMX file. The zh side of each `<tu>` is segmented into
     * sentences like an imported text: one segment normally, several when the unit holds
     * several sentences, in which case each other language's text becomes one slot
     * spanning them all (status `translated`). Each `<tu>` starts a paragraph.
     */
    createDocumentFromTmx(input: { file: TmxFileInput; title?: string; user: User | null }): { documentId: number; segmentCount: number; unitsRead: number; unitsSkipped: number; langs: string[] } {
      if (input.user && !input.user.roles.some((r) => r === 'admin' || r === 'translator')) {
        throw new PermissionError('Only translators and admins can create documents.');
      }
      type Planned = { sentences: string[]; targets: Map<string, string> };
      const planned: Planned[] = [];
      const langs: string[] = [];
      let header: TmxReadHeader = {};
      let unitsRead = 0;
      let unitsSkipped = 0;
      try {
        for (const event of readTmx(chunksOf(input.file.bytes))) {
          if (event.kind === 'header') {
            header = event.header;
            continue;
          }
          unitsRead += 1;
          const pick = pickSource(event.unit, header);
          if (pick.kind === 'skip' && pick.reason !== 'no_target') {
            unitsSkipped += 1;
            continue;
          }
          const source = pick.kind === 'pick' ? pick.source : sourceVariant(event.unit, header);
          if (!source || primaryOf(source.lang) !== 'zh') {
            unitsSkipped += 1;
            continue;
          }
          const sentences = segment(source.text, 'zh').map((s) => s.text);
          if (sentences.length === 0) {
            unitsSkipped += 1;
            continue;
          }
          const targets = new Map<string, string>();
          for (const target of pick.kind === 'pick' ? pick.targets : []) {
            const lang = documentLang(target.lang);
            // A second Chinese variant (zh-TW beside zh-CN) cannot be a target language here.
            if (primaryOf(lang) === 'zh' || !LANG_TAG.test(lang) || targets.has(lang)) continue;
            targets.set(lang, target.text.trim());
            if (!langs.includes(lang)) langs.push(lang);
          }
          planned.push({ sentences, targets });
        }
      } catch (error) {
        asTmxError(error);
      }
      if (planned.length === 0) throw new ValidationError('The file holds no unit with Chinese (zh) text, so no document can be made from it.', { code: 'empty_text' });
      const targetLangs = parseTargetLangs(langs.length > 0 ? langs : undefined);
      const title = (input.title ?? '').normalize('NFC').replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ').trim()
        || input.file.name.replace(/\.[^.]+$/, '') || 'TMX import';
      if (title.length > 200) throw new ValidationError('A title has at most 200 characters.', { details: { field: 'title' } });
      const at = now().toISOString();
      const userId = input.user?.id ?? null;
      const documentId = store.transaction(() => {
        const id = store.documents.insertDocument({ title, sourceLang: 'zh-CN', createdBy: userId, langs: targetLangs, now: at });
        const segments = planned.flatMap((p, paragraph) => p.sentences.map((text) => ({ paragraph, text })));
        const ids = store.segments.insertSegments(id, segments);
        let offset = 0;
        for (const unit of planned) {
          const unitIds = ids.slice(offset, offset + unit.sentences.length);
          offset += unit.sentences.length;
          for (const lang of targetLangs) {
            const text = unit.targets.get(lang) ?? '';
            if (text.length === 0) {
              for (const segmentId of unitIds) store.slots.insertHead({ segmentId, lang, text: '', status: 'empty', span: 1, updatedBy: userId, now: at });
              continue;
            }
            const head = unitIds[0]!;
            store.slots.insertHead({ segmentId: head, lang, text, status: 'translated', span: unitIds.length, updatedBy: userId, now: at });
            for (const segmentId of unitIds.slice(1)) store.slots.insertContinuation(segmentId, lang, head);
            store.revisions.insertRevision({ segmentId: head, lang, version: 1, text, status: 'translated', span: unitIds.length, authorId: userId, createdAt: at, action: 'import' });
          }
        }
        for (const lang of targetLangs) {
          const problems = store.slots.checkTiling(id, lang);
          if (problems.length > 0) throw new Error(`Slot tiling broken after TMX import: ${problems.join('; ')}`);
        }
        store.users.insertAuditEntry({
          userId, action: 'document_import', documentId: id,
          details: { title, segments: segments.length, langs: targetLangs, source: input.file.name, format: 'tmx' }, now: at,
        });
        return id;
      });
      return { documentId, segmentCount: planned.reduce((n, p) => n + p.sentences.length, 0), unitsRead, unitsSkipped, langs: targetLangs };
    },

    countTmUnits(): number {
      return store.tm.countTmUnits();
    },
  };
}

type Variant = { lang: string; text: string; changeid?: string; changedate?: string };

/** The unit's source variant: the one in the unit's (or header's) srclang; with `*all*` or none, the first Chinese one. */
function sourceVariant(unit: TmxReadUnit, header: TmxReadHeader): Variant | undefined {
  const declared = unit.srclang ?? header.srclang;
  const srclang = declared && declared !== '*all*' ? normalizeLangCode(declared) : undefined;
  const variants = unit.variants.map((v) => ({ ...v, lang: normalizeLangCode(v.lang), text: v.text.normalize('NFC') }));
  if (srclang) {
    return variants.find((v) => v.lang === srclang) ?? variants.find((v) => primaryOf(v.lang) === primaryOf(srclang) && !srclang.includes('-'));
  }
  return variants.find((v) => primaryOf(v.lang) === 'zh') ?? variants[0];
}

type Pick = { kind: 'pick'; source: Variant; targets: Variant[] } | { kind: 'skip'; reason: TmSkipReason };

/** Splits a unit into its source text and its translations, or says why it is skipped. */
function pickSource(unit: TmxReadUnit, header: TmxReadHeader): Pick {
  if (unit.variants.some((v) => !/^[A-Za-z]{1,8}([-_][A-Za-z0-9]{1,8})*$/.test(v.lang))) return { kind: 'skip', reason: 'bad_lang' };
  const source = sourceVariant(unit, header);
  if (!source || source.text.trim().length === 0) return { kind: 'skip', reason: 'no_source' };
  const targets = unit.variants
    .map((v) => ({ ...v, lang: normalizeLangCode(v.lang), text: v.text.normalize('NFC') }))
    .filter((v) => v.lang !== source.lang && v.text.trim().length > 0);
  // One pair per target language: a second variant in the same language is a duplicate in the file.
  const unique = targets.filter((v, i) => targets.findIndex((w) => w.lang === v.lang) === i);
  if (unique.length === 0) return { kind: 'skip', reason: 'no_target' };
  return { kind: 'pick', source, targets: unique };
}

export type ExchangeService = ReturnType<typeof createExchangeService>;

/**
 * Exchange: exporting documents as TMX, TSV/CSV or a review table, importing TMX into the
 * translation memory, and creating a document from a TMX file (issue #6).
 */
import { LANG_TAG, LANGUAGE_NAMES } from '../domain.js';
import { readTmx, TmxReadError, type TmxReadHeader, type TmxReadUnit } from '../formats/tmx-reader.js';
import { writeTmx, type TmxProp, type TmxUnitInput, type TmxVariant } from '../formats/tmx-writer.js';
import type { Store } from '../store/index.js';
import type { NewTmUnit } from '../store/tm.js';
import type { User } from '../store/users.js';
import { segment } from '../text/segment.js';
import { parseTargetLangs } from './documents.js';
import { authorizeInWorkspace } from './access.js';
import { discardDocument } from './document-import.js';
import { PermissionError, ValidationError } from './errors.js';
import type { JobControl } from './jobs.js';
import { partsLabel, segmentRange, type ExportVariant } from './export-groups.js';
import { prepareExport, type CommentSource, type ExportOptions, type ExportResult, type ExportRun } from './export-run.js';
import { exportReviewTable, exportTable } from './export-tables.js';
import { exportXliff } from './exchange-xliff.js';

export {
  DEFAULT_EXPORT_STATUSES, DEFAULT_LANG_CODES, EXPORT_FORMATS, NON_EMPTY_STATUSES,
  type CommentSource, type ExportFormat, type ExportOptions, type ExportResult, type ExportStats,
} from './export-run.js';
export { MAX_REVIEW_TABLE_GROUPS } from './export-tables.js';
export type { ExportGroup } from './export-groups.js';

/** A TMX unit side longer than this is "long" in the import report (tools such as Trados cap segments near here). */
export const LONG_UNIT_CHARS = 2_000;
/** TM units handed to the store at once by a TMX import (one batch of rows and index tokens in memory). */
const IMPORT_BATCH = 5_000;
/**
 * A large file made into a document: `<tu>`s read between turns of the event loop, and
 * written per transaction. Most units are one sentence with two targets, so 1,000 are about
 * the 3,000 rows document-import.ts writes per transaction (about 0.1 s measured there).
 */
const TMX_DOCUMENT_PART = 1_000;

const nextTurn = () => new Promise<void>((resolve) => { setImmediate(resolve); });

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
  /** Every skipped unit (up to MAX_LISTED_SKIPS) with its line in the file and why. */
  skippedUnits: { line: number; tuid: string | null; reason: TmSkipReason }[];
  /** Skipped units beyond MAX_LISTED_SKIPS, counted but not listed. */
  skippedNotListed: number;
  droppedCodes: number;
  sourceLang: string | null;
}

export interface TmxFileInput { name: string; bytes: Uint8Array }
export interface TmxDocumentInput { file: TmxFileInput; title?: string; user: User | null }
export interface TmxDocumentResult { documentId: number; segmentCount: number; unitsRead: number; unitsSkipped: number; langs: string[] }
export interface TmImportInput { file: TmxFileInput | { name: string; chunks: Iterable<Uint8Array> }; user: User | null }

/** A report lists this many skipped units one by one; a larger file's rest is counted. */
export const MAX_LISTED_SKIPS = 100_000;

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

/**
 * A tuv's props: its status (the weakest of its slots, and each slot's when it joins
 * several), and what the aligner said: its confidence and whether a person has confirmed
 * the placement since (`x-alignment`: `automatic` while any slot is still as aligned).
 * TMX 1.4b: these precede the `<seg>` (tuv = (note|prop)*, seg).
 */
export function tmxVariantProps(variant: ExportVariant): TmxProp[] {
  const props: TmxProp[] = [{ type: 'x-status', value: variant.status }];
  if (variant.parts.length > 0) props.push({ type: 'x-status-parts', value: partsLabel(variant.parts) });
  if (variant.confidence !== null) props.push({ type: 'x-confidence', value: variant.confidence.toFixed(2) });
  if (variant.confidence !== null || variant.heads.some((h) => h.status === 'aligned')) {
    props.push({ type: 'x-alignment', value: variant.heads.some((h) => h.status === 'aligned') ? 'automatic' : 'confirmed' });
  }
  return props;
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
  /** TMX units of the included groups (perf's streaming TMX export). */
  function* tmxUnits(run: ExportRun): Generator<TmxUnitInput> {
    const { codeOf } = run;
    for (const group of run.groups()) {
      const included = group.variants.filter((v) => v.included);
      const latest = included.reduce((l, v) => (v.changedAt > l.changedAt ? v : l), included[0]!);
      const variants: TmxVariant[] = [
        { lang: codeOf('zh'), text: group.sourceText },
        ...included.map((v) => ({
          lang: codeOf(v.lang), text: v.text, changedate: v.changedAt || null, changeid: v.changedBy,
          props: tmxVariantProps(v),
        })),
      ];
      yield {
        tuid: `doc${group.document.id}-seg${group.segments[0]!.id}`,
        creationdate: group.document.createdAt,
        creationid: run.creatorName(group.document.createdBy),
        changedate: latest.changedAt || null,
        changeid: latest.changedBy,
        props: [
          { type: 'x-document', value: group.document.title },
          { type: 'x-document-id', value: String(group.document.id) },
          { type: 'x-segments', value: segmentRange(group.segments) },
        ],
        notes: run.notesOf(group),
        variants,
      };
    }
  }

  /**
   * One TMX import into the TM: `steps` reads the file and writes its pairs `batch` at a
   * time (yielding the share of the file read after each), `finish` writes the audit entry.
   */
  function startTmImport(input: TmImportInput, importId: number | null, batchSize: number) {
    if (input.user) authorizeInWorkspace(input.user, 'import-tmx');
    const chunks = 'bytes' in input.file ? chunksOf(input.file.bytes) : input.file.chunks;
    const totalBytes = 'bytes' in input.file ? input.file.bytes.byteLength : null;
    const at = now().toISOString();
    const report: TmImportReport = {
      file: input.file.name, unitsRead: 0, unitsImported: 0, pairsImported: 0, longUnits: 0, skipped: [], skippedUnits: [], skippedNotListed: 0, droppedCodes: 0, sourceLang: null,
    };
    const skip = (reason: TmSkipReason, unit: TmxReadUnit) => {
      let entry = report.skipped.find((s) => s.reason === reason);
      if (!entry) report.skipped.push(entry = { reason, count: 0, examples: [] });
      entry.count += 1;
      if (entry.examples.length < 5) entry.examples.push(unit.tuid ?? `#${unit.index}`);
      if (report.skippedUnits.length < MAX_LISTED_SKIPS) report.skippedUnits.push({ line: unit.line, tuid: unit.tuid ?? null, reason });
      else report.skippedNotListed += 1;
    };
    // perf (issue #15): pairs go to the store in batches, so memory holds one batch at a time.
    type Pending = { unit: TmxReadUnit; pairs: number };
    let batch: NewTmUnit[] = [];
    let owners: Pending[] = [];
    let bytesRead = 0;
    const counted = function* () {
      for (const chunk of chunks) {
        bytesRead += chunk.byteLength;
        yield chunk;
      }
    };
    const flush = () => {
      const added = store.tm.insertTmUnits(batch, importId);
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
    const share = () => (totalBytes ? (bytesRead / totalBytes) * 100 : 0);
    function* steps(): Generator<number> {
      let header: TmxReadHeader = {};
      for (const event of readTmx(counted())) {
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
        if (batch.length >= batchSize) {
          flush();
          yield share();
        }
      }
      flush();
    }
    return {
      report,
      steps: steps(),
      /** The audit entry; in-thread, the index compaction too (tm-import.ts compacts in parts). */
      finish(options: { optimize?: boolean } = {}) {
        // A bulk import leaves the token indexes in many segments, which every look-up
        // then seeks; merging them costs time in proportion to the whole TM, so only an
        // import that grew the TM by a tenth (and 10,000 pairs) pays for it.
        if ((options.optimize ?? true) && report.pairsImported >= Math.max(10_000, store.tm.countTmUnits() / 10)) store.tm.optimizeTmIndex();
        store.users.insertAuditEntry({
          userId: input.user?.id ?? null, action: 'tm_import',
          details: { file: input.file.name, unitsRead: report.unitsRead, pairsImported: report.pairsImported }, now: at,
        });
      },
    };
  }

  type Planned = { sentences: string[]; targets: Map<string, string> };
  /** Reads a TMX file into a document's plan: `steps` yields every TMX_DOCUMENT_PART units, `settle` checks what was read. */
  function planTmxDocument(input: TmxDocumentInput) {
    if (input.user) authorizeInWorkspace(input.user, 'import-document');
    const planned: Planned[] = [];
    const langs: string[] = [];
    let unitsRead = 0;
    let unitsSkipped = 0;
    const segmentCount = () => planned.reduce((n, p) => n + p.sentences.length, 0);
    function* steps(): Generator<void> {
      let header: TmxReadHeader = {};
      try {
        for (const event of readTmx(chunksOf(input.file.bytes))) {
          if (event.kind === 'header') {
            header = event.header;
            continue;
          }
          unitsRead += 1;
          if (unitsRead % TMX_DOCUMENT_PART === 0) yield;
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
    }
    return {
      planned,
      fileName: input.file.name,
      steps: steps(),
      settle() {
        if (planned.length === 0) throw new ValidationError('The file holds no unit with Chinese (zh) text, so no document can be made from it.', { code: 'empty_text' });
        const targetLangs = parseTargetLangs(langs.length > 0 ? langs : undefined);
        const title = (input.title ?? '').normalize('NFC').replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ').trim()
          || input.file.name.replace(/\.[^.]+$/, '') || 'TMX import';
        if (title.length > 200) throw new ValidationError('A title has at most 200 characters.', { details: { field: 'title' } });
        return { title, targetLangs, at: now().toISOString(), userId: input.user?.id ?? null };
      },
      segmentCount,
      result(documentId: number, targetLangs: string[]): TmxDocumentResult {
        return { documentId, segmentCount: segmentCount(), unitsRead, unitsSkipped, langs: targetLangs };
      },
    };
  }

  /** Writes planned units (from the `paragraph`-th, their first segment at `position`) with their slots. */
  function writeTmxDocumentUnits(id: number, units: readonly Planned[], paragraph: number, position: number, targetLangs: readonly string[], userId: number | null, at: string): void {
    const segments = units.flatMap((p, i) => p.sentences.map((text) => ({ paragraph: paragraph + i, text })));
    const ids = store.segments.insertSegments(id, segments, position);
    let offset = 0;
    for (const unit of units) {
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
  }

  function finishTmxDocument(id: number, plan: { segmentCount(): number; fileName: string }, title: string, targetLangs: readonly string[], userId: number | null, at: string): void {
    for (const lang of targetLangs) {
      const problems = store.slots.checkTiling(id, lang);
      if (problems.length > 0) throw new Error(`Slot tiling broken after TMX import: ${problems.join('; ')}`);
    }
    store.users.insertAuditEntry({
      userId, action: 'document_import', documentId: id,
      details: { title, segments: plan.segmentCount(), langs: targetLangs, source: plan.fileName, format: 'tmx' }, now: at,
    });
  }

  return {
    /**
     * Exports documents. Options are checked before anything is produced, so a bad request
     * fails with a clear error; the body then reads one snapshot in batches while it is
     * consumed, and the export is audited when it has finished.
     */
    exportDocuments(options: ExportOptions): ExportResult {
      const run = prepareExport({ store, now, comments }, options);
      const { documents, stats } = run;
      switch (options.format) {
        case 'tsv':
        case 'csv':
          return exportTable(run, options.format);
        case 'docx':
          return exportReviewTable(run, version, now);
        case 'xliff12':
        case 'xliff20':
          return exportXliff(run, options.format, version);
        case 'tmx':
          return {
            filename: run.baseName('tmx'), contentType: 'application/x-tmx+xml; charset=utf-8', stats, warnings: run.warnings,
            body: run.body(function* () {
              const header = {
                creationtoolversion: version, srclang: run.codeOf('zh'), creationdate: now().toISOString(),
                ...(documents.length === 1 && { props: [{ type: 'x-document', value: documents[0]!.title }] }),
              };
              yield* writeTmx(header, tmxUnits(run), stats);
            }),
          };
      }
    },

    /**
     * Imports a TMX file into the translation memory: every target language of a `<tu>`
     * becomes one TM unit paired with the source text. The whole file is read inside one
     * transaction, so a file refused anywhere (malformed, wrong root, DOCTYPE with
     * entities) leaves the TM exactly as it was. For a small file (tm-import.ts takes
     * the large ones).
     */
    importTmx(input: TmImportInput): TmImportReport {
      const run = startTmImport(input, null, IMPORT_BATCH);
      try {
        store.transaction(() => {
          for (const _ of run.steps) { /* one batch written */ }
          run.finish();
        });
      } catch (error) {
        asTmxError(error);
      }
      return run.report;
    },

    /**
     * The same import in parts, for tm-import.ts: each step reads the file on to its next
     * `batch` pairs and writes them under `importId` (hidden until the caller finishes it);
     * the caller runs each step in its own transaction, then `finish` in the last one.
     * A refused file throws from a step, as the ValidationError importTmx gives.
     */
    startTmImport(input: TmImportInput, importId: number | null, batch: number) {
      const run = startTmImport(input, importId, batch);
      return {
        report: run.report,
        *steps(): Generator<number> {
          try {
            yield* run.steps;
          } catch (error) {
            asTmxError(error);
          }
        },
        finish: run.finish,
      };
    },

    /**
     * Creates a document from a TMX file. The zh side of each `<tu>` is segmented into
     * sentences like an imported text: one segment normally, several when the unit holds
     * several sentences, in which case each other language's text becomes one slot
     * spanning them all (status `translated`). Each `<tu>` starts a paragraph. For a small
     * file: one transaction on the request thread (createDocumentFromTmxInParts otherwise).
     */
    createDocumentFromTmx(input: TmxDocumentInput): TmxDocumentResult {
      const plan = planTmxDocument(input);
      for (const _ of plan.steps) { /* read on */ }
      const { title, targetLangs, at, userId } = plan.settle();
      const documentId = store.transaction(() => {
        const id = store.documents.insertDocument({ title, sourceLang: 'zh-CN', createdBy: userId, langs: targetLangs, now: at });
        writeTmxDocumentUnits(id, plan.planned, 0, 0, targetLangs, userId, at);
        finishTmxDocument(id, plan, title, targetLangs, userId, at);
        return id;
      });
      return plan.result(documentId, targetLangs);
    },

    /**
     * The same for a large file, as document-import.ts writes a large text: read with the
     * event loop free every TMX_DOCUMENT_PART units, written that many units a transaction,
     * hidden (document_imports) until the last one commits, deleted again if anything fails.
     */
    async createDocumentFromTmxInParts(input: TmxDocumentInput, control?: JobControl): Promise<TmxDocumentResult> {
      control?.phase('reading', null);
      const plan = planTmxDocument(input);
      for (const _ of plan.steps) await nextTurn();
      control?.throwIfCancelled?.();
      const { title, targetLangs, at, userId } = plan.settle();
      const documentId = store.transaction(() => {
        const id = store.documents.insertDocument({ title, sourceLang: 'zh-CN', createdBy: userId, langs: targetLangs, now: at });
        store.documents.insertDocumentImport(id, at);
        return id;
      });
      try {
        let position = 0;
        for (let from = 0; from < plan.planned.length; from += TMX_DOCUMENT_PART) {
          control?.throwIfCancelled?.();
          control?.phase('saving', (from / plan.planned.length) * 100);
          const part = plan.planned.slice(from, from + TMX_DOCUMENT_PART);
          store.transaction(() => writeTmxDocumentUnits(documentId, part, from, position, targetLangs, userId, at));
          position += part.reduce((n, p) => n + p.sentences.length, 0);
          await nextTurn();
        }
        control?.throwIfCancelled?.();
        store.transaction(() => {
          // The importer may have lost the translator role while it was written.
          if (input.user) {
            const current = store.users.findUser(input.user.id);
            if (!current || current.disabled) throw new PermissionError('Your account was disabled during the import. Nothing was imported.');
            authorizeInWorkspace(current, 'import-document');
          }
          finishTmxDocument(documentId, plan, title, targetLangs, userId, at);
          store.documents.finishDocumentImport(documentId);
        });
      } catch (error) {
        await discardDocument(store, documentId);
        throw error;
      }
      return plan.result(documentId, targetLangs);
    },

    countTmUnits(): number {
      return store.tm.countTmUnits();
    },
  };
}

type Variant = { lang: string; text: string; changeid?: string; changedate?: string };

/** The unit's source variant: the one in the unit's (or header's) srclang; with `*all*` or none, the first Chinese one. */
/** A unit's variants with their language codes normalised and their texts in NFC. */
function normalizedVariants(unit: TmxReadUnit): Variant[] {
  return unit.variants.map((v) => ({ ...v, lang: normalizedLang(v.lang), text: v.text.normalize('NFC') }));
}

/**
 * normalizeLangCode, remembered: a TMX file names the same two or three languages in every
 * unit (bench/tmx.ts: normalising them was ~4 % of an import). Bounded, as a hostile
 * file may name a new language in every unit.
 */
const normalizedLangs = new Map<string, string>();
function normalizedLang(code: string): string {
  let normalized = normalizedLangs.get(code);
  if (normalized === undefined) {
    normalized = normalizeLangCode(code);
    if (normalizedLangs.size < 1024) normalizedLangs.set(code, normalized);
  }
  return normalized;
}

function sourceVariant(unit: TmxReadUnit, header: TmxReadHeader, variants = normalizedVariants(unit)): Variant | undefined {
  const declared = unit.srclang ?? header.srclang;
  const srclang = declared && declared !== '*all*' ? normalizedLang(declared) : undefined;
  if (srclang) {
    return variants.find((v) => v.lang === srclang) ?? variants.find((v) => primaryOf(v.lang) === primaryOf(srclang) && !srclang.includes('-'));
  }
  return variants.find((v) => primaryOf(v.lang) === 'zh') ?? variants[0];
}

type Pick = { kind: 'pick'; source: Variant; targets: Variant[] } | { kind: 'skip'; reason: TmSkipReason };

/** Splits a unit into its source text and its translations, or says why it is skipped. */
function pickSource(unit: TmxReadUnit, header: TmxReadHeader): Pick {
  if (unit.variants.some((v) => !/^[A-Za-z]{1,8}([-_][A-Za-z0-9]{1,8})*$/.test(v.lang))) return { kind: 'skip', reason: 'bad_lang' };
  const variants = normalizedVariants(unit);
  const source = sourceVariant(unit, header, variants);
  if (!source || source.text.trim().length === 0) return { kind: 'skip', reason: 'no_source' };
  const targets = variants.filter((v) => v.lang !== source.lang && v.text.trim().length > 0);
  // One pair per target language: a second variant in the same language is a duplicate in the file.
  const unique = targets.filter((v, i) => targets.findIndex((w) => w.lang === v.lang) === i);
  if (unique.length === 0) return { kind: 'skip', reason: 'no_target' };
  return { kind: 'pick', source, targets: unique };
}

export type ExchangeService = ReturnType<typeof createExchangeService>;

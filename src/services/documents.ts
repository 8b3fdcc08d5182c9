import { attachOrphans } from '../align/orphans.js';
import { doubts } from '../align/reasons.js';
import { LANG_TAG, type RegionHead, type SlotCalibration, type SlotStatus } from '../domain.js';
import { decodeText } from '../text/decode.js';
import { joinSentences } from '../text/join.js';
import { normalizeText } from '../text/normalize.js';
import { segment } from '../text/segment.js';
import type { Document, DocumentSummary } from '../store/documents.js';
import type { Segment } from '../store/segments.js';
import type { Slot } from '../store/slots.js';
import type { User } from '../store/users.js';
import { authorizeInWorkspace } from './access.js';
import { requireDocument, type ServiceDeps } from './context.js';
import { readDocxText } from './docx-runner.js';
import { importLargeDocument, LARGE_IMPORT_BYTES, type LargeImport } from './document-import.js';
import { recutFlags, slotCalibration } from './flag-cut.js';
import { keepChanged, type HeadVersions, type ImportConflict } from './import-conflicts.js';
import type { JobControl } from './jobs.js';
import { PayloadTooLargeError, ValidationError } from './errors.js';

/** Uploads and pasted texts above this size are refused (issue #2). */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
export const DEFAULT_TARGET_LANGS = ['en', 'ru'] as const;
const MAX_TITLE = 200;

export interface ImportFile { name: string; bytes: Uint8Array }

export interface ImportDocumentInput {
  title?: string;
  /** Pasted text; ignored when a file is given. */
  text?: string;
  file?: ImportFile;
  langs?: readonly string[];
  /** A segmentation rule set (services/segmentation.ts) for the document; absent: the built-in rules. */
  segmentationRulesId?: number;
  /** Null when imported from the command line. */
  user: User | null;
}

/** A bead as the product stores it: source segment positions ↔ target sentence indices. */
export interface PlacementBead {
  source: readonly number[];
  target: readonly number[];
  confidence?: number | null;
  reasons?: readonly string[];
  /** A bead with no source: join the slot before it or the one after (orphans.ts). */
  attach?: 'previous' | 'next';
  /** The aligner's calibrated probability that the bead is right (align/beads.ts). */
  probability?: number;
}

/** One head slot to write: where it starts, how many segments it spans and its text. */
export interface PlannedSlot {
  start: number;
  span: number;
  text: string;
  confidence: number | null;
  reasons: string[];
  /** What the aligner knew of the slot (services/flag-cut.ts); absent for beads without a probability. */
  calibration?: SlotCalibration;
}

/**
 * Turns beads into head slots that tile `segmentCount` segments.
 * `[3,4]:[5]` → one head at 3 spanning 2; `[7]:[8,9]` → one head holding both sentences;
 * `[5]:[]` → an empty head; `[]:[12]` → the sentence joins the head its bead's `attach` names
 * (the aligner's choice from the evidence; the previous one by default, the next at the very
 * start) and that head is flagged, so no translated text is ever dropped.
 * planSlots(2, [{source:[0],target:[0]},{source:[1],target:[1,2]}], ['A.','B.','C.'], 'en')
 *   → [{start:0,span:1,text:'A.'},{start:1,span:1,text:'B. C.'}]
 */
export function planSlots(segmentCount: number, beads: readonly PlacementBead[], sentences: readonly string[], lang: string): PlannedSlot[] {
  const planned: (PlannedSlot & { targets: number[] })[] = [];
  let nextSource = 0;
  for (const bead of attachOrphans(beads)) {
    const start = bead.source[0]!;
    bead.source.forEach((position, i) => {
      if (position !== start + i) throw new ValidationError(`Bead source positions must be consecutive: [${bead.source.join(',')}]`);
    });
    if (start !== nextSource) throw new ValidationError(`Beads must cover the segments in order: expected segment ${nextSource}, got ${start}`);
    nextSource = start + bead.source.length;
    const reasons = [...(bead.reasons ?? [])];
    if (bead.orphans > 0) reasons.push(doubts(`holds ${bead.orphans} sentence(s) with no Chinese counterpart`));
    const calibration = slotCalibration(bead);
    planned.push({ start, span: bead.source.length, text: '', confidence: bead.confidence ?? null, reasons, targets: [...bead.target], ...(calibration && { calibration }) });
  }
  if (nextSource !== segmentCount) throw new ValidationError(`Beads cover ${nextSource} of ${segmentCount} segments`);
  return planned.map(({ targets, ...slot }) => {
    for (const t of targets) if (sentences[t] === undefined) throw new ValidationError(`Bead refers to target sentence ${t}, which does not exist`);
    return { ...slot, text: joinSentences(lang, targets.map((t) => sentences[t]!)) };
  });
}

function cleanTitle(raw: string | undefined, fallback: string | undefined): string {
  // Control characters in a title would break TMX export and confuse the UI.
  const strip = (s: string) => s.normalize('NFC').replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ').replace(/\s+/g, ' ').trim();
  const title = strip(raw ?? '') || strip(fallback ?? '');
  if (!title) throw new ValidationError('Give the document a title.', { details: { field: 'title' } });
  if (title.length > MAX_TITLE) throw new ValidationError(`A title has at most ${MAX_TITLE} characters.`, { details: { field: 'title' } });
  return title;
}

/** Validates target language tags; `undefined` or empty means the defaults (en, ru). */
export function parseTargetLangs(langs: readonly string[] | undefined): string[] {
  const list = (langs ?? []).map((l) => l.trim()).filter((l) => l.length > 0);
  if (list.length === 0) return [...DEFAULT_TARGET_LANGS];
  const out: string[] = [];
  for (const lang of list) {
    if (!LANG_TAG.test(lang)) throw new ValidationError(`"${lang}" is not a language tag like en, ru or pt-BR.`, { details: { field: 'langs' } });
    if (lang.split('-')[0] === 'zh') throw new ValidationError('Chinese is the source language; choose other target languages.', { details: { field: 'langs' } });
    if (!out.includes(lang)) out.push(lang);
  }
  if (out.length > 12) throw new ValidationError('Choose at most 12 target languages.', { details: { field: 'langs' } });
  return out;
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/** The text of an uploaded .txt (UTF-8, UTF-16 with BOM, GB18030) or .docx file, or a clear refusal. */
export async function textOfFile(file: ImportFile): Promise<string> {
  if (file.bytes.byteLength > MAX_IMPORT_BYTES) {
    throw new PayloadTooLargeError(`The file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB. Split the document and import the parts.`);
  }
  const isZip = ZIP_MAGIC.every((b, i) => file.bytes[i] === b);
  if (/\.docx$/i.test(file.name) || (isZip && !/\.txt$/i.test(file.name))) {
    if (!isZip) throw new ValidationError(`"${file.name}" is not a valid .docx file (it is not a ZIP package).`, { code: 'invalid_file' });
    // Checked for ZIP bombs, then parsed in a worker that cannot take the server down.
    return readDocxText(file.bytes, file.name, { maxTextBytes: MAX_IMPORT_BYTES });
  }
  const decoded = decodeText(file.bytes);
  if (!decoded.ok) throw new ValidationError(decoded.message, { code: decoded.code === 'empty' ? 'empty_text' : 'invalid_file' });
  return decoded.text;
}

/**
 * A text or file above LARGE_IMPORT_BYTES as a large import (document-import.ts), with every
 * refusal the in-thread import makes up front made here too; undefined for a small one.
 */
async function largeImport(input: ImportDocumentInput, langs: string[]): Promise<LargeImport | undefined> {
  const file = input.file && input.file.bytes.byteLength > 0 ? input.file : undefined;
  const size = file ? file.bytes.byteLength : Buffer.byteLength(input.text ?? '', 'utf8');
  if (size <= LARGE_IMPORT_BYTES) return undefined;
  if (size > MAX_IMPORT_BYTES) {
    throw new PayloadTooLargeError(file
      ? `The file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB. Split the document and import the parts.`
      : `The text is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB. Split the document and import the parts.`);
  }
  const title = cleanTitle(input.title, file?.name.replace(/\.[^.]+$/, ''));
  const base = { title, langs, user: input.user, ...(file && { fileName: file.name }), ...(input.segmentationRulesId !== undefined && { rulesId: input.segmentationRulesId }) };
  if (!file) {
    const text = input.text ?? '';
    if (text.includes('\u0000')) throw new ValidationError('The text contains NUL characters; it looks like binary data, not text.', { code: 'invalid_file' });
    return { ...base, source: { text } };
  }
  const isZip = ZIP_MAGIC.every((b, i) => file.bytes[i] === b);
  if (/\.docx$/i.test(file.name) || (isZip && !/\.txt$/i.test(file.name))) return { ...base, source: { text: await textOfFile(file) } };
  return { ...base, source: { bytes: file.bytes } };
}

export interface DocumentGrid {
  document: Document;
  segments: Segment[];
  /** Per target language, the slots in segment order (one per segment). */
  slots: Record<string, Slot[]>;
}

/** What the document actions need: no policy object (importing is a workspace action). */
export type DocumentDeps = Pick<ServiceDeps, 'store' | 'now' | 'segmentation'>;

/**
 * Creates a document from pasted text or an uploaded .txt/.docx file: decodes, segments
 * and stores it with an empty slot per segment and target language, in one transaction.
 * Bad input throws before anything is written.
 */
export async function importDocument(deps: DocumentDeps, input: ImportDocumentInput, control?: JobControl): Promise<{ documentId: number; segmentCount: number; paragraphCount: number }> {
  const { store } = deps;
  if (input.user) authorizeInWorkspace(input.user, 'import-document');
  const langs = parseTargetLangs(input.langs);
  const large = await largeImport(input, langs);
  if (large) return importLargeDocument(deps, large, control);
  let raw: string;
  if (input.file && input.file.bytes.byteLength > 0) {
    raw = await textOfFile(input.file);
  } else {
    raw = input.text ?? '';
    if (Buffer.byteLength(raw, 'utf8') > MAX_IMPORT_BYTES) {
      throw new PayloadTooLargeError(`The text is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB. Split the document and import the parts.`);
    }
    if (raw.includes('\u0000')) throw new ValidationError('The text contains NUL characters; it looks like binary data, not text.', { code: 'invalid_file' });
  }
  const text = normalizeText(raw);
  if (text.trim().length === 0) {
    throw new ValidationError(input.file ? `"${input.file.name}" holds no text.` : 'Paste the Chinese text or choose a file to import.', { code: 'empty_text' });
  }
  const title = cleanTitle(input.title, input.file?.name.replace(/\.[^.]+$/, ''));
  const rulesId = input.segmentationRulesId;
  const sentences = segment(text, 'zh', rulesId === undefined ? undefined : deps.segmentation?.rulesOf(rulesId));
  if (sentences.length === 0) throw new ValidationError('The text holds no sentences.', { code: 'empty_text' });
  const at = deps.now().toISOString();
  const userId = input.user?.id ?? null;
  const documentId = store.transaction(() => {
    const id = store.documents.insertDocument({ title, sourceLang: 'zh-CN', createdBy: userId, langs, now: at });
    const segmentIds = store.segments.insertSegments(id, sentences);
    for (const lang of langs) {
      for (const segmentId of segmentIds) {
        store.slots.insertHead({ segmentId, lang, text: '', status: 'empty', span: 1, updatedBy: userId, now: at });
      }
    }
    // The document keeps its rule set: its translations are segmented with it too.
    if (rulesId !== undefined) store.segmentation.upsertDocumentSegmentation({ documentId: id, rulesId, abbreviations: [], userId, now: at });
    store.users.insertAuditEntry({
      userId, action: 'document_import', documentId: id,
      details: { title, segments: sentences.length, langs, source: input.file ? input.file.name : 'pasted text' }, now: at,
    });
    return id;
  });
  const paragraphCount = new Set(sentences.map((s) => s.paragraph)).size;
  return { documentId, segmentCount: sentences.length, paragraphCount };
}

export interface PlaceTranslationInput {
  documentId: number; lang: string; sentences: readonly string[]; beads: readonly PlacementBead[];
  status: SlotStatus; action: 'import' | 'align'; userId: number | null;
  /** Head versions when the import started: a head changed since is kept and reported (import-conflicts.ts). */
  since?: HeadVersions;
}

/**
 * Fills one language's slots of a document from beads, replacing what is there, except
 * (with `since`) heads changed after the import started: those stay, reported as conflicts.
 * Used by the demo loader (gold beads) and by translation import (aligner beads).
 * Writes one revision per head and checks the tiling before committing.
 */
export function placeTranslation(deps: DocumentDeps, input: PlaceTranslationInput): { slots: number; conflicts: ImportConflict[]; flagged: number } {
  const { store } = deps;
  const at = deps.now().toISOString();
  return store.transaction(() => {
    const total = store.segments.countSegments(input.documentId);
    const planned = planSlots(total, input.beads, input.sentences, input.lang);
    const current = store.regions.readRegion(input.documentId, 0, total - 1, [input.lang]);
    const placed: RegionHead[] = planned.map((slot) => ({
      start: slot.start, span: slot.span, text: slot.text, status: slot.text.length === 0 ? 'empty' : input.status,
      confidence: slot.confidence, reasons: slot.reasons, version: 0, ...(slot.calibration && { calibration: slot.calibration }),
    }));
    const { heads, conflicts } = input.since
      ? keepChanged(current.segments, current.slots[input.lang] ?? [], placed, input.since)
      : { heads: placed, conflicts: [] };
    // Writing the region gives every changed head a new version and a revision, so a
    // page that still shows the old text gets a 409 instead of overwriting the import.
    store.regions.writeRegion(input.documentId, current, { ...current, slots: { [input.lang]: heads } }, { userId: input.userId, action: input.action, now: at });
    const problems = store.slots.checkTiling(input.documentId, input.lang);
    if (problems.length > 0) throw new Error(`Slot tiling broken after placing ${input.lang}: ${problems.join('; ')}`);
    // The column's flag: the rule cut over the slots the aligner just placed (and any it placed
    // before that nobody touched), not over its beads: a slot holding an orphan is one unit.
    const { flagged } = recutFlags(store, input.documentId, input.lang);
    store.documents.touchDocument(input.documentId, at);
    return { slots: heads.length, conflicts, flagged };
  });
}

export function listDocuments(deps: DocumentDeps): DocumentSummary[] {
  return deps.store.documents.listDocumentSummaries();
}

export function getDocument(deps: DocumentDeps, documentId: number): Document {
  return requireDocument(deps.store, documentId);
}

/** How many segments a document has, without reading them (refuses an unknown or hidden document). */
export function countDocumentSegments(deps: DocumentDeps, documentId: number): number {
  requireDocument(deps.store, documentId);
  return deps.store.segments.countSegments(documentId);
}

/** A document with its segments and every language's slots in segment order. */
export function getDocumentGrid(deps: DocumentDeps, documentId: number): DocumentGrid {
  const document = requireDocument(deps.store, documentId);
  const segments = deps.store.segments.listSegments(documentId);
  const slots: Record<string, Slot[]> = {};
  for (const lang of document.langs) slots[lang] = deps.store.slots.listSlots(documentId, lang);
  return { document, segments, slots };
}

/**
 * Whole-document reads come in pages (issue #12: one read of a big document built a 510 MB
 * reply). A page holds at most `limit` segments, widened so no slot is cut, and stops early
 * once it holds this many characters of text (a slot may hold 100,000), at a place no slot
 * crosses: 4 M characters make a reply of about 12 MB of UTF-8 at most.
 */
export const DOCUMENT_PAGE_CHARS = 4_000_000;

export interface DocumentPage {
  /** The page's segments and slots (a slice of the document's grid). */
  grid: DocumentGrid;
  offset: number;
  total: number;
  paragraphCount: number;
  /** Segments per language and status over the whole document. */
  statusCounts: Record<string, Record<string, number>>;
  /** The paragraph of the segment before the page, if any. */
  previousParagraph: number | null;
}

export function getDocumentPage(deps: DocumentDeps, documentId: number, options: { offset: number; limit: number }): DocumentPage {
  const { store } = deps;
  const document = requireDocument(store, documentId);
  const total = store.segments.countSegments(documentId);
  const base = { total, paragraphCount: store.segments.countParagraphs(documentId), statusCounts: store.documents.statusCounts(documentId) };
  if (options.offset >= total) {
    return { ...base, grid: { document, segments: [], slots: Object.fromEntries(document.langs.map((l) => [l, []])) }, offset: total, previousParagraph: null };
  }
  const extent = store.regions.expandToSlots(documentId, document.langs, options.offset, Math.min(total - 1, options.offset + options.limit - 1));
  const segments = store.segments.listSegmentsInRange(documentId, extent.start, extent.end);
  const slots: Record<string, Slot[]> = {};
  for (const lang of document.langs) slots[lang] = store.slots.listSlotsInRange(documentId, lang, extent.start, extent.end);
  // Cut at the first row past the budget that no slot from above still covers.
  let chars = 0;
  let cut = segments.length;
  for (let i = 0; i < segments.length; i++) {
    const covered = document.langs.some((lang) => slots[lang]?.[i]?.kind === 'continuation');
    if (i > 0 && !covered && chars > DOCUMENT_PAGE_CHARS) {
      cut = i;
      break;
    }
    chars += segments[i]!.text.length;
    for (const lang of document.langs) {
      const slot = slots[lang]?.[i];
      if (slot?.kind === 'head') chars += slot.text.length;
    }
  }
  for (const lang of document.langs) slots[lang] = slots[lang]!.slice(0, cut);
  const previous = extent.start > 0 ? store.segments.listSegmentsInRange(documentId, extent.start - 1, extent.start - 1)[0] : undefined;
  return { ...base, grid: { document, segments: segments.slice(0, cut), slots }, offset: extent.start, previousParagraph: previous?.paragraph ?? null };
}

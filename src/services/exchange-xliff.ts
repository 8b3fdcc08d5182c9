/**
 * XLIFF 1.2 / 2.0 exchange (issue #14 §2): export one target language of documents, one
 * unit per slot, and read a returned file into the slot edits it asks for.
 */
import JSZip from 'jszip';
import { isSlotStatus } from '../domain.js';
import { readXliff, XliffReadError, type XliffReadUnit } from '../formats/xliff-reader.js';
import { SUBSTATE_PREFIX, writeXliff, XLIFF12_STATE, XLIFF20_STATE, type XliffFileInput, type XliffUnitInput, type XliffVersion } from '../formats/xliff-writer.js';
import type { Document } from '../store/documents.js';
import { segmentRange } from './export-groups.js';
import type { ExportResult, ExportRun } from './export-run.js';
import { ValidationError } from './errors.js';
import type { ReturnedUnit } from './exchange-returns.js';

/**
 * XLIFF holds one target language: one language streams one file; several make a ZIP with
 * one file per language (built in memory, like the review table), all from one snapshot.
 */
export function exportXliff(run: ExportRun, format: 'xliff12' | 'xliff20', toolVersion: string): ExportResult {
  const version: XliffVersion = format === 'xliff12' ? '1.2' : '2.0';
  const extension = version === '1.2' ? 'xlf' : 'xliff';
  const copySource = run.options.copySourceToEmptyTargets === true;
  const { stats } = run;
  function* units(document: Document, lang: string): Generator<XliffUnitInput> {
    for (const group of run.groupsOf(document, true, [lang])) {
      const variant = group.variants.find((v) => v.lang === lang);
      // One language: each group is exactly one head slot (DESIGN.md "TMX grouping").
      const head = variant?.heads[0];
      if (!variant || !head) continue;
      yield {
        id: `s${head.segmentId}`,
        segmentIds: group.segments.map((s) => s.id),
        range: segmentRange(group.segments),
        version: head.version,
        status: head.status,
        confidence: head.confidence,
        source: group.sourceText,
        target: variant.included ? variant.text : copySource ? group.sourceText : null,
        notes: run.notesOf(group, [lang]),
      };
    }
  }
  function* files(lang: string): Generator<XliffFileInput> {
    for (const document of run.documents.filter((d) => d.langs.includes(lang))) {
      yield { id: `doc${document.id}`, documentId: document.id, title: document.title, units: units(document, lang) };
    }
  }
  const xliff = (lang: string) => writeXliff({ version, srcLang: run.codeOf('zh'), trgLang: run.codeOf(lang), toolVersion }, files(lang), stats);
  if (run.langs.length === 1) {
    return {
      filename: run.baseName(extension), contentType: 'application/xliff+xml; charset=utf-8', stats, warnings: run.warnings,
      body: run.body(() => xliff(run.langs[0]!)),
    };
  }
  return {
    filename: run.baseName('zip'), contentType: 'application/zip', stats, warnings: run.warnings,
    body: run.body(async function* () {
      const zip = new JSZip();
      const stem = run.baseName(extension).replace(/\.[a-z]+$/, '').replace(`-${run.langs.join('-')}-`, '-');
      for (const lang of run.langs) zip.file(`${stem}-${run.codeOf(lang)}.${extension}`, [...xliff(lang)].join(''));
      const bytes = await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
      stats.bytes = bytes.byteLength;
      yield bytes;
    }),
  };
}

/**
 * XLIFF state → the status it asks for; null when the tool left the state as we wrote it
 * (OmegaT, for one, fills targets without touching it), so it says nothing new.
 */
function askedStatus(unit: XliffReadUnit, version: XliffVersion): ReturnedUnit['status'] {
  const written = unit.duizhao.status;
  if (written && isSlotStatus(written)) {
    const untouched = version === '1.2'
      ? XLIFF12_STATE[written] === unit.state && unit.approved === (written === 'approved')
      : XLIFF20_STATE[written] === unit.state && (unit.subState === undefined || unit.subState === `${SUBSTATE_PREFIX}:${written}`);
    if (untouched) return null;
  }
  if (version === '1.2' && unit.approved) return 'approved';
  switch (unit.state) {
    case 'final': case 'signed-off': return 'approved';
    case 'translated': case 'reviewed': return 'translated';
    case undefined: return null;
    default: return 'draft';
  }
}

/** Language tags name the same language when their primary subtags agree (`en-US` ~ `en`). */
const primary = (tag: string) => (tag.split(/[-_]/)[0] ?? tag).toLowerCase();

/**
 * Reads a returned XLIFF file into units for the return service. The file as a whole is
 * refused (ValidationError, nothing applied) when it is not XLIFF, is hostile, or is not
 * a translation from Chinese into one of the document's languages.
 */
export function returnedUnitsOfXliff(bytes: Uint8Array, documentLangs: readonly string[]): { format: 'xliff12' | 'xliff20'; lang: string; units: ReturnedUnit[]; refused: { label: string; reason: string }[] } {
  let read;
  try {
    read = readXliff(bytes);
  } catch (error) {
    if (error instanceof XliffReadError) {
      throw new ValidationError(error.message, { code: error.code === 'forbidden_doctype' ? 'forbidden_doctype' : error.code === 'not_xliff' ? 'not_xliff' : 'invalid_xliff', details: { reason: error.code } });
    }
    throw error;
  }
  if (read.srcLang && primary(read.srcLang) !== 'zh') {
    throw new ValidationError(`The file translates from "${read.srcLang}"; Duizhao documents are Chinese (zh).`, { code: 'wrong_language' });
  }
  const target = read.trgLang;
  if (!target) throw new ValidationError('The file names no target language (target-language / trgLang).', { code: 'wrong_language' });
  const lang = documentLangs.find((l) => l.toLowerCase() === target.toLowerCase())
    ?? documentLangs.find((l) => primary(l) === primary(target));
  if (!lang) {
    throw new ValidationError(`The file is a "${target}" translation, but the document's languages are ${documentLangs.join(', ')}.`, { code: 'wrong_language' });
  }
  const units: ReturnedUnit[] = [];
  const refused: { label: string; reason: string }[] = [];
  for (const unit of read.units) {
    const label = `unit ${unit.id || '(no id)'} (line ${unit.line})`;
    const segmentIds = (unit.duizhao.segments ?? '').split(/\s+/).filter((s) => s.length > 0).map(Number);
    const version = Number(unit.duizhao.version);
    if (segmentIds.length === 0 || segmentIds.some((id) => !Number.isInteger(id) || id <= 0) || !Number.isInteger(version) || version <= 0) {
      refused.push({ label, reason: 'it carries no Duizhao segment ids and version (dz:segments, dz:version): only files exported by Duizhao can be imported back' });
      continue;
    }
    if (unit.target !== null && unit.target.length > 100_000) {
      refused.push({ label, reason: 'its target is longer than a slot may be (100,000 characters)' });
      continue;
    }
    // A target that is still the Chinese copied over (what OmegaT is given to translate) is no translation.
    const text = unit.target === null || unit.target.trim() === unit.source.trim() ? null : unit.target;
    units.push({ label, segmentIds, version, text, status: text === null ? null : askedStatus(unit, read.version), comments: unit.notes });
  }
  return { format: read.version === '1.2' ? 'xliff12' : 'xliff20', lang, units, refused };
}

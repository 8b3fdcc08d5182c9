import { englishLanguageName } from '../domain.js';
import type { Store } from '../store/index.js';
import type { User } from '../store/users.js';
import { normalizeText } from '../text/normalize.js';
import { segment } from '../text/segment.js';
import { alignInWorker } from './align-runner.js';
import { MAX_IMPORT_BYTES, placeTranslation, textOfFile, type ImportFile } from './documents.js';
import { announce, recordAudit, type ServiceDeps } from './context.js';
import { InvalidTransitionError, NotFoundError, PayloadTooLargeError, PermissionError, ValidationError } from './errors.js';
import { headVersions, type HeadVersions, type ImportConflict } from './import-conflicts.js';
import type { JobControl } from './jobs.js';
import { choosePivot, type PivotUsed } from './translation-pivot.js';

export interface TranslationImportInput {
  documentId: number;
  lang: string;
  text?: string;
  file?: ImportFile;
  /** Re-importing over slots that hold text must be confirmed; the old texts stay in revisions. */
  replace?: boolean;
  user: User | null;
}

export interface TranslationImportSummary {
  documentId: number;
  lang: string;
  sentences: number;
  beads: number;
  /** Bead counts by shape, e.g. { '1-1': 50, '2-1': 3 }. */
  beadTypes: Record<string, number>;
  lowConfidence: number;
  /**
   * The column aligned as pivot evidence (another language of the document already aligned to
   * the same Chinese, services/translation-pivot.ts), or null when there was none.
   */
  pivot: PivotUsed | null;
  /**
   * Stretches left as they were because someone changed their slots while the import ran
   * (a save, a confirmation, a merge): their work is kept, the imported text is not written.
   */
  conflicts: ImportConflict[];
}

/** The prepared import: checked, decoded and segmented, ready to align. */
export interface PreparedTranslation {
  documentId: number;
  lang: string;
  userId: number | null;
  sentences: { text: string; paragraph: number }[];
  fingerprint: string;
  /** Each head's version when the import started: a head saved since is not replaced. */
  since: HeadVersions;
}

/** The Chinese segments as they stand: an import aligned against them fits only while they are unchanged. */
function fingerprint(store: Store, documentId: number): string {
  return store.segments.listSegments(documentId).map((s) => `${s.id}:${s.text.length}`).join(',');
}

/** Everything that can be refused is refused here, before any long work starts (the CLI and the web both start here). */
export async function prepareTranslationImport(deps: ServiceDeps, input: TranslationImportInput): Promise<PreparedTranslation> {
  const { store } = deps;
  const document = store.documents.findDocument(input.documentId);
  if (!document) throw new NotFoundError(`There is no document ${input.documentId}.`);
  if (!document.langs.includes(input.lang)) {
    throw new ValidationError(`The document has no ${input.lang} column; its languages are ${document.langs.join(', ')}.`, { details: { field: 'lang' } });
  }
  // The same assignment rule as editing: an import replaces every slot of the language.
  if (input.user) deps.access.authorize(input.user, 'import-translation', { documentId: input.documentId, lang: input.lang });
  let raw: string;
  if (input.file && input.file.bytes.byteLength > 0) {
    raw = await textOfFile(input.file);
  } else {
    raw = input.text ?? '';
    if (Buffer.byteLength(raw, 'utf8') > MAX_IMPORT_BYTES) throw new PayloadTooLargeError('The text is larger than 20 MB.');
    if (raw.includes('\u0000')) throw new ValidationError('The text contains NUL characters; it looks like binary data, not text.', { code: 'invalid_file' });
  }
  const text = normalizeText(raw);
  const sentences = segment(text, input.lang, deps.segmentation?.rulesForDocument(input.documentId));
  if (sentences.length === 0) {
    throw new ValidationError(input.file ? `"${input.file.name}" holds no text.` : 'Paste the translation or choose a file to import.', { code: 'empty_text' });
  }
  const filled = store.slots.listSlots(input.documentId, input.lang).filter((s) => s.kind === 'head' && s.text.length > 0).length;
  if (filled > 0 && !input.replace) {
    throw new InvalidTransitionError(
      `The ${englishLanguageName(input.lang)} column already holds ${filled} translated slot(s). Importing replaces them; their texts stay in each slot's history. Confirm to continue.`,
      { filledSlots: filled, needsConfirmation: true },
    );
  }
  const total = store.regions.segmentCount(input.documentId);
  const region = store.regions.readRegion(input.documentId, 0, total - 1, [input.lang]);
  return {
    documentId: input.documentId, lang: input.lang, userId: input.user?.id ?? null, sentences, fingerprint: fingerprint(store, input.documentId),
    since: headVersions(region.segments, region.slots[input.lang] ?? []),
  };
}

/**
 * The importing user may still import here when the job writes: an admin may have taken
 * the language from them, or their role, while it aligned (the CLI's imports have no user).
 */
function authorizeAtWrite(deps: ServiceDeps, prepared: PreparedTranslation): void {
  if (prepared.userId === null) return;
  const user = deps.store.users.findUser(prepared.userId);
  if (!user || user.disabled) throw new PermissionError('Your account was disabled while the translation was being aligned. Nothing was imported.');
  deps.access.authorize(user, 'import-translation', { documentId: prepared.documentId, lang: prepared.lang });
}

/** Aligns in a worker thread and fills the column in one transaction (audited), reporting phases. */
export async function runTranslationImport(deps: ServiceDeps, prepared: PreparedTranslation, control?: JobControl): Promise<TranslationImportSummary> {
  const { store } = deps;
  const segments = store.segments.listSegments(prepared.documentId);
  const source = segments.map((s) => ({ text: s.text, paragraph: s.paragraph }));
  const langs = store.documents.findDocument(prepared.documentId)?.langs ?? [];
  const pivot = choosePivot(store, prepared.documentId, prepared.lang, langs, segments.map((s) => s.id));
  control?.phase('aligning', 0);
  // The target sentences come back from the aligner: it may cut one at a weaker boundary (weak-splits.ts).
  const { beads, target } = await alignInWorker(
    { source, target: prepared.sentences, options: { sourceLang: 'zh', targetLang: prepared.lang.split('-')[0] ?? prepared.lang, ...(pivot && { pivot: pivot.pivot }) } },
    {
      onProgress: (done, total) => control?.phase('aligning', total > 0 ? (done / total) * 95 : null),
      ...(control?.signal && { signal: control.signal }),
    },
  );
  control?.throwIfCancelled?.();
  control?.phase('saving', 97);
  if (fingerprint(store, prepared.documentId) !== prepared.fingerprint) {
    // Someone split or merged Chinese segments while we aligned: the beads no longer fit.
    throw new InvalidTransitionError('The Chinese segments changed while the translation was being aligned. Nothing was imported; import again.');
  }
  const placed = store.transaction(() => {
    authorizeAtWrite(deps, prepared);
    const placed = placeTranslation(deps, {
      documentId: prepared.documentId, lang: prepared.lang, sentences: target.map((s) => s.text),
      beads, status: 'aligned', action: 'align', userId: prepared.userId, since: prepared.since,
    });
    recordAudit(deps, prepared.userId, 'translation_import', prepared.documentId, {
      lang: prepared.lang, sentences: target.length, beads: beads.length, pivot: pivot?.used.lang ?? null,
      ...(placed.conflicts.length > 0 && { conflicts: placed.conflicts.length }),
    });
    return placed;
  });
  announce(deps, prepared.documentId, { type: 'reload', by: null, reason: `The ${englishLanguageName(prepared.lang)} translation was imported and aligned.` });
  const beadTypes: Record<string, number> = {};
  for (const bead of beads) {
    const shape = `${bead.source.length}-${bead.target.length}`;
    beadTypes[shape] = (beadTypes[shape] ?? 0) + 1;
  }
  return {
    documentId: prepared.documentId, lang: prepared.lang, sentences: target.length, beads: beads.length, beadTypes,
    lowConfidence: placed.flagged,
    pivot: pivot?.used ?? null, conflicts: placed.conflicts,
  };
}

/**
 * Segmentation rules users can change (issue #14 §5): SRX 2.0 rule sets imported from
 * files, and per document the rule set and abbreviations its texts are segmented with.
 * Patterns come from users: each is translated from Java and checked (text/java-regex.ts)
 * and probed against runaway backtracking (text/srx.ts) when the file is imported.
 */
import { readSrx, SrxReadError } from '../formats/srx.js';
import type { Store } from '../store/index.js';
import type { DocumentSegmentation, SegmentationRuleSet } from '../store/segmentation.js';
import type { User } from '../store/users.js';
import { RegexRefusal } from '../text/java-regex.js';
import type { SegmentationRules } from '../text/segment.js';
import { compileSrx, type CompiledSrx } from '../text/srx.js';
import { authorizeInWorkspace } from './access.js';
import { NotFoundError, PayloadTooLargeError, ValidationError } from './errors.js';

/** SRX files are small (LanguageTool's whole set is 144 KB). */
export const MAX_SRX_BYTES = 2 * 1024 * 1024;
export const MAX_ABBREVIATIONS = 500;

/** Reads and compiles an SRX file, or says why not (ValidationError). */
export function compileSrxFile(text: string, options: { probe?: boolean } = {}): CompiledSrx {
  try {
    return compileSrx(readSrx(text), options);
  } catch (error) {
    if (error instanceof SrxReadError) throw new ValidationError(error.message, { code: error.code === 'forbidden_doctype' ? 'forbidden_doctype' : 'invalid_srx' });
    if (error instanceof RegexRefusal) throw new ValidationError(error.message, { code: 'unsafe_pattern' });
    throw error;
  }
}

/**
 * An abbreviation list as a person types it (one per line or comma-separated, with or
 * without the final full stop) → clean words.
 * @example parseAbbreviations('approx.\nт.н., Corp') → ['approx', 'т.н', 'Corp']
 */
export function parseAbbreviations(text: string): string[] {
  const words = text.split(/[\n,;]+/).map((w) => w.normalize('NFC').trim().replace(/\.$/, '')).filter((w) => w.length > 0);
  for (const word of words) {
    if (word.length > 40 || /\s/.test(word)) throw new ValidationError(`"${word.slice(0, 50)}" is not an abbreviation: one word of at most 40 characters, like "approx." or "т.н.".`, { details: { field: 'abbreviations' } });
  }
  const unique = [...new Set(words)];
  if (unique.length > MAX_ABBREVIATIONS) throw new ValidationError(`A document has at most ${MAX_ABBREVIATIONS} abbreviations.`, { details: { field: 'abbreviations' } });
  return unique;
}

export function createSegmentationService({ store, now }: { store: Store; now: () => Date }) {
  const compiled = new Map<number, CompiledSrx>();

  function ruleSet(id: number): { set: SegmentationRuleSet; srx: CompiledSrx } {
    const set = store.segmentation.findRuleSet(id);
    if (!set) throw new NotFoundError(`There is no segmentation rule set ${id}.`);
    let srx = compiled.get(id);
    // Stored sets were probed when imported; compiling them again skips the probe.
    if (!srx) compiled.set(id, srx = compileSrxFile(set.srx, { probe: false }));
    return { set, srx };
  }

  function documentSettings(documentId: number): DocumentSegmentation {
    return store.segmentation.findDocumentSegmentation(documentId) ?? { documentId, rulesId: null, abbreviations: [], updatedAt: '' };
  }

  return {
    /** Imports an SRX 2.0 file as a named rule set; refuses unreadable, hostile or unsafe files whole. */
    importRuleSet(input: { name: string; file: { name: string; bytes: Uint8Array }; user: User | null }): SegmentationRuleSet {
      if (input.user) authorizeInWorkspace(input.user, 'edit-segmentation');
      if (input.file.bytes.byteLength > MAX_SRX_BYTES) throw new PayloadTooLargeError('An SRX file has at most 2 MB.');
      let text: string;
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(input.file.bytes);
      } catch {
        throw new ValidationError('The file is not UTF-8 text; save the SRX file as UTF-8.', { code: 'invalid_srx' });
      }
      const srx = compileSrxFile(text);
      const name = (input.name.trim() || input.file.name.replace(/\.[^.]+$/, '')).slice(0, 200) || 'SRX rules';
      const at = now().toISOString();
      const id = store.transaction(() => {
        const created = store.segmentation.insertRuleSet({ name, srx: text, createdBy: input.user?.id ?? null, now: at });
        store.users.insertAuditEntry({ userId: input.user?.id ?? null, action: 'segmentation_rules', details: { imported: name, file: input.file.name, id: created }, now: at });
        return created;
      });
      compiled.set(id, srx);
      return store.segmentation.findRuleSet(id)!;
    },

    listRuleSets(): { id: number; name: string; createdAt: string; languages: string[] }[] {
      return store.segmentation.listRuleSets().map((set) => ({ id: set.id, name: set.name, createdAt: set.createdAt, languages: ruleSet(set.id).srx.source.maps.map((m) => m.pattern) }));
    },

    /** The rules a document's texts are segmented with; undefined: the built-in segmenter. */
    rulesForDocument(documentId: number): SegmentationRules | undefined {
      const settings = store.segmentation.findDocumentSegmentation(documentId);
      if (!settings || (settings.rulesId === null && settings.abbreviations.length === 0)) return undefined;
      return {
        ...(settings.rulesId !== null && store.segmentation.findRuleSet(settings.rulesId) && { srx: ruleSet(settings.rulesId).srx }),
        abbreviations: settings.abbreviations,
      };
    },

    /** A rule set's compiled rules, for a document about to be created with them. */
    rulesOf(ruleSetId: number): SegmentationRules {
      return { srx: ruleSet(ruleSetId).srx };
    },

    documentSettings,

    /** Sets a document's rule set (null: built-in rules) and abbreviations; later imports of its texts use them. */
    setDocumentSegmentation(input: { documentId: number; rulesId: number | null; abbreviations: readonly string[]; user: User | null }): DocumentSegmentation {
      if (input.user) authorizeInWorkspace(input.user, 'edit-segmentation');
      if (!store.documents.findDocument(input.documentId)) throw new NotFoundError(`There is no document ${input.documentId}.`);
      if (input.rulesId !== null) ruleSet(input.rulesId);
      const abbreviations = parseAbbreviations(input.abbreviations.join('\n'));
      const current = documentSettings(input.documentId);
      if (current.rulesId === input.rulesId && current.abbreviations.join('\n') === abbreviations.join('\n')) return current;
      const at = now().toISOString();
      store.transaction(() => {
        store.segmentation.upsertDocumentSegmentation({ documentId: input.documentId, rulesId: input.rulesId, abbreviations, userId: input.user?.id ?? null, now: at });
        store.users.insertAuditEntry({ userId: input.user?.id ?? null, action: 'segmentation_rules', documentId: input.documentId, details: { rulesId: input.rulesId, abbreviations: abbreviations.length }, now: at });
      });
      return documentSettings(input.documentId);
    },
  };
}

export type SegmentationService = ReturnType<typeof createSegmentationService>;

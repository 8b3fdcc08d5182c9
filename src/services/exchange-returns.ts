/**
 * Files that come back: an XLIFF a CAT tool translated or a review table a reviewer
 * marked up in Word. Each returned unit names its slot (segment ids) and the version it
 * was exported at; applying it is an edit through the slot services, never an overwrite
 * of work done in Duizhao since the export (that is a conflict, reported with both texts).
 * The whole file is applied in one transaction: refused as a whole, nothing changes.
 */
import type { AuditAction, SlotStatus } from '../domain.js';
import type { Store } from '../store/index.js';
import type { HeadSlot } from '../store/slots.js';
import type { User } from '../store/users.js';
import type { AccessPolicy } from './access.js';
import { DomainError, NotFoundError, PayloadTooLargeError, ValidationError } from './errors.js';
import type { ApproveInput } from './review.js';
import type { EditSlotInput } from './slots.js';
import { joinSentences } from '../text/join.js';
import { MAX_IMPORT_BYTES } from './documents.js';
import { returnedUnitsOfXliff } from './exchange-xliff.js';
import { returnedUnitsOfReviewTable } from './review-table-import.js';

export const RETURN_FORMATS = ['xliff12', 'xliff20', 'docx'] as const;
export type ReturnFormat = (typeof RETURN_FORMATS)[number];

/** One unit (XLIFF) or table cell (review table) as the file gives it back. */
export interface ReturnedUnit {
  /** How a person finds it in the file: `unit s345 (line 12)`, `row 7`. */
  label: string;
  /** The slot's segments, or (with `span`) just its head segment. */
  segmentIds: number[];
  /** How many segments the slot spanned at export, when `segmentIds` holds only the head. */
  span?: number;
  /** The slot version the file was exported at. */
  version: number;
  /** The file's translation; null when the file holds none for this slot. */
  text: string | null;
  /** The status the file asks for; null keeps the slot's. */
  status: 'draft' | 'translated' | 'approved' | null;
  /** Remarks to add as slot comments (ones the slot already has are skipped). */
  comments: string[];
}

export interface RefusedUnit { label: string; reason: string }

export interface ReturnReport {
  file: string;
  format: ReturnFormat;
  documentId: number;
  lang: string;
  updated: { label: string; segments: string; before: string; after: string; status: SlotStatus; note?: string }[];
  unchanged: { label: string; reason: string }[];
  conflicts: { label: string; segments: string; exported: string | null; theirs: string; current: string; currentVersion: number }[];
  refused: RefusedUnit[];
  commentsAdded: number;
}

/** The slot and review actions a returned file is applied through (services/index.ts). */
export interface ReturnServiceDeps {
  store: Store;
  now: () => Date;
  access: AccessPolicy;
  slots: { editSlot(input: EditSlotInput): unknown };
  review: { approve(input: ApproveInput): unknown; addComment(input: { documentId: number; segmentId: number; lang: string; body: string; user: User }): unknown };
}

/** Statuses a file may raise a slot to, weakest first; a file never lowers one. */
const RAISE_ORDER: readonly SlotStatus[] = ['empty', 'rejected', 'aligned', 'draft', 'translated', 'reviewed', 'approved'];
const tidy = (text: string) => text.normalize('NFC').replace(/\r\n?/g, '\n').trim();

export function createReturnService({ store, slots, review, now, access }: ReturnServiceDeps) {
  function currentHead(segmentId: number, lang: string): HeadSlot {
    const slot = store.slots.findSlot(segmentId, lang);
    if (slot?.kind !== 'head') throw new Error(`The ${lang} slot at segment ${segmentId} stopped being a head inside its own transaction.`);
    return slot;
  }

  /** The text the slot held at `version`: its revision then, or (at version 1, never edited) the empty slot it was created as. */
  function textAt(head: HeadSlot, version: number): string | null {
    if (head.version === version) return head.text;
    const revision = store.revisions.listRevisions(head.segmentId, head.lang).filter((r) => r.version === version).pop();
    if (revision) return revision.text;
    return version === 1 ? '' : null;
  }

  /** The head the unit names, if the slots still have the shape they had at export. */
  function headOf(documentId: number, lang: string, unit: ReturnedUnit): { head: HeadSlot } | { reason: string } {
    const [first, ...rest] = unit.segmentIds;
    if (first === undefined) return { reason: 'it names no segment' };
    if (unit.segmentIds.some((id) => store.regions.positionOfSegment(documentId, id) === undefined)) {
      return { reason: `its segments (${unit.segmentIds.join(', ')}) are not in document ${documentId}: it belongs to another document, or the Chinese segments were split or merged since the export` };
    }
    const slot = store.slots.findSlot(first, lang);
    if (!slot || slot.kind !== 'head' || slot.span !== (unit.span ?? unit.segmentIds.length)
      || rest.some((id) => { const s = store.slots.findSlot(id, lang); return s?.kind !== 'continuation' || s.headSegmentId !== first; })) {
      return { reason: 'the slots were merged, split or shifted since the export, so this text no longer has one slot to go to; re-export the file' };
    }
    return { head: slot };
  }

  const service = {
    /** A returned file of either kind: a .docx review table (a ZIP package) or an XLIFF file. */
    /** `asReview`: a review table's edits count as review (for those who may both translate and approve; others' are as their role says). */
    async importReturnedFile(input: { documentId: number; file: { name: string; bytes: Uint8Array }; user: User; asReview?: boolean }): Promise<ReturnReport> {
      const bytes = input.file.bytes;
      const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
      if (isZip || /\.docx$/i.test(input.file.name)) return service.importReviewTable(input);

      return service.importXliff(input);
    },

    /**
     * Imports an XLIFF 1.2/2.0 file exported from this document (and perhaps translated by
     * a CAT tool since): every changed target becomes an edit of its slot.
     */
    importXliff(input: { documentId: number; file: { name: string; bytes: Uint8Array }; user: User }): ReturnReport {
      const document = store.documents.findDocument(input.documentId);
      if (!document) throw new NotFoundError(`There is no document ${input.documentId}.`);
      if (input.file.bytes.byteLength > MAX_IMPORT_BYTES) throw new PayloadTooLargeError(`The file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB.`);
      const read = returnedUnitsOfXliff(input.file.bytes, document.langs);
      return service.applyReturns({ documentId: input.documentId, lang: read.lang, file: input.file.name, format: read.format, units: read.units, refused: read.refused, user: input.user, audit: 'xliff_import' });
    },

    /**
     * Imports a review table (.docx) a reviewer edited in Word: changed translations become
     * reviewer edits, the comment columns and Word comments become slot comments.
     */
    async importReviewTable(input: { documentId: number; file: { name: string; bytes: Uint8Array }; user: User; asReview?: boolean }): Promise<ReturnReport> {
      const document = store.documents.findDocument(input.documentId);
      if (!document) throw new NotFoundError(`There is no document ${input.documentId}.`);
      if (input.file.bytes.byteLength > MAX_IMPORT_BYTES) throw new PayloadTooLargeError(`The file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB.`);
      const read = await returnedUnitsOfReviewTable(input.file.bytes, document, (ids, lang) => joinSentences(lang, ids.map((id) => {
        const slot = store.slots.findSlot(id, lang);
        return slot?.kind === 'head' ? slot.text : '';
      })));
      // All languages of the table in one transaction: a refusal in one leaves the others untouched too.
      return store.transaction(() => {
        const reports = read.langs.map((lang) => service.applyReturns({
          documentId: input.documentId, lang, file: input.file.name, format: 'docx',
          units: read.units.filter((u) => u.lang === lang), refused: read.refused.filter((r) => r.lang === lang), user: input.user, audit: 'review_table_import',
          ...(input.asReview !== undefined && { asReview: input.asReview }),
        }));
        return mergeReports(input.file.name, input.documentId, reports, read.refused.filter((r) => r.lang === null));
      });
    },

    /**
     * Applies the units of one returned file to one language of a document. Refuses the
     * whole file (nothing changes) when the user may not work on the language; otherwise
     * reports every unit as updated, unchanged, a conflict or refused, with reasons.
     */
    applyReturns(input: { documentId: number; lang: string; file: string; format: ReturnFormat; units: readonly ReturnedUnit[]; refused: readonly RefusedUnit[]; user: User; audit: AuditAction; asReview?: boolean }): ReturnReport {
      const document = store.documents.findDocument(input.documentId);
      if (!document) throw new NotFoundError(`There is no document ${input.documentId}.`);
      if (!document.langs.includes(input.lang)) {
        throw new ValidationError(`The file is a ${input.lang} translation, but document ${input.documentId} has no ${input.lang} column (its languages: ${document.langs.join(', ')}).`, { code: 'wrong_language' });
      }
      const user = input.user;
      const subject = { documentId: input.documentId, lang: input.lang };
      access.authorize(user, 'import-return', subject);
      const mayTranslate = access.can(user, 'confirm-slot', subject);
      const mayReview = access.can(user, 'approve', subject);
      const asReviewer = access.editsAsReviewer(user, subject) || (input.asReview === true && mayReview);
      const report: ReturnReport = {
        file: input.file, format: input.format, documentId: input.documentId, lang: input.lang,
        updated: [], unchanged: [], conflicts: [], refused: [...input.refused], commentsAdded: 0,
      };
      store.transaction(() => {
        for (const unit of input.units) {
          const found = headOf(input.documentId, input.lang, unit);
          if ('reason' in found) {
            report.refused.push({ label: unit.label, reason: found.reason });
            continue;
          }
          const { head } = found;
          const segments = unit.segmentIds.join(', ');
          for (const comment of unit.comments) if (addComment(head, comment)) report.commentsAdded += 1;
          const theirs = unit.text === null ? '' : tidy(unit.text);
          const exported = textAt(head, unit.version);
          if (theirs.length === 0) {
            report.unchanged.push({ label: unit.label, reason: 'the file holds no translation for it' });
            continue;
          }
          const textChanged = theirs !== head.text;
          const wanted = unit.status;
          const raises = wanted !== null && RAISE_ORDER.indexOf(wanted) > RAISE_ORDER.indexOf(head.status);
          if (!textChanged && !raises) {
            report.unchanged.push({ label: unit.label, reason: head.version === unit.version ? 'same text and status as in Duizhao' : 'Duizhao already holds this text' });
            continue;
          }
          if (head.version !== unit.version) {
            if (!textChanged || theirs === exported) {
              // The file kept what it was given; the slot moved on in Duizhao. Keep Duizhao's.
              report.unchanged.push({ label: unit.label, reason: `changed in Duizhao since the export (version ${unit.version} → ${head.version}); the file kept the exported text` });
            } else {
              report.conflicts.push({ label: unit.label, segments, exported, theirs, current: head.text, currentVersion: head.version });
            }
            continue;
          }
          report.updated.push(apply(input.documentId, input.lang, unit, head, theirs, { mayTranslate, mayReview, asReviewer, user }));
        }
        store.users.insertAuditEntry({
          userId: user.id, action: input.audit, documentId: input.documentId,
          details: {
            file: input.file, format: input.format, lang: input.lang, updated: report.updated.length, unchanged: report.unchanged.length,
            conflicts: report.conflicts.length, refused: report.refused.length, commentsAdded: report.commentsAdded,
          },
          now: now().toISOString(),
        });
      });
      return report;

      function addComment(head: HeadSlot, raw: string): boolean {
        const body = tidy(raw);
        if (body.length === 0) return false;
        // A note we exported comes back as "author (lang): text"; neither that nor the bare text is new.
        const existing = store.review.listComments(head.segmentId, input.lang);
        if (existing.some((c) => c.body === body || (body.startsWith(`${c.authorName ?? 'unknown'} `) && body.endsWith(`): ${c.body}`)))) return false;
        review.addComment({ documentId: input.documentId, segmentId: head.segmentId, lang: input.lang, body: body.slice(0, 10_000), user });
        return true;
      }
    },
  };
  return service;

  function apply(
    documentId: number, lang: string, unit: ReturnedUnit, head: HeadSlot, theirs: string,
    who: { mayTranslate: boolean; mayReview: boolean; asReviewer: boolean; user: User },
  ): ReturnReport['updated'][number] {
    const segments = unit.segmentIds.join(', ');
    const wanted = unit.status;
    let slot = head;
    let note: string | undefined;
    const confirm = wanted === 'translated' || wanted === 'approved';
    if (theirs !== head.text || (confirm && RAISE_ORDER.indexOf(head.status) < RAISE_ORDER.indexOf('translated'))) {
      // A reviewer's edit is recorded as such and is ready to approve; a translator's
      // is confirmed when the file says it is translated, else it is a draft.
      slots.editSlot({ documentId, segmentId: head.segmentId, lang, text: theirs, version: head.version, user: who.user,
        ...(confirm && !who.asReviewer && { confirm: true }), ...(who.asReviewer && { asReview: true }) });
      slot = currentHead(head.segmentId, lang);
    }
    if (wanted === 'approved' && slot.status !== 'approved') {
      if (!who.mayReview) note = 'the file marks it final, but approving needs a reviewer: it is translated and waits for review';
      else {
        try {
          // A savepoint: a refused approval (quality errors) leaves the edit in place.
          store.transaction(() => review.approve({ documentId, segmentId: slot.segmentId, lang, version: slot.version, user: who.user }));
          slot = currentHead(head.segmentId, lang);
          // With a second review pass the file's "final" is the first reviewer's approval only.
          if (slot.status === 'reviewed') note = 'the file marks it final: approved in R1, it now waits for the second review';
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          note = `not approved: ${error.message}`;
        }
      }
    }
    return { label: unit.label, segments, before: head.text, after: slot.text, status: slot.status, ...(note && { note }) };
  }
}

/** One report for a file that touched several languages; labels name the language. */
function mergeReports(file: string, documentId: number, reports: ReturnReport[], refused: readonly RefusedUnit[]): ReturnReport {
  const tag = reports.length > 1;
  const label = <T extends { label: string }>(r: ReturnReport, list: T[]) => list.map((x) => (tag ? { ...x, label: `${x.label} (${r.lang})` } : x));
  return {
    file, format: 'docx', documentId, lang: reports.map((r) => r.lang).join(', '),
    updated: reports.flatMap((r) => label(r, r.updated)),
    unchanged: reports.flatMap((r) => label(r, r.unchanged)),
    conflicts: reports.flatMap((r) => label(r, r.conflicts)),
    refused: [...refused, ...reports.flatMap((r) => label(r, r.refused))],
    commentsAdded: reports.reduce((n, r) => n + r.commentsAdded, 0),
  };
}

export type ReturnService = ReturnType<typeof createReturnService>;

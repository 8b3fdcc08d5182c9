import type { Db } from './db.js';

export interface SegmentationRuleSet { id: number; name: string; srx: string; createdBy: number | null; createdAt: string }
export interface DocumentSegmentation { documentId: number; rulesId: number | null; abbreviations: string[]; updatedAt: string }

interface RuleSetRow { id: number; name: string; srx: string; created_by: number | null; created_at: string }
interface DocumentRow { document_id: number; rules_id: number | null; abbreviations: string; updated_at: string }

function toRuleSet(row: RuleSetRow): SegmentationRuleSet {
  return { id: row.id, name: row.name, srx: row.srx, createdBy: row.created_by, createdAt: row.created_at };
}

function toDocumentSegmentation(row: DocumentRow): DocumentSegmentation {
  const parsed: unknown = JSON.parse(row.abbreviations);
  return {
    documentId: row.document_id, rulesId: row.rules_id, updatedAt: row.updated_at,
    abbreviations: Array.isArray(parsed) ? parsed.filter((a): a is string => typeof a === 'string') : [],
  };
}

/** SRX rule sets and each document's segmentation settings (migration 007). */
export function createSegmentationStore(db: Db) {
  const insert = db.prepare('INSERT INTO segmentation_rules (name, srx, created_by, created_at) VALUES (@name, @srx, @createdBy, @now)');
  const find = db.prepare('SELECT * FROM segmentation_rules WHERE id = @id');
  const list = db.prepare('SELECT * FROM segmentation_rules ORDER BY name, id');
  const findDocument = db.prepare('SELECT * FROM document_segmentation WHERE document_id = @documentId');
  const upsertDocument = db.prepare(`INSERT INTO document_segmentation (document_id, rules_id, abbreviations, updated_by, updated_at)
    VALUES (@documentId, @rulesId, @abbreviations, @userId, @now)
    ON CONFLICT (document_id) DO UPDATE SET rules_id = excluded.rules_id, abbreviations = excluded.abbreviations,
      updated_by = excluded.updated_by, updated_at = excluded.updated_at`);
  return {
    insertRuleSet(input: { name: string; srx: string; createdBy: number | null; now: string }): number {
      return Number(insert.run(input).lastInsertRowid);
    },
    findRuleSet(id: number): SegmentationRuleSet | undefined {
      const row = find.get({ id }) as RuleSetRow | undefined;
      return row ? toRuleSet(row) : undefined;
    },
    listRuleSets(): SegmentationRuleSet[] {
      return (list.all() as RuleSetRow[]).map(toRuleSet);
    },
    findDocumentSegmentation(documentId: number): DocumentSegmentation | undefined {
      const row = findDocument.get({ documentId }) as DocumentRow | undefined;
      return row ? toDocumentSegmentation(row) : undefined;
    },
    upsertDocumentSegmentation(input: { documentId: number; rulesId: number | null; abbreviations: readonly string[]; userId: number | null; now: string }): void {
      upsertDocument.run({ ...input, abbreviations: JSON.stringify(input.abbreviations) });
    },
  };
}

export type SegmentationStore = ReturnType<typeof createSegmentationStore>;

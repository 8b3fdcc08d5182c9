import type { Db } from './db.js';

export interface Document {
  id: number;
  title: string;
  sourceLang: string;
  createdBy: number | null;
  createdAt: string;
  updatedAt: string;
  langs: string[];
}

export interface DocumentSummary extends Document {
  segmentCount: number;
  /** Per target language: segments covered by a slot in each status. */
  progress: Record<string, Record<string, number>>;
}

interface DocumentRow {
  id: number;
  title: string;
  source_lang: string;
  created_by: number | null;
  created_at: string;
  updated_at: string;
  langs: string | null;
}

function toDocument(row: DocumentRow): Document {
  return {
    id: row.id,
    title: row.title,
    sourceLang: row.source_lang,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    langs: row.langs ? row.langs.split(',') : [],
  };
}

export function createDocumentStore(db: Db) {
  const selectDocument = `SELECT d.*, (SELECT group_concat(lang, ',') FROM (SELECT lang FROM document_languages WHERE document_id = d.id ORDER BY rowid)) AS langs FROM documents d`;
  // A document still being written in parts (document_imports) is nobody's to see yet.
  const finished = 'NOT EXISTS (SELECT 1 FROM document_imports i WHERE i.document_id = d.id)';
  const find = db.prepare(`${selectDocument} WHERE d.id = @id AND ${finished}`);
  const list = db.prepare(`${selectDocument} WHERE ${finished} ORDER BY d.updated_at DESC, d.id DESC`);
  // Only the languages, as findDocument finds the document: a slot save asks this and no more.
  const findLangs = db.prepare(`SELECT (SELECT group_concat(lang, ',') FROM (SELECT lang FROM document_languages WHERE document_id = d.id ORDER BY rowid))
    FROM documents d WHERE d.id = @id AND ${finished}`).pluck();
  const insertPending = db.prepare('INSERT INTO document_imports (document_id, started_at) VALUES (@id, @now)');
  const finishPending = db.prepare('DELETE FROM document_imports WHERE document_id = @id');
  const listPending = db.prepare('SELECT document_id AS id FROM document_imports ORDER BY document_id').pluck();
  const deleteSome = db.prepare('DELETE FROM segments WHERE id IN (SELECT id FROM segments WHERE document_id = @id LIMIT @limit)');
  const deleteOne = db.prepare('DELETE FROM documents WHERE id = @id');
  const insert = db.prepare(`INSERT INTO documents (title, source_lang, created_by, created_at, updated_at)
    VALUES (@title, @sourceLang, @createdBy, @now, @now)`);
  const insertLang = db.prepare('INSERT INTO document_languages (document_id, lang) VALUES (@documentId, @lang)');
  const touch = db.prepare('UPDATE documents SET updated_at = @now WHERE id = @id');
  const count = db.prepare('SELECT COUNT(*) AS n FROM documents');
  const segmentCounts = db.prepare('SELECT document_id AS id, COUNT(*) AS n FROM segments GROUP BY document_id');
  // A head covers `span` segments, so progress is counted in segments, not heads.
  const statusCounts = db.prepare(`SELECT s.document_id AS id, sl.lang AS lang, sl.status AS status, SUM(sl.span) AS n
    FROM slots sl JOIN segments s ON s.id = sl.segment_id
    WHERE sl.kind = 'head' GROUP BY s.document_id, sl.lang, sl.status`);

  const statusCountsOf = db.prepare(`SELECT sl.lang AS lang, sl.status AS status, SUM(sl.span) AS n
    FROM slots sl JOIN segments s ON s.id = sl.segment_id
    WHERE s.document_id = @id AND sl.kind = 'head' GROUP BY sl.lang, sl.status`);

  return {
    findDocument(id: number): Document | undefined {
      const row = find.get({ id }) as DocumentRow | undefined;
      return row ? toDocument(row) : undefined;
    },
    /** The target languages of the document findDocument would find (in their order), or undefined. */
    findDocumentLangs(id: number): string[] | undefined {
      const langs = findLangs.get({ id }) as string | null | undefined;
      return langs === undefined ? undefined : langs ? langs.split(',') : [];
    },
    listDocuments(): Document[] {
      return (list.all() as DocumentRow[]).map(toDocument);
    },
    /** One document's segments per language and status (a head counts its span). */
    statusCounts(id: number): Record<string, Record<string, number>> {
      const out: Record<string, Record<string, number>> = {};
      for (const r of statusCountsOf.all({ id }) as { lang: string; status: string; n: number }[]) (out[r.lang] ??= {})[r.status] = r.n;
      return out;
    },
    /** Documents with their segment counts and per-language status counts, newest first. */
    listDocumentSummaries(): DocumentSummary[] {
      const segments = new Map((segmentCounts.all() as { id: number; n: number }[]).map((r) => [r.id, r.n]));
      const progress = new Map<number, Record<string, Record<string, number>>>();
      for (const r of statusCounts.all() as { id: number; lang: string; status: string; n: number }[]) {
        const perDoc = progress.get(r.id) ?? {};
        (perDoc[r.lang] ??= {})[r.status] = r.n;
        progress.set(r.id, perDoc);
      }
      return (list.all() as DocumentRow[]).map((row) => ({
        ...toDocument(row),
        segmentCount: segments.get(row.id) ?? 0,
        progress: progress.get(row.id) ?? {},
      }));
    },
    insertDocument(input: { title: string; sourceLang: string; createdBy: number | null; langs: string[]; now: string }): number {
      const id = Number(insert.run(input).lastInsertRowid);
      for (const lang of input.langs) insertLang.run({ documentId: id, lang });
      return id;
    },
    /** Marks a document as being written in parts: hidden until finishDocumentImport. */
    insertDocumentImport(id: number, now: string): void {
      insertPending.run({ id, now });
    },
    finishDocumentImport(id: number): void {
      finishPending.run({ id });
    },
    /** Documents whose import never finished (the server stopped during it). */
    listUnfinishedImports(): number[] {
      return listPending.all() as number[];
    },
    /** Deletes up to `limit` segments of a document (with their slots); the number deleted. */
    deleteSomeSegments(id: number, limit: number): number {
      return deleteSome.run({ id, limit }).changes;
    },
    /** Deletes a document row (its remaining segments and slots cascade). */
    deleteDocument(id: number): void {
      deleteOne.run({ id });
    },
    touchDocument(id: number, now: string): void {
      touch.run({ id, now });
    },
    countDocuments(): number {
      return (count.get() as { n: number }).n;
    },
  };
}

export type DocumentStore = ReturnType<typeof createDocumentStore>;

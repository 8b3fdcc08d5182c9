import type { RevisionAction, SlotStatus } from '../domain.js';
import type { Db } from './db.js';

export interface Revision {
  id: number;
  segmentId: number;
  lang: string;
  version: number;
  text: string;
  status: SlotStatus;
  span: number;
  authorId: number | null;
  createdAt: string;
  action: RevisionAction;
}

interface RevisionRow {
  id: number; segment_id: number; lang: string; version: number; text: string; status: SlotStatus;
  span: number; author_id: number | null; created_at: string; action: RevisionAction;
}

function toRevision(row: RevisionRow): Revision {
  return {
    id: row.id, segmentId: row.segment_id, lang: row.lang, version: row.version, text: row.text, status: row.status,
    span: row.span, authorId: row.author_id, createdAt: row.created_at, action: row.action,
  };
}

export function createRevisionStore(db: Db) {
  const insert = db.prepare(`INSERT INTO revisions (segment_id, lang, version, text, status, span, author_id, created_at, action)
    VALUES (@segmentId, @lang, @version, @text, @status, @span, @authorId, @createdAt, @action)`);
  const list = db.prepare('SELECT * FROM revisions WHERE segment_id = @segmentId AND lang = @lang ORDER BY id');

  return {
    insertRevision(revision: Omit<Revision, 'id'>): number {
      return Number(insert.run(revision).lastInsertRowid);
    },
    listRevisions(segmentId: number, lang: string): Revision[] {
      return (list.all({ segmentId, lang }) as RevisionRow[]).map(toRevision);
    },
  };
}

export type RevisionStore = ReturnType<typeof createRevisionStore>;

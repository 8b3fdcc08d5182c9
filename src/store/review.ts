import type { AssignmentRole, ErrorCategory, ReviewPass } from '../domain.js';
import type { Db } from './db.js';

export interface Comment {
  id: number;
  segmentId: number;
  lang: string;
  authorId: number | null;
  authorName: string | null;
  body: string;
  createdAt: string;
  resolvedAt: string | null;
  resolvedBy: number | null;
}

export interface Assignment { documentId: number; lang: string; userId: number; userName: string; role: AssignmentRole; createdAt: string }


interface CommentRow {
  id: number; segment_id: number; lang: string; author_id: number | null; author_name: string | null; body: string;
  created_at: string; resolved_at: string | null; resolved_by: number | null;
}

function toComment(row: CommentRow): Comment {
  return {
    id: row.id, segmentId: row.segment_id, lang: row.lang, authorId: row.author_id, authorName: row.author_name, body: row.body,
    createdAt: row.created_at, resolvedAt: row.resolved_at, resolvedBy: row.resolved_by,
  };
}

/** Comments, approvals, assignments, revision history and activity. */
export function createReviewStore(db: Db) {
  const selectComment = 'SELECT c.*, u.name AS author_name FROM comments c LEFT JOIN users u ON u.id = c.author_id';
  const insertComment = db.prepare(`INSERT INTO comments (segment_id, lang, author_id, body, created_at) VALUES (@segmentId, @lang, @authorId, @body, @now)`);
  const findComment = db.prepare(`${selectComment} WHERE c.id = @id`);
  const listComments = db.prepare(`${selectComment} WHERE c.segment_id = @segmentId AND c.lang = @lang ORDER BY c.id`);
  const resolveComment = db.prepare('UPDATE comments SET resolved_at = @at, resolved_by = @userId WHERE id = @id');
  // CROSS JOIN keeps comments as the outer loop: a document has thousands of segments but few comments.
  const commentCounts = db.prepare(`SELECT c.segment_id, c.lang, COUNT(*) AS total, SUM(c.resolved_at IS NULL) AS open
    FROM comments c CROSS JOIN segments s ON s.id = c.segment_id WHERE s.document_id = @documentId GROUP BY c.segment_id, c.lang`);
  const documentOfComment = db.prepare('SELECT s.document_id FROM comments c JOIN segments s ON s.id = c.segment_id WHERE c.id = @id');

  const insertApproval = db.prepare(`INSERT INTO approvals (segment_id, lang, version, decision, comment_id, reviewer_id, qa_override, created_at, error_category, pass)
    VALUES (@segmentId, @lang, @version, @decision, @commentId, @reviewerId, @qaOverride, @now, @errorCategory, @pass)`);
  const rejectionCategories = db.prepare(`SELECT a.lang, a.pass, a.error_category AS category, COUNT(*) AS count
    FROM approvals a JOIN segments s ON s.id = a.segment_id
    WHERE s.document_id = @documentId AND a.decision = 'rejected' GROUP BY a.lang, a.pass, a.error_category`);
  const decisionCounts = db.prepare(`SELECT a.lang, a.pass, a.decision, COUNT(*) AS count
    FROM approvals a JOIN segments s ON s.id = a.segment_id
    WHERE s.document_id = @documentId GROUP BY a.lang, a.pass, a.decision`);
  const lastFirstApproval = db.prepare(`SELECT a.reviewer_id, u.name AS reviewer_name, a.created_at FROM approvals a LEFT JOIN users u ON u.id = a.reviewer_id
    WHERE a.segment_id = @segmentId AND a.lang = @lang AND a.pass = 1 AND a.decision = 'approved' ORDER BY a.id DESC LIMIT 1`);
  const firstApprovalsOfLanguage = db.prepare(`SELECT a.segment_id, a.reviewer_id, u.name AS reviewer_name, a.created_at
    FROM approvals a JOIN segments s ON s.id = a.segment_id LEFT JOIN users u ON u.id = a.reviewer_id
    WHERE s.document_id = @documentId AND a.lang = @lang AND a.pass = 1 AND a.decision = 'approved' ORDER BY a.id`);

  const findSecondReview = db.prepare('SELECT 1 FROM second_reviews WHERE document_id = @documentId AND lang = @lang');
  const listSecondReviews = db.prepare('SELECT lang FROM second_reviews WHERE document_id = @documentId ORDER BY lang');
  const insertSecondReview = db.prepare(`INSERT OR IGNORE INTO second_reviews (document_id, lang, enabled_by, enabled_at) VALUES (@documentId, @lang, @userId, @now)`);
  const deleteSecondReview = db.prepare('DELETE FROM second_reviews WHERE document_id = @documentId AND lang = @lang');

  const listAssignments = db.prepare(`SELECT a.*, u.name AS user_name FROM assignments a JOIN users u ON u.id = a.user_id
    WHERE a.document_id = @documentId ORDER BY a.lang, a.role, u.name`);
  const assignmentsOfUser = db.prepare('SELECT document_id, lang, role FROM assignments WHERE user_id = @userId');
  // Both of the policy's assignment questions in one statement: asked twice per slot save.
  const mayWorkOn = db.prepare(`SELECT NOT EXISTS (SELECT 1 FROM assignments WHERE document_id = @documentId AND lang = @lang AND role = @role)
      OR EXISTS (SELECT 1 FROM assignments WHERE document_id = @documentId AND lang = @lang AND role = @role AND user_id = @userId)`).pluck();
  const insertAssignment = db.prepare(`INSERT OR IGNORE INTO assignments (document_id, lang, user_id, role, assigned_by, created_at)
    VALUES (@documentId, @lang, @userId, @role, @assignedBy, @now)`);
  const deleteAssignment = db.prepare('DELETE FROM assignments WHERE document_id = @documentId AND lang = @lang AND user_id = @userId AND role = @role');

  const lastApproved = db.prepare(`SELECT text, created_at FROM revisions WHERE segment_id = @segmentId AND lang = @lang AND status = 'approved'
    ORDER BY id DESC LIMIT 1`);
  const lastRejected = db.prepare(`SELECT text, created_at FROM revisions WHERE segment_id = @segmentId AND lang = @lang AND status = 'rejected'
    ORDER BY id DESC LIMIT 1`);
  const lastDifferent = db.prepare(`SELECT text, created_at FROM revisions WHERE segment_id = @segmentId AND lang = @lang AND text <> @text
    ORDER BY id DESC LIMIT 1`);
  const revisionsWithAuthors = db.prepare(`SELECT r.*, u.name AS author_name FROM revisions r LEFT JOIN users u ON u.id = r.author_id
    WHERE r.segment_id = @segmentId AND r.lang = @lang ORDER BY r.id`);
  const findRevision = db.prepare('SELECT * FROM revisions WHERE id = @id');

  const activity = db.prepare(`SELECT substr(r.created_at, 1, 10) AS day, COALESCE(u.name, 'command line') AS user_name, r.action, COUNT(*) AS n
    FROM revisions r JOIN segments s ON s.id = r.segment_id LEFT JOIN users u ON u.id = r.author_id
    WHERE s.document_id = @documentId GROUP BY day, user_name, r.action ORDER BY day, user_name`);

  return {
    insertComment(input: { segmentId: number; lang: string; authorId: number; body: string; now: string }): number {
      return Number(insertComment.run(input).lastInsertRowid);
    },
    findComment(id: number): (Comment & { documentId: number }) | undefined {
      const row = findComment.get({ id }) as CommentRow | undefined;
      const document = documentOfComment.get({ id }) as { document_id: number } | undefined;
      return row && document ? { ...toComment(row), documentId: document.document_id } : undefined;
    },
    listComments(segmentId: number, lang: string): Comment[] {
      return (listComments.all({ segmentId, lang }) as CommentRow[]).map(toComment);
    },
    updateCommentResolution(id: number, at: string | null, userId: number | null): void {
      resolveComment.run({ id, at, userId });
    },
    /** Comment counts per slot of a document: key `${segmentId}:${lang}`. */
    commentCounts(documentId: number): Map<string, { total: number; open: number }> {
      const rows = commentCounts.all({ documentId }) as { segment_id: number; lang: string; total: number; open: number }[];
      return new Map(rows.map((r) => [`${r.segment_id}:${r.lang}`, { total: r.total, open: r.open }]));
    },

    insertApproval(input: { segmentId: number; lang: string; version: number; decision: 'approved' | 'rejected'; commentId: number | null; reviewerId: number; qaOverride: boolean; now: string; errorCategory?: ErrorCategory | null; pass?: ReviewPass }): void {
      insertApproval.run({ ...input, qaOverride: input.qaOverride ? 1 : 0, errorCategory: input.errorCategory ?? null, pass: input.pass ?? 1 });
    },
    /** Rejections of a document per language, review pass and error category (null: none given), every rejection ever made. */
    rejectionCategories(documentId: number): { lang: string; pass: ReviewPass; category: ErrorCategory | null; count: number }[] {
      return rejectionCategories.all({ documentId }) as { lang: string; pass: ReviewPass; category: ErrorCategory | null; count: number }[];
    },
    /** Decisions of a document per language, review pass and decision, every decision ever made. */
    decisionCounts(documentId: number): { lang: string; pass: ReviewPass; decision: 'approved' | 'rejected'; count: number }[] {
      return decisionCounts.all({ documentId }) as { lang: string; pass: ReviewPass; decision: 'approved' | 'rejected'; count: number }[];
    },
    /** Who last approved the slot in the first of two passes (the four-eyes rule asks). */
    findFirstApproval(segmentId: number, lang: string): { reviewerId: number | null; reviewerName: string | null; at: string } | undefined {
      const row = lastFirstApproval.get({ segmentId, lang }) as { reviewer_id: number | null; reviewer_name: string | null; created_at: string } | undefined;
      return row && { reviewerId: row.reviewer_id, reviewerName: row.reviewer_name, at: row.created_at };
    },
    /** The latest first-pass approval of every slot of a language that has one, keyed by segment id. */
    firstApprovals(documentId: number, lang: string): Map<number, { reviewerId: number | null; reviewerName: string | null; at: string }> {
      const rows = firstApprovalsOfLanguage.all({ documentId, lang }) as { segment_id: number; reviewer_id: number | null; reviewer_name: string | null; created_at: string }[];
      // Ordered by id, so the latest approval of a slot is the one left in the map.
      return new Map(rows.map((r) => [r.segment_id, { reviewerId: r.reviewer_id, reviewerName: r.reviewer_name, at: r.created_at }]));
    },

    /** Whether the language has a second review pass. */
    hasSecondReview(documentId: number, lang: string): boolean {
      return findSecondReview.get({ documentId, lang }) !== undefined;
    },
    listSecondReviews(documentId: number): string[] {
      return (listSecondReviews.all({ documentId }) as { lang: string }[]).map((r) => r.lang);
    },
    /** Turns the second pass on or off; returns whether anything changed. */
    updateSecondReview(input: { documentId: number; lang: string; enabled: boolean; userId: number; now: string }): boolean {
      return (input.enabled ? insertSecondReview.run(input) : deleteSecondReview.run({ documentId: input.documentId, lang: input.lang })).changes === 1;
    },

    listAssignments(documentId: number): Assignment[] {
      return (listAssignments.all({ documentId }) as { document_id: number; lang: string; user_id: number; user_name: string; role: AssignmentRole; created_at: string }[])
        .map((r) => ({ documentId: r.document_id, lang: r.lang, userId: r.user_id, userName: r.user_name, role: r.role, createdAt: r.created_at }));
    },
    listAssignmentsOfUser(userId: number): { documentId: number; lang: string; role: string }[] {
      return (assignmentsOfUser.all({ userId }) as { document_id: number; lang: string; role: string }[]).map((r) => ({ documentId: r.document_id, lang: r.lang, role: r.role }));
    },
    /** Whether the user may work on the language in this role: nobody holds the role for it, or they are assigned. */
    mayWorkOn(documentId: number, lang: string, role: AssignmentRole, userId: number): boolean {
      return mayWorkOn.get({ documentId, lang, role, userId }) === 1;
    },
    insertAssignment(input: { documentId: number; lang: string; userId: number; role: AssignmentRole; assignedBy: number; now: string }): boolean {
      return insertAssignment.run(input).changes === 1;
    },
    deleteAssignment(input: { documentId: number; lang: string; userId: number; role: AssignmentRole }): boolean {
      return deleteAssignment.run(input).changes === 1;
    },

    /**
     * The text a reviewer compares against: the last approved text; else the text that
     * was rejected last; else the latest earlier revision with a different text.
     */
    findComparisonBase(segmentId: number, lang: string, currentText: string): { text: string; kind: 'approved' | 'rejected' | 'previous'; at: string } | undefined {
      const approved = lastApproved.get({ segmentId, lang }) as { text: string; created_at: string } | undefined;
      if (approved) return { text: approved.text, kind: 'approved', at: approved.created_at };
      const rejected = lastRejected.get({ segmentId, lang }) as { text: string; created_at: string } | undefined;
      if (rejected) return { text: rejected.text, kind: 'rejected', at: rejected.created_at };
      const previous = lastDifferent.get({ segmentId, lang, text: currentText }) as { text: string; created_at: string } | undefined;
      return previous && { text: previous.text, kind: 'previous', at: previous.created_at };
    },
    listRevisionsWithAuthors(segmentId: number, lang: string) {
      return (revisionsWithAuthors.all({ segmentId, lang }) as {
        id: number; version: number; text: string; status: string; span: number; author_id: number | null; author_name: string | null; created_at: string; action: string;
      }[]).map((r) => ({ id: r.id, version: r.version, text: r.text, status: r.status, span: r.span, authorId: r.author_id, authorName: r.author_name, createdAt: r.created_at, action: r.action }));
    },
    findRevision(id: number): { id: number; segmentId: number; lang: string; text: string; status: string } | undefined {
      const row = findRevision.get({ id }) as { id: number; segment_id: number; lang: string; text: string; status: string } | undefined;
      return row && { id: row.id, segmentId: row.segment_id, lang: row.lang, text: row.text, status: row.status };
    },

    /** Revisions per day, person and action for one document. */
    activity(documentId: number): { day: string; userName: string; action: string; count: number }[] {
      return (activity.all({ documentId }) as { day: string; user_name: string; action: string; n: number }[])
        .map((r) => ({ day: r.day, userName: r.user_name, action: r.action, count: r.n }));
    },
  };
}

export type ReviewStore = ReturnType<typeof createReviewStore>;

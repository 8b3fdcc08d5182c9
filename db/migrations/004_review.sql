-- Review: comment threads per slot, approvals with their comments, and assignments.

CREATE TABLE comments (
  id          INTEGER PRIMARY KEY,
  segment_id  INTEGER NOT NULL REFERENCES segments(id) ON DELETE CASCADE,
  lang        TEXT    NOT NULL,
  author_id   INTEGER REFERENCES users(id) ON DELETE SET NULL,
  body        TEXT    NOT NULL CHECK (length(body) BETWEEN 1 AND 10000),
  created_at  TEXT    NOT NULL,
  resolved_at TEXT,
  resolved_by INTEGER REFERENCES users(id) ON DELETE SET NULL
) STRICT;
CREATE INDEX comments_slot ON comments(segment_id, lang, id);

-- Every reviewer decision, with the version it judged and whether QA errors were overridden.
CREATE TABLE approvals (
  id          INTEGER PRIMARY KEY,
  segment_id  INTEGER NOT NULL REFERENCES segments(id) ON DELETE CASCADE,
  lang        TEXT    NOT NULL,
  version     INTEGER NOT NULL,
  decision    TEXT    NOT NULL CHECK (decision IN ('approved', 'rejected')),
  comment_id  INTEGER REFERENCES comments(id) ON DELETE SET NULL,
  reviewer_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
  qa_override INTEGER NOT NULL DEFAULT 0 CHECK (qa_override IN (0, 1)),
  created_at  TEXT    NOT NULL
) STRICT;
CREATE INDEX approvals_slot ON approvals(segment_id, lang, id);

-- Who works on which language of which document, and as what.
CREATE TABLE assignments (
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  lang        TEXT    NOT NULL,
  user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role        TEXT    NOT NULL CHECK (role IN ('translator', 'reviewer')),
  assigned_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
  created_at  TEXT    NOT NULL,
  PRIMARY KEY (document_id, lang, user_id, role)
) STRICT;
CREATE INDEX assignments_user ON assignments(user_id);

CREATE INDEX audit_log_user ON audit_log(user_id, id);
CREATE INDEX audit_log_document ON audit_log(document_id, id);
CREATE INDEX revisions_author ON revisions(author_id, created_at);

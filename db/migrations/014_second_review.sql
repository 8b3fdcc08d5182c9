-- A second review pass (issue #13), as memoQ's reviewer 1 / reviewer 2 and Matecat's R1/R2:
-- per document and language an admin may turn it on; a first reviewer's approval then leaves
-- the slot `reviewed` (waiting for the second reviewer), and only the second reviewer's makes
-- it `approved`. Self-contained, so the lead may renumber it.
--
-- The status and role CHECKs live in the table definitions, which ALTER TABLE cannot change:
-- slots, revisions and assignments are rebuilt as SQLite documents (create, copy, drop,
-- rename, recreate the indexes). The runner turns foreign keys off around migrations, so the
-- drops cascade to nothing, and checks them before commit. No row changes.

CREATE TABLE slots_rebuilt (
  segment_id      INTEGER NOT NULL REFERENCES segments(id) ON DELETE CASCADE,
  lang            TEXT    NOT NULL,
  kind            TEXT    NOT NULL CHECK (kind IN ('head', 'continuation')),
  head_segment_id INTEGER REFERENCES segments(id) ON DELETE CASCADE,
  text            TEXT,
  status          TEXT CHECK (status IN ('empty', 'aligned', 'draft', 'translated', 'reviewed', 'approved', 'rejected')),
  version         INTEGER,
  span            INTEGER,
  confidence      REAL CHECK (confidence BETWEEN 0 AND 1),
  reasons         TEXT,
  updated_by      INTEGER REFERENCES users(id) ON DELETE SET NULL,
  updated_at      TEXT,
  PRIMARY KEY (segment_id, lang),
  CHECK (
    (kind = 'head' AND head_segment_id IS NULL AND text IS NOT NULL AND status IS NOT NULL
       AND version IS NOT NULL AND span >= 1 AND updated_at IS NOT NULL)
    OR
    (kind = 'continuation' AND head_segment_id IS NOT NULL AND text IS NULL AND status IS NULL
       AND version IS NULL AND span IS NULL)
  )
) STRICT;
INSERT INTO slots_rebuilt SELECT segment_id, lang, kind, head_segment_id, text, status, version, span, confidence, reasons, updated_by, updated_at FROM slots;
DROP TABLE slots;
ALTER TABLE slots_rebuilt RENAME TO slots;
CREATE INDEX slots_head ON slots(head_segment_id) WHERE head_segment_id IS NOT NULL;

CREATE TABLE revisions_rebuilt (
  id         INTEGER PRIMARY KEY,
  segment_id INTEGER NOT NULL REFERENCES segments(id) ON DELETE CASCADE,
  lang       TEXT    NOT NULL,
  version    INTEGER NOT NULL,
  text       TEXT    NOT NULL,
  status     TEXT    NOT NULL CHECK (status IN ('empty', 'aligned', 'draft', 'translated', 'reviewed', 'approved', 'rejected')),
  span       INTEGER NOT NULL CHECK (span >= 1),
  author_id  INTEGER REFERENCES users(id) ON DELETE SET NULL,
  created_at TEXT    NOT NULL,
  action     TEXT    NOT NULL
) STRICT;
INSERT INTO revisions_rebuilt SELECT id, segment_id, lang, version, text, status, span, author_id, created_at, action FROM revisions;
DROP TABLE revisions;
ALTER TABLE revisions_rebuilt RENAME TO revisions;
CREATE INDEX revisions_slot ON revisions(segment_id, lang, id);
CREATE INDEX revisions_author ON revisions(author_id, created_at);

-- `reviewer2`: the second reviewer of a language (the user holds the reviewer role).
CREATE TABLE assignments_rebuilt (
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  lang        TEXT    NOT NULL,
  user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role        TEXT    NOT NULL CHECK (role IN ('translator', 'reviewer', 'reviewer2')),
  assigned_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
  created_at  TEXT    NOT NULL,
  PRIMARY KEY (document_id, lang, user_id, role)
) STRICT;
INSERT INTO assignments_rebuilt SELECT document_id, lang, user_id, role, assigned_by, created_at FROM assignments;
DROP TABLE assignments;
ALTER TABLE assignments_rebuilt RENAME TO assignments;
CREATE INDEX assignments_user ON assignments(user_id);

-- Which pass a decision belongs to: 1 (the only one, or reviewer 1), 2 (reviewer 2).
-- Every decision made before this migration was a single pass.
ALTER TABLE approvals ADD COLUMN pass INTEGER NOT NULL DEFAULT 1 CHECK (pass IN (1, 2));

-- The languages with a second review pass turned on; a language without a row has one pass.
CREATE TABLE second_reviews (
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  lang        TEXT    NOT NULL,
  enabled_by  INTEGER REFERENCES users(id) ON DELETE SET NULL,
  enabled_at  TEXT    NOT NULL,
  PRIMARY KEY (document_id, lang)
) STRICT;

-- Duizhao initial schema. A landed migration is never edited: change it with a new file.

CREATE TABLE users (
  id            INTEGER PRIMARY KEY,
  name          TEXT    NOT NULL UNIQUE COLLATE NOCASE,
  password_hash TEXT    NOT NULL,
  disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  created_at    TEXT    NOT NULL
) STRICT;

-- A user may hold several roles.
CREATE TABLE user_roles (
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role    TEXT    NOT NULL CHECK (role IN ('admin', 'translator', 'reviewer')),
  PRIMARY KEY (user_id, role)
) STRICT;

-- The cookie carries a random token; only its SHA-256 is stored, so a copy of the
-- database does not hand out live sessions.
CREATE TABLE sessions (
  id           TEXT    PRIMARY KEY,
  user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf_token   TEXT    NOT NULL,
  created_at   TEXT    NOT NULL,
  last_seen_at TEXT    NOT NULL,
  expires_at   TEXT    NOT NULL
) STRICT;
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE documents (
  id          INTEGER PRIMARY KEY,
  title       TEXT    NOT NULL,
  source_lang TEXT    NOT NULL DEFAULT 'zh-CN',
  -- NULL when the document was created from the command line, where no one is signed in.
  created_by  INTEGER REFERENCES users(id) ON DELETE SET NULL,
  created_at  TEXT    NOT NULL,
  updated_at  TEXT    NOT NULL
) STRICT;

CREATE TABLE document_languages (
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  lang        TEXT    NOT NULL,
  PRIMARY KEY (document_id, lang)
) STRICT;

-- position is dense (0..n-1) and renumbered inside the transaction that splits or merges
-- segments (it is negative only for a moment inside that transaction: store/regions.ts).
-- AUTOINCREMENT: ids are never reused, so undoing a segment merge can bring a segment back
-- under its old id without colliding with one created since.
CREATE TABLE segments (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  position    INTEGER NOT NULL,
  paragraph   INTEGER NOT NULL CHECK (paragraph >= 0),
  text        TEXT    NOT NULL
) STRICT;
CREATE UNIQUE INDEX segments_document_position ON segments(document_id, position);

-- One row per (segment, language). A head owns the text and covers `span` segments
-- starting at its own; each further segment it covers is a continuation pointing at it.
-- For every document and language the heads tile the segments exactly (store/slots.ts checkTiling).
CREATE TABLE slots (
  segment_id      INTEGER NOT NULL REFERENCES segments(id) ON DELETE CASCADE,
  lang            TEXT    NOT NULL,
  kind            TEXT    NOT NULL CHECK (kind IN ('head', 'continuation')),
  head_segment_id INTEGER REFERENCES segments(id) ON DELETE CASCADE,
  text            TEXT,
  status          TEXT CHECK (status IN ('empty', 'aligned', 'draft', 'translated', 'approved', 'rejected')),
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
CREATE INDEX slots_head ON slots(head_segment_id) WHERE head_segment_id IS NOT NULL;

-- Append-only: every change to a head writes one revision.
CREATE TABLE revisions (
  id         INTEGER PRIMARY KEY,
  segment_id INTEGER NOT NULL REFERENCES segments(id) ON DELETE CASCADE,
  lang       TEXT    NOT NULL,
  version    INTEGER NOT NULL,
  text       TEXT    NOT NULL,
  status     TEXT    NOT NULL CHECK (status IN ('empty', 'aligned', 'draft', 'translated', 'approved', 'rejected')),
  span       INTEGER NOT NULL CHECK (span >= 1),
  author_id  INTEGER REFERENCES users(id) ON DELETE SET NULL,
  created_at TEXT    NOT NULL,
  action     TEXT    NOT NULL
) STRICT;
CREATE INDEX revisions_slot ON revisions(segment_id, lang, id);

CREATE TABLE audit_log (
  id          INTEGER PRIMARY KEY,
  user_id     INTEGER REFERENCES users(id) ON DELETE SET NULL,
  action      TEXT    NOT NULL,
  document_id INTEGER REFERENCES documents(id) ON DELETE SET NULL,
  details     TEXT    NOT NULL DEFAULT '{}',
  created_at  TEXT    NOT NULL
) STRICT;
CREATE INDEX audit_log_created ON audit_log(created_at);

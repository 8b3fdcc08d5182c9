-- The editor: an undo/redo log of slot and segment operations, and per-user settings.

-- Each user action that changes slots or segments of a document, with the state of the
-- affected region before and after (JSON, see services/regions.ts). Undo writes `before`
-- back when the region still looks like `after`; redo does the reverse.
CREATE TABLE operations (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  user_id     INTEGER REFERENCES users(id) ON DELETE SET NULL,
  kind        TEXT    NOT NULL,
  lang        TEXT,
  label       TEXT    NOT NULL,
  before      TEXT    NOT NULL,
  after       TEXT    NOT NULL,
  -- done: on the undo stack; undone: on the redo stack; dropped: a newer action cleared the redo stack.
  state       TEXT    NOT NULL CHECK (state IN ('done', 'undone', 'dropped')),
  created_at  TEXT    NOT NULL,
  updated_at  TEXT    NOT NULL
) STRICT;
CREATE INDEX operations_stack ON operations(document_id, user_id, state, id);

CREATE TABLE user_settings (
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  key     TEXT    NOT NULL,
  value   TEXT    NOT NULL,
  PRIMARY KEY (user_id, key)
) STRICT;

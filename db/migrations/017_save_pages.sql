-- Fewer pages written by each slot save's commit (issue #15; bench/save.ts measured 10 WAL
-- pages per save before, 8 with the first change below and 7 with both).

-- revisions_author (004, rebuilt in 014) served no query: every read of revisions goes by
-- slot (revisions_slot), by id, or by document through segments (EXPLAIN QUERY PLAN of each
-- query in src/store), and users are never deleted, so the ON DELETE SET NULL of author_id
-- never has to find a user's revisions. Yet every save wrote a page of it.
DROP INDEX IF EXISTS revisions_author;

-- operations.id was AUTOINCREMENT, so every new undo step also rewrote its row in
-- sqlite_sequence. Nothing needs ids never reused: a step is only ever compared with the
-- steps of its own document and user, which all outlive it, so the largest id is never
-- deleted while a newer step of theirs could take it (only deleting a whole document
-- removes steps, together with every step it could be compared with). A plain INTEGER
-- PRIMARY KEY still gives each new step an id above every stored one.
CREATE TABLE operations_rebuilt (
  id          INTEGER PRIMARY KEY,
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
INSERT INTO operations_rebuilt SELECT id, document_id, user_id, kind, lang, label, before, after, state, created_at, updated_at FROM operations;
DROP TABLE operations;
ALTER TABLE operations_rebuilt RENAME TO operations;
CREATE INDEX operations_stack ON operations(document_id, user_id, state, id);
DELETE FROM sqlite_sequence WHERE name = 'operations';

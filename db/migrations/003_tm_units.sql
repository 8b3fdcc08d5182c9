-- The translation memory (DESIGN.md "TM unit"): source/target pairs imported from TMX
-- files (and later from approved slots), with a trigram index for fuzzy candidates.

CREATE TABLE tm_units (
  id          INTEGER PRIMARY KEY,
  source_lang TEXT    NOT NULL,
  source_text TEXT    NOT NULL CHECK (length(source_text) > 0),
  target_lang TEXT    NOT NULL,
  target_text TEXT    NOT NULL CHECK (length(target_text) > 0),
  -- Where the unit came from: a TMX import (origin_name = file name) or an approved slot.
  origin      TEXT    NOT NULL CHECK (origin IN ('tmx', 'slot')),
  origin_name TEXT,
  tuid        TEXT,
  document_id INTEGER REFERENCES documents(id) ON DELETE SET NULL,
  -- The TMX changeid/creationid as written by the tool that made the file (not our users).
  author      TEXT,
  changed_at  TEXT,
  created_by  INTEGER REFERENCES users(id) ON DELETE SET NULL,
  created_at  TEXT    NOT NULL
) STRICT;
-- One pair is stored once, so importing the same file twice adds nothing.
CREATE UNIQUE INDEX tm_units_pair ON tm_units(source_lang, target_lang, source_text, target_text);

CREATE VIRTUAL TABLE tm_units_fts USING fts5(source_text, content='tm_units', content_rowid='id', tokenize='trigram');
CREATE TRIGGER tm_units_ai AFTER INSERT ON tm_units BEGIN
  INSERT INTO tm_units_fts(rowid, source_text) VALUES (new.id, new.source_text);
END;
CREATE TRIGGER tm_units_ad AFTER DELETE ON tm_units BEGIN
  INSERT INTO tm_units_fts(tm_units_fts, rowid, source_text) VALUES ('delete', old.id, old.source_text);
END;
CREATE TRIGGER tm_units_au AFTER UPDATE OF source_text ON tm_units BEGIN
  INSERT INTO tm_units_fts(tm_units_fts, rowid, source_text) VALUES ('delete', old.id, old.source_text);
  INSERT INTO tm_units_fts(rowid, source_text) VALUES (new.id, new.source_text);
END;

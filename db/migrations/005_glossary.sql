-- Glossary terms (DESIGN.md "term") and the columns the translation memory needs to keep
-- one unit per approved slot (issue #7).

-- A Chinese term. `case_sensitive` applies to the target-language equivalents: "Belt and
-- Road" must be written so, while "three evil forces" may start a sentence capitalised.
CREATE TABLE terms (
  id             INTEGER PRIMARY KEY,
  source_text    TEXT    NOT NULL UNIQUE CHECK (length(source_text) BETWEEN 1 AND 200),
  case_sensitive INTEGER NOT NULL DEFAULT 0 CHECK (case_sensitive IN (0, 1)),
  note           TEXT    NOT NULL DEFAULT '' CHECK (length(note) <= 2000),
  created_by     INTEGER REFERENCES users(id) ON DELETE SET NULL,
  created_at     TEXT    NOT NULL,
  updated_at     TEXT    NOT NULL
) STRICT;

-- Equivalents per language: one `preferred`, any number of `allowed`, and `forbidden`
-- variants that QA reports when a translation uses them.
CREATE TABLE term_equivalents (
  id      INTEGER PRIMARY KEY,
  term_id INTEGER NOT NULL REFERENCES terms(id) ON DELETE CASCADE,
  lang    TEXT    NOT NULL,
  text    TEXT    NOT NULL CHECK (length(text) BETWEEN 1 AND 300),
  kind    TEXT    NOT NULL CHECK (kind IN ('preferred', 'allowed', 'forbidden')),
  UNIQUE (term_id, lang, text)
) STRICT;
-- At most one preferred equivalent per term and language.
CREATE UNIQUE INDEX term_equivalents_preferred ON term_equivalents(term_id, lang) WHERE kind = 'preferred';

-- A TM unit made from an approved slot is keyed by the slot (head segment + language), so
-- approving it again updates the unit instead of adding a second one. `context` is the
-- Chinese text of the segment before, for context matches.
ALTER TABLE tm_units ADD COLUMN segment_id INTEGER REFERENCES segments(id) ON DELETE SET NULL;
ALTER TABLE tm_units ADD COLUMN context TEXT;
CREATE UNIQUE INDEX tm_units_slot ON tm_units(segment_id, target_lang) WHERE segment_id IS NOT NULL;

-- Concordance searches the target side too: a second trigram index over target_text.
CREATE VIRTUAL TABLE tm_units_target_fts USING fts5(target_text, content='tm_units', content_rowid='id', tokenize='trigram');
INSERT INTO tm_units_target_fts(tm_units_target_fts) VALUES ('rebuild');
CREATE TRIGGER tm_units_target_ai AFTER INSERT ON tm_units BEGIN
  INSERT INTO tm_units_target_fts(rowid, target_text) VALUES (new.id, new.target_text);
END;
CREATE TRIGGER tm_units_target_ad AFTER DELETE ON tm_units BEGIN
  INSERT INTO tm_units_target_fts(tm_units_target_fts, rowid, target_text) VALUES ('delete', old.id, old.target_text);
END;
CREATE TRIGGER tm_units_target_au AFTER UPDATE OF target_text ON tm_units BEGIN
  INSERT INTO tm_units_target_fts(tm_units_target_fts, rowid, target_text) VALUES ('delete', old.id, old.target_text);
  INSERT INTO tm_units_target_fts(rowid, target_text) VALUES (new.id, new.target_text);
END;

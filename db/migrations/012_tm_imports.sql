-- A large TMX import writes its units in many short transactions, so the server answers
-- others between them (issue #12). Each such import has a row here while it runs; its units
-- carry its id and are hidden from every look-up, concordance and export until the row is
-- deleted (the import's last commit). A row left by a crash marks units to discard.
-- AUTOINCREMENT: a finished import's id is never given to a later one, whose row would
-- otherwise hide the earlier units again.
CREATE TABLE tm_imports (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  started_at TEXT NOT NULL
) STRICT;
ALTER TABLE tm_units ADD COLUMN import_id INTEGER;
CREATE INDEX tm_units_import ON tm_units(import_id) WHERE import_id IS NOT NULL;

-- Change stamps (issue #12). `glossary` moves on every change to a term or an equivalent,
-- whoever makes it (the server, the CLI, a restore), so the glossary's look-up index is
-- rebuilt exactly when it is stale. `health` is what /healthz writes to prove that the
-- database still takes writes.
CREATE TABLE stamps (
  name  TEXT    PRIMARY KEY,
  value INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
INSERT INTO stamps (name, value) VALUES ('glossary', 0), ('health', 0);

CREATE TRIGGER terms_stamp_ai AFTER INSERT ON terms BEGIN UPDATE stamps SET value = value + 1 WHERE name = 'glossary'; END;
CREATE TRIGGER terms_stamp_au AFTER UPDATE ON terms BEGIN UPDATE stamps SET value = value + 1 WHERE name = 'glossary'; END;
CREATE TRIGGER terms_stamp_ad AFTER DELETE ON terms BEGIN UPDATE stamps SET value = value + 1 WHERE name = 'glossary'; END;
CREATE TRIGGER term_equivalents_stamp_ai AFTER INSERT ON term_equivalents BEGIN UPDATE stamps SET value = value + 1 WHERE name = 'glossary'; END;
CREATE TRIGGER term_equivalents_stamp_au AFTER UPDATE ON term_equivalents BEGIN UPDATE stamps SET value = value + 1 WHERE name = 'glossary'; END;
CREATE TRIGGER term_equivalents_stamp_ad AFTER DELETE ON term_equivalents BEGIN UPDATE stamps SET value = value + 1 WHERE name = 'glossary'; END;

-- Brings every database to the segments table that 001_initial.sql describes today.
--
-- 001 was edited after it had landed (commit b9e685a): segments.id became AUTOINCREMENT
-- and the CHECK (position >= 0) was dropped. A database created before that kept the old
-- table, where SQLite may hand a deleted segment's id to a new one (so undoing a segment
-- merge could bring a segment back under an id taken since) and where the negative
-- parking positions of a split or merge (store/regions.ts) break the CHECK.
--
-- The table is rebuilt as SQLite documents for changes ALTER TABLE cannot make: create
-- the new table, copy the rows, drop the old one, rename. The runner turns foreign keys
-- off around migrations (so the drop cascades to nothing) and checks them before commit.
-- On a database that already had today's table the rebuild changes no row and no id.

-- The highest segment id ever handed out or still held by an undo step, so none is reused.
CREATE TEMP TABLE rebuild_segments_last_id AS
SELECT MAX(v) AS v FROM (
  SELECT MAX(id) AS v FROM segments
  UNION ALL SELECT seq FROM sqlite_sequence WHERE name = 'segments'
  UNION ALL SELECT MAX(CAST(json_extract(s.value, '$.id') AS INTEGER)) FROM operations o, json_each(o.before, '$.segments') s
  UNION ALL SELECT MAX(CAST(json_extract(s.value, '$.id') AS INTEGER)) FROM operations o, json_each(o.after, '$.segments') s
);

CREATE TABLE segments_rebuilt (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  position    INTEGER NOT NULL,
  paragraph   INTEGER NOT NULL CHECK (paragraph >= 0),
  text        TEXT    NOT NULL
) STRICT;
INSERT INTO segments_rebuilt (id, document_id, position, paragraph, text)
  SELECT id, document_id, position, paragraph, text FROM segments ORDER BY id;
DROP TABLE segments;
ALTER TABLE segments_rebuilt RENAME TO segments;
CREATE UNIQUE INDEX segments_document_position ON segments(document_id, position);

UPDATE sqlite_sequence SET seq = MAX(seq, (SELECT v FROM rebuild_segments_last_id))
  WHERE name = 'segments' AND (SELECT v FROM rebuild_segments_last_id) IS NOT NULL;
INSERT INTO sqlite_sequence (name, seq)
  SELECT 'segments', v FROM rebuild_segments_last_id
  WHERE v IS NOT NULL AND NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'segments');
DROP TABLE rebuild_segments_last_id;

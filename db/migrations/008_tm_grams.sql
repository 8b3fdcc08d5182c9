-- The translation memory's look-up indexes, rebuilt for speed at a million units (issue #15).
--
-- Before: two FTS5 trigram indexes with positions (detail=full) over the raw texts, kept
-- by triggers. A fuzzy look-up read ~11,000 index rows (phrase probes, most of them
-- thrown away as too common) and concordance could not use them for 1–2 characters.
--
-- After, for the Chinese side: an FTS5 index of trigrams of the text as matching sees it
-- (NFKC, lower case, spaces collapsed), each written as an ASCII token of three base-36
-- code points, the end padded so every character starts a token: a token prefix answers
-- a 1- or 2-character query, an AND of trigrams (checked against the text) a longer one.
-- For the target side: the distinct words of the folded text (concordance finds words
-- and their beginnings, as translators search English and Russian). The tokens are made
-- by the application (src/text/grams.ts), so both indexes are contentless (no second
-- copy of the texts) and kept by src/store/tm.ts, the only writer of tm_units, not by
-- triggers. Each unit's tokens are distinct, so positions cost next to nothing.
DROP TRIGGER tm_units_ai;
DROP TRIGGER tm_units_ad;
DROP TRIGGER tm_units_au;
DROP TABLE tm_units_fts;
DROP TRIGGER tm_units_target_ai;
DROP TRIGGER tm_units_target_ad;
DROP TRIGGER tm_units_target_au;
DROP TABLE tm_units_target_fts;

CREATE VIRTUAL TABLE tm_source_grams USING fts5(grams, content='', contentless_delete=1, tokenize='ascii');
CREATE VIRTUAL TABLE tm_target_words USING fts5(words, content='', contentless_delete=1, tokenize='ascii');

-- A hash of the source as matching sees it (NFKC, lower case, no spaces): exact and
-- normalisation-only matches are one index seek.
ALTER TABLE tm_units ADD COLUMN source_key INTEGER;
CREATE INDEX tm_units_source_key ON tm_units(source_key);

-- Units stored before this migration get their tokens and keys from the application the
-- next time it opens the database (SQL cannot make them); this row says from which id.
CREATE TABLE tm_index_pending (from_id INTEGER NOT NULL) STRICT;
INSERT INTO tm_index_pending (from_id) SELECT 0 WHERE EXISTS (SELECT 1 FROM tm_units);

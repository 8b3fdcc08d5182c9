-- Cheaper source-index tokens (issue #15: TM seeding at 1M units ran at ~8,600 units/s).
--
-- The source index wrote each character of a trigram or bigram as 4 base-36 digits, so
-- a Chinese trigram was a 12-byte ASCII token, made in JavaScript from a table of codes
-- and then read byte by byte by the tokenizer. Its tokens are now the characters
-- themselves (src/text/grams.ts): 9 bytes for that trigram, made by slicing the text.
-- The token of each unit changes, so the index is made again. It is contentless, so SQL
-- cannot do that: the application gives every unit its tokens the next time it opens the
-- database (tm_index_pending, as in the tm_grams migration), in batches that each commit.
-- Both indexes are rebuilt (that step writes both); the target one is unchanged.
DROP TABLE tm_source_grams;
DROP TABLE tm_target_words;
CREATE VIRTUAL TABLE tm_source_grams USING fts5(grams, content='', contentless_delete=1, tokenize='ascii', detail=none);
CREATE VIRTUAL TABLE tm_target_words USING fts5(words, content='', contentless_delete=1, tokenize='ascii', detail=none);

DELETE FROM tm_index_pending;
INSERT INTO tm_index_pending (from_id) SELECT 0 WHERE EXISTS (SELECT 1 FROM tm_units);

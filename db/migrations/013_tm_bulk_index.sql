-- Cheaper TM writes at a million units (issue #15: seeding ran at ~1,000 units/s there).
--
-- 1. The unique index over (source_lang, target_lang, source_text, target_text) held a
--    second copy of every text, in random order: at 100k units it was ~40 % of a unit's
--    insert CPU (bench/tm.ts), and at 1M its pages no longer fit the page cache, so each
--    insert read some back. It gives way to a 53-bit hash of the exact pair (pair_key,
--    src/text/grams.ts `pairKey`), an integer index a twentieth of the size; src/store/tm.ts,
--    the only writer of tm_units, checks a new pair against the units with its key (by
--    their texts, so a hash collision never drops a pair) in the transaction that inserts it.
-- 2. The two token indexes drop positions (detail=none): every query they answer is a
--    single token, a token prefix or an AND of tokens, none a phrase, and each unit's
--    tokens are distinct, so positions held nothing a query reads.
--
-- The indexes are contentless, so SQL cannot rebuild them: the application gives every
-- unit its tokens, source key and pair key the next time it opens the database
-- (tm_index_pending, as in the tm_grams migration), in batches that each commit.
DROP INDEX tm_units_pair;
ALTER TABLE tm_units ADD COLUMN pair_key INTEGER;
CREATE INDEX tm_units_pair_key ON tm_units(pair_key);

DROP TABLE tm_source_grams;
DROP TABLE tm_target_words;
CREATE VIRTUAL TABLE tm_source_grams USING fts5(grams, content='', contentless_delete=1, tokenize='ascii', detail=none);
CREATE VIRTUAL TABLE tm_target_words USING fts5(words, content='', contentless_delete=1, tokenize='ascii', detail=none);

DELETE FROM tm_index_pending;
INSERT INTO tm_index_pending (from_id) SELECT 0 WHERE EXISTS (SELECT 1 FROM tm_units);

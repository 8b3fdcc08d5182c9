-- revisions_author (004, rebuilt in 014) served no query: every read of revisions goes by
-- slot (revisions_slot), by id, or by document through segments (EXPLAIN QUERY PLAN of each
-- query in src/store, issue #15), and users are never deleted, so the ON DELETE SET NULL of
-- author_id never has to find a user's revisions. Yet every slot save wrote one more page of
-- it to the WAL (10 pages per save before this; bench/save.ts). Self-contained, so the lead
-- may renumber it.
DROP INDEX IF EXISTS revisions_author;

-- What the aligner knew of a slot it placed (issue #11, "confidence that means what it says"):
-- the calibrated probability that the slot is exactly right and the most confidence its shape may
-- show (0.85 for an empty slot, one of four or more sentences, or one holding a sentence with no
-- Chinese). The confidence shown is that probability placed by its column's flag cut
-- (src/align/flag-rule.ts), so the cut can be computed again over the column's unconfirmed
-- slots after a re-alignment without reading the slots' texts. NULL for slots the aligner did not
-- place, and for every slot written before this migration: those keep the confidence they show
-- and take no part in a cut.
ALTER TABLE slots ADD COLUMN probability REAL CHECK (probability BETWEEN 0 AND 1);
ALTER TABLE slots ADD COLUMN ceiling REAL CHECK (ceiling BETWEEN 0 AND 1);

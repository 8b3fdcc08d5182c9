-- Segmentation rules people can change (issue #14 §5): SRX 2.0 rule sets imported by
-- users, and per document the rule set its texts are segmented with and a list of
-- abbreviations that never end a sentence. No row: today's built-in segmenter.

CREATE TABLE segmentation_rules (
  id         INTEGER PRIMARY KEY,
  name       TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  -- The SRX file as imported; its patterns were translated and checked then.
  srx        TEXT    NOT NULL,
  created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
  created_at TEXT    NOT NULL
) STRICT;

CREATE TABLE document_segmentation (
  document_id   INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
  rules_id      INTEGER REFERENCES segmentation_rules(id) ON DELETE SET NULL,
  -- A JSON array of words such as "approx" or "т.н" (without their final full stop).
  abbreviations TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(abbreviations) AND json_type(abbreviations) = 'array'),
  updated_by    INTEGER REFERENCES users(id) ON DELETE SET NULL,
  updated_at    TEXT    NOT NULL
) STRICT;

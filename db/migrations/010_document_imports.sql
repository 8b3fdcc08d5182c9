-- A large document is written in many short transactions, so the server answers others
-- between them (issue #12). Until its last one commits, the document has a row here and is
-- hidden from every list and look-up; a row left by a crash marks a document to discard.
CREATE TABLE document_imports (
  document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
  started_at  TEXT NOT NULL
) STRICT;

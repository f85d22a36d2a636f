/**
 * Migration 7: tamper evidence (docs/it-guide.md, "Audit chain").
 * - `invoices.till_seq`: every invoice's per-till sequence number (1, 2, 3 …), assigned in the transaction
 *   that stores it; existing invoices are numbered in the order they were made. Never reused, never edited.
 * - `till_sequence`: the last number given out. It may run ahead of MAX(till_seq) only across a gap an
 *   audited restore / accepted rollback declared (the invoices in it are known to the channel).
 * - `invoices.content_sm3`: the SM3 of the invoice's canonical content (store/invoice-digest.ts), copied into
 *   the audit entries of its later steps; `fapiao audit verify` recomputes it from the tables.
 * - `audit.mac`: HMAC-SHA256 of each entry's hash under the till's audit key, which the database never holds.
 */
export default /* sql */ `
ALTER TABLE invoices ADD COLUMN till_seq INTEGER;
ALTER TABLE invoices ADD COLUMN content_sm3 TEXT;
ALTER TABLE audit ADD COLUMN mac TEXT;

DROP TRIGGER IF EXISTS invoices_issued_frozen;
UPDATE invoices SET till_seq = n.n
  FROM (SELECT order_no, ROW_NUMBER() OVER (ORDER BY created_at, rowid) AS n FROM invoices) AS n
  WHERE n.order_no = invoices.order_no;
CREATE TRIGGER invoices_issued_frozen BEFORE UPDATE ON invoices WHEN OLD.status = 'issued'
BEGIN SELECT RAISE(ABORT, 'issued invoices are never edited'); END;

CREATE UNIQUE INDEX IF NOT EXISTS invoices_till_seq ON invoices(till_seq);
CREATE TABLE IF NOT EXISTS till_sequence (
  id   INTEGER PRIMARY KEY CHECK (id = 1),
  last INTEGER NOT NULL
) STRICT;
INSERT OR IGNORE INTO till_sequence (id, last) SELECT 1, COUNT(*) FROM invoices;

-- Invoices from before this migration (no content hash): sealed as one digest once (store/legacy-seal.ts).
CREATE INDEX IF NOT EXISTS invoices_legacy ON invoices(till_seq, order_no) WHERE content_sm3 IS NULL;
CREATE TRIGGER IF NOT EXISTS invoices_seq_frozen BEFORE UPDATE OF till_seq, content_sm3 ON invoices
  WHEN OLD.till_seq IS NOT NULL OR OLD.content_sm3 IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'invoice sequence and content hash are never edited'); END;
CREATE TRIGGER IF NOT EXISTS till_sequence_forward BEFORE UPDATE ON till_sequence WHEN NEW.last < OLD.last
BEGIN SELECT RAISE(ABORT, 'the till sequence never goes back'); END;
`;

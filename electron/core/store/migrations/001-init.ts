/** Migration 1: invoices, their lines, the outbox, the audit chain and settings. */
export default /* sql */ `
CREATE TABLE invoices (
  order_no       TEXT PRIMARY KEY,
  kind           TEXT NOT NULL CHECK (kind IN ('blue', 'red')),
  type           TEXT NOT NULL CHECK (type IN ('normal', 'special')),
  status         TEXT NOT NULL CHECK (status IN ('queued', 'submitting', 'retry', 'issued', 'rejected', 'cancelled')),
  buyer_name     TEXT NOT NULL,
  buyer_tax_id   TEXT,
  cashier        TEXT,
  draft_json     TEXT NOT NULL,
  computed_json  TEXT NOT NULL,
  amount_fen     INTEGER NOT NULL,
  tax_fen        INTEGER NOT NULL,
  total_fen      INTEGER NOT NULL,
  created_at     INTEGER NOT NULL,
  number         TEXT UNIQUE,
  issued_at      INTEGER,
  qr             TEXT,
  reject_code    TEXT,
  reject_message TEXT,
  original_order_no TEXT REFERENCES invoices(order_no)
) STRICT;
CREATE INDEX invoices_created ON invoices(created_at);
CREATE INDEX invoices_status ON invoices(status, created_at);

CREATE TABLE invoice_lines (
  order_no   TEXT NOT NULL REFERENCES invoices(order_no),
  line_no    INTEGER NOT NULL,
  kind       TEXT NOT NULL,
  item_name  TEXT NOT NULL,
  tax_code   TEXT NOT NULL,
  quantity   TEXT,
  unit_price TEXT,
  amount     TEXT NOT NULL,
  rate       TEXT NOT NULL,
  tax        TEXT NOT NULL,
  PRIMARY KEY (order_no, line_no)
) STRICT;

-- What is still to be sent. The signed body is kept so every retry sends the same bytes.
CREATE TABLE outbox (
  order_no        TEXT PRIMARY KEY REFERENCES invoices(order_no),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  outcome_unknown INTEGER NOT NULL DEFAULT 0,
  last_error      TEXT,
  created_at      INTEGER NOT NULL
) STRICT;
CREATE INDEX outbox_due ON outbox(next_attempt_at, created_at);

CREATE TABLE audit (
  seq       INTEGER PRIMARY KEY,
  at        INTEGER NOT NULL,
  actor     TEXT NOT NULL,
  type      TEXT NOT NULL,
  subject   TEXT NOT NULL,
  data_json TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash      TEXT NOT NULL
) STRICT;

CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

-- Issued invoices are never edited or deleted; content never changes once stored.
CREATE TRIGGER invoices_no_delete BEFORE DELETE ON invoices
BEGIN SELECT RAISE(ABORT, 'invoices are never deleted'); END;
CREATE TRIGGER invoices_issued_frozen BEFORE UPDATE ON invoices WHEN OLD.status = 'issued'
BEGIN SELECT RAISE(ABORT, 'issued invoices are never edited'); END;
CREATE TRIGGER invoices_content_frozen BEFORE UPDATE OF order_no, kind, type, buyer_name, buyer_tax_id, draft_json,
  computed_json, amount_fen, tax_fen, total_fen, created_at ON invoices
BEGIN SELECT RAISE(ABORT, 'invoice content is never edited'); END;
CREATE TRIGGER lines_no_update BEFORE UPDATE ON invoice_lines
BEGIN SELECT RAISE(ABORT, 'invoice lines are never edited'); END;
CREATE TRIGGER lines_no_delete BEFORE DELETE ON invoice_lines
BEGIN SELECT RAISE(ABORT, 'invoice lines are never deleted'); END;
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
`;

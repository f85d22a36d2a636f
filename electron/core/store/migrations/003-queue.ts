/**
 * Migration 3: what the manager's queue actions need. Which invoice a fix-and-resubmit replaces, the
 * 红字确认单 of each red invoice (docs/invoice-rules.md §5.1), and the outbox's running totals. Only IF NOT EXISTS /
 * OR IGNORE, so it is safe to re-run (db.ts re-applies it to a database that lacks part of it).
 */
export default /* sql */ `
CREATE TABLE IF NOT EXISTS invoice_links (
  order_no          TEXT PRIMARY KEY REFERENCES invoices(order_no),
  replaces_order_no TEXT NOT NULL UNIQUE REFERENCES invoices(order_no),
  created_at        INTEGER NOT NULL
) STRICT;

CREATE TABLE IF NOT EXISTS red_forms (
  order_no          TEXT PRIMARY KEY REFERENCES invoices(order_no),
  original_order_no TEXT NOT NULL REFERENCES invoices(order_no),
  reason            TEXT NOT NULL,
  request_json      TEXT NOT NULL,
  form_no           TEXT,
  state             TEXT NOT NULL DEFAULT 'draft',
  updated_at        INTEGER NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS red_forms_original ON red_forms(original_order_no);
CREATE INDEX IF NOT EXISTS invoices_original ON invoices(original_order_no) WHERE original_order_no IS NOT NULL;

-- What the offline policy reads on every issue, kept by trigger so it costs O(1) with any backlog.
CREATE TABLE IF NOT EXISTS outbox_totals (
  id       INTEGER PRIMARY KEY CHECK (id = 1),
  n        INTEGER NOT NULL,
  blue_fen INTEGER NOT NULL
) STRICT;
INSERT OR IGNORE INTO outbox_totals (id, n, blue_fen)
  SELECT 1, COUNT(*), COALESCE(SUM(CASE WHEN i.kind = 'blue' THEN i.total_fen ELSE 0 END), 0)
  FROM outbox o JOIN invoices i ON i.order_no = o.order_no;
CREATE TRIGGER IF NOT EXISTS outbox_totals_add AFTER INSERT ON outbox
BEGIN
  UPDATE outbox_totals SET n = n + 1,
    blue_fen = blue_fen + (SELECT CASE WHEN kind = 'blue' THEN total_fen ELSE 0 END FROM invoices WHERE order_no = NEW.order_no)
  WHERE id = 1;
END;
CREATE TRIGGER IF NOT EXISTS outbox_totals_remove AFTER DELETE ON outbox
BEGIN
  UPDATE outbox_totals SET n = n - 1,
    blue_fen = blue_fen - (SELECT CASE WHEN kind = 'blue' THEN total_fen ELSE 0 END FROM invoices WHERE order_no = OLD.order_no)
  WHERE id = 1;
END;
CREATE INDEX IF NOT EXISTS outbox_created ON outbox(created_at);

-- The exact submission sent the first time, resent byte for byte on every retry (settings may change
-- meanwhile); removed once the invoice is settled, its SM3 stays in the audit chain.
CREATE TABLE IF NOT EXISTS outbox_bodies (
  order_no TEXT PRIMARY KEY REFERENCES invoices(order_no),
  body     TEXT NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS outbox_errors ON outbox(next_attempt_at) WHERE last_error IS NOT NULL;

CREATE TRIGGER IF NOT EXISTS invoice_links_frozen BEFORE UPDATE ON invoice_links
BEGIN SELECT RAISE(ABORT, 'invoice links are never edited'); END;
CREATE TRIGGER IF NOT EXISTS invoice_links_no_delete BEFORE DELETE ON invoice_links
BEGIN SELECT RAISE(ABORT, 'invoice links are never deleted'); END;
CREATE TRIGGER IF NOT EXISTS red_forms_no_delete BEFORE DELETE ON red_forms
BEGIN SELECT RAISE(ABORT, 'red-letter forms are never deleted'); END;
`;

/**
 * Migration 2: what the manager's queue actions need. Which invoice a fix-and-resubmit replaces, and the
 * 红字确认单 of each red invoice (reference §5.1). Only new tables (IF NOT EXISTS), so it is safe to re-run.
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

CREATE TRIGGER IF NOT EXISTS invoice_links_frozen BEFORE UPDATE ON invoice_links
BEGIN SELECT RAISE(ABORT, 'invoice links are never edited'); END;
CREATE TRIGGER IF NOT EXISTS invoice_links_no_delete BEFORE DELETE ON invoice_links
BEGIN SELECT RAISE(ABORT, 'invoice links are never deleted'); END;
CREATE TRIGGER IF NOT EXISTS red_forms_no_delete BEFORE DELETE ON red_forms
BEGIN SELECT RAISE(ABORT, 'red-letter forms are never deleted'); END;
`;

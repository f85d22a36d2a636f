/**
 * Migration 2: what the store's screens need. The item catalogue, staff with salted PIN hashes,
 * past buyers (kept by trigger from invoices, for title lookup), per-line report facts in integer fen
 * (kept by trigger from invoice_lines, so reports sum exact integers), and indexes for reports on a
 * million invoices. Written idempotently (IF NOT EXISTS / OR IGNORE) so its place in the list is not fragile.
 */
export default /* sql */ `
CREATE TABLE IF NOT EXISTS items (
  id         INTEGER PRIMARY KEY,
  barcode    TEXT UNIQUE,
  name       TEXT NOT NULL,
  unit       TEXT,
  spec       TEXT,
  price      TEXT NOT NULL,
  tax_code   TEXT NOT NULL,
  rate       TEXT NOT NULL,
  category   TEXT,
  quick_key  INTEGER NOT NULL DEFAULT 0,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS items_name ON items(name);
CREATE INDEX IF NOT EXISTS items_quick ON items(quick_key) WHERE quick_key > 0;

CREATE TABLE IF NOT EXISTS staff (
  id       TEXT PRIMARY KEY,
  name     TEXT NOT NULL,
  role     TEXT NOT NULL CHECK (role IN ('cashier', 'manager')),
  pin_salt TEXT,
  pin_hash TEXT,
  active   INTEGER NOT NULL DEFAULT 1
) STRICT;

CREATE TABLE IF NOT EXISTS buyers (
  tax_id   TEXT PRIMARY KEY,
  name     TEXT NOT NULL,
  address  TEXT,
  phone    TEXT,
  bank     TEXT,
  account  TEXT,
  email    TEXT,
  uses     INTEGER NOT NULL DEFAULT 1,
  last_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS buyers_name ON buyers(name);

-- One row per invoice line, in fen, with what the day's report filters on: no join at report time.
-- counted: the invoice counts as a sale (issued or still to be sent), kept in step with its status.
CREATE TABLE IF NOT EXISTS report_lines (
  order_no   TEXT NOT NULL,
  line_no    INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  counted    INTEGER NOT NULL,
  kind       TEXT NOT NULL,
  item_name  TEXT NOT NULL,
  rate       TEXT NOT NULL,
  amount_fen INTEGER NOT NULL,
  tax_fen    INTEGER NOT NULL,
  PRIMARY KEY (order_no, line_no)
) STRICT, WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS report_lines_day ON report_lines(created_at, counted, kind, rate, item_name, amount_fen, tax_fen);

-- Reports scan one day's rows of this covering index, never the table.
CREATE INDEX IF NOT EXISTS invoices_report ON invoices(created_at, status, kind, cashier, amount_fen, tax_fen, total_fen);
CREATE INDEX IF NOT EXISTS invoices_cashier ON invoices(cashier, created_at);
CREATE INDEX IF NOT EXISTS invoices_buyer_name ON invoices(buyer_name);
CREATE INDEX IF NOT EXISTS invoices_buyer_tax_id ON invoices(buyer_tax_id);

-- Amounts are canonical 2-decimal strings: removing the point gives exact fen.
CREATE TRIGGER IF NOT EXISTS report_lines_fill AFTER INSERT ON invoice_lines
BEGIN
  INSERT OR IGNORE INTO report_lines (order_no, line_no, created_at, counted, kind, item_name, rate, amount_fen, tax_fen)
  SELECT NEW.order_no, NEW.line_no, i.created_at, i.status IN ('queued', 'submitting', 'retry', 'issued'), i.kind, NEW.item_name, NEW.rate,
    CASE WHEN instr(NEW.amount, '.') = length(NEW.amount) - 2 THEN CAST(REPLACE(NEW.amount, '.', '') AS INTEGER)
      ELSE CAST(ROUND(NEW.amount * 100) AS INTEGER) END,
    CASE WHEN instr(NEW.tax, '.') = length(NEW.tax) - 2 THEN CAST(REPLACE(NEW.tax, '.', '') AS INTEGER)
      ELSE CAST(ROUND(NEW.tax * 100) AS INTEGER) END
  FROM invoices i WHERE i.order_no = NEW.order_no;
END;

CREATE TRIGGER IF NOT EXISTS report_lines_status AFTER UPDATE OF status ON invoices
  WHEN (OLD.status IN ('queued', 'submitting', 'retry', 'issued')) <> (NEW.status IN ('queued', 'submitting', 'retry', 'issued'))
BEGIN
  UPDATE report_lines SET counted = NEW.status IN ('queued', 'submitting', 'retry', 'issued') WHERE order_no = NEW.order_no;
END;

CREATE TRIGGER IF NOT EXISTS buyers_fill AFTER INSERT ON invoices WHEN NEW.buyer_tax_id IS NOT NULL AND NEW.buyer_tax_id <> ''
BEGIN
  INSERT INTO buyers (tax_id, name, address, phone, bank, account, email, uses, last_at)
  VALUES (NEW.buyer_tax_id, NEW.buyer_name, json_extract(NEW.draft_json, '$.buyer.address'), json_extract(NEW.draft_json, '$.buyer.phone'),
    json_extract(NEW.draft_json, '$.buyer.bank'), json_extract(NEW.draft_json, '$.buyer.account'), json_extract(NEW.draft_json, '$.buyer.email'),
    1, NEW.created_at)
  ON CONFLICT (tax_id) DO UPDATE SET name = excluded.name, address = COALESCE(excluded.address, address), phone = COALESCE(excluded.phone, phone),
    bank = COALESCE(excluded.bank, bank), account = COALESCE(excluded.account, account), email = COALESCE(excluded.email, email),
    uses = uses + 1, last_at = MAX(last_at, excluded.last_at);
END;

INSERT OR IGNORE INTO report_lines (order_no, line_no, created_at, counted, kind, item_name, rate, amount_fen, tax_fen)
  SELECT l.order_no, l.line_no, i.created_at, i.status IN ('queued', 'submitting', 'retry', 'issued'), i.kind, l.item_name, l.rate,
    CAST(ROUND(l.amount * 100) AS INTEGER), CAST(ROUND(l.tax * 100) AS INTEGER)
  FROM invoice_lines l JOIN invoices i ON i.order_no = l.order_no;
INSERT OR IGNORE INTO buyers (tax_id, name, address, phone, bank, account, email, uses, last_at)
  SELECT buyer_tax_id, buyer_name, json_extract(draft_json, '$.buyer.address'), json_extract(draft_json, '$.buyer.phone'),
    json_extract(draft_json, '$.buyer.bank'), json_extract(draft_json, '$.buyer.account'), json_extract(draft_json, '$.buyer.email'),
    1, created_at
  FROM invoices WHERE buyer_tax_id IS NOT NULL AND buyer_tax_id <> '' ORDER BY created_at;
`;

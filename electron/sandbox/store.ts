import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** The sandbox's own database: the ground truth that tests compare the till against. */
export function openSandboxDb(dataDir: string): Database.Database {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, 'sandbox.db'));
  db.pragma('busy_timeout = 5000');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(`
    CREATE TABLE IF NOT EXISTS apps (
      app_id TEXT PRIMARY KEY, public_key TEXT NOT NULL, sm4_key TEXT NOT NULL, seller_tax_id TEXT
    ) STRICT;
    CREATE TABLE IF NOT EXISTS invoices (
      order_no TEXT NOT NULL, app_id TEXT NOT NULL, number TEXT NOT NULL UNIQUE, issued_at INTEGER NOT NULL,
      total TEXT NOT NULL, qr TEXT NOT NULL, submission_json TEXT NOT NULL,
      PRIMARY KEY (app_id, order_no)
    ) STRICT;
    -- Each till's latest high-water mark (protocol field "till"), per AppID and till id ('' when not sent):
    -- last sequence number, audit chain length and head.
    CREATE TABLE IF NOT EXISTS till_marks (
      app_id TEXT NOT NULL, till_id TEXT NOT NULL, seq INTEGER NOT NULL, audit_seq INTEGER NOT NULL, head TEXT NOT NULL,
      at INTEGER NOT NULL, received_at INTEGER NOT NULL, PRIMARY KEY (app_id, till_id)
    ) STRICT;
    CREATE TABLE IF NOT EXISTS nonces (nonce TEXT PRIMARY KEY, at INTEGER NOT NULL) STRICT;
    CREATE TABLE IF NOT EXISTS sequence (id INTEGER PRIMARY KEY CHECK (id = 1), next INTEGER NOT NULL) STRICT;
    INSERT OR IGNORE INTO sequence (id, next) VALUES (1, 1);
    -- 红字发票信息确认单: one per red request (keyed by the red invoice's order number).
    CREATE TABLE IF NOT EXISTS red_forms (
      form_no TEXT PRIMARY KEY, app_id TEXT NOT NULL, order_no TEXT NOT NULL, original_order_no TEXT NOT NULL,
      state TEXT NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
      UNIQUE (app_id, order_no)
    ) STRICT;
  `);
  const cols = (db.pragma('table_info(invoices)') as Array<{ name: string }>).map((c) => c.name);
  if (!cols.includes('kind')) db.exec("ALTER TABLE invoices ADD COLUMN kind TEXT NOT NULL DEFAULT 'blue'");
  if (!cols.includes('original_order_no')) db.exec('ALTER TABLE invoices ADD COLUMN original_order_no TEXT');
  return db;
}

import { Worker } from 'node:worker_threads';
import { sqliteLib } from './checkpointer.ts';

/**
 * Invoices stored before migration 7 have no content SM3 in the chain (`invoices.content_sm3` is NULL).
 * Once the chain is keyed, one digest over all of them (SHA-256 over their content columns and lines,
 * in sequence order) is recorded in a signed `audit.legacy_sealed` entry, and `fapiao audit verify`
 * recomputes it. On a large store that is a scan of every old invoice (≈14 µs each, 14 s per million),
 * so it runs on its own thread and read-only connection, never in the way of a sale; it stops at once when
 * the database closes (and starts over at the next start) — a thread inside better-sqlite3 is never
 * terminated (store/integrity.ts says why).
 */
export interface LegacySeal {
  invoices: number;
  sha256: string;
}

const SCRIPT = `
const { workerData, parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
(function run() {
  const stop = new Int32Array(workerData.stop);
  let db;
  try {
    const Database = require(workerData.lib);
    db = new Database(workerData.file, { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    const rows = db.prepare(workerData.sql).raw().iterate();
    const hash = createHash('sha256');
    let invoices = 0;
    for (const row of rows) {
      if ((invoices & 1023) === 0 && Atomics.load(stop, 0) === 1) {
        rows.return();
        parentPort.postMessage({ stopped: true });
        return;
      }
      hash.update(JSON.stringify(row) + '\\n');
      invoices++;
    }
    parentPort.postMessage({ invoices, sha256: hash.digest('hex') });
  } catch (e) {
    parentPort.postMessage({ error: String((e && e.message) || e) });
  } finally {
    if (db) db.close();
  }
})();
`;

/** The old invoices' content, one row each (order fixed by the per-till sequence). */
const SQL = `SELECT i.order_no, i.kind, i.type, i.buyer_name, i.buyer_tax_id, i.cashier, i.draft_json, i.computed_json,
  i.amount_fen, i.tax_fen, i.total_fen, i.created_at, i.original_order_no, i.mode, i.till_seq,
  (SELECT json_group_array(json_array(l.line_no, l.kind, l.item_name, l.tax_code, l.quantity, l.unit_price, l.amount, l.rate, l.tax))
     FROM (SELECT * FROM invoice_lines WHERE order_no = i.order_no ORDER BY line_no) l) AS lines
  FROM invoices i WHERE i.content_sm3 IS NULL ORDER BY i.till_seq, i.order_no`;

export interface LegacySealing {
  /** The seal, or undefined when stopped (or the thread could not run: the error is logged by the caller). */
  done: Promise<LegacySeal | undefined>;
  stop(): void;
}

export function sealLegacyInvoices(file: string, log: (msg: string) => void = () => undefined): LegacySealing {
  const stop = new Int32Array(new SharedArrayBuffer(4));
  let worker: Worker;
  try {
    worker = new Worker(SCRIPT, { eval: true, workerData: { file, lib: sqliteLib(), sql: SQL, stop: stop.buffer } });
  } catch (err) {
    log(`legacy seal not started: ${err instanceof Error ? err.message : String(err)}`);
    return { done: Promise.resolve(undefined), stop: () => undefined };
  }
  const done = new Promise<LegacySeal | undefined>((resolve) => {
    let result: LegacySeal | undefined;
    worker.once('message', (m: { invoices?: number; sha256?: string; error?: string }) => {
      if (m.error !== undefined) log(`legacy seal failed: ${m.error}`);
      else if (m.sha256 !== undefined) result = { invoices: m.invoices ?? 0, sha256: m.sha256 };
    });
    worker.once('error', (err) => log(`legacy seal failed: ${err.message}`));
    worker.once('exit', () => resolve(result));
  });
  return { done, stop: () => Atomics.store(stop, 0, 1) };
}

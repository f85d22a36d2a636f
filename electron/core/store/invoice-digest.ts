import { sm3Hex } from '../channel/sm4.ts';
import { canonicalJson } from '../invoice/canonical.ts';
import { sql, type Db } from './db.ts';

/**
 * The content of an invoice as the tables hold it: the row's content columns (draft, computed lines and
 * totals, buyer, fen sums, who, when, per-till sequence) and its invoice_lines. Its SM3 over canonical
 * JSON goes into the audit chain when the invoice is stored (invoice.queued) and with each later step;
 * `fapiao audit verify` recomputes it from the tables, so a content edit by hand shows. Status, number
 * and the platform's reply are not content: they are audited in their own entries.
 */
export interface InvoiceContentRow {
  order_no: string;
  kind: string;
  type: string;
  buyer_name: string;
  buyer_tax_id: string | null;
  cashier: string | null;
  draft_json: string;
  computed_json: string;
  amount_fen: number;
  tax_fen: number;
  total_fen: number;
  created_at: number;
  original_order_no: string | null;
  mode: string | null;
  till_seq: number | null;
}

export interface InvoiceLineRow {
  line_no: number;
  kind: string;
  item_name: string;
  tax_code: string;
  quantity: string | null;
  unit_price: string | null;
  amount: string;
  rate: string;
  tax: string;
}

const CONTENT_VERSION = 1;

/** SM3 (hex) of the canonical content: the same from the values being stored as from the rows read back. */
export function invoiceContentSm3(row: InvoiceContentRow, lines: readonly InvoiceLineRow[]): string {
  const { draft_json, computed_json, ...columns } = row;
  return sm3Hex(
    canonicalJson({
      v: CONTENT_VERSION,
      ...columns,
      draft: JSON.parse(draft_json) as unknown,
      computed: JSON.parse(computed_json) as unknown,
      lines: [...lines].sort((a, b) => a.line_no - b.line_no),
    }),
  );
}

const CONTENT_COLUMNS =
  'order_no, kind, type, buyer_name, buyer_tax_id, cashier, draft_json, computed_json, amount_fen, tax_fen, total_fen, created_at, original_order_no, mode, till_seq';

/** Recomputes an invoice's content SM3 from the tables (undefined: no such invoice). */
export function storedContentSm3(db: Db, orderNo: string): string | undefined {
  const row = sql(db, `SELECT ${CONTENT_COLUMNS} FROM invoices WHERE order_no = ?`).get(orderNo) as InvoiceContentRow | undefined;
  if (!row) return undefined;
  const lines = sql(db, 'SELECT line_no, kind, item_name, tax_code, quantity, unit_price, amount, rate, tax FROM invoice_lines WHERE order_no = ?').all(
    orderNo,
  ) as InvoiceLineRow[];
  return invoiceContentSm3(row, lines);
}

/** The content SM3 recorded when the invoice was stored (invoices.content_sm3), for the entries of its later steps. */
export function recordedContentSm3(db: Db, orderNo: string): string | null {
  const row = sql(db, 'SELECT content_sm3 FROM invoices WHERE order_no = ?').get(orderNo) as { content_sm3: string | null } | undefined;
  return row?.content_sm3 ?? null;
}

import type { ChannelMode, ComputedInvoice, Draft, InvoiceStatus, InvoiceView } from '../../contract/index.ts';
import { withNormalizedBuyer } from '../invoice/buyer.ts';
import { toFen } from '../invoice/money.ts';
import { appendAudit } from './audit.ts';
import { sql, type Db } from './db.ts';

interface InvoiceRow {
  order_no: string;
  kind: 'blue' | 'red';
  type: 'normal' | 'special';
  status: InvoiceStatus;
  buyer_name: string;
  buyer_tax_id: string | null;
  cashier: string | null;
  draft_json: string;
  computed_json: string;
  created_at: number;
  number: string | null;
  issued_at: number | null;
  qr: string | null;
  reject_code: string | null;
  reject_message: string | null;
  mode: ChannelMode | null;
}

export interface StoredInvoice {
  view: InvoiceView;
  draft: Draft;
}

function toView(row: InvoiceRow): InvoiceView {
  const view: InvoiceView = {
    orderNo: row.order_no,
    type: row.type,
    kind: row.kind,
    status: row.status,
    buyerName: row.buyer_name,
    createdAt: row.created_at,
    invoice: JSON.parse(row.computed_json) as ComputedInvoice,
  };
  if (row.buyer_tax_id !== null) view.buyerTaxId = row.buyer_tax_id;
  if (row.cashier !== null) view.cashier = row.cashier;
  if (row.number !== null) view.number = row.number;
  if (row.issued_at !== null) view.issuedAt = row.issued_at;
  if (row.qr !== null) view.qr = row.qr;
  if (row.reject_code !== null) view.rejectCode = row.reject_code;
  if (row.reject_message !== null) view.rejectMessage = row.reject_message;
  if (row.mode !== null) view.mode = row.mode;
  return view;
}

export function getInvoice(db: Db, orderNo: string): StoredInvoice | undefined {
  const row = sql(db, 'SELECT * FROM invoices WHERE order_no = ?').get(orderNo) as InvoiceRow | undefined;
  return row === undefined ? undefined : { view: toView(row), draft: JSON.parse(row.draft_json) as Draft };
}

export function listInvoices(db: Db, options: { status?: InvoiceStatus | undefined; limit: number }): InvoiceView[] {
  const rows = (
    options.status === undefined
      ? sql(db, 'SELECT * FROM invoices ORDER BY created_at DESC, order_no DESC LIMIT ?').all(options.limit)
      : sql(db, 'SELECT * FROM invoices WHERE status = ? ORDER BY created_at DESC, order_no DESC LIMIT ?')
          .all(options.status, options.limit)
  ) as InvoiceRow[];
  return rows.map(toView);
}

export interface NewInvoice {
  draft: Draft;
  computed: ComputedInvoice;
  kind: 'blue' | 'red';
  now: number;
  actor: string;
  /** The channel mode in force: the invoice only ever goes out in it (invoices.mode, outbox.bound_to, migration 5). */
  mode: ChannelMode;
  /** Red invoices: the blue invoice it reverses. */
  originalOrderNo?: string;
  /** Who let the draft's `overrides` through (the manager); audited with them. */
  approvedBy?: string;
}

/**
 * Stores a new invoice, its lines, its outbox row and its audit event in one transaction.
 * The order number is the idempotency key: if it exists, the stored invoice is returned untouched.
 */
export function storeNewInvoice(db: Db, inv: NewInvoice): { invoice: InvoiceView; duplicate: boolean } {
  return db.transaction(() => {
    const existing = getInvoice(db, inv.draft.orderNo);
    if (existing !== undefined) return { invoice: existing.view, duplicate: true };
    const { computed, now } = inv;
    const draft = withNormalizedBuyer(inv.draft);
    sql(
      db,
      `INSERT INTO invoices (order_no, kind, type, status, buyer_name, buyer_tax_id, cashier, draft_json, computed_json,
        amount_fen, tax_fen, total_fen, created_at, original_order_no, mode)
       VALUES (?, ?, ?, 'queued', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      draft.orderNo,
      inv.kind,
      draft.type,
      draft.buyer.name,
      draft.buyer.taxId ?? null,
      draft.cashier ?? null,
      JSON.stringify(draft),
      JSON.stringify(computed),
      toFen(computed.totalAmount),
      toFen(computed.totalTax),
      toFen(computed.total),
      now,
      inv.originalOrderNo ?? null,
      inv.mode,
    );
    const insertLine = sql(
      db,
      `INSERT INTO invoice_lines (order_no, line_no, kind, item_name, tax_code, quantity, unit_price, amount, rate, tax)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    computed.lines.forEach((l, i) =>
      insertLine.run(draft.orderNo, i + 1, l.kind, l.itemName, l.taxCode, l.quantity ?? null, l.unitPrice ?? null, l.amount, l.rate, l.tax),
    );
    sql(db, 'INSERT INTO outbox (order_no, next_attempt_at, created_at, bound_to) VALUES (?, ?, ?, ?)').run(draft.orderNo, now, now, inv.mode);
    appendAudit(db, now, inv.actor, 'invoice.queued', draft.orderNo, { total: computed.total, kind: inv.kind });
    if (draft.overrides !== undefined && draft.overrides.length > 0)
      appendAudit(db, now, inv.approvedBy ?? inv.actor, 'invoice.override', draft.orderNo, { codes: draft.overrides, buyerTaxId: draft.buyer.taxId ?? null });
    return { invoice: getInvoice(db, draft.orderNo)!.view, duplicate: false };
  }).immediate();
}

import type { AppError, ChannelMode, ComputedInvoice, Draft, InvoiceStatus, InvoiceView } from '../../contract/index.ts';
import { FapiaoError, appError } from '../../contract/index.ts';
import { canonicalDraft } from '../invoice/canonical.ts';
import { withNormalizedBuyer } from '../invoice/buyer.ts';
import { toFen } from '../invoice/money.ts';
import { appendAudit } from './audit.ts';
import { invoiceContentSm3, type InvoiceContentRow, type InvoiceLineRow } from './invoice-digest.ts';
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
  /** Who stores it, from the session: audited, and the invoice's cashier unless `cashier` says otherwise. */
  actor: string;
  /** The sale's cashier when not the actor (a manager's resubmission keeps the rejected sale's cashier). */
  cashier?: string | undefined;
  /** The channel mode in force: the invoice only ever goes out in it (invoices.mode, outbox.bound_to, migration 5). */
  mode: ChannelMode;
  /** Red invoices: the blue invoice it reverses. */
  originalOrderNo?: string;
  /** Who let the draft's `overrides` through (the manager); audited with them. */
  approvedBy?: string;
  /**
   * Why this invoice may not be stored after all, judged inside the transaction (so two processes of one
   * till see each other's invoices): e.g. the offline allowance counting this invoice. Throws if set.
   */
  refuse?: () => AppError | undefined;
}

/** The same order number with other content: never answered with the stored invoice as if it were this one. */
export function orderNoConflict(orderNo: string): FapiaoError {
  return new FapiaoError([
    appError(
      'ORDER_NO_CONFLICT',
      `订单号 ${orderNo} 已开过内容不同的发票：请核对，新的发票请用新的订单号`,
      `Order number ${orderNo} was already used for an invoice with different content; use a new order number for a new invoice`,
      'orderNo',
    ),
  ]);
}

/**
 * Stores a new invoice, its lines, its outbox row and its audit event in one transaction.
 * The order number is the idempotency key: if it exists with the same content (canonicalDraft), the stored
 * invoice is returned untouched; with other content it is ORDER_NO_CONFLICT (a FapiaoError).
 */
export function storeNewInvoice(db: Db, inv: NewInvoice): { invoice: InvoiceView; duplicate: boolean } {
  return db.transaction(() => {
    const existing = getInvoice(db, inv.draft.orderNo);
    if (existing !== undefined) {
      if (canonicalDraft(existing.draft) !== canonicalDraft(inv.draft)) throw orderNoConflict(inv.draft.orderNo);
      return { invoice: existing.view, duplicate: true };
    }
    const refused = inv.refuse?.();
    if (refused !== undefined) throw new FapiaoError([refused]);
    const { computed, now } = inv;
    const draft = withNormalizedBuyer(inv.draft);
    // The per-till sequence number: the next one, never reused (a restore's gap stays a gap, migration 7).
    const tillSeq = (sql(db, 'UPDATE till_sequence SET last = last + 1 WHERE id = 1 RETURNING last').get() as { last: number }).last;
    const row: InvoiceContentRow = {
      order_no: draft.orderNo,
      kind: inv.kind,
      type: draft.type,
      buyer_name: draft.buyer.name,
      buyer_tax_id: draft.buyer.taxId ?? null,
      // Who sold it: from the session (the cashier signed in), never from the draft.
      cashier: inv.cashier ?? inv.actor,
      draft_json: JSON.stringify(draft),
      computed_json: JSON.stringify(computed),
      amount_fen: toFen(computed.totalAmount),
      tax_fen: toFen(computed.totalTax),
      total_fen: toFen(computed.total),
      created_at: now,
      original_order_no: inv.originalOrderNo ?? null,
      mode: inv.mode,
      till_seq: tillSeq,
    };
    const lines: InvoiceLineRow[] = computed.lines.map((l, i) => ({
      line_no: i + 1,
      kind: l.kind,
      item_name: l.itemName,
      tax_code: l.taxCode,
      quantity: l.quantity ?? null,
      unit_price: l.unitPrice ?? null,
      amount: l.amount,
      rate: l.rate,
      tax: l.tax,
    }));
    const contentSm3 = invoiceContentSm3(row, lines);
    sql(
      db,
      `INSERT INTO invoices (order_no, kind, type, status, buyer_name, buyer_tax_id, cashier, draft_json, computed_json,
        amount_fen, tax_fen, total_fen, created_at, original_order_no, mode, till_seq, content_sm3)
       VALUES (@order_no, @kind, @type, 'queued', @buyer_name, @buyer_tax_id, @cashier, @draft_json, @computed_json,
        @amount_fen, @tax_fen, @total_fen, @created_at, @original_order_no, @mode, @till_seq, @content_sm3)`,
    ).run({ ...row, content_sm3: contentSm3 });
    const insertLine = sql(
      db,
      `INSERT INTO invoice_lines (order_no, line_no, kind, item_name, tax_code, quantity, unit_price, amount, rate, tax)
       VALUES (@order_no, @line_no, @kind, @item_name, @tax_code, @quantity, @unit_price, @amount, @rate, @tax)`,
    );
    for (const line of lines) insertLine.run({ order_no: draft.orderNo, ...line });
    sql(db, 'INSERT INTO outbox (order_no, next_attempt_at, created_at, bound_to) VALUES (?, ?, ?, ?)').run(draft.orderNo, now, now, inv.mode);
    appendAudit(db, now, inv.actor, 'invoice.queued', draft.orderNo, { total: computed.total, kind: inv.kind, tillSeq, contentSm3 });
    if (draft.overrides !== undefined && draft.overrides.length > 0)
      appendAudit(db, now, inv.approvedBy ?? inv.actor, 'invoice.override', draft.orderNo, { codes: draft.overrides, buyerTaxId: draft.buyer.taxId ?? null });
    return { invoice: getInvoice(db, draft.orderNo)!.view, duplicate: false };
  }).immediate();
}

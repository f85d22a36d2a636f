import type { AppError, ChannelMode, ComputedInvoice, Draft, InvoiceView } from '../../contract/index.ts';
import { FapiaoError, appError } from '../../contract/index.ts';
import { canonicalDraft, canonicalJson } from '../invoice/canonical.ts';
import { checkCancel } from '../invoice/lifecycle.ts';
import { buildRedInvoice, type RedLine, type RedRequest } from '../invoice/red-letter.ts';
import { RED_REASONS, type RedReason } from '../invoice/red-reasons.ts';
import { appendAudit } from '../store/audit.ts';
import { recordedContentSm3 } from '../store/invoice-digest.ts';
import { sql, type Db } from '../store/db.ts';
import { getInvoice, orderNoConflict, storeNewInvoice } from '../store/invoices.ts';

/** The manager's queue actions. Each is one transaction with its audit event; none edits an issued invoice. */

const notFound = (orderNo: string): FapiaoError =>
  new FapiaoError([appError('INVOICE_NOT_FOUND', `找不到订单号为 ${orderNo} 的发票`, `No invoice with order number ${orderNo}`, 'orderNo')]);

/**
 * Cancels a queued invoice that was never handed to the channel. The outbox row goes only if no attempt
 * was ever claimed (attempts = 0), checked in the same statement, so a sync racing with the cancel
 * either sends it (and the cancel is refused) or never sees it.
 */
export function cancelQueued(db: Db, orderNo: string, actor: string, reason: string | undefined, now: number): InvoiceView {
  return db.transaction(() => {
    const stored = getInvoice(db, orderNo);
    if (!stored) throw notFound(orderNo);
    const row = sql(db, 'SELECT attempts FROM outbox WHERE order_no = ?').get(orderNo) as { attempts: number } | undefined;
    const everSubmitted = row === undefined || row.attempts > 0;
    const errors = checkCancel(stored.view.status, everSubmitted);
    if (errors.length > 0) throw new FapiaoError(errors);
    if (sql(db, 'DELETE FROM outbox WHERE order_no = ? AND attempts = 0').run(orderNo).changes !== 1) throw new FapiaoError(checkCancel('submitting', true));
    sql(db, "UPDATE invoices SET status = 'cancelled' WHERE order_no = ? AND status = 'queued'").run(orderNo);
    appendAudit(db, now, actor, 'invoice.cancelled', orderNo, { reason: reason ?? null, contentSm3: recordedContentSm3(db, orderNo) });
    return getInvoice(db, orderNo)!.view;
  }).immediate();
}

export interface RedInvoiceRecord {
  invoice: InvoiceView;
  originalOrderNo: string;
  reason: RedReason;
  formNo?: string;
  formState: string;
}

interface RedRow {
  order_no: string;
  original_order_no: string;
  reason: string;
  request_json: string;
  form_no: string | null;
  state: string;
}

function toRecord(db: Db, r: RedRow): RedInvoiceRecord {
  const rec: RedInvoiceRecord = {
    invoice: getInvoice(db, r.order_no)!.view,
    originalOrderNo: r.original_order_no,
    reason: r.reason as RedReason,
    formState: r.state,
  };
  if (r.form_no !== null) rec.formNo = r.form_no;
  return rec;
}

export function listRedInvoices(db: Db, originalOrderNo: string | undefined, limit: number): RedInvoiceRecord[] {
  const rows = (
    originalOrderNo === undefined
      ? sql(db, 'SELECT * FROM red_forms ORDER BY updated_at DESC LIMIT ?').all(limit)
      : sql(db, 'SELECT * FROM red_forms WHERE original_order_no = ? ORDER BY updated_at DESC LIMIT ?').all(originalOrderNo, limit)
  ) as RedRow[];
  return rows.map((r) => toRecord(db, r));
}

const MODE_ZH = { sandbox: '沙箱（练习）', production: '生产' } as const;

function otherMode(issuedIn: ChannelMode): AppError {
  const now = issuedIn === 'sandbox' ? 'production' : 'sandbox';
  return appError(
    'RED_OTHER_MODE',
    `原发票开具于${MODE_ZH[issuedIn]}通道，当前为${MODE_ZH[now]}通道，不能在此冲红：请切换回${MODE_ZH[issuedIn]}通道后再申请`,
    `The original invoice was issued in ${issuedIn} mode and the till is now in ${now} mode: switch back to ${issuedIn} to reverse it`,
    'originalOrderNo',
  );
}

export interface RedInput {
  originalOrderNo: string;
  orderNo: string;
  reason: RedReason;
  lines?: RedRequest['lines'];
  actor: string;
  mode: ChannelMode;
}

/**
 * Queues a red invoice for an issued blue one: computed by the invoice rules (buildRedInvoice) against
 * what earlier red invoices (issued or still queued) already reversed, stored linked to the original,
 * and sent through the same outbox. The channel answers with the 红字确认单's state.
 */
export function queueRedInvoice(db: Db, input: RedInput, now: number): { ok: true; red: RedInvoiceRecord; duplicate: boolean } | { ok: false; errors: AppError[] } {
  return db.transaction(() => {
    const existing = sql(db, 'SELECT * FROM red_forms WHERE order_no = ?').get(input.orderNo) as RedRow | undefined;
    if (existing) {
      if (existing.original_order_no !== input.originalOrderNo)
        return { ok: false as const, errors: [appError('ORDER_NO_IN_USE', `订单号 ${input.orderNo} 已被其他发票使用`, `Order number ${input.orderNo} is already used`, 'orderNo')] };
      // A repeat is the same request (reason and lines as typed); another one under this order number is a conflict.
      const asked = JSON.parse(existing.request_json) as { reason: string; lines?: unknown };
      if (canonicalJson({ reason: asked.reason, lines: asked.lines }) !== canonicalJson({ reason: input.reason, lines: input.lines }))
        return { ok: false as const, errors: orderNoConflict(input.orderNo).errors };
      return { ok: true as const, red: toRecord(db, existing), duplicate: true };
    }
    if (getInvoice(db, input.orderNo))
      return { ok: false as const, errors: [appError('ORDER_NO_IN_USE', `订单号 ${input.orderNo} 已被其他发票使用`, `Order number ${input.orderNo} is already used`, 'orderNo')] };
    const blue = getInvoice(db, input.originalOrderNo);
    if (!blue) throw notFound(input.originalOrderNo);
    // The platform only knows the blue invoice where it was issued: a training sale is never reversed in production.
    if (blue.view.mode !== undefined && blue.view.mode !== input.mode) return { ok: false as const, errors: [otherMode(blue.view.mode)] };
    const earlierReds = sql(
      db,
      "SELECT i.computed_json FROM invoices i WHERE i.original_order_no = ? AND i.kind = 'red' AND i.status NOT IN ('rejected', 'cancelled')",
    );
    const earlier = (earlierReds.all(input.originalOrderNo) as Array<{ computed_json: string }>).map((r) => ({ invoice: JSON.parse(r.computed_json) as { lines: RedLine[] } }));
    const request: RedRequest = input.lines === undefined ? { reason: input.reason } : { reason: input.reason, lines: input.lines };
    const built = buildRedInvoice(blue.view, request, earlier);
    if (!built.ok) return built;
    const { red } = built;
    // The red invoice keeps the blue one's buyer and type; its lines carry 对应蓝字明细序号 (blueLineNo).
    const draft: Draft = {
      ...blue.draft,
      orderNo: input.orderNo,
      remark: `对应正数发票代码:号码 ${red.blueNumber} 冲红原因：${RED_REASONS[input.reason].zh}`,
    };
    const computed = red.invoice as unknown as ComputedInvoice;
    storeNewInvoice(db, { draft, computed, kind: 'red', now, actor: input.actor, mode: input.mode, originalOrderNo: input.originalOrderNo });
    sql(db, 'INSERT INTO red_forms (order_no, original_order_no, reason, request_json, state, updated_at) VALUES (?, ?, ?, ?, ?, ?)').run(
      input.orderNo,
      input.originalOrderNo,
      input.reason,
      JSON.stringify({ reason: input.reason, reasonCode: red.reasonCodes.bureau, ...(input.lines ? { lines: input.lines } : {}) }),
      'draft',
      now,
    );
    appendAudit(db, now, input.actor, 'red.requested', input.orderNo, {
      original: input.originalOrderNo,
      blueNumber: red.blueNumber,
      reason: red.reasonCodes.bureau,
      full: red.full,
      total: red.invoice.total,
      contentSm3: recordedContentSm3(db, input.orderNo),
    });
    const row = sql(db, 'SELECT * FROM red_forms WHERE order_no = ?').get(input.orderNo) as RedRow;
    return { ok: true as const, red: toRecord(db, row), duplicate: false };
  }).immediate();
}

export interface RejectedItem {
  invoice: InvoiceView;
  code: string;
  message: string;
  resubmittedAs?: string;
}

export function listRejected(db: Db, includeResolved: boolean, limit: number): RejectedItem[] {
  const rows = sql(
    db,
    `SELECT i.order_no, l.order_no AS resubmitted_as FROM invoices i LEFT JOIN invoice_links l ON l.replaces_order_no = i.order_no
     WHERE i.status = 'rejected' ${includeResolved ? '' : 'AND l.order_no IS NULL'} ORDER BY i.created_at LIMIT ?`,
  ).all(limit) as Array<{ order_no: string; resubmitted_as: string | null }>;
  return rows.map((r) => {
    const view = getInvoice(db, r.order_no)!.view;
    const item: RejectedItem = { invoice: view, code: view.rejectCode ?? '', message: view.rejectMessage ?? '' };
    if (r.resubmitted_as !== null) item.resubmittedAs = r.resubmitted_as;
    return item;
  });
}

/**
 * Stores the corrected invoice under its new order number, linked to the rejected one, in one
 * transaction. The rejected invoice stays as it was (it is the record of what was refused).
 */
export function resubmitRejected(
  db: Db,
  rejectedOrderNo: string,
  draft: Draft,
  computed: ComputedInvoice,
  actor: string,
  now: number,
  mode: ChannelMode,
): { invoice: InvoiceView; duplicate: boolean } {
  return db.transaction(() => {
    const rejected = getInvoice(db, rejectedOrderNo);
    if (!rejected) throw notFound(rejectedOrderNo);
    const link = sql(db, 'SELECT order_no FROM invoice_links WHERE replaces_order_no = ?').get(rejectedOrderNo) as { order_no: string } | undefined;
    if (link) {
      if (link.order_no === draft.orderNo) {
        // A repeat of the resubmission is the same invoice; other content under its order number is a conflict.
        const stored = getInvoice(db, draft.orderNo)!;
        if (canonicalDraft(stored.draft) !== canonicalDraft(draft)) throw orderNoConflict(draft.orderNo);
        return { invoice: stored.view, duplicate: true };
      }
      throw new FapiaoError([
        appError('ALREADY_RESUBMITTED', `该发票已重新提交，新订单号为 ${link.order_no}`, `Already resubmitted as ${link.order_no}`, 'rejectedOrderNo'),
      ]);
    }
    if (rejected.view.kind === 'red')
      throw new FapiaoError([appError('RED_RESUBMIT', '红字发票被拒绝后请重新申请红冲', 'A rejected red invoice is redone with a new red-letter request', 'rejectedOrderNo')]);
    if (rejected.view.status !== 'rejected')
      throw new FapiaoError([appError('NOT_REJECTED', '只有被税务平台拒绝的发票才能修改后重新提交', 'Only a rejected invoice can be fixed and resubmitted', 'rejectedOrderNo')]);
    if (draft.orderNo === rejectedOrderNo || getInvoice(db, draft.orderNo))
      throw new FapiaoError([
        appError('ORDER_NO_IN_USE', '重新提交须使用新的订单号', 'A resubmission needs a new order number', 'draft.orderNo'),
      ]);
    const stored = storeNewInvoice(db, { draft, computed, kind: 'blue', now, actor, cashier: rejected.view.cashier, mode });
    sql(db, 'INSERT INTO invoice_links (order_no, replaces_order_no, created_at) VALUES (?, ?, ?)').run(draft.orderNo, rejectedOrderNo, now);
    appendAudit(db, now, actor, 'invoice.resubmitted', draft.orderNo, { replaces: rejectedOrderNo, contentSm3: recordedContentSm3(db, draft.orderNo) });
    return stored;
  }).immediate();
}

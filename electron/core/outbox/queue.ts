import type { ComputedInvoice, Draft, QueueStatus } from '../../contract/index.ts';
import type { Issued } from '../channel/protocol.ts';
import { appendAudit } from '../store/audit.ts';
import type { Db } from '../store/db.ts';

/** The outbox: what is still to be sent. "Pending" is always read from here, never kept in memory. */

export interface DueItem {
  orderNo: string;
  kind: 'blue' | 'red';
  draft: Draft;
  computed: ComputedInvoice;
  createdAt: number;
  attempts: number;
  outcomeUnknown: boolean;
}

const ACTOR = 'sync';

export function dueItems(db: Db, now: number, limit: number): DueItem[] {
  const rows = db
    .prepare(
      `SELECT o.order_no, i.kind, i.draft_json, i.computed_json, i.created_at, o.attempts, o.outcome_unknown
       FROM outbox o JOIN invoices i ON i.order_no = o.order_no
       WHERE o.next_attempt_at <= ? ORDER BY o.created_at, o.order_no LIMIT ?`,
    )
    .all(now, limit) as Array<{
    order_no: string;
    kind: 'blue' | 'red';
    draft_json: string;
    computed_json: string;
    created_at: number;
    attempts: number;
    outcome_unknown: number;
  }>;
  return rows.map((r) => ({
    orderNo: r.order_no,
    kind: r.kind,
    draft: JSON.parse(r.draft_json) as Draft,
    computed: JSON.parse(r.computed_json) as ComputedInvoice,
    createdAt: r.created_at,
    attempts: r.attempts,
    outcomeUnknown: r.outcome_unknown === 1,
  }));
}

/** When the next item falls due, or undefined when the outbox is empty. */
export function nextDueAt(db: Db): number | undefined {
  const row = db.prepare('SELECT MIN(next_attempt_at) AS at FROM outbox').get() as { at: number | null };
  return row.at ?? undefined;
}

/**
 * Marks items as being sent. From here until a definite answer the outcome is unknown:
 * after a crash or a timeout the channel is asked by order number before anything is sent again.
 */
export function markSubmitting(db: Db, orderNos: string[], now: number): void {
  db.transaction(() => {
    for (const orderNo of orderNos) {
      db.prepare("UPDATE invoices SET status = 'submitting' WHERE order_no = ?").run(orderNo);
      db.prepare('UPDATE outbox SET outcome_unknown = 1, attempts = attempts + 1 WHERE order_no = ?').run(orderNo);
      appendAudit(db, now, ACTOR, 'invoice.submitting', orderNo, {});
    }
  })();
}

export function markIssued(db: Db, orderNo: string, issued: Issued, now: number): void {
  db.transaction(() => {
    db.prepare("UPDATE invoices SET status = 'issued', number = ?, issued_at = ?, qr = ? WHERE order_no = ?").run(
      issued.number,
      issued.issuedAt,
      issued.qr,
      orderNo,
    );
    db.prepare('DELETE FROM outbox WHERE order_no = ?').run(orderNo);
    appendAudit(db, now, ACTOR, 'invoice.issued', orderNo, issued);
  })();
}

export function markRejected(db: Db, orderNo: string, code: string, message: string, now: number): void {
  db.transaction(() => {
    db.prepare("UPDATE invoices SET status = 'rejected', reject_code = ?, reject_message = ? WHERE order_no = ?").run(
      code,
      message,
      orderNo,
    );
    db.prepare('DELETE FROM outbox WHERE order_no = ?').run(orderNo);
    appendAudit(db, now, ACTOR, 'invoice.rejected', orderNo, { code, message });
  })();
}

export function markRetry(db: Db, orderNo: string, error: string, nextAttemptAt: number, outcomeUnknown: boolean, now: number): void {
  db.transaction(() => {
    db.prepare("UPDATE invoices SET status = 'retry' WHERE order_no = ?").run(orderNo);
    db.prepare('UPDATE outbox SET next_attempt_at = ?, outcome_unknown = ?, last_error = ? WHERE order_no = ?').run(
      nextAttemptAt,
      outcomeUnknown ? 1 : 0,
      error,
      orderNo,
    );
    appendAudit(db, now, ACTOR, 'invoice.retry', orderNo, { error, nextAttemptAt, outcomeUnknown });
  })();
}

/** Makes every waiting item due now: the channel came back, so the backlog goes out at once. */
export function makeAllDue(db: Db, now: number): void {
  db.prepare('UPDATE outbox SET next_attempt_at = ? WHERE next_attempt_at > ?').run(now, now);
}

export function queueCounts(db: Db, now: number): Omit<QueueStatus, 'online'> {
  const pending = db.prepare('SELECT COUNT(*) AS n, MIN(created_at) AS oldest FROM outbox').get() as {
    n: number;
    oldest: number | null;
  };
  const rejected = db.prepare("SELECT COUNT(*) AS n FROM invoices WHERE status = 'rejected'").get() as { n: number };
  const lastError = db
    .prepare('SELECT last_error FROM outbox WHERE last_error IS NOT NULL ORDER BY next_attempt_at DESC LIMIT 1')
    .get() as { last_error: string } | undefined;
  const status: Omit<QueueStatus, 'online'> = { pending: pending.n, rejected: rejected.n };
  if (pending.oldest !== null) status.oldestPendingAgeMs = Math.max(0, now - pending.oldest);
  if (lastError !== undefined) status.lastError = lastError.last_error;
  return status;
}

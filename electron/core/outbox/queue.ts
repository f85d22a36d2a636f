import type { ComputedInvoice, Draft } from '../../contract/index.ts';
import type { ChannelBinding } from '../channel/client.ts';
import type { Issued, RedRef } from '../channel/protocol.ts';
import { sm3Hex } from '../channel/sm4.ts';
import { appendAudit } from '../store/audit.ts';
import { recordedContentSm3 } from '../store/invoice-digest.ts';
import { sql, type Db } from '../store/db.ts';

/**
 * The outbox: what is still to be sent. "Pending" is always read from here, never kept in memory.
 * Every transition is one transaction with its audit event, and every one is conditional on the state
 * it starts from, so two processes of the same till (or a late reply) can never move an invoice twice.
 */

export interface DueItem {
  orderNo: string;
  kind: 'blue' | 'red';
  draft: Draft;
  computed: ComputedInvoice;
  createdAt: number;
  attempts: number;
  outcomeUnknown: boolean;
  red?: RedRef;
  /** The submission as first sent (JSON), resent unchanged; absent before the first claim. */
  body?: string;
  /** Per-till sequence number (migration 7). */
  tillSeq?: number;
}

const ACTOR = 'sync';
/** Statuses an invoice leaves the outbox with; nothing moves it out of them. */
const FINAL = "('issued', 'rejected', 'cancelled')";

interface DueRow {
  order_no: string;
  kind: 'blue' | 'red';
  draft_json: string;
  computed_json: string;
  created_at: number;
  attempts: number;
  outcome_unknown: number;
  red_json: string | null;
  body: string | null;
  till_seq: number | null;
}

/**
 * The items a channel may take: unbound ones, those of its mode never sent yet, and those sent to it.
 * Without a binding (a bare channel) all of them. Returns the SQL condition on `alias` and its arguments.
 */
function eligible(alias: string, binding: ChannelBinding | undefined): { where: string; args: string[] } {
  if (binding === undefined) return { where: '1', args: [] };
  return { where: `(${alias}.bound_to IS NULL OR ${alias}.bound_to IN (?, ?))`, args: [binding.mode, binding.identity] };
}

export function dueItems(db: Db, now: number, limit: number, binding?: ChannelBinding): DueItem[] {
  const bound = eligible('o', binding);
  const rows = sql(
    db,
    `SELECT o.order_no, i.kind, i.draft_json, i.computed_json, i.created_at, o.attempts, o.outcome_unknown,
              CASE WHEN r.order_no IS NULL THEN NULL ELSE json_object('originalOrderNo', r.original_order_no,
                'originalNumber', b.number, 'request', json(r.request_json)) END AS red_json, ob.body, i.till_seq
       FROM outbox o JOIN invoices i ON i.order_no = o.order_no
       LEFT JOIN outbox_bodies ob ON ob.order_no = o.order_no
       LEFT JOIN red_forms r ON r.order_no = o.order_no
       LEFT JOIN invoices b ON b.order_no = r.original_order_no
     WHERE o.next_attempt_at <= ? AND o.set_aside_at IS NULL AND ${bound.where} ORDER BY o.created_at, o.order_no LIMIT ?`,
  ).all(now, ...bound.args, limit) as DueRow[];
  return rows.map((r) => {
    const item: DueItem = {
      orderNo: r.order_no,
      kind: r.kind,
      draft: JSON.parse(r.draft_json) as Draft,
      computed: JSON.parse(r.computed_json) as ComputedInvoice,
      createdAt: r.created_at,
      attempts: r.attempts,
      outcomeUnknown: r.outcome_unknown === 1,
    };
    if (r.body !== null) item.body = r.body;
    if (r.till_seq !== null) item.tillSeq = r.till_seq;
    if (r.red_json !== null) {
      const red = JSON.parse(r.red_json) as { originalOrderNo: string; originalNumber: string; request: Omit<RedRef, 'originalOrderNo' | 'originalNumber'> };
      item.red = { originalOrderNo: red.originalOrderNo, originalNumber: red.originalNumber, ...red.request };
    }
    return item;
  });
}

/** When the next item this channel may take falls due, or undefined when there is none. */
export function nextDueAt(db: Db, binding?: ChannelBinding): number | undefined {
  const bound = eligible('outbox', binding);
  const row = sql(db, `SELECT MIN(next_attempt_at) AS at FROM outbox WHERE set_aside_at IS NULL AND ${bound.where}`).get(...bound.args) as { at: number | null };
  return row.at ?? undefined;
}

/** Unsent invoices this channel may not take, per binding ('sandbox', 'production:<AppID>', …). */
export function heldItems(db: Db, binding: ChannelBinding): Array<{ channel: string; count: number }> {
  return sql(db, 'SELECT bound_to AS channel, n AS count FROM outbox_bindings WHERE n > 0 AND bound_to NOT IN (?, ?) ORDER BY bound_to').all(
    binding.mode,
    binding.identity,
  ) as Array<{ channel: string; count: number }>;
}

/**
 * Claims due items for sending and marks them "outcome unknown" until a definite answer: after a crash or
 * a timeout the channel is asked by order number before anything is sent again. The claim is a lease
 * (next_attempt_at moves to now + leaseMs) taken only if the item is still due, so another process of the
 * same till skips it; if this process dies, the lease runs out and whoever comes next queries first.
 * Returns the order numbers actually claimed.
 */
export function claimForSending(
  db: Db,
  orderNos: string[],
  now: number,
  leaseMs: number,
  bodies?: ReadonlyMap<string, string>,
  binding?: ChannelBinding,
): string[] {
  return db.transaction(() => {
    const claimed: string[] = [];
    // A claim binds the item to this channel for good: from now on only it can say what became of it.
    const bound = eligible('outbox', binding);
    const claim = sql(
      db,
      `UPDATE outbox SET outcome_unknown = 1, attempts = attempts + 1, next_attempt_at = ?, bound_to = COALESCE(?, bound_to)
       WHERE order_no = ? AND next_attempt_at <= ? AND set_aside_at IS NULL AND ${bound.where}`,
    );
    const status = sql(db, `UPDATE invoices SET status = 'submitting' WHERE order_no = ? AND status NOT IN ${FINAL}`);
    const keep = sql(db, 'INSERT OR IGNORE INTO outbox_bodies (order_no, body) VALUES (?, ?)');
    for (const orderNo of orderNos) {
      if (claim.run(now + leaseMs, binding?.identity ?? null, orderNo, now, ...bound.args).changes === 0) continue;
      status.run(orderNo);
      const body = bodies?.get(orderNo);
      // The first time: keep the body, and put its SM3 in the chain (what exactly was sent).
      const first = body !== undefined && keep.run(orderNo, body).changes > 0;
      appendAudit(db, now, ACTOR, 'invoice.submitting', orderNo, {
        ...(first ? { bodySm3: sm3Hex(body) } : {}),
        ...(binding === undefined ? {} : { channel: binding.identity }),
      });
      claimed.push(orderNo);
    }
    return claimed;
  }).immediate();
}

/**
 * Extends a claim this pass still holds: its lease is the one it took (`heldUntil`), so no other pass has
 * claimed it since. False when another pass took it after the lease ran out: it must not be sent from here.
 */
export function renewLease(db: Db, orderNo: string, heldUntil: number, until: number): boolean {
  return sql(db, 'UPDATE outbox SET next_attempt_at = ? WHERE order_no = ? AND next_attempt_at = ?').run(until, orderNo, heldUntil).changes === 1;
}

/** Records the platform's number. Idempotent: an invoice already issued (by another process) is left as it is. */
export function markIssued(db: Db, orderNo: string, issued: Issued, now: number): boolean {
  return db.transaction(() => {
    const changed = sql(db, `UPDATE invoices SET status = 'issued', number = ?, issued_at = ?, qr = ? WHERE order_no = ? AND status NOT IN ${FINAL}`)
      .run(issued.number, issued.issuedAt, issued.qr, orderNo).changes;
    sql(db, 'DELETE FROM outbox WHERE order_no = ?').run(orderNo);
    sql(db, 'DELETE FROM outbox_bodies WHERE order_no = ?').run(orderNo);
    if (changed === 0) return false;
    sql(db, "UPDATE red_forms SET state = 'redIssued', updated_at = ? WHERE order_no = ?").run(now, orderNo);
    appendAudit(db, now, ACTOR, 'invoice.issued', orderNo, { ...issued, contentSm3: recordedContentSm3(db, orderNo) });
    return true;
  }).immediate();
}

export function markRejected(db: Db, orderNo: string, code: string, message: string, now: number): boolean {
  return db.transaction(() => {
    const changed = sql(db, `UPDATE invoices SET status = 'rejected', reject_code = ?, reject_message = ? WHERE order_no = ? AND status NOT IN ${FINAL}`)
      .run(code, message, orderNo).changes;
    sql(db, 'DELETE FROM outbox WHERE order_no = ?').run(orderNo);
    sql(db, 'DELETE FROM outbox_bodies WHERE order_no = ?').run(orderNo);
    if (changed === 0) return false;
    appendAudit(db, now, ACTOR, 'invoice.rejected', orderNo, { code, message, contentSm3: recordedContentSm3(db, orderNo) });
    return true;
  }).immediate();
}

export function markRetry(db: Db, orderNo: string, error: string, nextAttemptAt: number, outcomeUnknown: boolean, now: number): boolean {
  return db.transaction(() => {
    const changed = sql(db, 'UPDATE outbox SET next_attempt_at = ?, outcome_unknown = ?, last_error = ? WHERE order_no = ?')
      .run(nextAttemptAt, outcomeUnknown ? 1 : 0, error, orderNo).changes;
    if (changed === 0) return false;
    sql(db, `UPDATE invoices SET status = 'retry' WHERE order_no = ? AND status NOT IN ${FINAL}`).run(orderNo);
    appendAudit(db, now, ACTOR, 'invoice.retry', orderNo, { error, nextAttemptAt, outcomeUnknown });
    return true;
  }).immediate();
}

/** Records the state of a red invoice's 红字确认单 as the channel reported it (audited when it changes). */
export function markRedForm(db: Db, orderNo: string, formNo: string, state: string, now: number): void {
  db.transaction(() => {
    const changed = sql(db, 'UPDATE red_forms SET form_no = ?, state = ?, updated_at = ? WHERE order_no = ? AND (form_no IS NOT ? OR state IS NOT ?)')
      .run(formNo, state, now, orderNo, formNo, state).changes;
    if (changed > 0) appendAudit(db, now, ACTOR, 'redForm.state', orderNo, { formNo, state });
  }).immediate();
}

/** Makes every waiting item due now: the channel came back, so the backlog goes out at once. */
export function makeAllDue(db: Db, now: number): void {
  // Items claimed by a pass still sending (status 'submitting', lease in next_attempt_at) keep their lease:
  // making them due would let another process of this till send them at the same time.
  sql(
    db,
    "UPDATE outbox SET next_attempt_at = ? WHERE next_attempt_at > ? AND order_no NOT IN (SELECT order_no FROM invoices WHERE status = 'submitting')",
  ).run(now, now);
}

export interface QueueCounts {
  pending: number;
  rejected: number;
  oldestPendingAt?: number;
  /** Sum of pending blue invoices' totals, in fen (red ones do not use up the offline allowance). */
  unsentFen: number;
  /** Pending invoices created before the start of the current month (China time). */
  previousMonthUnsent: number;
  /** Unsent invoices set aside (never sendable as they are): they wait for the manager. */
  setAside: number;
}

export function queueCounts(db: Db, monthStart: number): QueueCounts {
  // All index or O(1) reads: this runs on every issue, whatever the backlog.
  const totals = sql(db, 'SELECT n, blue_fen FROM outbox_totals WHERE id = 1').get() as { n: number; blue_fen: number } | undefined;
  const oldest = sql(db, 'SELECT MIN(created_at) AS at FROM outbox').get() as { at: number | null };
  const old = sql(db, 'SELECT COUNT(*) AS n FROM outbox WHERE created_at < ?').get(monthStart) as { n: number };
  const rejected = sql(db, "SELECT COUNT(*) AS n FROM invoices WHERE status = 'rejected'").get() as { n: number };
  const setAside = sql(db, 'SELECT COUNT(*) AS n FROM outbox WHERE set_aside_at IS NOT NULL').get() as { n: number };
  const counts: QueueCounts = { pending: totals?.n ?? 0, rejected: rejected.n, unsentFen: totals?.blue_fen ?? 0, previousMonthUnsent: old.n, setAside: setAside.n };
  if (oldest.at !== null) counts.oldestPendingAt = oldest.at;
  return counts;
}

/**
 * Sets an unsent invoice aside: it can never be sent as it is (its request alone is over the byte cap, or
 * the channel refuses its request as a whole, again and again), so it must not hold up the queue. It stays
 * in the outbox — unsent, counted in the offline allowance, bound, its body and outcome kept — and is not
 * sent again until the manager retries it (retrySetAside). Set aside is neither rejected nor deleted.
 */
export function setAside(db: Db, orderNo: string, reason: string, now: number): boolean {
  return db.transaction(() => {
    const changed = sql(db, 'UPDATE outbox SET set_aside_at = ?, set_aside_reason = ?, last_error = ? WHERE order_no = ? AND set_aside_at IS NULL')
      .run(now, reason, reason, orderNo).changes;
    if (changed === 0) return false;
    sql(db, `UPDATE invoices SET status = 'retry' WHERE order_no = ? AND status NOT IN ${FINAL}`).run(orderNo);
    appendAudit(db, now, ACTOR, 'invoice.set_aside', orderNo, { reason });
    return true;
  }).immediate();
}

/**
 * A whole-request refusal of an item sent alone: one more strike; at `maxStrikes` the item is set aside,
 * else it waits until `nextAttemptAt`. True when it was set aside.
 */
export function strike(db: Db, orderNo: string, reason: string, now: number, maxStrikes: number, nextAttemptAt: number): boolean {
  return db.transaction(() => {
    const row = sql(db, 'UPDATE outbox SET strikes = strikes + 1 WHERE order_no = ? RETURNING strikes').get(orderNo) as { strikes: number } | undefined;
    if (row === undefined) return false;
    if (row.strikes >= maxStrikes) return setAside(db, orderNo, reason, now);
    markRetry(db, orderNo, reason, nextAttemptAt, false, now);
    return false;
  }).immediate();
}

/** The manager sends a set-aside invoice again (after fixing the cause): due now, strikes cleared; audited. */
export function retrySetAside(db: Db, orderNo: string, actor: string, now: number): boolean {
  return db.transaction(() => {
    const row = sql(db, 'SELECT set_aside_reason AS reason FROM outbox WHERE order_no = ? AND set_aside_at IS NOT NULL').get(orderNo) as { reason: string } | undefined;
    if (row === undefined) return false;
    sql(db, 'UPDATE outbox SET set_aside_at = NULL, set_aside_reason = NULL, strikes = 0, next_attempt_at = ? WHERE order_no = ?').run(now, orderNo);
    appendAudit(db, now, actor, 'invoice.set_aside_retry', orderNo, { reason: row.reason });
    return true;
  }).immediate();
}

export interface SetAsideRow {
  orderNo: string;
  reason: string;
  at: number;
}

/** The set-aside invoices, oldest first: what the manager sees (queue status, `fapiao queue`). */
export function setAsideItems(db: Db, limit = 500): SetAsideRow[] {
  return sql(db, 'SELECT order_no AS orderNo, set_aside_reason AS reason, set_aside_at AS at FROM outbox WHERE set_aside_at IS NOT NULL ORDER BY set_aside_at, order_no LIMIT ?').all(limit) as SetAsideRow[];
}

/** Sum of unsent blue invoices' totals, in fen: one O(1) read (outbox_totals), for the offline allowance. */
export function unsentBlueFen(db: Db): number {
  const row = sql(db, 'SELECT blue_fen FROM outbox_totals WHERE id = 1').get() as { blue_fen: number } | undefined;
  return row?.blue_fen ?? 0;
}

/** The most recent error of an item still waiting, for the status bar. */
export function lastQueueError(db: Db): string | undefined {
  const row = sql(db, 'SELECT last_error FROM outbox WHERE last_error IS NOT NULL ORDER BY next_attempt_at DESC LIMIT 1')
    .get() as { last_error: string } | undefined;
  return row?.last_error;
}

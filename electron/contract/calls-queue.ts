import { z } from 'zod';
import { Empty } from './calls-app.ts';
import { AppErrorSchema } from './errors.ts';
import { DraftSchema, InvoiceViewSchema, IssueResultSchema } from './invoice.ts';
import { InvoiceText, MAX } from './limits.ts';
import { QueueStatusSchema } from './queue.ts';

/** 红冲原因: the till's names; the bureau's (01–04) and the providers' (1–4) codes are mapped in core. */
export const RedReasonSchema = z.enum(['issuedInError', 'goodsReturned', 'serviceStopped', 'salesAllowance']);

/** A red invoice and its 红字确认单 (state: 'draft' until the channel answers, then the bureau's 01–10, or 'redIssued'). */
export const RedInvoiceViewSchema = z.object({
  invoice: InvoiceViewSchema,
  originalOrderNo: z.string(),
  reason: RedReasonSchema,
  formNo: z.string().optional(),
  formState: z.string(),
});

export const RejectedItemSchema = z.object({
  invoice: InvoiceViewSchema,
  /** The channel's return code and message, as it gave them. */
  code: z.string(),
  message: z.string(),
  /** Set once the manager fixed and resubmitted it under a new order number. */
  resubmittedAs: z.string().optional(),
});

/** An unsent invoice set aside (docs/queue-and-sync.md): why and since when. Still unsent, not rejected. */
export const SetAsideItemSchema = z.object({ invoice: InvoiceViewSchema, reason: z.string(), at: z.number() });

export const BackupResultSchema = z.object({ path: z.string(), at: z.number(), bytes: z.number().int() });

export const AuditVerdictSchema = z.object({
  ok: z.boolean(),
  entries: z.number().int(),
  head: z.string().optional(),
  firstBadSeq: z.number().int().optional(),
  reason: z.string().optional(),
  /** Signed with the till's audit key (false: a chain from before keying, checked by hash only). */
  keyed: z.boolean().optional(),
  invoices: z.number().int().optional(),
  /** Each problem names the audit entry (seq), the invoice (orderNo) or the per-till sequence number (tillSeq). */
  problems: z
    .array(
      z.object({
        kind: z.enum(['entry', 'invoice', 'sequence', 'highWater', 'key']),
        seq: z.number().int().optional(),
        orderNo: z.string().optional(),
        tillSeq: z.number().int().optional(),
        code: z.string().optional(),
        reason: z.string(),
      }),
    )
    .optional(),
});

export const queueCalls = {
  queueStatus: { role: 'public', request: Empty, response: QueueStatusSchema },
  syncNow: { role: 'public', request: Empty, response: QueueStatusSchema },
  /** Cancels a queued invoice that was never sent (audited); anything sent must wait or be reversed in red. */
  cancelInvoice: {
    role: 'manager',
    request: z.object({ orderNo: z.string().max(MAX.orderNo), reason: z.string().max(MAX.note).optional() }).strict(),
    response: InvoiceViewSchema,
  },
  /**
   * Queues a red invoice (红字) reversing an issued one, fully or by line. `orderNo` is the request's own
   * idempotency key: the same one again returns the same red invoice.
   */
  requestRedInvoice: {
    role: 'manager',
    request: z
      .object({
        originalOrderNo: z.string().max(MAX.orderNo),
        // The red invoice's own order number goes on the invoice: the same characters as any invoice text.
        orderNo: InvoiceText(MAX.orderNo).min(1).optional(),
        reason: RedReasonSchema,
        /**
         * quantity / amount (含税) are decimal strings as the manager typed them: core checks them
         * (RED_LINE_INVALID with the line's path, in words the manager reads) rather than this schema.
         */
        lines: z
          .array(z.object({ lineNo: z.number().int().min(1).max(2 * MAX.lines), quantity: z.string().max(40).optional(), amount: z.string().max(40).optional() }))
          .max(2 * MAX.lines)
          .optional(),
      })
      .strict(),
    response: z.discriminatedUnion('ok', [
      z.object({ ok: z.literal(true), red: RedInvoiceViewSchema, duplicate: z.boolean() }),
      z.object({ ok: z.literal(false), errors: z.array(AppErrorSchema) }),
    ]),
  },
  listRedInvoices: {
    role: 'manager',
    request: z.object({ originalOrderNo: z.string().max(MAX.orderNo).optional(), limit: z.number().int().min(1).max(500).default(100) }).strict(),
    response: z.array(RedInvoiceViewSchema),
  },
  /** Fix and resubmit a rejected invoice: a new order number, linked to the rejected one (which stays as it was). */
  resubmitRejected: {
    role: 'manager',
    request: z.object({ rejectedOrderNo: z.string().max(MAX.orderNo), draft: DraftSchema }).strict(),
    response: IssueResultSchema,
  },
  /** The manager's list of set-aside invoices (unsent, never sendable as they are), with the reason. */
  listSetAside: {
    role: 'manager',
    request: z.object({ limit: z.number().int().min(1).max(500).default(100) }).strict(),
    response: z.array(SetAsideItemSchema),
  },
  /** Sends a set-aside invoice again (after the cause was fixed, e.g. a larger batch byte cap); audited. */
  retrySetAside: {
    role: 'manager',
    request: z.object({ orderNo: z.string().max(MAX.orderNo) }).strict(),
    response: QueueStatusSchema,
  },
  /** The manager's list: invoices the channel refused for good, with its message. */
  listRejected: {
    role: 'manager',
    request: z.object({ includeResolved: z.boolean().default(false), limit: z.number().int().min(1).max(500).default(100) }).strict(),
    response: z.array(RejectedItemSchema),
  },
  /** An online backup of the database now (day close, or on demand). */
  backupNow: {
    role: 'manager',
    request: z.object({ reason: z.enum(['dayClose', 'manual']).default('manual') }).strict(),
    response: BackupResultSchema,
  },
  /**
   * The manager confirms that the till's clock is right now (after it had run ahead and was corrected):
   * lifts CLOCK_BACKWARDS, recorded in the audit chain with both times.
   */
  confirmClock: { role: 'manager', request: Empty, response: QueueStatusSchema },
  /**
   * The whole tamper check (docs/it-guide.md, "Audit chain"): chain links, hashes and MACs, each invoice's
   * content, the per-till sequence, the high-water mark; every problem names its entry / invoice / number.
   */
  verifyAudit: { role: 'manager', request: Empty, response: AuditVerdictSchema },
  /**
   * STORE_ROLLED_BACK: the manager accepts the database as it is, with a reason. Recorded in the audit chain
   * (store.rollback_accepted: both marks, the gap of sequence numbers, which are never reused); issuing resumes.
   */
  acceptStoreRollback: {
    role: 'manager',
    request: z.object({ reason: z.string().trim().min(1).max(MAX.note) }).strict(),
    response: QueueStatusSchema,
  },
} as const;

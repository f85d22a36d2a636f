import { z } from 'zod';
import { Empty } from './calls-app.ts';
import { AppErrorSchema } from './errors.ts';
import { DraftSchema, InvoiceViewSchema, IssueResultSchema } from './invoice.ts';
import { QueueStatusSchema } from './queue.ts';

const Actor = z.string().min(1).max(40);

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

export const BackupResultSchema = z.object({ path: z.string(), at: z.number(), bytes: z.number().int() });

export const AuditVerdictSchema = z.object({
  ok: z.boolean(),
  entries: z.number().int(),
  head: z.string().optional(),
  firstBadSeq: z.number().int().optional(),
  reason: z.string().optional(),
});

export const queueCalls = {
  queueStatus: { request: Empty, response: QueueStatusSchema },
  syncNow: { request: Empty, response: QueueStatusSchema },
  /** Cancels a queued invoice that was never sent (audited); anything sent must wait or be reversed in red. */
  cancelInvoice: {
    request: z.object({ orderNo: z.string(), actor: Actor, reason: z.string().max(200).optional() }).strict(),
    response: InvoiceViewSchema,
  },
  /**
   * Queues a red invoice (红字) reversing an issued one, fully or by line. `orderNo` is the request's own
   * idempotency key: the same one again returns the same red invoice.
   */
  requestRedInvoice: {
    request: z
      .object({
        originalOrderNo: z.string(),
        orderNo: z.string().min(1).max(64).optional(),
        reason: RedReasonSchema,
        /**
         * quantity / amount (含税) are decimal strings as the manager typed them: core checks them
         * (RED_LINE_INVALID with the line's path, in words the manager reads) rather than this schema.
         */
        lines: z
          .array(z.object({ lineNo: z.number().int().min(1), quantity: z.string().max(40).optional(), amount: z.string().max(40).optional() }))
          .optional(),
        actor: Actor,
      })
      .strict(),
    response: z.discriminatedUnion('ok', [
      z.object({ ok: z.literal(true), red: RedInvoiceViewSchema, duplicate: z.boolean() }),
      z.object({ ok: z.literal(false), errors: z.array(AppErrorSchema) }),
    ]),
  },
  listRedInvoices: {
    request: z.object({ originalOrderNo: z.string().optional(), limit: z.number().int().min(1).max(500).default(100) }).strict(),
    response: z.array(RedInvoiceViewSchema),
  },
  /** Fix and resubmit a rejected invoice: a new order number, linked to the rejected one (which stays as it was). */
  resubmitRejected: {
    request: z.object({ rejectedOrderNo: z.string(), draft: DraftSchema, actor: Actor }).strict(),
    response: IssueResultSchema,
  },
  /** The manager's list: invoices the channel refused for good, with its message. */
  listRejected: {
    request: z.object({ includeResolved: z.boolean().default(false), limit: z.number().int().min(1).max(500).default(100) }).strict(),
    response: z.array(RejectedItemSchema),
  },
  /** An online backup of the database now (day close, or on demand). */
  backupNow: {
    request: z.object({ reason: z.enum(['dayClose', 'manual']).default('manual'), actor: Actor.optional() }).strict(),
    response: BackupResultSchema,
  },
  /**
   * The manager confirms that the till's clock is right now (after it had run ahead and was corrected):
   * lifts CLOCK_BACKWARDS, recorded in the audit chain with both times.
   */
  confirmClock: { request: z.object({ actor: Actor }).strict(), response: QueueStatusSchema },
  /** Walks the audit chain; names the first entry that does not follow. */
  verifyAudit: { request: Empty, response: AuditVerdictSchema },
} as const;

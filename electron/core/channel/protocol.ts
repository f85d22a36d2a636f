import { z } from 'zod';
import { ComputedInvoiceSchema, ComputedLineSchema, DecimalString, DraftSchema, MAX } from '../../contract/index.ts';

/**
 * The till's one protocol to "the channel" (the enterprise gateway, a provider's proxy, or the sandbox).
 * Per request: AppID, timestamp, nonce, an SM4-sealed body and an SM2 signature over
 * `appId \n timestamp \n nonce \n sealedBody` (see docs/channel-protocol.md).
 */
export const HEADER = {
  appId: 'x-fapiao-app-id',
  timestamp: 'x-fapiao-timestamp',
  nonce: 'x-fapiao-nonce',
  signature: 'x-fapiao-signature',
  /** On every reply to a business call: the channel's clock (ms), and its SM2 signature over the reply (replySigningInput). */
  replyTimestamp: 'x-fapiao-reply-timestamp',
  replySignature: 'x-fapiao-reply-signature',
} as const;

/** Return codes; the worker's reaction to each is fixed in outbox/worker.ts (see docs/channel-protocol.md). */
export const RETURN_CODE = {
  ok: '0000',
  parameterError: '1001',
  permissionDenied: '1002',
  badSignature: '1003',
  timestampWindow: '1004',
  nonceReplay: '1005',
  unknownApp: '1006',
  notFound: '1404',
  systemBusy: '2001',
  maintenance: '2002',
  duplicate: '3001',
  /** Red invoice: its 红字确认单 awaits the other party (state 02/03); ask again later. */
  redFormPending: '2003',
  /** Red invoice: its 红字确认单 was voided (states 05–10); the red invoice cannot be issued. */
  redFormVoid: '1007',
} as const;
export type ReturnCode = (typeof RETURN_CODE)[keyof typeof RETURN_CODE];

export const SealedBodySchema = z.object({ iv: z.string(), data: z.string() });

/** What a red invoice reverses (docs/invoice-rules.md §5): the blue one, the reason (bureau code) and which lines. */
export const RedRefSchema = z.object({
  originalOrderNo: z.string(),
  originalNumber: z.string().regex(/^\d{20}$/),
  reason: z.enum(['issuedInError', 'goodsReturned', 'serviceStopped', 'salesAllowance']),
  /** 冲红原因 as the bureau numbers it (chyyDm 01–04). */
  reasonCode: z.enum(['01', '02', '03', '04']),
  lines: z.array(z.object({ lineNo: z.number().int().min(1).max(MAX.lines), quantity: DecimalString.optional(), amount: DecimalString.optional() })).max(MAX.lines).optional(),
});
export type RedRef = z.infer<typeof RedRefSchema>;

/**
 * What the till computed, as it crosses the wire: every figure a bounded decimal string, so the far side
 * (which re-computes and may build a red invoice from it) never starts decimal work on a huge number.
 */
const WireComputedSchema = ComputedInvoiceSchema.extend({
  lines: z
    .array(
      ComputedLineSchema.extend({
        quantity: DecimalString.optional(),
        unitPrice: DecimalString.optional(),
        amount: DecimalString,
        rate: DecimalString,
        tax: DecimalString,
      }),
    )
    .max(2 * MAX.lines),
  totalAmount: DecimalString,
  totalTax: DecimalString,
  total: DecimalString,
});

/** One invoice as the till submits it: the draft the cashier made and what the till computed. */
export const SubmissionSchema = z.object({
  orderNo: z.string(),
  kind: z.enum(['blue', 'red']),
  draft: DraftSchema,
  computed: WireComputedSchema,
  seller: z.object({ name: z.string(), taxId: z.string(), taxpayerType: z.enum(['general', 'small']) }),
  createdAt: z.number(),
  red: RedRefSchema.optional(),
  /** The invoice's per-till sequence number (migration 7): the far side can see a number used twice. */
  tillSeq: z.number().int().positive().optional(),
});
export type Submission = z.infer<typeof SubmissionSchema>;

/**
 * The till's high-water mark (store/high-water.ts), sent with every batch so the far side holds it: its last
 * per-till sequence number and its audit chain's length and head. A till that comes back behind what the
 * channel holds has lost data (docs/channel-protocol.md, "Till high-water mark").
 */
export const TillMarkSchema = z.object({
  seq: z.number().int().nonnegative(),
  auditSeq: z.number().int().nonnegative(),
  head: z.string().regex(/^[0-9a-f]{64}$/),
  at: z.number(),
  /** Which till (a fingerprint of its audit key, not secret): one AppID may serve several tills of a store. */
  id: z.string().regex(/^[0-9a-f]{16}$/).optional(),
});
export type TillMark = z.infer<typeof TillMarkSchema>;

export const IssueRequestSchema = z.object({ invoices: z.array(SubmissionSchema).min(1), till: TillMarkSchema.optional() });
export const QueryRequestSchema = z.object({ orderNos: z.array(z.string().max(MAX.orderNo)).min(1).max(500) });
export const FileRequestSchema = z.object({ orderNo: z.string().max(MAX.orderNo), format: z.enum(['xml']).default('xml') });

export const IssuedSchema = z.object({
  number: z.string().regex(/^\d{20}$/),
  issuedAt: z.number(),
  qr: z.string(),
});
export type Issued = z.infer<typeof IssuedSchema>;

export const ItemResultSchema = z.object({
  orderNo: z.string(),
  code: z.string(),
  message: z.string(),
  issued: IssuedSchema.optional(),
  /** Red invoices: the 红字确认单 number and its bureau state (01–10). */
  redForm: z.object({ formNo: z.string(), state: z.string() }).optional(),
});
export type ItemResult = z.infer<typeof ItemResultSchema>;

export const ChannelReplySchema = z.object({
  code: z.string(),
  message: z.string(),
  results: z.array(ItemResultSchema).optional(),
  /** File download: the invoice file, base64. */
  file: z.object({ orderNo: z.string(), format: z.string(), contentBase64: z.string() }).optional(),
  /** Issue: the till's high-water mark as the channel holds it (what this till sent before, at its highest). */
  till: TillMarkSchema.optional(),
});
export type ChannelReply = z.infer<typeof ChannelReplySchema>;

export function signingInput(appId: string, timestamp: string, nonce: string, body: string): Uint8Array {
  return Buffer.from(`${appId}\n${timestamp}\n${nonce}\n${body}`, 'utf8');
}

/**
 * What the channel signs on each reply: bound to the request it answers (its AppID and nonce, so an old
 * reply replayed for another request does not verify), its own time, the HTTP status and the exact body bytes.
 */
export function replySigningInput(appId: string, nonce: string, timestamp: string, status: number, body: string): Uint8Array {
  return Buffer.from(`fapiao-reply\n${appId}\n${nonce}\n${timestamp}\n${status}\n${body}`, 'utf8');
}

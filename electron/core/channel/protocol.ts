import { z } from 'zod';
import { ComputedInvoiceSchema, DraftSchema } from '../../contract/index.ts';

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
} as const;

/** Return codes; the worker's reaction to each is fixed in outbox/outcome.ts. */
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
} as const;
export type ReturnCode = (typeof RETURN_CODE)[keyof typeof RETURN_CODE];

export const SealedBodySchema = z.object({ iv: z.string(), data: z.string() });

/** One invoice as the till submits it: the draft the cashier made and what the till computed. */
export const SubmissionSchema = z.object({
  orderNo: z.string(),
  kind: z.enum(['blue', 'red']),
  draft: DraftSchema,
  computed: ComputedInvoiceSchema,
  seller: z.object({ name: z.string(), taxId: z.string(), taxpayerType: z.enum(['general', 'small']) }),
  createdAt: z.number(),
});
export type Submission = z.infer<typeof SubmissionSchema>;

export const IssueRequestSchema = z.object({ invoices: z.array(SubmissionSchema).min(1) });
export const QueryRequestSchema = z.object({ orderNos: z.array(z.string()).min(1) });

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
});
export type ItemResult = z.infer<typeof ItemResultSchema>;

export const ChannelReplySchema = z.object({
  code: z.string(),
  message: z.string(),
  results: z.array(ItemResultSchema).optional(),
});
export type ChannelReply = z.infer<typeof ChannelReplySchema>;

export function signingInput(appId: string, timestamp: string, nonce: string, body: string): Uint8Array {
  return Buffer.from(`${appId}\n${timestamp}\n${nonce}\n${body}`, 'utf8');
}

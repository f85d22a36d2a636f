import { z } from 'zod';
import { AppErrorSchema } from './errors.ts';
import { DecimalString, InvoiceText, MAX } from './limits.ts';

/** Decimal values cross every boundary as strings (bounded: contract/limits.ts). */
export { DecimalString };

export const InvoiceTypeSchema = z.enum(['normal', 'special']);
export const TaxpayerTypeSchema = z.enum(['general', 'small']);

export const DraftLineSchema = z.object({
  name: InvoiceText(MAX.itemName),
  taxCode: InvoiceText(MAX.taxCode),
  quantity: DecimalString.optional(),
  unitPrice: DecimalString.optional(),
  amount: DecimalString.optional(),
  rate: DecimalString,
  unit: InvoiceText(MAX.unit).optional(),
  spec: InvoiceText(MAX.spec).optional(),
  discount: DecimalString.optional(),
  /** 免税 / 不征税 etc.: the 增值税特殊管理 text when a preferential policy applies. */
  policy: InvoiceText(MAX.policy).optional(),
});

export const BuyerSchema = z.object({
  name: InvoiceText(MAX.name),
  naturalPerson: z.boolean().optional(),
  taxId: InvoiceText(MAX.taxId).optional(),
  address: InvoiceText(MAX.address).optional(),
  phone: InvoiceText(MAX.phone).optional(),
  bank: InvoiceText(MAX.bank).optional(),
  account: InvoiceText(MAX.account).optional(),
  email: InvoiceText(MAX.email).optional(),
});

export const SellerSchema = z.object({
  name: InvoiceText(MAX.name).optional(),
  taxId: InvoiceText(MAX.taxId).optional(),
  taxpayerType: TaxpayerTypeSchema.default('general'),
  address: InvoiceText(MAX.address).optional(),
  phone: InvoiceText(MAX.phone).optional(),
});

/** Where invoices go: the sandbox (training, first run) or the production tax channel. */
export const ChannelModeSchema = z.enum(['sandbox', 'production']);
export type ChannelMode = z.infer<typeof ChannelModeSchema>;

export const DraftSchema = z.object({
  type: InvoiceTypeSchema.default('normal'),
  pricesIncludeTax: z.boolean().default(true),
  orderNo: InvoiceText(MAX.orderNo),
  seller: SellerSchema.optional(),
  buyer: BuyerSchema,
  lines: z.array(DraftLineSchema).max(MAX.lines),
  remark: InvoiceText(MAX.remark).optional(),
  /** Manager override of a failed USCC checksum (audited): the override code to accept. */
  overrides: z.array(z.string().max(MAX.person)).max(MAX.overrides).optional(),
  // Strict: who sells comes from the session (the cashier signed in), never from the draft; a `cashier` is refused.
}).strict();
export type Draft = z.infer<typeof DraftSchema>;
export type DraftInput = z.input<typeof DraftSchema>;

/** Errors a manager may override for one invoice: early pilot codes are legal yet fail the checksum (docs/invoice-rules.md §1.1). */
export const OVERRIDABLE_TAXID_CODES: readonly string[] = ['TAXID_USCC_CHECK', 'TAXID_ORG_CHECK'];

/** A manager's approval given at the till for this one invoice: their PIN, checked by core, never stored. */
export const ManagerApprovalSchema = z.object({ pin: z.string().max(16), id: z.string().max(40).optional() }).strict();

/** What the till sends to issue: the draft, and the manager's approval when it carries `overrides`. */
export const IssueRequestSchema = DraftSchema.extend({
  approval: ManagerApprovalSchema.optional(),
  /** The cashier confirmed a total above the store's threshold (limits.confirmAbove); else AMOUNT_NEEDS_CONFIRM. */
  confirmed: z.boolean().optional(),
});

export const ComputedLineSchema = z.object({
  kind: z.enum(['normal', 'discount']),
  itemName: z.string(),
  taxCode: z.string(),
  unit: z.string().optional(),
  spec: z.string().optional(),
  quantity: z.string().optional(),
  unitPrice: z.string().optional(),
  amount: z.string(),
  rate: z.string(),
  tax: z.string(),
});

export const ComputedInvoiceSchema = z.object({
  lines: z.array(ComputedLineSchema),
  totalAmount: z.string(),
  totalTax: z.string(),
  total: z.string(),
  totalInWords: z.string(),
});
export type ComputedInvoice = z.infer<typeof ComputedInvoiceSchema>;

export const CalcResultSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), invoice: ComputedInvoiceSchema }),
  z.object({ ok: z.literal(false), errors: z.array(AppErrorSchema) }),
]);
export type CalcResult = z.infer<typeof CalcResultSchema>;

/** Where an invoice is in its life; "pending" is queued, submitting or retry. */
export const InvoiceStatusSchema = z.enum(['queued', 'submitting', 'retry', 'issued', 'rejected', 'cancelled']);
export type InvoiceStatus = z.infer<typeof InvoiceStatusSchema>;

export const InvoiceViewSchema = z.object({
  orderNo: z.string(),
  type: InvoiceTypeSchema,
  kind: z.enum(['blue', 'red']),
  status: InvoiceStatusSchema,
  buyerName: z.string(),
  buyerTaxId: z.string().optional(),
  cashier: z.string().optional(),
  createdAt: z.number(),
  invoice: ComputedInvoiceSchema,
  number: z.string().optional(),
  issuedAt: z.number().optional(),
  qr: z.string().optional(),
  rejectCode: z.string().optional(),
  rejectMessage: z.string().optional(),
  /** The channel mode it was issued in; 'sandbox' marks a training sale, never a real invoice. */
  mode: ChannelModeSchema.optional(),
});
export type InvoiceView = z.infer<typeof InvoiceViewSchema>;

export const IssueResultSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), invoice: InvoiceViewSchema, duplicate: z.boolean() }),
  z.object({ ok: z.literal(false), errors: z.array(AppErrorSchema) }),
]);
export type IssueResult = z.infer<typeof IssueResultSchema>;

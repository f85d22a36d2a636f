import { z } from 'zod';
import { CalcResultSchema, DraftSchema, InvoiceStatusSchema, InvoiceViewSchema, IssueRequestSchema, IssueResultSchema } from './invoice.ts';
import { MAX } from './limits.ts';

export const TaxCodeHitSchema = z.object({
  code: z.string(),
  name: z.string(),
  shortName: z.string(),
  rates: z.array(z.string()),
});

export const invoiceCalls = {
  /** Draft `overrides` (a failed tax-ID checksum) need `approval`, the manager's PIN (audited as invoice.override). */
  issueInvoice: { role: 'cashier', request: IssueRequestSchema, response: IssueResultSchema },
  calcInvoice: { role: 'cashier', request: DraftSchema, response: CalcResultSchema },
  getInvoice: { role: 'cashier', request: z.object({ orderNo: z.string().max(MAX.orderNo) }).strict(), response: InvoiceViewSchema.nullable() },
  listInvoices: {
    role: 'cashier',
    request: z
      .object({ status: InvoiceStatusSchema.optional(), limit: z.number().int().min(1).max(500).default(50) })
      .strict(),
    response: z.array(InvoiceViewSchema),
  },
  searchTaxCodes: {
    role: 'cashier',
    request: z.object({ query: z.string().max(MAX.query), limit: z.number().int().min(1).max(100).default(20) }).strict(),
    response: z.array(TaxCodeHitSchema),
  },
} as const;

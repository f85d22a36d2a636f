import { z } from 'zod';
import { CalcResultSchema, DraftSchema, InvoiceStatusSchema, InvoiceViewSchema, IssueRequestSchema, IssueResultSchema } from './invoice.ts';

export const TaxCodeHitSchema = z.object({
  code: z.string(),
  name: z.string(),
  shortName: z.string(),
  rates: z.array(z.string()),
});

export const invoiceCalls = {
  /** Draft `overrides` (a failed tax-ID checksum) need `approval`, the manager's PIN (audited as invoice.override). */
  issueInvoice: { request: IssueRequestSchema, response: IssueResultSchema },
  calcInvoice: { request: DraftSchema, response: CalcResultSchema },
  getInvoice: { request: z.object({ orderNo: z.string() }).strict(), response: InvoiceViewSchema.nullable() },
  listInvoices: {
    request: z
      .object({ status: InvoiceStatusSchema.optional(), limit: z.number().int().min(1).max(500).default(50) })
      .strict(),
    response: z.array(InvoiceViewSchema),
  },
  searchTaxCodes: {
    request: z.object({ query: z.string(), limit: z.number().int().min(1).max(100).default(20) }).strict(),
    response: z.array(TaxCodeHitSchema),
  },
} as const;

import { z } from 'zod';
import { InvoiceStatusSchema, InvoiceViewSchema } from './invoice.ts';
import { BackupResultSchema } from './calls-queue.ts';
import { MAX } from './limits.ts';

/** A time range in ms since the epoch, [from, to); the screen turns local dates into it. */
const Range = {
  from: z.number().int(),
  to: z.number().int(),
  /** The till's offset from UTC in minutes (China: 480), for hour-of-day buckets. */
  utcOffsetMinutes: z.number().int().min(-840).max(840).default(480),
};

const Money = z.string();

export const DayReportSchema = z.object({
  from: z.number(),
  to: z.number(),
  /** Blue and red invoices that count as sales: issued or still waiting to be sent. Red ones are negative. */
  count: z.number().int(),
  amount: Money,
  tax: Money,
  total: Money,
  byRate: z.array(z.object({ rate: z.string(), amount: Money, tax: Money, total: Money })),
  red: z.object({ count: z.number().int(), total: Money }),
  issued: z.object({ count: z.number().int(), total: Money }),
  pending: z.object({ count: z.number().int(), total: Money }),
  rejected: z.object({ count: z.number().int(), total: Money }),
  cancelled: z.object({ count: z.number().int(), total: Money }),
  perCashier: z.array(z.object({ cashier: z.string(), count: z.number().int(), total: Money })),
  hourly: z.array(z.object({ hour: z.number().int(), count: z.number().int(), total: Money })),
  products: z.array(z.object({ name: z.string(), total: Money, share: z.number() })),
  /** For the Z report: the head of the audit chain at the time of the report. */
  auditHead: z.object({ seq: z.number().int(), hash: z.string() }),
  generatedAt: z.number(),
});
export type DayReport = z.infer<typeof DayReportSchema>;

export const InvoiceRowSchema = z.object({
  orderNo: z.string(),
  kind: z.enum(['blue', 'red']),
  status: InvoiceStatusSchema,
  buyerName: z.string(),
  buyerTaxId: z.string().optional(),
  cashier: z.string().optional(),
  number: z.string().optional(),
  total: Money,
  tax: Money,
  createdAt: z.number(),
});
export type InvoiceRow = z.infer<typeof InvoiceRowSchema>;

export const reportCalls = {
  dayReport: { role: 'manager', request: z.object(Range).strict(), response: DayReportSchema },
  searchInvoices: {
    role: 'manager',
    request: z
      .object({
        from: z.number().int().optional(),
        to: z.number().int().optional(),
        status: z.enum(['pending', 'issued', 'rejected', 'cancelled', 'red']).optional(),
        buyer: z.string().max(100).optional(),
        number: z.string().max(40).optional(),
        cashier: z.string().max(40).optional(),
        limit: z.number().int().min(1).max(500).default(100),
        offset: z.number().int().min(0).default(0),
      })
      .strict(),
    response: z.object({ rows: z.array(InvoiceRowSchema), total: z.number().int() }),
  },
  /** A copy for the customer: returns the invoice and records the reprint in the audit chain (副本). */
  reprintInvoice: {
    role: 'cashier',
    request: z.object({ orderNo: z.string().max(MAX.orderNo) }).strict(),
    response: z.object({ invoice: InvoiceViewSchema, copyNo: z.number().int() }),
  },
  /** Records that the Z report (日结) was printed, with its figures, in the audit chain. */
  recordZReport: {
    role: 'manager',
    request: z.object(Range).strict(),
    /** The day-close backup taken with it, or why it could not be (the report is recorded either way). */
    response: z.object({
      report: DayReportSchema,
      backup: BackupResultSchema.optional(),
      backupError: z.string().optional(),
    }),
  },
} as const;

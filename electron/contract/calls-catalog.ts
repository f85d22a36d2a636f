import { z } from 'zod';
import { DecimalString } from './invoice.ts';
import { InvoiceText, MAX } from './limits.ts';

/** One product the store sells: scanning or picking it fills the line (name, unit, price, tax code, rate). */
export const ItemSchema = z.object({
  id: z.number().int().optional(),
  barcode: InvoiceText(64).optional(),
  name: InvoiceText(MAX.itemName).min(1),
  unit: InvoiceText(MAX.unit).optional(),
  spec: InvoiceText(MAX.spec).optional(),
  price: DecimalString,
  taxCode: InvoiceText(MAX.taxCode),
  rate: DecimalString,
  category: InvoiceText(40).optional(),
  /** Position on the quick-key pad (1…24); 0 or absent: not a quick key. */
  quickKey: z.number().int().min(0).max(24).optional(),
});
export type Item = z.infer<typeof ItemSchema>;

/** A past buyer (from the store's own invoices), for the 抬头 lookup. */
export const BuyerHitSchema = z.object({
  name: z.string(),
  taxId: z.string(),
  address: z.string().optional(),
  phone: z.string().optional(),
  bank: z.string().optional(),
  account: z.string().optional(),
  email: z.string().optional(),
  uses: z.number().int(),
  lastAt: z.number(),
});
export type BuyerHit = z.infer<typeof BuyerHitSchema>;

export const catalogCalls = {
  findItemByBarcode: { role: 'cashier', request: z.object({ barcode: z.string().min(1).max(64) }).strict(), response: ItemSchema.nullable() },
  searchItems: {
    role: 'cashier',
    request: z.object({ query: z.string().max(MAX.query), limit: z.number().int().min(1).max(100).default(20) }).strict(),
    response: z.array(ItemSchema),
  },
  quickKeys: { role: 'cashier', request: z.object({}).strict(), response: z.array(ItemSchema) },
  saveItem: { role: 'cashier', request: ItemSchema, response: ItemSchema },
  lookupBuyers: {
    role: 'cashier',
    request: z.object({ query: z.string().max(MAX.query), limit: z.number().int().min(1).max(50).default(8) }).strict(),
    response: z.array(BuyerHitSchema),
  },
  /** E-mails the issued invoice to the buyer (audited); without a mail server in the settings it is only recorded. */
  requestEmailDelivery: {
    role: 'cashier',
    request: z.object({ orderNo: z.string().max(MAX.orderNo), email: InvoiceText(MAX.email).pipe(z.email()) }).strict(),
    response: z.object({ requested: z.literal(true), at: z.number(), delivery: z.enum(['sent', 'recorded']) }),
  },
} as const;

import type { invoiceCalls } from '../../contract/index.ts';
import { computeInvoice } from '../invoice/compute.ts';
import { searchTaxCodes } from '../invoice/taxcodes.ts';
import { getInvoice, listInvoices, storeNewInvoice } from '../store/invoices.ts';
import type { CoreContext, HandlersFor } from './context.ts';

export function invoiceHandlers(ctx: CoreContext): HandlersFor<keyof typeof invoiceCalls> {
  const { db, events, worker, now, calcContext } = ctx;
  return {
    calcInvoice: async (draft) => computeInvoice(draft, calcContext),
    issueInvoice: async (draft) => {
      // Idempotent before validation too: a retry of an issued order must never be refused by newer rules.
      const existing = getInvoice(db, draft.orderNo);
      if (existing) return { ok: true, invoice: existing.view, duplicate: true };
      const result = computeInvoice(draft, calcContext);
      if (!result.ok) return result;
      const stored = storeNewInvoice(db, { draft, computed: result.invoice, kind: 'blue', now: now(), actor: draft.cashier ?? 'cashier', mode: ctx.channelMode() });
      if (!stored.duplicate) {
        events.emit('queueChanged', ctx.queueStatus());
        worker.kick();
      }
      return { ok: true, ...stored };
    },
    getInvoice: async ({ orderNo }) => getInvoice(db, orderNo)?.view ?? null,
    listInvoices: async ({ status, limit }) => listInvoices(db, { status, limit }),
    searchTaxCodes: async ({ query, limit }) => searchTaxCodes(query, limit),
  };
}

import { appError, type AppError, type invoiceCalls } from '../../contract/index.ts';
import { computeInvoice } from '../invoice/compute.ts';
import { searchTaxCodes } from '../invoice/taxcodes.ts';
import { getInvoice, listInvoices, storeNewInvoice } from '../store/invoices.ts';
import type { CoreContext, HandlersFor } from './context.ts';

export function invoiceHandlers(ctx: CoreContext): HandlersFor<keyof typeof invoiceCalls> {
  const { db, events, worker, now, calcContext } = ctx;
  return {
    calcInvoice: async (draft) => computeInvoice(draft, calcContext),
    issueInvoice: async ({ approval, ...draft }) => {
      // Idempotent before validation too: a retry of an issued order must never be refused by newer rules.
      const existing = getInvoice(db, draft.orderNo);
      if (existing) return { ok: true, invoice: existing.view, duplicate: true };
      const result = computeInvoice(draft, calcContext);
      if (!result.ok) return result;
      // A failed checksum let through (early pilot codes): only with the manager's PIN, for this invoice.
      let approvedBy: string | undefined;
      if (draft.overrides !== undefined && draft.overrides.length > 0) {
        const verdict = approval === undefined ? undefined : ctx.pins.verify(approval.pin, 'manager', approval.id);
        if (verdict?.staff === undefined) return { ok: false, errors: [overrideRefused(verdict)] };
        approvedBy = verdict.staff.id;
      }
      const stored = storeNewInvoice(db, {
        draft,
        computed: result.invoice,
        kind: 'blue',
        now: now(),
        actor: draft.cashier ?? 'cashier',
        mode: ctx.channelMode(),
        ...(approvedBy === undefined ? {} : { approvedBy }),
      });
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

/** Who may let a failed checksum through for one invoice, and why it is refused otherwise. */
function overrideRefused(verdict: { retryAfterMs?: number } | undefined): AppError {
  if (verdict === undefined)
    return appError('OVERRIDE_NEEDS_MANAGER', '放行税号校验须店长输入 PIN 授权', 'Letting a failed tax-ID check through needs the manager’s PIN', 'approval');
  if (verdict.retryAfterMs !== undefined)
    return appError('PIN_PAUSED', `PIN 错误次数过多，请 ${Math.ceil(verdict.retryAfterMs / 1000)} 秒后再试`, `Too many wrong PINs: try again in ${Math.ceil(verdict.retryAfterMs / 1000)} s`, 'approval.pin');
  return appError('OVERRIDE_PIN_WRONG', '店长 PIN 不正确，未放行', 'The manager PIN is wrong: not let through', 'approval.pin');
}

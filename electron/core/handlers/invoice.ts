import { FapiaoError, appError, type AppError, type InvoiceView, type PinVerdict, type IssueResult, type invoiceCalls } from '../../contract/index.ts';
import { canonicalDraft } from '../invoice/canonical.ts';
import { computeInvoice } from '../invoice/compute.ts';
import { confirmationNeeded } from '../invoice/issue-limits.ts';
import { toFen } from '../invoice/money.ts';
import { offlineRoomFor } from '../outbox/policy.ts';
import { unsentBlueFen } from '../outbox/queue.ts';
import { searchTaxCodes } from '../invoice/taxcodes.ts';
import { getInvoice, listInvoices, orderNoConflict, storeNewInvoice } from '../store/invoices.ts';
import type { CoreContext, HandlersFor } from './context.ts';
import { pinRefusal } from './staff-session.ts';
import { unmaskDraftBuyer } from '../auth/buyer-mask.ts';
import { offlinePolicy } from './queue.ts';

export function invoiceHandlers(ctx: CoreContext): HandlersFor<keyof typeof invoiceCalls> {
  const { db, events, worker, now, calcContext } = ctx;
  return {
    calcInvoice: async (draft) => computeInvoice(draft, calcContext),
    issueInvoice: async ({ approval, confirmed, ...given }, { actor }) => {
      // A buyer picked from the cashier's (masked) lookup is issued with the stored details.
      const draft = unmaskDraftBuyer(db, given);
      // Idempotent before validation too: a retry of an issued order must never be refused by newer rules.
      // Only a true repeat, though: other content under the same order number is ORDER_NO_CONFLICT.
      const existing = getInvoice(db, draft.orderNo);
      if (existing) {
        if (canonicalDraft(existing.draft) !== canonicalDraft(draft)) return { ok: false, errors: orderNoConflict(draft.orderNo).errors };
        return { ok: true, invoice: existing.view, duplicate: true };
      }
      const result = computeInvoice(draft, calcContext);
      if (!result.ok) return result;
      const unconfirmed = confirmationNeeded(result.invoice.total, ctx.issueLimits, confirmed);
      if (unconfirmed) return { ok: false, errors: [unconfirmed] };
      // A failed checksum let through (early pilot codes): only with the manager's PIN, for this invoice.
      let approvedBy: string | undefined;
      if (draft.overrides !== undefined && draft.overrides.length > 0) {
        const verdict = approval === undefined ? undefined : ctx.pins.verify(approval.pin, 'manager', approval.id, actor);
        if (verdict?.ok !== true || verdict.staff === undefined) return { ok: false, errors: [overrideRefused(verdict)] };
        approvedBy = verdict.staff.id;
      }
      const addFen = toFen(result.invoice.total);
      const stored = tryStore(() => storeNewInvoice(db, {
        draft,
        computed: result.invoice,
        kind: 'blue',
        now: now(),
        actor,
        mode: ctx.channelMode(),
        ...(approvedBy === undefined ? {} : { approvedBy }),
        refuse: () => offlineRoomFor(offlinePolicy(ctx.config), unsentBlueFen(db), addFen),
      }));
      if (!stored.ok) return stored;
      if (!stored.duplicate) {
        events.emit('queueChanged', ctx.queueStatus());
        worker.kick();
      }
      return stored;
    },
    getInvoice: async ({ orderNo }) => getInvoice(db, orderNo)?.view ?? null,
    listInvoices: async ({ status, limit }) => listInvoices(db, { status, limit }),
    searchTaxCodes: async ({ query, limit }) => searchTaxCodes(query, limit),
  };
}

/** The refusals storeNewInvoice decides in its transaction (ORDER_NO_CONFLICT, the offline allowance) as an answer. */
function tryStore(store: () => { invoice: InvoiceView; duplicate: boolean }): IssueResult {
  try {
    return { ok: true, ...store() };
  } catch (err) {
    if (err instanceof FapiaoError && (err.code === 'ORDER_NO_CONFLICT' || err.code === 'OFFLINE_LIMIT_REACHED')) return { ok: false, errors: err.errors };
    throw err;
  }
}

/** Who may let a failed checksum through for one invoice, and why it is refused otherwise. */
function overrideRefused(verdict: PinVerdict | undefined): AppError {
  if (verdict === undefined)
    return appError('OVERRIDE_NEEDS_MANAGER', '放行税号校验须店长输入 PIN 授权', 'Letting a failed tax-ID check through needs the manager’s PIN', 'approval');
  // Paused, locked or a short PIN to change: counted and answered as at every PIN screen.
  if (verdict.retryAfterMs !== undefined || verdict.locked || verdict.mustChangePin) return pinRefusal(verdict, 'approval.pin');
  return appError('OVERRIDE_PIN_WRONG', '店长 PIN 不正确，未放行', 'The manager PIN is wrong: not let through', 'approval.pin');
}

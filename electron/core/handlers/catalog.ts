import type { catalogCalls } from '../../contract/calls-catalog.ts';
import { FapiaoError, appError } from '../../contract/index.ts';
import { appendAudit } from '../store/audit.ts';
import { getInvoice } from '../store/invoices.ts';
import { findItemByBarcode, lookupBuyers, quickKeys, saveItem, searchItems } from '../store/items.ts';
import type { CoreContext, HandlersFor } from './context.ts';
import { sendInvoiceMail } from '../mail.ts';
import { maskBuyer } from '../auth/buyer-mask.ts';
import { readScreenSettings } from '../store/settings.ts';

/** E-mails one person may ask for per minute: enough for a queue of customers, not for a mail cannon. */
export const EMAILS_PER_MINUTE = 5;

/**
 * Counted per signed-in person, not per window: a reload or another socket (browser mode) is a new session
 * with the same cashier, and must not bring a fresh allowance.
 */
function rateLimitEmail(sent: Map<string, number[]>, actor: string, at: number): void {
  const recent = (sent.get(actor) ?? []).filter((t) => t > at - 60_000);
  sent.set(actor, recent);
  if (recent.length >= EMAILS_PER_MINUTE) {
    const wait = Math.ceil((recent[0]! + 60_000 - at) / 1000);
    throw new FapiaoError([
      appError('EMAIL_RATE_LIMITED', `发送邮件过于频繁，请 ${wait} 秒后再试`, `Too many e-mails from this till: try again in ${wait} s`, 'email'),
    ]);
  }
  recent.push(at);
}

export function catalogHandlers({ db, now, config, secrets }: CoreContext): HandlersFor<keyof typeof catalogCalls> {
  const emailsSent = new Map<string, number[]>();
  return {
    findItemByBarcode: async ({ barcode }) => findItemByBarcode(db, barcode),
    searchItems: async ({ query, limit }) => searchItems(db, query, limit),
    quickKeys: async () => quickKeys(db),
    saveItem: async (item, { isManager }) => {
      // Prices and tax codes print on invoices: the manager's, unless the store lets cashiers keep the catalogue.
      if (!isManager && readScreenSettings(db).store.cashierCatalogEdits !== true)
        throw new FapiaoError([appError('MANAGER_PIN_REQUIRED', '修改商品需要店长 PIN（或店长在设置中允许收银员维护商品）', 'Editing the catalogue needs the manager’s PIN (or the store’s setting allowing cashiers)')]);
      return saveItem(db, item, now());
    },
    lookupBuyers: async ({ query, limit }, { isManager }) => {
      const hits = lookupBuyers(db, query, limit);
      return isManager ? hits : hits.map(maskBuyer);
    },
    // Sending needs the store's mail (or the platform's delivery) setting; until then the request is kept and audited.
    requestEmailDelivery: async ({ orderNo, email }, { actor }) => {
      rateLimitEmail(emailsSent, actor, now());
      const stored = getInvoice(db, orderNo);
      if (!stored) throw new FapiaoError([appError('NOT_FOUND', '找不到这张发票', 'No such invoice', 'orderNo')]);
      if (stored.view.status !== 'issued')
        throw new FapiaoError([appError('NOT_ISSUED', '发票开具成功后才能发送邮件', 'Only an issued invoice can be e-mailed', 'orderNo')]);
      const at = now();
      db.transaction(() => appendAudit(db, at, actor, 'invoice.email_requested', orderNo, { email }))();
      // Without a mail server in the settings the request is kept (audited) for sending later.
      if (!config.mail) return { requested: true as const, at, delivery: 'recorded' as const };
      try {
        await sendInvoiceMail(config.mail, secrets, stored.view, email, config.seller.name);
      } catch (err) {
        throw new FapiaoError([
          appError('EMAIL_FAILED', `邮件未能发出：${err instanceof Error ? err.message : String(err)}`, `The e-mail could not be sent: ${err instanceof Error ? err.message : String(err)}`, 'email'),
        ]);
      }
      db.transaction(() => appendAudit(db, now(), actor, 'invoice.emailed', orderNo, { email }))();
      return { requested: true as const, at, delivery: 'sent' as const };
    },
  };
}

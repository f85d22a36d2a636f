import type { catalogCalls } from '../../contract/calls-catalog.ts';
import { FapiaoError, appError } from '../../contract/index.ts';
import { appendAudit } from '../store/audit.ts';
import { getInvoice } from '../store/invoices.ts';
import { findItemByBarcode, lookupBuyers, quickKeys, saveItem, searchItems } from '../store/items.ts';
import type { CoreContext, HandlersFor } from './context.ts';
import { sendInvoiceMail } from '../mail.ts';

export function catalogHandlers({ db, now, config, secrets }: CoreContext): HandlersFor<keyof typeof catalogCalls> {
  return {
    findItemByBarcode: async ({ barcode }) => findItemByBarcode(db, barcode),
    searchItems: async ({ query, limit }) => searchItems(db, query, limit),
    quickKeys: async () => quickKeys(db),
    saveItem: async (item) => saveItem(db, item, now()),
    lookupBuyers: async ({ query, limit }) => lookupBuyers(db, query, limit),
    // Sending needs the store's mail (or the platform's delivery) setting; until then the request is kept and audited.
    requestEmailDelivery: async ({ orderNo, email, actor }) => {
      const stored = getInvoice(db, orderNo);
      if (!stored) throw new FapiaoError([appError('NOT_FOUND', '找不到这张发票', 'No such invoice', 'orderNo')]);
      if (stored.view.status !== 'issued')
        throw new FapiaoError([appError('NOT_ISSUED', '发票开具成功后才能发送邮件', 'Only an issued invoice can be e-mailed', 'orderNo')]);
      const at = now();
      db.transaction(() => appendAudit(db, at, actor ?? 'cashier', 'invoice.email_requested', orderNo, { email }))();
      // Without a mail server in the settings the request is kept (audited) for sending later.
      if (!config.mail) return { requested: true as const, at, delivery: 'recorded' as const };
      try {
        await sendInvoiceMail(config.mail, secrets, stored.view, email, config.seller.name);
      } catch (err) {
        throw new FapiaoError([
          appError('EMAIL_FAILED', `邮件未能发出：${err instanceof Error ? err.message : String(err)}`, `The e-mail could not be sent: ${err instanceof Error ? err.message : String(err)}`, 'email'),
        ]);
      }
      db.transaction(() => appendAudit(db, now(), actor ?? 'cashier', 'invoice.emailed', orderNo, { email }))();
      return { requested: true as const, at, delivery: 'sent' as const };
    },
  };
}

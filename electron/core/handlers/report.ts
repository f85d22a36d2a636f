import type { reportCalls } from '../../contract/calls-report.ts';
import { FapiaoError, appError } from '../../contract/index.ts';
import { appendAudit } from '../store/audit.ts';
import { getInvoice } from '../store/invoices.ts';
import { dayReport, searchInvoices } from '../store/reports.ts';
import type { CoreContext, HandlersFor } from './context.ts';
import { takeBackup } from './queue.ts';

export function reportHandlers(ctx: CoreContext): HandlersFor<keyof typeof reportCalls> {
  const { db, now } = ctx;
  return {
    dayReport: async (range) => dayReport(db, range, now()),
    searchInvoices: async (search) => searchInvoices(db, search),
    reprintInvoice: async ({ orderNo }, { actor }) => {
      const stored = getInvoice(db, orderNo);
      if (!stored) throw new FapiaoError([appError('NOT_FOUND', '找不到这张发票', 'No such invoice', 'orderNo')]);
      // Each copy is numbered from the audit chain, so a reprint can never pass as the original.
      const copyNo = db.transaction(() => {
        const n = (db.prepare("SELECT COUNT(*) AS n FROM audit WHERE type = 'invoice.reprinted' AND subject = ?").get(orderNo) as { n: number }).n + 1;
        appendAudit(db, now(), actor, 'invoice.reprinted', orderNo, { copyNo: n });
        return n;
      })();
      return { invoice: stored.view, copyNo };
    },
    recordZReport: async (range, { actor }) => {
      const report = db.transaction(() => {
        const r = dayReport(db, range, now());
        appendAudit(db, now(), actor, 'report.z', `${range.from}-${range.to}`, { count: r.count, total: r.total, tax: r.tax, auditHead: r.auditHead });
        return r;
      })();
      // The Z report closes the day: that is when the day's online backup is taken.
      try {
        return { report, backup: await takeBackup(ctx, 'dayClose', actor) };
      } catch (err) {
        const reason = err instanceof FapiaoError ? err.errors[0]!.message_zh : String(err);
        return { report, backupError: reason };
      }
    },
  };
}

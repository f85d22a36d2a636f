import type { AppError, queueCalls } from '../../contract/index.ts';
import type { AppConfig } from '../config.ts';
import { computeInvoice } from '../invoice/compute.ts';
import { cancelQueued, listRedInvoices, listRejected, queueRedInvoice, resubmitRejected } from '../outbox/actions.ts';
import { DEFAULT_OFFLINE_POLICY, lastRecordedAt, type OfflinePolicy } from '../outbox/policy.ts';
import { issueBlock } from '../outbox/status.ts';
import { appendAudit, verifyAudit } from '../store/audit.ts';
import { backupDatabase } from '../store/backup.ts';
import { guardStorage, storageError } from '../store/faults.ts';
import { getInvoice } from '../store/invoices.ts';
import { storeFaults } from '../store/integrity.ts';
import type { CoreContext, Handlers, HandlersFor } from './context.ts';

export { storeFaults };

/** An online backup (SQLite's backup API) recorded in the audit chain: at day close and on demand. */
export async function takeBackup({ db, now }: CoreContext, reason: 'dayClose' | 'manual', actor?: string) {
  const at = now();
  try {
    const info = await backupDatabase(db, db.name, at, reason === 'dayClose' ? 'dayclose' : 'manual');
    db.transaction(() => appendAudit(db, at, actor ?? 'system', 'store.backup', info.path, { reason, bytes: info.bytes })).immediate();
    return info;
  } catch (err) {
    throw storageError(err, db.name);
  }
}

/** The offline policy, read live from config (the settings screen edits config.offline in place). */
export function offlinePolicy(config: AppConfig): OfflinePolicy {
  return { ...DEFAULT_OFFLINE_POLICY, ...(config as { offline?: Partial<OfflinePolicy> }).offline };
}

export function queueHandlers(ctx: CoreContext): HandlersFor<keyof typeof queueCalls> {
  const { db, config, events, worker, now, calcContext, queueStatus } = ctx;
  const changed = (orderNo: string): void => {
    const stored = getInvoice(db, orderNo);
    if (stored) events.emit('invoiceUpdated', stored.view);
    events.emit('queueChanged', queueStatus());
  };
  // Red invoices do not use up the offline allowance, but a wrong clock or a storage fault stops them too.
  const hardBlock = (): AppError | undefined => {
    const b = issueBlock(db, now(), offlinePolicy(config), storeFaults.get(db));
    return b && b.code !== 'OFFLINE_LIMIT_REACHED' ? b : undefined;
  };

  return {
    queueStatus: async () => queueStatus(),
    syncNow: async () => {
      worker.kick();
      await worker.whenIdle();
      return queueStatus();
    },
    cancelInvoice: async ({ orderNo, actor, reason }) => {
      const view = guardStorage(() => cancelQueued(db, orderNo, actor, reason, now()), db.name);
      changed(orderNo);
      return view;
    },
    requestRedInvoice: async ({ originalOrderNo, orderNo, reason, lines, actor }) => {
      const blocked = hardBlock();
      if (blocked) return { ok: false, errors: [blocked] };
      const at = now();
      const input = { originalOrderNo, orderNo: orderNo ?? `${originalOrderNo}-HC${at}`, reason, actor, mode: ctx.channelMode(), ...(lines ? { lines } : {}) };
      const result = guardStorage(() => queueRedInvoice(db, input, at), db.name);
      if (result.ok && !result.duplicate) {
        changed(input.orderNo);
        worker.kick();
      }
      return result;
    },
    listRedInvoices: async ({ originalOrderNo, limit }) => listRedInvoices(db, originalOrderNo, limit ?? 100),
    resubmitRejected: async ({ rejectedOrderNo, draft, actor }) => {
      const result = computeInvoice(draft, calcContext);
      if (!result.ok) return result;
      const blocked = issueBlock(db, now(), offlinePolicy(config), storeFaults.get(db));
      if (blocked) return { ok: false, errors: [blocked] };
      const stored = guardStorage(() => resubmitRejected(db, rejectedOrderNo, draft, result.invoice, actor, now(), ctx.channelMode()), db.name);
      if (!stored.duplicate) {
        changed(draft.orderNo);
        worker.kick();
      }
      return { ok: true, ...stored };
    },
    listRejected: async ({ includeResolved, limit }) => listRejected(db, includeResolved ?? false, limit ?? 100),
    backupNow: async ({ reason, actor }) => takeBackup(ctx, reason, actor),
    verifyAudit: async () => verifyAudit(db),
    confirmClock: async ({ actor }) => {
      const at = now();
      const last = lastRecordedAt(db);
      if (issueBlock(db, at, offlinePolicy(config))?.code === 'CLOCK_BACKWARDS')
        guardStorage(() => db.transaction(() => appendAudit(db, at, actor, 'clock.confirmed', 'clock', { lastRecordedAt: last, now: at })).immediate(), db.name);
      const status = queueStatus();
      events.emit('queueChanged', status);
      return status;
    },
  };
}

/**
 * Wraps issueInvoice with the offline policy and storage faults: a new order is refused with a clear
 * code when the offline limit is reached, the clock went backwards or the store is faulty; a repeat of
 * a stored order number is always answered; a full or read-only disk gives STORE_FULL / STORE_READONLY.
 */
export function withIssuePolicy(ctx: CoreContext, handlers: Handlers): Handlers {
  const inner = handlers.issueInvoice;
  const issueInvoice: Handlers['issueInvoice'] = async (draft) => {
    try {
      if (!getInvoice(ctx.db, draft.orderNo)) {
        const blocked = issueBlock(ctx.db, ctx.now(), offlinePolicy(ctx.config), storeFaults.get(ctx.db));
        if (blocked) return { ok: false, errors: [blocked] };
      }
      return await inner(draft);
    } catch (err) {
      throw storageError(err, ctx.db.name);
    }
  };
  return { ...handlers, issueInvoice };
}

import { FapiaoError, appError, type AppError, type queueCalls } from '../../contract/index.ts';
import type { AppConfig } from '../config.ts';
import { computeInvoice } from '../invoice/compute.ts';
import { cancelQueued, listRedInvoices, listRejected, queueRedInvoice, resubmitRejected } from '../outbox/actions.ts';
import { DEFAULT_OFFLINE_POLICY, lastRecordedAt, offlineRoomFor, type OfflinePolicy } from '../outbox/policy.ts';
import { issueBlock } from '../outbox/status.ts';
import { appendAudit } from '../store/audit.ts';
import { verifyStore } from '../store/audit-verify.ts';
import { recordRollback, rolledBack } from '../store/evidence.ts';
import { backupDatabase } from '../store/backup.ts';
import { guardStorage, storageError } from '../store/faults.ts';
import { getInvoice } from '../store/invoices.ts';
import { storeFaults } from '../store/integrity.ts';
import { checkDiskSpace, diskFull } from '../store/reserve.ts';
import type { CoreContext, HandlersFor, SessionHandlers } from './context.ts';
import { retrySetAside, setAsideItems, unsentBlueFen } from '../outbox/queue.ts';
import { toFen } from '../invoice/money.ts';

export { storeFaults };

/** An online backup (SQLite's backup API) recorded in the audit chain: at day close and on demand. */
export async function takeBackup({ db, now, checkpointNow }: CoreContext, reason: 'dayClose' | 'manual', actor: string) {
  const at = now();
  try {
    // The database file itself is brought up to date too, not only the copy.
    await checkpointNow();
    const info = await backupDatabase(db, db.name, at, reason === 'dayClose' ? 'dayclose' : 'manual');
    db.transaction(() => appendAudit(db, at, actor, 'store.backup', info.path, { reason, bytes: info.bytes })).immediate();
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
    const b = issueBlock(db, now(), offlinePolicy(config), storeFaults.get(db), ctx.trustedNow());
    return b && b.code !== 'OFFLINE_LIMIT_REACHED' ? b : undefined;
  };

  return {
    queueStatus: async () => queueStatus(),
    syncNow: async () => {
      worker.kick();
      await worker.whenIdle();
      return queueStatus();
    },
    cancelInvoice: async ({ orderNo, reason }, { actor }) => {
      const view = guardStorage(() => cancelQueued(db, orderNo, actor, reason, now()), db.name);
      changed(orderNo);
      return view;
    },
    requestRedInvoice: async ({ originalOrderNo, orderNo, reason, lines }, { actor }) => {
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
    resubmitRejected: async ({ rejectedOrderNo, draft }, { actor }) => {
      const result = computeInvoice(draft, calcContext);
      if (!result.ok) return result;
      // The resubmitted invoice counts toward the offline allowance like any new one, itself included.
      const blocked = issueBlock(db, now(), offlinePolicy(config), storeFaults.get(db), ctx.trustedNow()) ?? offlineRoomFor(offlinePolicy(config), unsentBlueFen(db), toFen(result.invoice.total));
      if (blocked) return { ok: false, errors: [blocked] };
      const stored = guardStorage(() => resubmitRejected(db, rejectedOrderNo, draft, result.invoice, actor, now(), ctx.channelMode()), db.name);
      if (!stored.duplicate) {
        changed(draft.orderNo);
        worker.kick();
      }
      return { ok: true, ...stored };
    },
    listRejected: async ({ includeResolved, limit }) => listRejected(db, includeResolved ?? false, limit ?? 100),
    listSetAside: async ({ limit }) =>
      setAsideItems(db, limit ?? 100).flatMap(({ orderNo, reason, at }) => {
        const stored = getInvoice(db, orderNo);
        return stored ? [{ invoice: stored.view, reason, at }] : [];
      }),
    retrySetAside: async ({ orderNo }, { actor }) => {
      if (!guardStorage(() => retrySetAside(db, orderNo, actor, now()), db.name))
        throw new FapiaoError([appError('NOT_SET_ASIDE', `发票 ${orderNo} 不在搁置列表中`, `Invoice ${orderNo} is not set aside`, 'orderNo')]);
      changed(orderNo);
      worker.kick();
      return queueStatus();
    },
    backupNow: async ({ reason }, { actor }) => takeBackup(ctx, reason, actor),
    verifyAudit: async () => verifyStore(db),
    acceptStoreRollback: async ({ reason }, { actor }) => {
      if (rolledBack(db)) guardStorage(() => recordRollback(db, 'store.rollback_accepted', actor, reason), db.name);
      const status = queueStatus();
      events.emit('queueChanged', status);
      return status;
    },
    confirmClock: async (_req, { actor }) => {
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
export function withIssuePolicy(ctx: CoreContext, handlers: SessionHandlers): SessionHandlers {
  const inner = handlers.issueInvoice;
  const issueInvoice: SessionHandlers['issueInvoice'] = async (draft, session) => {
    try {
      if (!getInvoice(ctx.db, draft.orderNo)) {
        // A full disk with room again takes new invoices again (store/reserve.ts).
        if (storeFaults.get(ctx.db)?.code === 'STORE_FULL') checkDiskSpace(ctx.db);
        const blocked = issueBlock(ctx.db, ctx.now(), offlinePolicy(ctx.config), storeFaults.get(ctx.db), ctx.trustedNow());
        if (blocked) return { ok: false, errors: [blocked] };
      }
      return await inner(draft, session);
    } catch (err) {
      const mapped = storageError(err, ctx.db.name);
      // Out of space: the reserve is freed so replies and a backup still fit; new invoices wait for room.
      if (mapped instanceof FapiaoError && mapped.code === 'STORE_FULL') diskFull(ctx.db);
      throw mapped;
    }
  };
  return { ...handlers, issueInvoice };
}

import type { AppError, QueueStatus } from '../../contract/index.ts';
import { appError } from '../../contract/index.ts';
import type { ChannelBinding } from '../channel/client.ts';
import type { Db } from '../store/db.ts';
import { DEFAULT_OFFLINE_POLICY, evaluatePolicy, lastRecordedAt, monthBounds, type OfflinePolicy } from './policy.ts';
import { heldItems, lastQueueError, queueCounts } from './queue.ts';

export interface StatusSource {
  online: boolean;
  busyUntil: number | undefined;
  binding?: ChannelBinding | undefined;
}

/** A binding as the manager reads it: 沙箱, 生产 AppID …. */
function channelLabel(boundTo: string): { zh: string; en: string } {
  const [mode, appId] = boundTo.split(/:(.*)/s);
  const zh = mode === 'sandbox' ? '沙箱' : '生产通道';
  const en = mode === 'sandbox' ? 'the sandbox' : 'production';
  return appId ? { zh: `${zh} AppID ${appId}`, en: `${en} AppID ${appId}` } : { zh, en };
}

/** Unsent invoices bound to another channel than the current one: they wait for it, and the manager is told. */
function heldWarning(held: Array<{ channel: string; count: number }>): AppError {
  const n = held.reduce((sum, h) => sum + h.count, 0);
  const zh = held.map((h) => `${channelLabel(h.channel).zh} ${h.count} 张`).join('、');
  const en = held.map((h) => `${h.count} for ${channelLabel(h.channel).en}`).join(', ');
  return appError(
    'QUEUE_HELD_OTHER_CHANNEL',
    `${n} 张待上传发票属于其他通道（${zh}），不会发往当前通道：切回原通道即可上传；从未上传的可以作废`,
    `${n} unsent invoices belong to another channel (${en}) and are not sent to the current one: switch back to send them; those never sent can be cancelled`,
  );
}

/** The queue as the UI sees it, read from the database every time (never from memory). */
export function queueStatusOf(
  db: Db,
  now: number,
  worker: StatusSource,
  policy: OfflinePolicy = DEFAULT_OFFLINE_POLICY,
  fault?: AppError,
  trustedNow?: number,
): QueueStatus {
  const counts = queueCounts(db, monthBounds(now).start);
  const verdict = evaluatePolicy(policy, counts, now, lastRecordedAt(db), trustedNow);
  const status: QueueStatus = {
    online: worker.online,
    pending: counts.pending,
    rejected: counts.rejected,
    limits: verdict.limits,
    warnings: verdict.warnings,
    previousMonthUnsent: counts.previousMonthUnsent,
  };
  if (counts.oldestPendingAt !== undefined) status.oldestPendingAgeMs = Math.max(0, now - counts.oldestPendingAt);
  const lastError = counts.pending > 0 ? lastQueueError(db) : undefined;
  if (lastError !== undefined) status.lastError = lastError;
  const blocked = fault ?? verdict.blocked;
  if (blocked) status.blocked = blocked;
  if (fault) status.warnings!.push(fault);
  if (worker.busyUntil !== undefined) status.busyUntil = worker.busyUntil;
  if (counts.setAside > 0) {
    status.setAside = counts.setAside;
    status.warnings!.push(
      appError(
        'QUEUE_ITEMS_SET_ASIDE',
        `${counts.setAside} 张发票无法按原样上传，已搁置（不影响其他发票上传）：请店长在「待上传」中查看原因后重试`,
        `${counts.setAside} invoices cannot be sent as they are and were set aside (the rest of the queue goes on): the manager checks the reason and retries`,
      ),
    );
  }
  const held = worker.binding === undefined || counts.pending === 0 ? [] : heldItems(db, worker.binding);
  if (held.length > 0) {
    status.held = held;
    status.warnings!.push(heldWarning(held));
  }
  return status;
}

/** Why a new invoice would be refused now (offline limit, clock behind or ahead, storage fault), or undefined. */
export function issueBlock(db: Db, now: number, policy: OfflinePolicy = DEFAULT_OFFLINE_POLICY, fault?: AppError, trustedNow?: number): AppError | undefined {
  if (fault) return fault;
  return evaluatePolicy(policy, queueCounts(db, monthBounds(now).start), now, lastRecordedAt(db), trustedNow).blocked;
}

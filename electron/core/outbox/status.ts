import type { AppError, QueueStatus } from '../../contract/index.ts';
import type { Db } from '../store/db.ts';
import { DEFAULT_OFFLINE_POLICY, evaluatePolicy, lastRecordedAt, monthBounds, type OfflinePolicy } from './policy.ts';
import { lastQueueError, queueCounts } from './queue.ts';

export interface StatusSource {
  online: boolean;
  busyUntil: number | undefined;
}

/** The queue as the UI sees it, read from the database every time (never from memory). */
export function queueStatusOf(db: Db, now: number, worker: StatusSource, policy: OfflinePolicy = DEFAULT_OFFLINE_POLICY, fault?: AppError): QueueStatus {
  const counts = queueCounts(db, monthBounds(now).start);
  const verdict = evaluatePolicy(policy, counts, now, lastRecordedAt(db));
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
  return status;
}

/** Why a new invoice would be refused now (offline limit, clock, storage fault), or undefined. */
export function issueBlock(db: Db, now: number, policy: OfflinePolicy = DEFAULT_OFFLINE_POLICY, fault?: AppError): AppError | undefined {
  if (fault) return fault;
  return evaluatePolicy(policy, queueCounts(db, monthBounds(now).start), now, lastRecordedAt(db)).blocked;
}

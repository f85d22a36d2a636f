import type { AppError, OfflineLimits } from '../../contract/index.ts';
import { appError } from '../../contract/index.ts';
import { Decimal, fromFen, moneyString } from '../invoice/money.ts';
import { sql, type Db } from '../store/db.ts';
import type { QueueCounts } from './queue.ts';

/** The offline policy (like the tax-control era's 离线开票时长 / 离线累计金额), from config `offline`. */
export interface OfflinePolicy {
  maxUnsentHours: number;
  maxUnsentAmount: string;
  maxUnsentCount: number;
  warnRatio: number;
  clockBackwardToleranceMinutes: number;
  /** A clock more than this far ahead of the channel's (trusted) time stops issuing: CLOCK_AHEAD. */
  clockAheadToleranceMinutes: number;
  monthEndWarnDays: number;
}

export const DEFAULT_OFFLINE_POLICY: OfflinePolicy = {
  maxUnsentHours: 72,
  maxUnsentAmount: '100000.00',
  maxUnsentCount: 2000,
  warnRatio: 0.8,
  clockBackwardToleranceMinutes: 5,
  clockAheadToleranceMinutes: 5,
  monthEndWarnDays: 2,
};

const CHINA_OFFSET_MS = 8 * 3_600_000;

/** Start of the calendar month (China time) that `now` falls in, and of the next one. */
export function monthBounds(now: number): { start: number; next: number } {
  const d = new Date(now + CHINA_OFFSET_MS);
  return {
    start: Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) - CHINA_OFFSET_MS,
    next: Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) - CHINA_OFFSET_MS,
  };
}

/** The time of the last recorded event: a clock behind it has jumped backwards. */
export function lastRecordedAt(db: Db): number | undefined {
  const row = sql(db, 'SELECT at FROM audit ORDER BY seq DESC LIMIT 1').get() as { at: number } | undefined;
  return row?.at;
}

/**
 * The offline amount allowance counting the new invoice itself: refused when the unsent blue invoices plus
 * this one would go past the maximum (checked inside the storing transaction, see storeNewInvoice).
 */
export function offlineRoomFor(p: OfflinePolicy, unsentFen: number, addFen: number): AppError | undefined {
  const maxFen = new Decimal(p.maxUnsentAmount).times(100).toNumber();
  if (unsentFen + addFen <= maxFen) return undefined;
  const left = moneyString(fromFen(Math.max(0, maxFen - unsentFen)));
  const max = moneyString(p.maxUnsentAmount);
  return appError(
    'OFFLINE_LIMIT_REACHED',
    `本张发票 ${moneyString(fromFen(addFen))} 元会使未上传金额超过离线上限 ${max} 元（还可离线开 ${left} 元），暂不能开具。请检查网络，待发票上传后再开`,
    `This invoice (${moneyString(fromFen(addFen))}) would take the unsent amount past the offline limit of ${max} (${left} left); it is refused until the queue is sent`,
  );
}

export interface PolicyVerdict {
  limits: OfflineLimits;
  warnings: AppError[];
  blocked?: AppError;
}

/**
 * What the policy says now: the figures left, warnings, and whether new invoices are refused.
 * `trustedNow` is the channel's time (its last signed reply, advanced since: channel/client.ts), when known:
 * a clock ahead of it would store invoices with a future time, so issuing stops (CLOCK_AHEAD).
 */
export function evaluatePolicy(p: OfflinePolicy, counts: QueueCounts, now: number, lastAt: number | undefined, trustedNow?: number): PolicyVerdict {
  const warnings: AppError[] = [];
  let blocked: AppError | undefined;
  const maxFen = new Decimal(p.maxUnsentAmount).times(100).toNumber();
  const ageHours = counts.oldestPendingAt === undefined ? 0 : Math.max(0, now - counts.oldestPendingAt) / 3_600_000;
  const limits: OfflineLimits = {
    maxUnsentHours: p.maxUnsentHours,
    maxUnsentAmount: moneyString(p.maxUnsentAmount),
    unsentAmount: moneyString(fromFen(counts.unsentFen)),
    amountLeft: moneyString(fromFen(Math.max(0, maxFen - counts.unsentFen))),
    maxUnsentCount: p.maxUnsentCount,
    countLeft: Math.max(0, p.maxUnsentCount - counts.pending),
  };
  if (counts.oldestPendingAt !== undefined) limits.hoursLeft = Math.max(0, Math.round((p.maxUnsentHours - ageHours) * 10) / 10);

  const tolerance = p.clockBackwardToleranceMinutes * 60_000;
  if (lastAt !== undefined && now < lastAt - tolerance) {
    blocked = appError(
      'CLOCK_BACKWARDS',
      `本机时间比上一笔记录早了 ${Math.round((lastAt - now) / 60_000)} 分钟，已暂停开票。请校正电脑时间后再开票`,
      `The clock is ${Math.round((lastAt - now) / 60_000)} minutes behind the last recorded event; issuing is stopped until it is corrected`,
    );
  }
  const aheadBy = trustedNow === undefined ? 0 : now - trustedNow;
  if (blocked === undefined && aheadBy > p.clockAheadToleranceMinutes * 60_000) {
    const minutes = Math.round(aheadBy / 60_000);
    blocked = appError(
      'CLOCK_AHEAD',
      `本机时间比开票通道的时间快了 ${minutes} 分钟，已暂停开票（发票日期不能晚于实际时间）。请校正电脑时间后再开票`,
      `The clock is ${minutes} minutes ahead of the channel's time; issuing is stopped (no invoice may carry a future time) until it is corrected`,
    );
  }
  const reached =
    ageHours >= p.maxUnsentHours ? `已有发票超过 ${p.maxUnsentHours} 小时未上传` : counts.unsentFen >= maxFen ? `未上传金额已达 ${limits.maxUnsentAmount} 元` : counts.pending >= p.maxUnsentCount ? `未上传发票已达 ${p.maxUnsentCount} 张` : undefined;
  if (reached !== undefined && blocked === undefined) {
    blocked = appError(
      'OFFLINE_LIMIT_REACHED',
      `${reached}，已达到离线开票上限，暂停开新发票。请检查网络，待发票上传后即可继续`,
      'The offline limit is reached (unsent too long, too much or too many); new invoices are refused until the queue is sent',
    );
  } else if (reached === undefined) {
    const near = ageHours >= p.maxUnsentHours * p.warnRatio || counts.unsentFen >= maxFen * p.warnRatio || counts.pending >= p.maxUnsentCount * p.warnRatio;
    if (near)
      warnings.push(
        appError(
          'OFFLINE_NEAR_LIMIT',
          `离线开票即将达到上限：还可离线 ${limits.hoursLeft ?? p.maxUnsentHours} 小时、${limits.amountLeft} 元、${limits.countLeft} 张。请尽快恢复网络`,
          `Approaching the offline limit: ${limits.hoursLeft ?? p.maxUnsentHours} h, ${limits.amountLeft} yuan, ${limits.countLeft} invoices left`,
        ),
      );
  }
  if (counts.previousMonthUnsent > 0)
    warnings.push(
      appError('PREVIOUS_MONTH_UNSENT', `有 ${counts.previousMonthUnsent} 张上月的发票仍未上传，请尽快联网上传`, `${counts.previousMonthUnsent} invoices from an earlier month are still unsent`),
    );
  const { next } = monthBounds(now);
  if (counts.pending > 0 && next - now <= p.monthEndWarnDays * 86_400_000)
    warnings.push(
      appError('MONTH_END_UNSENT', `临近月末，仍有 ${counts.pending} 张发票未上传（开票额度不跨月），请尽快联网上传`, `Month end is near and ${counts.pending} invoices are unsent`),
    );
  if (blocked) warnings.push(blocked);
  return blocked ? { limits, warnings, blocked } : { limits, warnings };
}
